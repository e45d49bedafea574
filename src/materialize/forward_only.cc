// Forward-only schema changes: reading column types from both engines, classifying, altering.
#include "materialize/forward_only.h"

#include <fmt/format.h>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/text.h"
#include "materialize/dependent_views.h"
#include "materialize/materialize_strategy.h"
#include "project/render.h"
#include "sql/generator.h"

namespace strata {
namespace {

using project::SchemaChangePolicy;

std::string Literal(std::string_view text) { return sql::FormatString(text); }

std::vector<TypedColumn> ColumnsFrom(const engine::QueryResult& result) {
  std::vector<TypedColumn> columns;
  for (const std::vector<engine::Value>& row : result.rows) {
    columns.push_back({row[0].ToString(), row[1].ToString()});
  }
  return columns;
}

// PostgreSQL: the columns of the relation `schema.name` (a table or a view).
Result<std::vector<TypedColumn>> PostgresColumns(engine::EngineAdapter& connection,
                                                 const std::string& schema_condition,
                                                 std::string_view name) {
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format(
          "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
          "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
          "WHERE {} AND c.relname = {} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
          schema_condition, Literal(name))));
  return ColumnsFrom(result);
}

// The last whole interval of the model's cron before `execution_time` (as CreatePhysicalTable).
Interval CreationInterval(const project::Model& model, int64_t execution_time) {
  const Cron cron = model.cron.value_or(Cron::Parse("@daily").value());
  const IntervalGrid grid = IntervalGrid::ForCron(cron, model.EffectiveIntervalUnit());
  const int64_t end = grid.Floor(execution_time);
  return Interval{grid.Prev(end), end};
}

bool IsScd(const project::Model& model) {
  return model.kind.name == project::ModelKindName::kScdType2ByTime ||
         model.kind.name == project::ModelKindName::kScdType2ByColumn;
}

std::string AlterStatement(const std::string& table, const ColumnChange& change) {
  const std::string column = ColumnSql(change.column);
  switch (change.kind) {
    case ColumnChangeKind::kAdded:
      return fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, column, change.to_type);
    case ColumnChangeKind::kDropped:
      return fmt::format("ALTER TABLE {} DROP COLUMN {}", table, column);
    case ColumnChangeKind::kTypeChanged:
      break;
  }
  return fmt::format("ALTER TABLE {0} ALTER COLUMN {1} TYPE {2} USING CAST({1} AS {2})", table,
                     column, change.to_type);
}

// Whether `view` is an environment view of `model` (`schema.table`, `schema__env.table`, or
// with environment_suffix_target table `schema.table__env`).
bool IsEnvironmentView(const DependentView& view, const project::Model& model) {
  if (model.name_parts.size() < 2) {
    return false;
  }
  const std::string& schema = model.name_parts[model.name_parts.size() - 2];
  const std::string& table = model.name_parts.back();
  return (view.name == table &&
          (view.schema == schema || view.schema.rfind(schema + "__", 0) == 0)) ||
         (view.schema == schema && view.name.rfind(table + "__", 0) == 0);
}

