// PlanRun and ExecuteRun: what is due from the state alone, then the models that have work
// rebuilt from their payloads.
#include "plan/run.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/text.h"
#include "base/time.h"
#include "core/input_coverage.h"
#include "core/model_selector.h"
#include "core/payload_model.h"
#include "plan/plan.h"
#include "project/audit.h"
#include "project/model_file.h"
#include "project/model_jinja.h"
#include "project/project.h"

namespace strata {

int RunWork::BatchCount() const {
  int count = 0;
  for (const SnapshotWork& w : work) {
    count += static_cast<int>(w.batches.size());
  }
  return count;
}

namespace {

// Orders `snapshots` parents first (by their payloads' parents); ties by name.
std::vector<Snapshot> OrderByDag(std::vector<Snapshot> snapshots,
                                 std::vector<std::vector<int>>* parents) {
  std::sort(snapshots.begin(), snapshots.end(),
            [](const Snapshot& a, const Snapshot& b) { return a.id.name < b.id.name; });
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    index.emplace(snapshots[i].id.name, static_cast<int>(i));
  }
  const size_t n = snapshots.size();
  std::vector<std::vector<int>> ups(n);
  std::vector<std::vector<int>> downs(n);
  std::vector<int> waiting(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (const state::SnapshotId& parent : snapshots[i].payload.parents) {
      auto it = index.find(parent.name);
      if (it != index.end() && it->second != static_cast<int>(i)) {
        ups[i].push_back(it->second);
        downs[it->second].push_back(static_cast<int>(i));
        ++waiting[i];
      }
    }
  }
  std::set<int> ready;
  for (size_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) {
      ready.insert(static_cast<int>(i));
    }
  }
  std::vector<int> order;
  while (!ready.empty()) {
    const int i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    for (int child : downs[i]) {
      if (--waiting[child] == 0) {
        ready.insert(child);
      }
    }
  }
  // A cycle cannot be recorded by a plan; keep any leftovers in name order all the same.
  for (size_t i = 0; i < n; ++i) {
    if (waiting[i] > 0) {
      order.push_back(static_cast<int>(i));
    }
  }
  std::vector<int> position(n);
  for (size_t k = 0; k < n; ++k) {
    position[order[k]] = static_cast<int>(k);
  }
  std::vector<Snapshot> ordered;
  ordered.reserve(n);
  parents->assign(n, {});
  for (size_t k = 0; k < n; ++k) {
    for (int parent : ups[order[k]]) {
      (*parents)[k].push_back(position[parent]);
    }
    ordered.push_back(std::move(snapshots[order[k]]));
  }
  return ordered;
}

}  // namespace

