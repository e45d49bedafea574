// CreatePhysicalTable and ExecuteBatch: render the model, dispatch to its kind's strategy
// (materialize_strategy.h), and wrap a batch in one transaction with its interval and fail points.
#include "materialize/materializer.h"

#include <fmt/format.h>

#include <cassert>
#include <vector>

#include "base/cron.h"
#include "base/fail_point.h"
#include "base/interval_unit.h"
#include "base/text.h"
#include "base/time.h"
#include "materialize/audit_runner.h"
#include "materialize/engine_error.h"
#include "materialize/materialize_strategy.h"
#include "project/render.h"
#include "sql/analysis/output_columns.h"
#include "sql/generator.h"

namespace strata {
namespace {

using project::ModelKindName;

// PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1).
constexpr size_t kPostgresMaxIdentifier = 63;

// An instant for messages: the date alone at midnight, else the timestamp.
std::string FormatInstant(int64_t micros) {
  return micros % kMicrosPerDay == 0 ? FormatDate(DayOf(micros)) : FormatTimestamp(micros);
}

std::string BatchName(const project::Model& model, const Interval& interval) {
  return fmt::format("model {}, interval [{}, {})", model.name, FormatInstant(interval.start),
                     FormatInstant(interval.end));
}

// Whether `model` has a table to write: EMBEDDED and EXTERNAL models have none.
Status CheckSupported(const project::Model& model) {
  switch (model.kind.name) {
    case ModelKindName::kFull:
    case ModelKindName::kView:
    case ModelKindName::kSeed:
    case ModelKindName::kIncrementalByTimeRange:
    case ModelKindName::kIncrementalByUniqueKey:
    case ModelKindName::kIncrementalUnmanaged:
    case ModelKindName::kScdType2ByTime:
    case ModelKindName::kScdType2ByColumn:
      return Status::OK();
    case ModelKindName::kEmbedded:
    case ModelKindName::kExternal:
      return Status::InvalidArgument(fmt::format("{} is {}: it has no table to write", model.name,
                                                 project::ModelKindNameText(model.kind.name)));
  }
  return Status::Internal(fmt::format("{}: unknown model kind", model.name));
}

// The model's statements rendered for `interval` in the connection's dialect.
struct RenderedStatements {
  std::vector<std::string> pre;
  std::string query;  // empty for SEED
  std::vector<std::string> post;
  // The rendered model, whose arena holds the kind's expanded parameters.
  project::RenderedModel rendered;
};

Result<RenderedStatements> Render(const project::Project& project, const project::Model& model,
                                  const PhysicalTable& table,
                                  const sql::TableMapping& table_mapping, const Interval& interval,
                                  int64_t execution_time, sql::DialectKind dialect) {
  project::RenderOptions options;
  options.start = interval.start;
  options.end = interval.end;
  options.execution_time = execution_time;
  options.this_model = table.Sql();
  options.table_mapping = table_mapping;
  STRATA_ASSIGN_OR_RETURN(project::RenderedModel rendered,
                          project::RenderModel(project, model, options));
  sql::GenerateOptions generate;
  generate.dialect = dialect;
  RenderedStatements out;
  for (const sql::Node* statement : rendered.pre_statements) {
    STRATA_ASSIGN_OR_RETURN(std::string text, sql::Generate(statement, generate));
    out.pre.push_back(std::move(text));
  }
  if (rendered.query != nullptr) {
    STRATA_ASSIGN_OR_RETURN(out.query, sql::Generate(rendered.query, generate));
  }
  for (const sql::Node* statement : rendered.post_statements) {
    STRATA_ASSIGN_OR_RETURN(std::string text, sql::Generate(statement, generate));
    out.post.push_back(std::move(text));
  }
  out.rendered = std::move(rendered);
  return out;
}

// Points `context` at the rendered kind parameters of `sql` (which must outlive it).
void SetKindParameters(const RenderedStatements& sql, WriteContext* context) {
  const project::RenderedModel& rendered = sql.rendered;
  context->unique_key.assign(rendered.unique_key.begin(), rendered.unique_key.end());
  context->when_matched.assign(rendered.when_matched.begin(), rendered.when_matched.end());
  context->merge_filter = rendered.merge_filter;
}

Status ExecuteAll(engine::EngineAdapter& connection, const std::vector<std::string>& statements) {
  for (const std::string& statement : statements) {
    STRATA_RETURN_IF_ERROR(connection.Execute(statement).status());
  }
  return Status::OK();
}

// The last whole interval of the model's grid before `execution_time`: what a table's query is
// rendered for when only its columns matter.
Interval CreationInterval(const project::Model& model, int64_t execution_time) {
  const Cron cron = model.cron.value_or(Cron::Parse("@daily").value());
  const IntervalGrid grid = IntervalGrid::ForCron(cron, model.EffectiveIntervalUnit());
  const int64_t end = grid.Floor(execution_time);
  return Interval{grid.Prev(end), end};
}

// Whether `model`'s query reads its own table.
bool ReadsItself(const project::Model& model) {
  for (const project::Model::TableRead& read : model.reads) {
    if (read.name == model.name) {
      return true;
    }
  }
  return false;
}

// A self-referencing model's first table: its query reads the table being created, so the table
// is first made with the query's output columns (read as empty), typed by the query
// (CreateTableTypedBySelfRead). The usual CREATE TABLE IF NOT EXISTS then keeps it. Does nothing
// when the table exists, when the kind does not make its table from the query, or when the output
// columns are not all known.
Status CreateSelfReferencingTable(const WriteContext& context, const project::Model& model,
                                  const sql::Node* rendered_query) {
  switch (model.kind.name) {
    case ModelKindName::kFull:
    case ModelKindName::kIncrementalByTimeRange:
    case ModelKindName::kIncrementalByUniqueKey:
      break;
    default:
      return Status::OK();
  }
  if (!model.columns.empty() || rendered_query == nullptr || !ReadsItself(model)) {
    return Status::OK();
  }
  engine::EngineAdapter& connection = *context.connection;
  if (connection.DescribeTable(context.table.schema, context.table.name).ok()) {
    return Status::OK();
  }
  Result<std::vector<std::string>> names = sql::OutputColumns(rendered_query);
  if (!names.ok()) {
    return Status::OK();
  }
  for (const std::string& name : *names) {
    if (name == "*" || name.find('@') != std::string::npos) {
      return Status::OK();
    }
  }
  return CreateTableTypedBySelfRead(*context.connection, context.table_sql, *names, context.query,
                                    context.dialect);
}

Status CreateTable(const WriteContext& context) {
  switch (context.model->kind.name) {
    case ModelKindName::kView:
      return CreateView(context);
    case ModelKindName::kSeed:
      return CreateSeedTable(context);
    case ModelKindName::kIncrementalUnmanaged:
      return CreateUnmanagedTable(context);
    case ModelKindName::kScdType2ByTime:
    case ModelKindName::kScdType2ByColumn:
      return CreateScdType2Table(context);
    default:
      return CreateQueryTable(context);
  }
}

Result<BatchResult> WriteBatch(const WriteContext& context) {
  switch (context.model->kind.name) {
    case ModelKindName::kFull:
      return WriteFullBatch(context);
    case ModelKindName::kView:
      return WriteViewBatch(context);
    case ModelKindName::kSeed:
      return WriteSeedBatch(context);
    case ModelKindName::kIncrementalByTimeRange:
      return WriteTimeRangeBatch(context);
    case ModelKindName::kIncrementalByUniqueKey:
      return WriteUniqueKeyBatch(context);
    case ModelKindName::kIncrementalUnmanaged:
      return WriteUnmanagedBatch(context);
    case ModelKindName::kScdType2ByTime:
    case ModelKindName::kScdType2ByColumn:
      return WriteScdType2Batch(context);
    default:
      return CheckSupported(*context.model);
  }
}

// The batch's transaction: everything ExecuteBatch does between BEGIN and COMMIT.
Result<BatchResult> WriteInTransaction(const WriteContext& context, const RenderedStatements& sql,
                                       state::StateStore& state, const BatchRequest& request) {
  FailPoint("batch_before_write");
  STRATA_RETURN_IF_ERROR(ExecuteAll(*context.connection, sql.pre));
  int64_t emptied = 0;
  if (request.empty_table_first && context.model->kind.IsIncremental()) {
    STRATA_ASSIGN_OR_RETURN(emptied, EmptyTable(context));
  }
  STRATA_ASSIGN_OR_RETURN(BatchResult result, WriteBatch(context));
  result.deleted += emptied;
  STRATA_RETURN_IF_ERROR(ExecuteAll(*context.connection, sql.post));
  if (!context.model->audits.empty()) {
    AuditRequest audit;
    audit.project = request.project;
    audit.model = request.model;
    audit.table = request.table;
    audit.interval = request.interval;
    audit.execution_time = request.execution_time;
    audit.table_mapping = request.table_mapping;
    STRATA_ASSIGN_OR_RETURN(std::vector<AuditOutcome> outcomes,
                            RunAudits(*context.connection, audit));
    if (request.audits != nullptr) {
      *request.audits = outcomes;
    }
    STRATA_RETURN_IF_ERROR(BlockingAuditFailure(context.model->name, outcomes));
  }
  FailPoint("batch_after_write");
  if (request.record_interval) {
    STRATA_RETURN_IF_ERROR(
        state.AddInterval(request.interval_key, request.interval.start, request.interval.end));
  }
  FailPoint("batch_before_commit");
  return result;
}

}  // namespace

Status CreatePhysicalTable(engine::EngineAdapter& connection, const project::Project& project,
                           const project::Model& model, const PhysicalTable& table,
                           const sql::TableMapping& table_mapping, int64_t execution_time) {
  if (model.kind.name == ModelKindName::kEmbedded || model.kind.name == ModelKindName::kExternal) {
    return Status::OK();
  }
  const std::string context_name =
      fmt::format("model {} ({})", model.name, model.origin.file.generic_string());
  if (Status supported = CheckSupported(model); !supported.ok()) {
    return supported;
  }
  WriteContext context;
  context.connection = &connection;
  context.dialect = DialectOf(connection.type());
  context.model = &model;
  context.table = table;
  context.table_sql = table.Sql();
  if (context.dialect == sql::DialectKind::kPostgres &&
      (table.name.size() > kPostgresMaxIdentifier ||
       table.schema.size() > kPostgresMaxIdentifier)) {
    return Status::Unsupported(
               fmt::format("{}: the physical name {} is longer than PostgreSQL's {} bytes",
                           context_name, table.Sql(), kPostgresMaxIdentifier))
        .WithHint("shorten the model's schema or table name");
  }
  if (model.kind.name != ModelKindName::kSeed) {
    context.interval = CreationInterval(model, execution_time);
    Result<RenderedStatements> sql = Render(project, model, table, table_mapping, context.interval,
                                            execution_time, context.dialect);
    if (!sql.ok()) {
      return sql.status().WithContext(context_name);
    }
    context.query = sql->query;
    context.execution_time = execution_time;
    Status status = CreatePhysicalSchema(context);
    // As SQLMesh: the pre-statements run before the table is made (they may create what the
    // query reads).
    if (status.ok()) {
      status = ExecuteAll(connection, sql->pre);
    }
    if (status.ok()) {
      status = CreateSelfReferencingTable(context, model, sql->rendered.query);
    }
    if (status.ok()) {
      SetKindParameters(*sql, &context);
      status = CreateTable(context);
    }
    return status.ok() ? status : WithModelNames(status, project).WithContext(context_name);
  }
  Status status = CreatePhysicalSchema(context);
  if (status.ok()) {
    status = CreateTable(context);
  }
  return status.ok() ? status : WithModelNames(status, project).WithContext(context_name);
}

Result<BatchResult> ExecuteBatch(engine::EngineAdapter& connection, state::StateStore& state,
                                 const BatchRequest& request) {
  assert(request.project != nullptr && request.model != nullptr);
  assert(!request.record_interval || state.connection() == &connection);
  const project::Model& model = *request.model;
  const std::string batch_name = BatchName(model, request.interval);
  if (Status supported = CheckSupported(model); !supported.ok()) {
    return supported.WithContext(batch_name);
  }
  if (request.interval.empty()) {
    return Status::InvalidArgument(batch_name + ": the interval is empty");
  }
  WriteContext context;
  context.connection = &connection;
  context.dialect = DialectOf(connection.type());
  context.model = &model;
  context.table = request.table;
  context.table_sql = request.table.Sql();
  context.interval = request.interval;
  Result<RenderedStatements> sql =
      Render(*request.project, model, request.table, request.table_mapping, request.interval,
             request.execution_time, context.dialect);
  if (!sql.ok()) {
    return sql.status().WithContext(batch_name);
  }
  context.query = sql->query;
  context.execution_time = request.execution_time;
  SetKindParameters(*sql, &context);
  context.render_query = [&request, &context](const Interval& interval) -> Result<std::string> {
    STRATA_ASSIGN_OR_RETURN(
        RenderedStatements other,
        Render(*request.project, *request.model, request.table, request.table_mapping, interval,
               request.execution_time, context.dialect));
    return std::move(other.query);
  };

  if (Status begun = connection.Begin(); !begun.ok()) {
    return begun.WithContext(batch_name);
  }
  Result<BatchResult> result = WriteInTransaction(context, *sql, state, request);
  Status status = result.status();
  if (status.ok()) {
    status = connection.Commit();
  }
  if (!status.ok()) {
    if (connection.InTransaction()) {
      // The batch's own error is the one to report; a failed rollback leaves the transaction to
      // die with the connection, which aborts it just the same.
      (void)connection.Rollback();
    }
    return WithModelNames(status, *request.project).WithContext(batch_name);
  }
  FailPoint("batch_after_commit");
  return result;
}

}  // namespace strata