Status AlterInTransaction(engine::EngineAdapter& connection,
                          const std::vector<SchemaChangePlan>& plans) {
  for (const SchemaChangePlan& plan : plans) {
    if (plan.applied.empty()) {
      continue;
    }
    const std::string table = plan.table.Sql();
    std::vector<DependentView> views;
    if (connection.type() == engine::EngineType::kPostgres) {
      STRATA_ASSIGN_OR_RETURN(views, PostgresDependentViews(connection, plan.table));
      for (auto view = views.rbegin(); view != views.rend(); ++view) {
        STRATA_RETURN_IF_ERROR(
            connection
                .Execute(fmt::format("DROP VIEW IF EXISTS {}.{}", QuoteSqlIdentifier(view->schema),
                                     QuoteSqlIdentifier(view->name)))
                .status());
      }
    }
    if (connection.type() == engine::EngineType::kDuckDb) {
      STRATA_ASSIGN_OR_RETURN(views, DuckDbDependentViews(connection, plan.table));
    }
    for (const ColumnChange& change : plan.applied) {
      STRATA_RETURN_IF_ERROR(connection.Execute(AlterStatement(table, change)).status());
    }
    // Recreated in the ALTER's transaction, so no reader ever sees a view the ALTER broke.
    for (const DependentView& view : views) {
      if (connection.type() == engine::EngineType::kDuckDb &&
          !IsEnvironmentView(view, *plan.model)) {
        STRATA_RETURN_IF_ERROR(connection.Execute(DuckDbRecreateStatement(view)).status());
        continue;
      }
      const std::string definition = IsEnvironmentView(view, *plan.model)
                                         ? "SELECT * FROM " + table
                                         : std::string(TrimRight(view.definition));
      STRATA_RETURN_IF_ERROR(connection
                                 .Execute(fmt::format("CREATE OR REPLACE VIEW {}.{} AS {}",
                                                      QuoteSqlIdentifier(view.schema),
                                                      QuoteSqlIdentifier(view.name), definition))
                                 .status());
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<TypedColumn>> TableColumnTypes(engine::EngineAdapter& connection,
                                                  const PhysicalTable& table) {
  if (connection.type() == engine::EngineType::kPostgres) {
    return PostgresColumns(connection, "n.nspname = " + Literal(table.schema), table.name);
  }
  std::string condition = fmt::format("schema_name = {} AND table_name = {}", Literal(table.schema),
                                      Literal(table.name));
  if (!table.catalog.empty()) {
    condition += " AND database_name = " + Literal(table.catalog);
  } else {
    condition += " AND database_name = current_database()";
  }
  STRATA_ASSIGN_OR_RETURN(engine::QueryResult result,
                          connection.Query(fmt::format("SELECT column_name, data_type FROM "
                                                       "duckdb_columns() WHERE {} ORDER BY "
                                                       "column_index",
                                                       condition)));
  return ColumnsFrom(result);
}

Result<std::vector<TypedColumn>> ModelColumnTypes(
    engine::EngineAdapter& connection, const project::Project& project, const project::Model& model,
    const PhysicalTable& table, const sql::TableMapping& table_mapping, int64_t execution_time) {
  const sql::DialectKind dialect = DialectOf(connection.type());
  if (!model.columns.empty()) {
    std::vector<TypedColumn> columns;
    for (const project::ColumnDeclaration& column : model.columns) {
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type, dialect));
      columns.push_back({column.name, type});
    }
    return columns;
  }
  const Interval interval = CreationInterval(model, execution_time);
  project::RenderOptions options;
  options.start = interval.start;
  options.end = interval.end;
  options.execution_time = execution_time;
  options.this_model = table.Sql();
  options.table_mapping = table_mapping;
  STRATA_ASSIGN_OR_RETURN(project::RenderedModel rendered,
                          project::RenderModel(project, model, options));
  if (rendered.query == nullptr) {
    return std::vector<TypedColumn>{};
  }
  sql::GenerateOptions generate;
  generate.dialect = dialect;
  STRATA_ASSIGN_OR_RETURN(std::string query, sql::Generate(rendered.query, generate));
  if (dialect == sql::DialectKind::kDuckDb) {
    STRATA_ASSIGN_OR_RETURN(
        engine::QueryResult result,
        connection.Query(fmt::format("DESCRIBE SELECT * FROM ({}) AS strata_query", query)));
    return ColumnsFrom(result);
  }
  // PostgreSQL: a temporary view has the query's columns with their full types.
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format("CREATE TEMPORARY VIEW strata_probe AS SELECT * FROM ({}) AS "
                               "strata_query",
                               query))
          .status());
  Result<std::vector<TypedColumn>> columns =
      PostgresColumns(connection, "n.oid = pg_my_temp_schema()", "strata_probe");
  STRATA_RETURN_IF_ERROR(connection.Execute("DROP VIEW pg_temp.strata_probe").status());
  return columns;
}

