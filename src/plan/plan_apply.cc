// ApplyPlan: physical tables, backfill, then one state transaction (docs/plan_and_run.md).
#include <chrono>
#include <functional>
#include <random>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "base/fail_point.h"
#include "base/hash.h"
#include "base/text.h"
#include "materialize/audit_runner.h"
#include "materialize/forward_only.h"
#include "plan/plan.h"

namespace strata {

namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A fresh plan id: 32 hex digits of the time and a random number.
std::string NewPlanId() {
  std::random_device random;
  Hasher hasher;
  hasher.Update(NowMicros()).Update(static_cast<int64_t>(random()));
  return hasher.HexDigest();
}

std::string QuotedParts(const std::vector<std::string>& parts, size_t count) {
  std::vector<std::string> quoted;
  for (size_t i = 0; i < count && i < parts.size(); ++i) {
    quoted.push_back(QuoteSqlIdentifier(parts[i]));
  }
  return Join(quoted, ".");
}

std::vector<std::string> NameParts(const std::string& name) {
  std::vector<std::string> parts;
  for (std::string_view part : Split(name, '.')) {
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    }
    parts.emplace_back(part);
  }
  return parts;
}

// The parts of the environment's view of `name`, led by `catalog` when the name has none and
// `catalog` is given: a DuckDB file named like a schema (`db.duckdb` holding schema `db`) makes
// `db.table` ambiguous there, `catalog.db.table` is not.
std::vector<std::string> ViewParts(const std::string& name, const Plan& plan,
                                   const std::string& catalog) {
  std::vector<std::string> view_parts =
      NameParts(EnvironmentViewName(NameParts(name), plan.environment, plan.suffix_target));
  if (!catalog.empty() && view_parts.size() == 2) {
    view_parts.insert(view_parts.begin(), catalog);
  }
  return view_parts;
}

// The statements that point the environment's view of `name` at `table`.
std::string ViewStatements(const std::string& name, const Plan& plan, const PhysicalTable& table,
                           const std::string& catalog) {
  std::vector<std::string> view_parts = ViewParts(name, plan, catalog);
  std::string schema = QuotedParts(view_parts, view_parts.size() - 1);
  std::string statements;
  if (!schema.empty()) {
    statements += fmt::format("CREATE SCHEMA IF NOT EXISTS {}; ", schema);
  }
  statements += fmt::format("DROP VIEW IF EXISTS {0}; CREATE VIEW {0} AS SELECT * FROM {1}",
                            QuotedParts(view_parts, view_parts.size()), table.Sql());
  return statements;
}

std::string DropViewStatement(const std::string& name, const Plan& plan,
                              const std::string& catalog) {
  std::vector<std::string> view_parts = ViewParts(name, plan, catalog);
  return fmt::format("DROP VIEW IF EXISTS {}", QuotedParts(view_parts, view_parts.size()));
}

// The new snapshot records and the environment record.
Status WriteStateRecords(const Plan& plan, state::StateStore& state) {
  const int64_t now = NowMicros();
  const bool is_prod = plan.environment == "prod";
  std::vector<state::SnapshotRecord> records;
  state::EnvironmentRecord environment;
  environment.name = plan.environment;
  std::vector<state::SnapshotId> promoted;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    if (!planned.included) {
      continue;
    }
    environment.snapshots.push_back(planned.snapshot.id);
    if (planned.promoted) {
      promoted.push_back(planned.snapshot.id);
    }
    if (planned.is_new) {
      records.push_back(planned.snapshot.ToRecord(now, plan.snapshot_ttl));
    }
  }
  for (const Snapshot& kept : plan.kept) {
    environment.snapshots.push_back(kept.id);
  }
  promoted.insert(promoted.end(), plan.kept_promoted.begin(), plan.kept_promoted.end());
  if (!is_prod && !plan.include_unmodified) {
    environment.promoted = std::move(promoted);
  }
  environment.plan_id = NewPlanId();
  if (plan.previous) {
    environment.previous_plan_id = plan.previous->plan_id;
  }
  environment.start_ts = plan.range_start;
  environment.end_ts = plan.range_end;
  if (!is_prod) {
    environment.expiration_ts = now + plan.environment_ttl;
  }
  environment.finalized_ts = now;
  environment.updated_ts = now;
  STRATA_RETURN_IF_ERROR(state.PutSnapshots(records));
  return state.PutEnvironment(environment);
}

