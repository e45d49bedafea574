// VIEW models (DESIGN.md §6): the physical object is a view over the rendered query, created when
// the plan is applied; its batches write nothing. With `materialized true` the rows are stored: a
// table rebuilt like FULL on DuckDB (which has no materialized views), a materialized view
// refreshed by each batch on PostgreSQL.
#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materialize_strategy.h"

namespace strata {
namespace {

bool IsPostgresMaterialized(const WriteContext& context) {
  return context.model->kind.materialized && context.dialect == sql::DialectKind::kPostgres;
}

}  // namespace

Status CreateView(const WriteContext& context) {
  if (!context.model->kind.materialized) {
    return context.connection
        ->Execute(fmt::format("CREATE OR REPLACE VIEW {} AS {}", context.table_sql, context.query))
        .status();
  }
  if (!IsPostgresMaterialized(context)) {
    return CreateQueryTable(context);
  }
  STRATA_ASSIGN_OR_RETURN(std::string select, QuerySelectList(context, "strata_query"));
  return context.connection
      ->Execute(fmt::format("CREATE MATERIALIZED VIEW IF NOT EXISTS {} AS SELECT {} FROM ({}) AS "
                            "strata_query WITH NO DATA",
                            context.table_sql, select, context.query))
      .status();
}

Result<BatchResult> WriteViewBatch(const WriteContext& context) {
  if (!context.model->kind.materialized) {
    return BatchResult{};
  }
  if (!IsPostgresMaterialized(context)) {
    return WriteFullBatch(context);
  }
  engine::EngineAdapter& connection = *context.connection;
  // A materialized view created WITH NO DATA cannot be read until its first refresh.
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult populated,
      connection.Query(fmt::format("SELECT ispopulated FROM pg_catalog.pg_matviews WHERE "
                                   "schemaname = {} AND matviewname = {}",
                                   QuoteSqlString(context.table.schema),
                                   QuoteSqlString(context.table.name))));
  BatchResult result;
  if (!populated.rows.empty() && !populated.rows[0][0].is_null() && populated.rows[0][0].AsBool()) {
    STRATA_ASSIGN_OR_RETURN(result.deleted, CountRows(connection, context.table_sql));
  }
  STRATA_RETURN_IF_ERROR(
      connection.Execute("REFRESH MATERIALIZED VIEW " + context.table_sql).status());
  STRATA_ASSIGN_OR_RETURN(result.inserted, CountRows(connection, context.table_sql));
  return result;
}

}  // namespace strata