Result<SchemaChangePlan> PlanSchemaChanges(engine::EngineAdapter& connection,
                                           const project::Project& project,
                                           const project::Model& model, const PhysicalTable& table,
                                           const sql::TableMapping& table_mapping,
                                           int64_t execution_time) {
  SchemaChangePlan plan;
  plan.model = &model;
  plan.table = table;
  STRATA_ASSIGN_OR_RETURN(std::vector<TypedColumn> existing, TableColumnTypes(connection, table));
  if (existing.empty()) {
    return plan;  // no table yet: it is created with the new columns
  }
  STRATA_ASSIGN_OR_RETURN(
      std::vector<TypedColumn> wanted,
      ModelColumnTypes(connection, project, model, table, table_mapping, execution_time));
  if (model.kind.name == project::ModelKindName::kScdType2ByTime) {
    // The table stores updated_at as a TIMESTAMP whatever the query gives (materialize_scd_type2).
    for (TypedColumn& column : wanted) {
      if (column.name == model.kind.updated_at_name) {
        column.type = "TIMESTAMP";
      }
    }
  }
  std::vector<std::string> ignored;
  if (IsScd(model)) {
    ignored = {model.kind.valid_from_name, model.kind.valid_to_name};
  }
  plan.changes = DiffColumns(existing, wanted, ignored);
  for (const ColumnChange& change : plan.changes) {
    switch (PolicyFor(change, model.kind.on_additive_change, model.kind.on_destructive_change)) {
      case SchemaChangePolicy::kError:
        plan.errors.push_back(change);
        break;
      case SchemaChangePolicy::kWarn:
        plan.warnings.push_back(change);
        plan.applied.push_back(change);
        break;
      case SchemaChangePolicy::kAllow:
        plan.applied.push_back(change);
        break;
      case SchemaChangePolicy::kIgnore:
        break;
    }
  }
  return plan;
}

Status SchemaChangeErrors(const std::vector<SchemaChangePlan>& plans) {
  std::vector<std::string> lines;
  bool additive = false;
  bool destructive = false;
  for (const SchemaChangePlan& plan : plans) {
    for (const ColumnChange& change : plan.errors) {
      lines.push_back(fmt::format("{}: {}", plan.model->name, change.Describe()));
      (change.additive ? additive : destructive) = true;
    }
  }
  if (lines.empty()) {
    return Status::OK();
  }
  std::vector<std::string> settings;
  if (destructive) {
    settings.push_back("on_destructive_change");
  }
  if (additive) {
    settings.push_back("on_additive_change");
  }
  return Status::ProjectError(
             fmt::format("forward-only changes to existing tables are not allowed: {}",
                         Join(lines, "; ")))
      .WithHint(fmt::format(
          "nothing was changed; to apply them set {} to allow (or warn) in the model's kind or "
          "in model_defaults, or to ignore to keep the table as it is; or make the change "
          "without forward_only so the table is rebuilt",
          Join(settings, " and ")));
}

Status ApplySchemaChanges(engine::EngineAdapter& connection,
                          const std::vector<SchemaChangePlan>& plans) {
  bool any = false;
  for (const SchemaChangePlan& plan : plans) {
    any = any || !plan.applied.empty();
  }
  if (!any) {
    return Status::OK();
  }
  STRATA_RETURN_IF_ERROR(connection.Begin());
  Status status = AlterInTransaction(connection, plans);
  if (status.ok()) {
    status = connection.Commit();
  }
  if (!status.ok() && connection.InTransaction()) {
    (void)connection.Rollback();
  }
  return status.ok() ? status : status.WithContext("altering forward-only tables");
}

}  // namespace strata