// The statements that bring the environment's views up to date: the views of models gone or no
// longer promoted dropped, those whose snapshot's version or kind changed replaced. Each is
// idempotent.
std::vector<std::string> ViewChanges(const Plan& plan, const std::string& catalog) {
  std::vector<std::string> statements;
  for (const Snapshot& dropped : plan.dropped_views) {
    statements.push_back(DropViewStatement(dropped.id.name, plan, catalog));
  }
  for (const PlannedSnapshot& planned : plan.snapshots) {
    const Snapshot& snapshot = planned.snapshot;
    if (!planned.included || !planned.view_changed) {
      continue;
    }
    statements.push_back(
        ViewStatements(snapshot.id.name, plan, PhysicalTableOf(snapshot), catalog));
  }
  return statements;
}

Status ExecuteEach(engine::EngineAdapter& connection, const std::vector<std::string>& statements,
                   size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    STRATA_RETURN_IF_ERROR(connection.Execute(statements[i]).status());
  }
  return Status::OK();
}

// Runs `write` in one transaction of `connection`; rolls back when it or the commit fails.
// `before_commit` names a fail point (empty: none).
Status RunInTransaction(engine::EngineAdapter& connection, const std::function<Status()>& write,
                        std::string_view before_commit) {
  STRATA_RETURN_IF_ERROR(connection.Begin());
  Status status = write();
  if (status.ok()) {
    if (!before_commit.empty()) {
      FailPoint(before_commit);
    }
    status = connection.Commit();
  }
  if (!status.ok() && connection.InTransaction()) {
    (void)connection.Rollback();
  }
  return status;
}

// Runs the audits of the plan's new VIEW models over their views; a blocking failure is counted
// in `summary` as a failed batch.
Status AuditNewViews(const Plan& plan, const project::Project& project, engine::EngineAdapter& data,
                     const sql::TableMapping& mapping, const ApplyOptions& options,
                     BackfillSummary* summary) {
  for (int i : project.dag.order()) {
    const PlannedSnapshot& planned = plan.snapshots[i];
    const project::Model& model = project.models[i];
    if (!planned.included || !planned.is_new || model.kind.name != project::ModelKindName::kView ||
        model.audits.empty()) {
      continue;
    }
    AuditRequest request;
    request.project = &project;
    request.model = &model;
    request.table = PhysicalTableOf(planned.snapshot);
    request.execution_time = plan.execution_time;
    request.table_mapping = mapping;
    STRATA_ASSIGN_OR_RETURN(std::vector<AuditOutcome> outcomes, RunAudits(data, request));
    if (options.on_view_audits) {
      options.on_view_audits(model.name, outcomes);
    }
    // Auditing a view counts as one batch of the plan.
    ++summary->batches;
    if (Status failure = BlockingAuditFailure(model.name, outcomes); !failure.ok()) {
      ++summary->failed;
      summary->errors.push_back(std::move(failure));
    } else {
      ++summary->succeeded;
    }
  }
  return Status::OK();
}

// Clears the restated intervals, in one transaction of the state connection.
Status ClearRestatedIntervals(const Plan& plan, state::StateStore& state) {
  bool any = false;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    any = any || !planned.restated.empty();
  }
  if (!any) {
    return Status::OK();
  }
  STRATA_RETURN_IF_ERROR(state.connection()->Begin());
  Status status;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    for (const Interval& range : planned.restated.ranges()) {
      status = state.RemoveInterval({planned.snapshot.id.name, planned.snapshot.version},
                                    range.start, range.end);
      if (!status.ok()) {
        break;
      }
    }
    if (!status.ok()) {
      break;
    }
  }
  if (status.ok()) {
    status = state.connection()->Commit();
  }
  if (!status.ok()) {
    if (state.connection()->InTransaction()) {
      (void)state.connection()->Rollback();
    }
    return status.WithContext("clearing the restated intervals");
  }
  return Status::OK();
}

}  // namespace

std::string EnvironmentViewName(const std::vector<std::string>& name_parts,
                                const std::string& environment,
                                project::EnvironmentSuffixTarget target) {
  std::vector<std::string> parts = name_parts;
  if (environment != "prod" && parts.size() >= 2) {
    parts[target == project::EnvironmentSuffixTarget::kTable ? parts.size() - 1
                                                             : parts.size() - 2] +=
        "__" + environment;
  }
  std::vector<std::string> spelled;
  for (const std::string& part : parts) {
    const bool plain = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    spelled.push_back(plain ? part : QuoteSqlIdentifier(part));
  }
  return Join(spelled, ".");
}

