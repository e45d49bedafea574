// INTERIM materializer, only so that the `plan` branch can run its tests before the materializer
// branch lands: FULL by DELETE + INSERT, INCREMENTAL_BY_TIME_RANGE by DELETE + INSERT over the
// interval, VIEW as a view. The lead deletes this file when merging `materialize`.
#include <fmt/format.h>

#include "base/fail_point.h"
#include "base/text.h"
#include "base/time.h"
#include "core/materializer.h"
#include "project/render.h"
#include "sql/generator.h"

namespace strata {

namespace {

sql::DialectKind DialectOf(const engine::EngineAdapter& connection) {
  return connection.type() == engine::EngineType::kPostgres ? sql::DialectKind::kPostgres
                                                            : sql::DialectKind::kDuckDb;
}

std::string TimeLiteral(int64_t micros) {
  return fmt::format("CAST('{}' AS TIMESTAMP)", FormatTimestamp(micros));
}

Result<project::RenderedModel> Render(const project::Project& project, const project::Model& model,
                                      const PhysicalTable& table, const sql::TableMapping& mapping,
                                      Interval interval, int64_t execution_time) {
  project::RenderOptions options;
  options.start = interval.start;
  options.end = interval.end;
  options.execution_time = execution_time;
  options.this_model = table.Sql();
  options.table_mapping = mapping;
  return project::RenderModel(project, model, options);
}

Result<std::string> Sql(const sql::Node* node, sql::DialectKind dialect) {
  sql::GenerateOptions options;
  options.dialect = dialect;
  return sql::Generate(node, options);
}

Status WriteBatch(engine::EngineAdapter& connection, const BatchRequest& request,
                  BatchResult* result) {
  const project::Model& model = *request.model;
  const sql::DialectKind dialect = DialectOf(connection);
  STRATA_ASSIGN_OR_RETURN(project::RenderedModel rendered,
                          Render(*request.project, model, request.table, request.table_mapping,
                                 request.interval, request.execution_time));
  for (const sql::Node* statement : rendered.pre_statements) {
    STRATA_ASSIGN_OR_RETURN(std::string text, Sql(statement, dialect));
    STRATA_RETURN_IF_ERROR(connection.Execute(text).status());
  }
  STRATA_ASSIGN_OR_RETURN(std::string query, Sql(rendered.query, dialect));
  const std::string table = request.table.Sql();
  if (model.kind.name == project::ModelKindName::kIncrementalByTimeRange) {
    const std::string column = QuoteSqlIdentifier(model.kind.time_column->name);
    STRATA_ASSIGN_OR_RETURN(result->deleted, connection.Execute(fmt::format(
                                                 "DELETE FROM {} WHERE {} >= {} AND {} < {}", table,
                                                 column, TimeLiteral(request.interval.start),
                                                 column, TimeLiteral(request.interval.end))));
    STRATA_ASSIGN_OR_RETURN(
        result->inserted,
        connection.Execute(
            fmt::format("INSERT INTO {} SELECT * FROM ({}) AS strata__q WHERE {} BETWEEN {} AND {}",
                        table, query, column, TimeLiteral(request.interval.start),
                        TimeLiteral(request.interval.end - 1))));
  } else if (model.kind.name == project::ModelKindName::kFull) {
    STRATA_ASSIGN_OR_RETURN(result->deleted,
                            connection.Execute(fmt::format("DELETE FROM {}", table)));
    STRATA_ASSIGN_OR_RETURN(result->inserted,
                            connection.Execute(fmt::format("INSERT INTO {} {}", table, query)));
  } else {
    return Status::Unsupported(fmt::format("the interim materializer cannot write {} models",
                                           project::ModelKindNameText(model.kind.name)));
  }
  for (const sql::Node* statement : rendered.post_statements) {
    STRATA_ASSIGN_OR_RETURN(std::string text, Sql(statement, dialect));
    STRATA_RETURN_IF_ERROR(connection.Execute(text).status());
  }
  return Status::OK();
}

}  // namespace

std::string PhysicalTable::Sql() const {
  return QuoteSqlIdentifier(schema) + "." + QuoteSqlIdentifier(name);
}

PhysicalTable PhysicalTableOf(const std::string& model_name, const std::string& version) {
  std::vector<std::string_view> parts = Split(model_name, '.');
  const std::string schema(parts.size() >= 2 ? parts[parts.size() - 2] : "default");
  return {"strata__" + schema, fmt::format("{}__{}__{}", schema, parts.back(), version)};
}

Status CreatePhysicalTable(engine::EngineAdapter& connection, const project::Project& project,
                           const project::Model& model, const PhysicalTable& table,
                           const sql::TableMapping& table_mapping, int64_t execution_time) {
  if (!model.kind.IsMaterialized()) {
    return Status::OK();
  }
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", QuoteSqlIdentifier(table.schema)))
          .status());
  if (model.query == nullptr) {  // SEED: the declared or inferred columns
    std::vector<std::string> columns;
    for (const project::ColumnDeclaration& column : model.KnownColumns()) {
      columns.push_back(QuoteSqlIdentifier(column.name) + " " + column.type);
    }
    return connection
        .Execute(
            fmt::format("CREATE TABLE IF NOT EXISTS {} ({})", table.Sql(), Join(columns, ", ")))
        .status();
  }
  const int64_t day = int64_t{86400} * 1000000;
  STRATA_ASSIGN_OR_RETURN(project::RenderedModel rendered,
                          Render(project, model, table, table_mapping,
                                 {execution_time - day, execution_time}, execution_time));
  STRATA_ASSIGN_OR_RETURN(std::string query, Sql(rendered.query, DialectOf(connection)));
  if (model.kind.name == project::ModelKindName::kView) {
    return connection.Execute(fmt::format("CREATE OR REPLACE VIEW {} AS {}", table.Sql(), query))
        .status();
  }
  return connection
      .Execute(fmt::format("CREATE TABLE IF NOT EXISTS {} AS SELECT * FROM ({}) AS strata__q "
                           "WHERE 1 = 0",
                           table.Sql(), query))
      .status();
}

Result<BatchResult> ExecuteBatch(engine::EngineAdapter& connection, state::StateStore& state,
                                 const BatchRequest& request) {
  STRATA_RETURN_IF_ERROR(connection.Begin());
  BatchResult result;
  FailPoint("batch_before_write");
  Status status = WriteBatch(connection, request, &result);
  if (status.ok()) {
    FailPoint("batch_after_write");
    status = state.AddInterval(request.interval_key, request.interval.start, request.interval.end);
  }
  if (status.ok()) {
    FailPoint("batch_before_commit");
    status = connection.Commit();
  }
  if (!status.ok()) {
    if (connection.InTransaction()) {
      (void)connection.Rollback();
    }
    return Status(status.code(),
                  fmt::format("{} [{} - {}]: {}", request.model->name,
                              FormatTimestamp(request.interval.start),
                              FormatTimestamp(request.interval.end), status.message()));
  }
  FailPoint("batch_after_commit");
  return result;
}

}  // namespace strata