Result<RunWork> PlanRun(state::StateStore& state, const RunOptions& options) {
  Result<state::EnvironmentRecord> environment = state.GetEnvironment(options.environment);
  if (!environment.ok()) {
    if (environment.status().code() == StatusCode::kNotFound) {
      return Status::NotFound(fmt::format("there is no environment `{}` yet", options.environment))
          .WithHint(fmt::format("create it with `strata plan {}`", options.environment));
    }
    return environment.status();
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                          ReadSnapshots(state, environment->snapshots));
  STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, SnapshotsFromRecords(records));
  records.clear();
  RunWork run;
  run.snapshots = OrderByDag(std::move(snapshots), &run.parents);
  // --select-model: the selected models and every model upstream of them (SQLMesh's rule), so
  // that a selected model's inputs are brought up to date before it runs.
  std::vector<bool> selected(run.snapshots.size(), true);
  if (!options.select_models.empty()) {
    SelectionGraph graph;
    graph.parents = run.parents;
    graph.children.resize(run.snapshots.size());
    for (size_t i = 0; i < run.snapshots.size(); ++i) {
      graph.names.push_back(run.snapshots[i].id.name);
      for (int parent : run.parents[i]) {
        graph.children[parent].push_back(static_cast<int>(i));
      }
    }
    Result<std::vector<bool>> matched = SelectNodes(graph, options.select_models);
    if (!matched.ok()) {
      return matched.status().WithContext(
          fmt::format("--select-model in the environment `{}`", options.environment));
    }
    selected = WithAncestors(graph, std::move(*matched));
  }

  std::vector<state::IntervalKey> keys;
  for (const Snapshot& snapshot : run.snapshots) {
    if (HasIntervals(snapshot.payload)) {
      keys.emplace_back(snapshot.id.name, snapshot.version);
    }
  }
  STRATA_ASSIGN_OR_RETURN(auto intervals, state.GetIntervals(keys));
  MissingIntervalsRequest request(options.execution_time);
  request.ignore_cron = options.ignore_cron;
  const IntervalSet none;
  std::vector<std::optional<int64_t>> starts(run.snapshots.size());
  std::vector<IntervalSet> available(run.snapshots.size());
  run.work.resize(run.snapshots.size());
  run.empty_table_first.assign(run.snapshots.size(), false);
  for (size_t i = 0; i < run.snapshots.size(); ++i) {
    const Snapshot& snapshot = run.snapshots[i];
    std::vector<int64_t> parent_starts;
    std::vector<const IntervalSet*> parent_available;
    for (int parent : run.parents[i]) {
      if (starts[parent]) {
        parent_starts.push_back(*starts[parent]);
      }
      parent_available.push_back(&available[parent]);
    }
    Result<std::optional<int64_t>> start =
        ResolveStart(snapshot.payload.schedule, parent_starts, options.execution_time);
    if (!start.ok()) {
      return start.status().WithContext(snapshot.id.name);
    }
    starts[i] = *start;
    auto recorded_it = intervals.find({snapshot.id.name, snapshot.version});
    const IntervalSet& recorded = recorded_it == intervals.end() ? none : recorded_it->second;
    Result<SnapshotWork> work = WorkFor(snapshot.payload, starts[i], recorded, request);
    if (!work.ok()) {
      return work.status().WithContext(snapshot.id.name);
    }
    const IntervalSet inputs = InputsComplete(parent_available);
    KeepCoveredUnits(snapshot.payload, inputs, &*work);
    if (!selected[i]) {
      work->batches.clear();
      work->missing.Clear();
    }
    available[i] = AvailableAfter(snapshot.payload, *work, recorded, inputs);
    run.empty_table_first[i] =
        IsIncrementalKind(snapshot.payload.kind) && recorded.empty() && !work->batches.empty();
    if (selected[i] && work->batches.empty()) {
      std::optional<int64_t> due =
          NextDueTimeFor(snapshot.payload, *work, recorded, options.execution_time);
      if (due && (!run.next_due || *due < *run.next_due)) {
        run.next_due = due;
        run.next_due_model = snapshot.id.name;
      }
    }
    run.work[i] = std::move(*work);
  }
  return run;
}

namespace {

// Adds the custom audits stored with `snapshot` to `project` (each name once).
Status AddStoredAudits(const Snapshot& snapshot, const std::shared_ptr<sql::Arena>& arena,
                       project::Project* project) {
  for (const auto& [file, text] : snapshot.payload.audits) {
    std::vector<Status> errors;
    std::vector<project::Audit> audits = project::LoadAuditFile(text, file, arena, &errors);
    if (!errors.empty()) {
      errors.insert(errors.begin(),
                    Status::ProjectError(fmt::format("the stored audits of {} do not load any more",
                                                     snapshot.id.name)));
      return Status::Combine(std::move(errors));
    }
    for (project::Audit& audit : audits) {
      if (project->FindAudit(audit.name) == nullptr) {
        project->audits.push_back(std::move(audit));
      }
    }
  }
  return Status::OK();
}

}  // namespace