sql::TableMapping PhysicalTableMapping(const std::vector<const Snapshot*>& snapshots) {
  auto tables = std::make_shared<std::unordered_map<std::string, std::vector<std::string>>>();
  for (const Snapshot* snapshot : snapshots) {
    if (!KindIsMaterialized(snapshot->payload.kind)) {
      continue;
    }
    PhysicalTable table = PhysicalTableOf(*snapshot);
    (*tables)[Join(NameParts(snapshot->id.name), ".")] = {table.schema, table.name};
  }
  return
      [tables](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
        auto it = tables->find(Join(parts, "."));
        if (it == tables->end()) {
          it = tables->find(ToLower(Join(parts, ".")));
        }
        if (it == tables->end()) {
          return std::nullopt;
        }
        return it->second;
      };
}

Result<BackfillSummary> ApplyPlan(const Plan& plan, const project::Project& project,
                                  engine::Engine& engine, state::StateStore& state,
                                  const ApplyOptions& options) {
  std::vector<const Snapshot*> all;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    if (planned.included) {
      all.push_back(&planned.snapshot);
    }
  }
  const sql::TableMapping mapping = PhysicalTableMapping(all);
  engine::EngineAdapter& data =
      options.data_connection != nullptr ? *options.data_connection : *state.connection();
  const bool separate_state = &data != state.connection();

  // ---- physical tables of new snapshots, parents first; those below a forward-only snapshot
  // wait for its ALTER (their queries may read its new columns). New tables change nothing any
  // environment reads.
  std::vector<bool> below_forward_only(plan.snapshots.size(), false);
  for (int i : project.dag.order()) {
    for (int parent : project.dag.parents(i)) {
      below_forward_only[i] = below_forward_only[i] || below_forward_only[parent] ||
                              plan.snapshots[parent].forward_only;
    }
  }
  auto create_tables = [&](bool below) -> Status {
    for (int i : project.dag.order()) {
      const PlannedSnapshot& planned = plan.snapshots[i];
      if (!planned.included || !planned.is_new || below_forward_only[i] != below ||
          !KindIsMaterialized(planned.snapshot.payload.kind)) {
        continue;
      }
      const Snapshot& snapshot = planned.snapshot;
      STRATA_RETURN_IF_ERROR(CreatePhysicalTable(data, project, project.models[i],
                                                 PhysicalTableOf(snapshot), mapping,
                                                 plan.execution_time));
    }
    return Status::OK();
  };
  STRATA_RETURN_IF_ERROR(create_tables(/*below=*/false));

  // ---- forward-only snapshots: their tables' columns against their new queries (whose parents'
  // tables exist now); an `error` policy stops the plan before any table prod reads changed
  std::vector<SchemaChangePlan> schema_changes;
  for (int i : project.dag.order()) {
    const PlannedSnapshot& planned = plan.snapshots[i];
    if (!planned.forward_only) {
      continue;
    }
    const Snapshot& snapshot = planned.snapshot;
    Result<SchemaChangePlan> changes = PlanSchemaChanges(
        data, project, project.models[i], PhysicalTableOf(snapshot), mapping, plan.execution_time);
    if (!changes.ok()) {
      return changes.status().WithContext(snapshot.id.name);
    }
    schema_changes.push_back(std::move(*changes));
  }
  STRATA_RETURN_IF_ERROR(SchemaChangeErrors(schema_changes));
  for (const SchemaChangePlan& changes : schema_changes) {
    for (const ColumnChange& change : changes.warnings) {
      if (options.on_warning) {
        options.on_warning(fmt::format("{}: forward-only change applied to {}: {}",
                                       changes.model->name, changes.table.Sql(),
                                       change.Describe()));
      }
    }
  }
  STRATA_RETURN_IF_ERROR(ApplySchemaChanges(data, schema_changes));

  STRATA_RETURN_IF_ERROR(create_tables(/*below=*/true));

  // ---- restatement, then backfill
  STRATA_RETURN_IF_ERROR(ClearRestatedIntervals(plan, state));
  BackfillSummary summary;
  if (!options.skip_backfill) {
    std::vector<BackfillModel> models(project.models.size());
    for (size_t i = 0; i < models.size(); ++i) {
      const Snapshot& snapshot = plan.snapshots[i].snapshot;
      BackfillModel& model = models[i];
      model.model = &project.models[i];
      model.name = snapshot.id.name;
      model.table = PhysicalTableOf(snapshot);
      model.interval_key = {snapshot.id.name, snapshot.version};
      model.batches = plan.snapshots[i].work.batches;
      model.parents = project.dag.parents(static_cast<int>(i));
      model.depends_on_past = snapshot.payload.depends_on_past;
      model.empty_table_first = plan.snapshots[i].empty_table_first;
      model.batch_concurrency = snapshot.payload.schedule.batch_concurrency;
    }
    // The scheduler starts ready tasks in the order they were added: list them in DAG order.
    std::vector<BackfillModel> ordered;
    std::vector<int> position(models.size());
    for (int i : project.dag.order()) {
      position[i] = static_cast<int>(ordered.size());
      ordered.push_back(models[i]);
    }
    for (BackfillModel& model : ordered) {
      for (int& parent : model.parents) {
        parent = position[parent];
      }
    }
    BackfillOptions backfill;
    backfill.threads = options.threads;
    backfill.execution_time = plan.execution_time;
    backfill.state_schema = state.schema();
    backfill.separate_state = separate_state ? &state : nullptr;
    backfill.table_mapping = mapping;
    backfill.on_batch_done = options.on_batch_done;
    STRATA_ASSIGN_OR_RETURN(summary, Backfill(engine, project, ordered, backfill));
    if (summary.failed > 0 || summary.interrupted > 0) {
      return summary;
    }
  }

  // ---- audits of new views (they have no batches to audit)
  STRATA_RETURN_IF_ERROR(AuditNewViews(plan, project, data, mapping, options, &summary));
  if (summary.failed > 0) {
    return summary;
  }

  // ---- the views, then one state transaction (snapshots, environment). With a separate state
  // connection the views come first, in transactions of their own: a crash between the two
  // leaves the views on tables that are complete and the state as it was, and the next plan
  // redoes both. PostgreSQL also needs that for large changes: it locks each view it replaces
  // until the commit, and its lock table holds only a few thousand locks
  // (max_locks_per_transaction × max_connections).
  FailPoint("plan_before_apply");
  constexpr size_t kViewsPerTransaction = 250;
  // On DuckDB the views are named with their catalog (see ViewParts).
  std::string catalog;
  if (data.type() == engine::EngineType::kDuckDb) {
    Result<engine::QueryResult> current = data.Query("SELECT current_database()");
    if (current.ok() && current->rows.size() == 1 && !current->rows[0].empty()) {
      catalog = current->rows[0][0].ToString();
    }
  }
  const std::vector<std::string> views = ViewChanges(plan, catalog);
  // DuckDB writes one attached database per transaction: with several (`catalogs`), each view
  // has a transaction of its own.
  size_t views_per_transaction = kViewsPerTransaction;
  if (data.type() == engine::EngineType::kDuckDb) {
    Result<engine::QueryResult> attached = data.Query(
        "SELECT COUNT(*) FROM duckdb_databases() WHERE NOT internal AND database_name <> 'memory'");
    if (attached.ok() && attached->rows.size() == 1 && attached->rows[0][0].ToString() != "1") {
      views_per_transaction = 1;
    }
  }
  const bool views_apart =
      separate_state || views_per_transaction == 1 ||
      (data.type() == engine::EngineType::kPostgres && views.size() > kViewsPerTransaction);
  Status status;
  if (views_apart) {
    for (size_t begin = 0; status.ok() && begin < views.size(); begin += views_per_transaction) {
      const size_t end = std::min(views.size(), begin + views_per_transaction);
      status = RunInTransaction(
          data, [&] { return ExecuteEach(data, views, begin, end); }, /*before_commit=*/"");
    }
    FailPoint("plan_after_views");
    if (status.ok()) {
      status = RunInTransaction(
          *state.connection(), [&] { return WriteStateRecords(plan, state); }, "plan_during_apply");
    }
  } else {
    status = RunInTransaction(
        data,
        [&] {
          STRATA_RETURN_IF_ERROR(ExecuteEach(data, views, 0, views.size()));
          FailPoint("plan_after_views");
          return WriteStateRecords(plan, state);
        },
        "plan_during_apply");
  }
  if (!status.ok()) {
    return status.WithContext("applying the plan");
  }
  FailPoint("plan_after_apply");
  return summary;
}

}  // namespace strata
