// INCREMENTAL_BY_TIME_RANGE: a batch replaces the rows of its interval (DESIGN.md §6).
//
//   CREATE TEMP TABLE strata_batch_rows AS SELECT … FROM (query)   -- the query runs once
//   DELETE FROM t WHERE <time filter>
//   INSERT INTO t (cols) SELECT cols FROM strata_batch_rows WHERE <time filter>
//   DROP TABLE strata_batch_rows
//
// The rows outside the interval (reported) are those the CREATE wrote minus those inserted.
//
// The same predicate (materialize/time_column_filter.h) selects what is deleted and what is
// inserted, so a re-run of an interval replaces exactly the rows the previous run wrote, and a
// query that produces rows outside its interval cannot touch other intervals' rows.
#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materialize_strategy.h"
#include "materialize/time_column_filter.h"

namespace strata {

Result<BatchResult> WriteTimeRangeBatch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  const project::Model& model = *context.model;
  if (!model.kind.time_column) {
    return Status::ProjectError(
        fmt::format("{} is INCREMENTAL_BY_TIME_RANGE without a time_column", model.name));
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns,
                          ColumnsOf(connection, context.table_sql));
  const int time_index = FindColumn(columns, model.kind.time_column->name);
  if (time_index < 0) {
    return Status::ProjectError(fmt::format("the time_column {} is not a column of {}",
                                            model.kind.time_column->name, context.table_sql));
  }
  project::TimeColumn time_column = *model.kind.time_column;
  time_column.name = columns[static_cast<size_t>(time_index)].name;
  STRATA_ASSIGN_OR_RETURN(
      std::string filter,
      TimeColumnFilter(time_column, columns[static_cast<size_t>(time_index)].type, context.interval,
                       context.dialect));
  int64_t produced = 0;
  STRATA_ASSIGN_OR_RETURN(std::string rows,
                          MaterializeQueryRows(context, "strata_batch_rows", &produced));
  // The columns both have (they differ after a forward-only change whose columns were ignored).
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> row_columns, ColumnsOf(connection, rows));
  std::vector<std::string> names;
  for (const std::string& column : SharedColumns(columns, row_columns)) {
    names.push_back(ColumnSql(column));
  }
  const std::string list = Join(names, ", ");
  BatchResult result;
  STRATA_ASSIGN_OR_RETURN(
      result.deleted,
      connection.Execute(fmt::format("DELETE FROM {} WHERE {}", context.table_sql, filter)));
  STRATA_ASSIGN_OR_RETURN(result.inserted, connection.Execute(fmt::format(
                                               "INSERT INTO {} ({}) SELECT {} FROM {} WHERE {}",
                                               context.table_sql, list, list, rows, filter)));
  result.dropped_outside_interval = produced - result.inserted;
  STRATA_RETURN_IF_ERROR(connection.Execute("DROP TABLE " + rows).status());
  return result;
}

}  // namespace strata
