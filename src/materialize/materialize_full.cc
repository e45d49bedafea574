// FULL: every batch replaces all of the table's rows with the query's, inside the batch's
// transaction, so that readers never see an empty or half-written table (DESIGN.md §6).
//
// DuckDB: `CREATE OR REPLACE TABLE t AS SELECT … FROM (query)`. DuckDB binds views to tables by
// name when they are queried, so the environment views keep working on the new table — as long as
// the column types stay: a view keeps the types it was created with, so when the new table's
// differ (a forward-only parent changed a type), the views over it are created again.
// PostgreSQL: `DELETE FROM t` then `INSERT INTO t SELECT …`. A PostgreSQL view depends on the
// table object itself, so build-new-then-rename would need the views dropped and recreated in the
// same transaction; DELETE+INSERT keeps the table and, under MVCC, other connections read the old
// rows until the commit. Its cost is dead tuples for autovacuum, proportional to the old rows.
#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "materialize/dependent_views.h"
#include "materialize/materialize_strategy.h"

namespace strata {
namespace {

bool SameColumns(const std::vector<engine::Column>& a, const std::vector<engine::Column>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const engine::Column& x, const engine::Column& y) {
                      return x.name == y.name && x.type.ToString() == y.type.ToString();
                    });
}

}  // namespace

Result<BatchResult> WriteFullBatch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  STRATA_ASSIGN_OR_RETURN(std::string select, QuerySelectList(context, "strata_query"));
  BatchResult result;
  if (context.dialect == sql::DialectKind::kDuckDb) {
    STRATA_ASSIGN_OR_RETURN(result.deleted, CountRows(connection, context.table_sql));
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> before,
                            ColumnsOf(connection, context.table_sql));
    // CREATE … AS reports the rows it wrote (EngineAdapter::Execute).
    STRATA_ASSIGN_OR_RETURN(result.inserted,
                            connection.Execute(fmt::format(
                                "CREATE OR REPLACE TABLE {} AS SELECT {} FROM ({}) AS strata_query",
                                context.table_sql, select, context.query)));
    // The query's types can change without a new version (a forward-only parent altered): the
    // views over the table then bind its new types, in the same transaction.
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> after,
                            ColumnsOf(connection, context.table_sql));
    if (!SameColumns(before, after)) {
      STRATA_RETURN_IF_ERROR(RebindDuckDbViews(connection, context.table));
    }
    return result;
  }
  // Insert by name: the table's columns, read from the query's rows.
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns,
                          ColumnsOf(connection, context.table_sql));
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const engine::Column& column : columns) {
    names.push_back(ColumnSql(column.name));
  }
  const std::string list = Join(names, ", ");
  STRATA_ASSIGN_OR_RETURN(result.deleted, connection.Execute("DELETE FROM " + context.table_sql));
  STRATA_ASSIGN_OR_RETURN(
      result.inserted,
      connection.Execute(fmt::format("INSERT INTO {} ({}) SELECT {} FROM (SELECT {} FROM ({}) AS "
                                     "strata_query) AS strata_rows",
                                     context.table_sql, list, list, select, context.query)));
  return result;
}

}  // namespace strata
