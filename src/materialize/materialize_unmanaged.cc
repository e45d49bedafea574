// INCREMENTAL_UNMANAGED: a batch appends its query's rows (DESIGN.md §6), exactly once per
// instant of time for each physical table.
//
// Next to the appended rows, the batch writes the ranges it appended into the physical schema's
// `strata_appended_intervals` (table name, start, end), in the same transaction. Before
// appending, it subtracts the ranges already there and renders and appends the query only for
// what remains. So the append is idempotent however the batch is repeated: a crash between the
// data's commit and the interval's record with a separate state connection, a `lookback` that
// re-runs processed intervals, or a later batch that covers an appended range and a new one.
//
//   remaining = [s, e) - appended ranges of t
//   for each range r of remaining:
//     INSERT INTO t (cols) SELECT cols FROM (query rendered for r)
//     INSERT INTO strata_appended_intervals VALUES ('t', r.start, r.end)
//
// With `insert_overwrite true` the batch replaces the whole table with its rows instead (as
// FULL), which is idempotent by itself; no ranges are kept.
#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materialize_strategy.h"
#include "sql/generator.h"

namespace strata {
namespace {

std::string AppendedTableSql(const WriteContext& context) {
  std::string schema = sql::FormatIdentifier(context.table.schema, /*case_sensitive=*/true);
  if (!context.table.catalog.empty()) {
    schema = sql::FormatIdentifier(context.table.catalog, /*case_sensitive=*/true) + "." + schema;
  }
  return schema + ".strata_appended_intervals";
}

// The ranges of `context.table` appended so far.
Result<IntervalSet> AppendedRanges(const WriteContext& context) {
  STRATA_ASSIGN_OR_RETURN(engine::QueryResult result,
                          context.connection->Query(fmt::format(
                              "SELECT start_ts, end_ts FROM {} WHERE table_name = {}",
                              AppendedTableSql(context), sql::FormatString(context.table.name))));
  IntervalSet appended;
  for (const std::vector<engine::Value>& row : result.rows) {
    appended.Add(row[0].AsInt64(), row[1].AsInt64());
  }
  return appended;
}

}  // namespace

Result<int64_t> EmptyTable(const WriteContext& context) {
  STRATA_ASSIGN_OR_RETURN(int64_t deleted,
                          context.connection->Execute("DELETE FROM " + context.table_sql));
  if (context.model->kind.name == project::ModelKindName::kIncrementalUnmanaged &&
      !context.model->kind.insert_overwrite) {
    STRATA_RETURN_IF_ERROR(
        context.connection
            ->Execute(fmt::format("DELETE FROM {} WHERE table_name = {}", AppendedTableSql(context),
                                  sql::FormatString(context.table.name)))
            .status());
  }
  return deleted;
}

Status CreateUnmanagedTable(const WriteContext& context) {
  STRATA_RETURN_IF_ERROR(CreateQueryTable(context));
  return context.connection
      ->Execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (table_name VARCHAR(255), start_ts "
                            "BIGINT, end_ts BIGINT)",
                            AppendedTableSql(context)))
      .status();
}

Result<BatchResult> WriteUnmanagedBatch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  if (context.model->kind.insert_overwrite) {
    return WriteFullBatch(context);
  }
  STRATA_ASSIGN_OR_RETURN(IntervalSet appended, AppendedRanges(context));
  IntervalSet remaining{context.interval};
  remaining = remaining.Subtract(appended);
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> table_columns,
                          ColumnsOf(connection, context.table_sql));
  BatchResult result;
  for (const Interval& range : remaining.ranges()) {
    WriteContext piece = context;
    piece.interval = range;
    if (!(range == context.interval)) {
      if (!context.render_query) {
        return Status::Internal("INCREMENTAL_UNMANAGED batch without a renderer");
      }
      STRATA_ASSIGN_OR_RETURN(piece.query, context.render_query(range));
    }
    STRATA_ASSIGN_OR_RETURN(std::string rows, MaterializeQueryRows(piece, "strata_batch_rows"));
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> row_columns, ColumnsOf(connection, rows));
    std::vector<std::string> names;
    for (const std::string& column : SharedColumns(table_columns, row_columns)) {
      names.push_back(ColumnSql(column));
    }
    const std::string list = Join(names, ", ");
    STRATA_ASSIGN_OR_RETURN(int64_t inserted,
                            connection.Execute(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}",
                                                           context.table_sql, list, list, rows)));
    result.inserted += inserted;
    STRATA_RETURN_IF_ERROR(connection.Execute("DROP TABLE " + rows).status());
    STRATA_RETURN_IF_ERROR(
        connection
            .Execute(fmt::format("INSERT INTO {} VALUES ({}, {}, {})", AppendedTableSql(context),
                                 sql::FormatString(context.table.name), range.start, range.end))
            .status());
  }
  return result;
}

}  // namespace strata
