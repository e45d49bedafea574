// RunAudits: render each audit, point it at the audited rows, count and sample what it returns.
#include "materialize/audit_runner.h"

#include <fmt/format.h>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/text.h"
#include "materialize/materialize_strategy.h"
#include "materialize/time_column_filter.h"
#include "project/audit_render.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata {

namespace {

// The last whole interval of the model's cron before `execution_time`: the time variables of an
// audit that is not run for a batch.
Interval LastWholeInterval(const project::Model& model, int64_t execution_time) {
  const Cron cron = model.cron.value_or(Cron::Parse("@daily").value());
  const IntervalGrid grid = IntervalGrid::ForCron(cron, model.EffectiveIntervalUnit());
  const int64_t end = grid.Floor(execution_time);
  return Interval{grid.Prev(end), end};
}

bool NamesTable(const sql::Node* name, const PhysicalTable& table) {
  if (name == nullptr || name->kind != sql::NodeKind::kName) {
    return false;
  }
  const size_t n = name->slot_count;
  if (n < 2 || name->slot(n - 1)->text != table.name || name->slot(n - 2)->text != table.schema) {
    return false;
  }
  return n == 2 || (n == 3 && name->slot(0)->text == table.catalog);
}

// Replaces, in place, every FROM reference to `table` under `node` with `scope` (a derived
// table over its rows), aliased as the reference was (else by the model's table name).
void ScopeReferences(sql::Node* node, const PhysicalTable& table, const sql::Node* scope_query,
                     std::string_view default_alias, sql::Arena* arena) {
  if (node == nullptr) {
    return;
  }
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    sql::Node* child = node->slot(i);
    if (child == nullptr) {
      continue;
    }
    if (child->kind == sql::NodeKind::kTable && NamesTable(child->slot(0), table)) {
      sql::Node* alias = child->SlotOrNull(1);
      if (alias == nullptr) {
        alias = arena->New(sql::NodeKind::kTableAlias, 0, child->span);
        alias->text = arena->Store(default_alias);
      }
      node->slots[i] = arena->New(sql::NodeKind::kDerivedTable,
                                  {sql::Clone(scope_query, arena), alias}, child->span);
      continue;
    }
    ScopeReferences(child, table, scope_query, default_alias, arena);
  }
}

// The time filter selecting the audited rows of an INCREMENTAL_BY_TIME_RANGE model's interval
// ("" for every other kind, or without an interval).
Result<std::string> TimeFilter(engine::EngineAdapter& connection, const AuditRequest& request,
                               sql::DialectKind dialect) {
  const project::Model& model = *request.model;
  if (!request.interval || model.kind.name != project::ModelKindName::kIncrementalByTimeRange ||
      !model.kind.time_column) {
    return std::string();
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns,
                          ColumnsOf(connection, request.table.Sql()));
  const int index = FindColumn(columns, model.kind.time_column->name);
  if (index < 0) {
    return Status::ProjectError(fmt::format("the time_column {} is not a column of {}",
                                            model.kind.time_column->name, request.table.Sql()));
  }
  project::TimeColumn column = *model.kind.time_column;
  column.name = columns[static_cast<size_t>(index)].name;
  return TimeColumnFilter(column, columns[static_cast<size_t>(index)].type, *request.interval,
                          dialect);
}