std::vector<std::string> ModelFilesChangedSincePlan(const RunWork& work,
                                                    const std::filesystem::path& project_dir) {
  std::vector<std::string> changed;
  for (size_t i = 0; i < work.snapshots.size(); ++i) {
    const SnapshotPayload& payload = work.snapshots[i].payload;
    if (work.work[i].batches.empty() || payload.path.empty()) {
      continue;
    }
    std::ifstream file(project_dir / payload.path, std::ios::binary);
    std::string text;
    if (file) {
      text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    // A Jinja model's stored text is its rendering, not the file: such files are not compared.
    if (!file || (text != payload.source && project::FindJinja(text) == std::string::npos)) {
      changed.push_back(payload.path);
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

Result<BackfillSummary> ExecuteRun(const RunWork& work, const std::filesystem::path& project_dir,
                                   const project::Config& config, engine::Engine& engine,
                                   state::StateStore& state, const RunOptions& options,
                                   const std::function<void(const BatchReport&)>& on_batch_done) {
  const size_t n = work.snapshots.size();
  // The models to rebuild: those with batches, the models they read, and every EMBEDDED model
  // above them (inlined into their queries).
  std::vector<bool> needed(n, false);
  std::vector<int> stack;
  for (size_t i = 0; i < n; ++i) {
    if (!work.work[i].batches.empty()) {
      needed[i] = true;
      stack.push_back(static_cast<int>(i));
    }
  }
  std::vector<bool> expanded(n, false);
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (expanded[i]) {
      continue;
    }
    expanded[i] = true;
    const bool with_batches = !work.work[i].batches.empty();
    for (int parent : work.parents[i]) {
      needed[parent] = true;
      if (with_batches || work.snapshots[parent].payload.kind == "EMBEDDED") {
        stack.push_back(parent);
      }
    }
  }

  project::Project project;
  project.root = project_dir;
  project.config = config;
  project.config.variables.clear();
  auto arena = std::make_shared<sql::Arena>();
  auto audit_arena = std::make_shared<sql::Arena>();
  std::vector<int> model_of(n, -1);
  std::vector<std::pair<std::string, int>> order;
  for (size_t i = 0; i < n; ++i) {
    if (!needed[i]) {
      continue;
    }
    const Snapshot& snapshot = work.snapshots[i];
    STRATA_ASSIGN_OR_RETURN(project::Model model,
                            ModelFromPayload(snapshot, project_dir, options.execution_time, arena));
    for (const auto& [name, text] : snapshot.payload.variables) {
      try {
        project.config.variables[name] = YAML::Load(text);
      } catch (const std::exception& error) {
        return Status::Internal(fmt::format("variable {} of {} does not load: {}", name,
                                            snapshot.id.name, error.what()));
      }
    }
    STRATA_RETURN_IF_ERROR(AddStoredAudits(snapshot, audit_arena, &project));
    project.models.push_back(std::move(model));
    order.emplace_back(snapshot.id.name, static_cast<int>(i));
  }
  std::sort(project.audits.begin(), project.audits.end(),
            [](const project::Audit& a, const project::Audit& b) { return a.name < b.name; });
  // Project::models is sorted by name (its name_index and DAG rely on it).
  std::vector<size_t> sorted(project.models.size());
  for (size_t k = 0; k < sorted.size(); ++k) {
    sorted[k] = k;
  }
  std::sort(sorted.begin(), sorted.end(),
            [&](size_t a, size_t b) { return project.models[a].name < project.models[b].name; });
  std::vector<project::Model> models;
  for (size_t k : sorted) {
    model_of[order[k].second] = static_cast<int>(models.size());
    project.name_index[project.models[k].name] = static_cast<int>(models.size());
    models.push_back(std::move(project.models[k]));
  }
  project.models = std::move(models);
  std::vector<Status> dag_errors;  // references to models left out are expected
  project.dag = project::Dag::Build(project.models, &dag_errors);

  std::vector<const Snapshot*> all;
  for (const Snapshot& snapshot : work.snapshots) {
    all.push_back(&snapshot);
  }
  std::vector<BackfillModel> backfill_models(n);
  for (size_t i = 0; i < n; ++i) {
    const Snapshot& snapshot = work.snapshots[i];
    BackfillModel& model = backfill_models[i];
    model.model = model_of[i] >= 0 ? &project.models[model_of[i]] : nullptr;
    model.name = snapshot.id.name;
    model.table = PhysicalTableOf(snapshot);
    model.interval_key = {snapshot.id.name, snapshot.version};
    model.batches = work.work[i].batches;
    model.parents = work.parents[i];
    model.depends_on_past = snapshot.payload.depends_on_past;
    model.empty_table_first = work.empty_table_first[i];
    model.batch_concurrency = snapshot.payload.schedule.batch_concurrency;
  }
  BackfillOptions backfill;
  backfill.threads = options.threads;
  backfill.execution_time = options.execution_time;
  backfill.state_schema = state.schema();
  backfill.separate_state = options.separate_state ? &state : nullptr;
  backfill.table_mapping = PhysicalTableMapping(all);
  backfill.on_batch_done = on_batch_done;
  return Backfill(engine, project, backfill_models, backfill);
}

}  // namespace strata