Result<AuditOutcome> RunOne(engine::EngineAdapter& connection, const AuditRequest& request,
                            const project::AuditCall& call, const Interval& variables_interval,
                            const std::string& time_filter, sql::DialectKind dialect) {
  const project::Model& model = *request.model;
  project::AuditRenderOptions options;
  options.start = variables_interval.start;
  options.end = variables_interval.end;
  options.execution_time = request.execution_time;
  options.this_model = request.table.Sql();
  options.dialect = dialect;
  options.table_mapping = request.table_mapping;
  STRATA_ASSIGN_OR_RETURN(project::RenderedAudit rendered,
                          project::RenderAudit(*request.project, model, call, options));
  AuditOutcome outcome;
  outcome.name = rendered.name;
  outcome.shown = rendered.shown;
  outcome.blocking = rendered.blocking;
  sql::GenerateOptions generate;
  generate.dialect = dialect;
  std::string condition;
  if (rendered.condition != nullptr) {
    STRATA_ASSIGN_OR_RETURN(condition, sql::Generate(rendered.condition, generate));
  }
  std::vector<std::string> filters;
  if (!time_filter.empty()) {
    filters.push_back(time_filter);
  }
  if (!condition.empty()) {
    filters.push_back("(" + condition + ")");
  }
  if (!filters.empty()) {
    const std::string filter = Join(filters, " AND ");
    const std::string scope =
        fmt::format("(SELECT * FROM {} WHERE {})", request.table.Sql(), filter);
    STRATA_ASSIGN_OR_RETURN(sql::Node * parsed, sql::ParseExpression(scope, rendered.arena.get()));
    const sql::Node* scope_query =
        parsed->kind == sql::NodeKind::kSubquery ? parsed->slot(0) : parsed;
    std::string alias = model.name_parts.empty() ? "audited" : model.name_parts.back();
    ScopeReferences(rendered.query, request.table, scope_query, alias, rendered.arena.get());
  }
  generate.pretty = true;
  STRATA_ASSIGN_OR_RETURN(outcome.sql, sql::Generate(rendered.query, generate));
  STRATA_ASSIGN_OR_RETURN(
      outcome.failed_rows,
      CountRows(connection, fmt::format("({}) AS strata_audit_rows", outcome.sql)));
  if (outcome.failed_rows > 0) {
    STRATA_ASSIGN_OR_RETURN(outcome.sample,
                            connection.Query(fmt::format("SELECT * FROM ({}) AS strata_audit_rows "
                                                         "LIMIT {}",
                                                         outcome.sql, kAuditSampleRows)));
  }
  return outcome;
}

}  // namespace

Result<std::vector<AuditOutcome>> RunAudits(engine::EngineAdapter& connection,
                                            const AuditRequest& request) {
  const project::Model& model = *request.model;
  std::vector<AuditOutcome> outcomes;
  if (model.audits.empty()) {
    return outcomes;
  }
  const Interval variables_interval = request.interval && !request.interval->empty()
                                          ? *request.interval
                                          : LastWholeInterval(model, request.execution_time);
  const sql::DialectKind dialect = DialectOf(connection.type());
  STRATA_ASSIGN_OR_RETURN(std::string time_filter, TimeFilter(connection, request, dialect));
  outcomes.reserve(model.audits.size());
  for (const project::AuditCall& call : model.audits) {
    const project::Audit* custom = request.project->FindAudit(model, call.name);
    if (custom != nullptr && custom->skip) {
      continue;  // `skip true`: defined but not run
    }
    Result<AuditOutcome> outcome =
        RunOne(connection, request, call, variables_interval, time_filter, dialect);
    if (!outcome.ok()) {
      return outcome.status().WithContext(fmt::format("audit {}", call.name));
    }
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

Status BlockingAuditFailure(const std::string& model_name,
                            const std::vector<AuditOutcome>& outcomes) {
  std::vector<std::string> failed;
  for (const AuditOutcome& outcome : outcomes) {
    if (outcome.blocking && !outcome.passed()) {
      failed.push_back(fmt::format("{} ({} row{})", outcome.shown, outcome.failed_rows,
                                   outcome.failed_rows == 1 ? "" : "s"));
    }
  }
  if (failed.empty()) {
    return Status::OK();
  }
  return Status::AuditFailed(fmt::format("{}: blocking audit{} failed: {}", model_name,
                                         failed.size() == 1 ? "" : "s", Join(failed, ", ")))
      .WithHint(
          "the batch was rolled back and its interval stays missing; fix the data or the "
          "model, then run again");
}

}  // namespace strata
