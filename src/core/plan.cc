// BuildPlan: snapshots of the project against an environment, versions, and missing intervals.
#include "core/plan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.h"

namespace strata {

bool Plan::HasChanges() const {
  return !added.empty() || !removed.empty() || !directly_modified.empty() ||
         !indirectly_modified.empty();
}

int Plan::BatchCount() const {
  int count = 0;
  for (const PlannedSnapshot& planned : snapshots) {
    count += static_cast<int>(planned.work.batches.size());
  }
  return count;
}

namespace {

// The versions of existing snapshots by (name, data fingerprint), read only when the plan has new
// snapshots.
Result<std::map<std::pair<std::string, std::string>, std::string>> ExistingVersions(
    state::StateStore& state, const std::vector<std::string>& names) {
  std::map<std::pair<std::string, std::string>, std::string> versions;
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records, state.AllSnapshots());
  for (const state::SnapshotRecord& record : records) {
    if (!std::binary_search(names.begin(), names.end(), record.id.name)) {
      continue;
    }
    Result<SnapshotPayload> payload = ParsePayload(record.payload);
    if (payload.ok()) {
      versions.emplace(std::make_pair(record.id.name, payload->data_fingerprint), record.version);
    }
  }
  return versions;
}

}  // namespace

Result<Plan> BuildPlan(const project::Project& project, state::StateStore& state,
                       const PlanOptions& options) {
  Plan plan;
  plan.environment = options.environment;
  plan.execution_time = options.execution_time;
  STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ComputeSnapshots(project));

  // ---- the environment as it is
  std::unordered_map<std::string, Snapshot> old_by_name;
  Result<state::EnvironmentRecord> environment = state.GetEnvironment(options.environment);
  if (environment.ok()) {
    plan.previous = *environment;
    STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                            ReadSnapshots(state, environment->snapshots));
    for (const state::SnapshotRecord& record : records) {
      STRATA_ASSIGN_OR_RETURN(Snapshot old, SnapshotFromRecord(record));
      old_by_name.emplace(old.id.name, std::move(old));
    }
  } else if (environment.status().code() != StatusCode::kNotFound) {
    return environment.status();
  }

  // ---- versions: existing snapshots keep theirs; new ones reuse one with the same data
  std::vector<state::SnapshotId> ids;
  ids.reserve(snapshots.size());
  for (const Snapshot& snapshot : snapshots) {
    ids.push_back(snapshot.id);
  }
  std::map<state::SnapshotId, std::string> existing;
  {
    std::vector<state::SnapshotId> unknown;
    for (const state::SnapshotId& id : ids) {
      auto old = old_by_name.find(id.name);
      if (old != old_by_name.end() && old->second.id == id) {
        existing.emplace(id, old->second.version);
      } else {
        unknown.push_back(id);
      }
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                            ReadSnapshots(state, unknown));
    for (const state::SnapshotRecord& record : records) {
      existing.emplace(record.id, record.version);
    }
  }
  std::vector<std::string> new_names;
  for (const Snapshot& snapshot : snapshots) {
    if (!existing.contains(snapshot.id)) {
      new_names.push_back(snapshot.id.name);
    }
  }
  std::map<std::pair<std::string, std::string>, std::string> reusable;
  if (!new_names.empty()) {
    std::sort(new_names.begin(), new_names.end());
    STRATA_ASSIGN_OR_RETURN(reusable, ExistingVersions(state, new_names));
  }

  plan.snapshots.resize(snapshots.size());
  for (size_t i = 0; i < snapshots.size(); ++i) {
    PlannedSnapshot& planned = plan.snapshots[i];
    planned.snapshot = std::move(snapshots[i]);
    Snapshot& snapshot = planned.snapshot;
    auto known = existing.find(snapshot.id);
    if (known != existing.end()) {
      snapshot.version = known->second;
    } else {
      planned.is_new = true;
      auto reuse =
          reusable.find(std::make_pair(snapshot.id.name, snapshot.payload.data_fingerprint));
      if (reuse != reusable.end()) {
        snapshot.version = reuse->second;
      }
    }
    // ---- the difference
    auto old = old_by_name.find(snapshot.id.name);
    if (planned.is_new && old != old_by_name.end() && snapshot.model_index >= 0 &&
        old->second.payload.kind == snapshot.payload.kind) {
      // forward-only: the changed model keeps its table and the intervals it holds
      const project::ModelKind& kind = project.models[snapshot.model_index].kind;
      if (kind.IsIncremental() && (kind.forward_only || options.forward_only)) {
        snapshot.version = old->second.version;
        planned.forward_only = true;
      }
    }
    if (old == old_by_name.end()) {
      plan.added.push_back(snapshot.id.name);
      planned.view_changed = true;
      continue;
    }
    planned.view_changed = old->second.version != snapshot.version ||
                           old->second.payload.kind != snapshot.payload.kind ||
                           planned.forward_only;
    if (old->second.id.fingerprint == snapshot.id.fingerprint) {
      continue;
    }
    if (old->second.payload.data_hash != snapshot.payload.data_hash ||
        old->second.payload.metadata_hash != snapshot.payload.metadata_hash) {
      plan.directly_modified.push_back(snapshot.id.name);
    } else {
      plan.indirectly_modified.push_back(snapshot.id.name);
    }
  }
  for (auto& [name, old] : old_by_name) {
    if (project.FindModel(name) == nullptr) {
      plan.removed.push_back(old);
    }
  }
  std::sort(plan.added.begin(), plan.added.end());
  std::sort(plan.directly_modified.begin(), plan.directly_modified.end());
  std::sort(plan.indirectly_modified.begin(), plan.indirectly_modified.end());
  std::sort(plan.removed.begin(), plan.removed.end(),
            [](const Snapshot& a, const Snapshot& b) { return a.id.name < b.id.name; });

  // ---- missing intervals, in DAG order (a model's default start is its parents')
  std::vector<state::IntervalKey> keys;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    if (KindHasIntervals(planned.snapshot.payload.kind)) {
      keys.emplace_back(planned.snapshot.id.name, planned.snapshot.version);
    }
  }
  STRATA_ASSIGN_OR_RETURN(auto intervals, state.GetIntervals(keys));
  MissingIntervalsRequest request(options.execution_time);
  if (options.start || options.end) {
    constexpr int64_t kFar = std::numeric_limits<int64_t>::max() / 4;
    request.range = Interval{options.start.value_or(-kFar), options.end.value_or(kFar)};
  }
  const IntervalSet none;
  for (int i : project.dag.order()) {
    PlannedSnapshot& planned = plan.snapshots[i];
    const SnapshotPayload& payload = planned.snapshot.payload;
    std::vector<int64_t> parent_starts;
    for (int parent : project.dag.parents(i)) {
      if (plan.snapshots[parent].start) {
        parent_starts.push_back(*plan.snapshots[parent].start);
      }
    }
    Result<std::optional<int64_t>> start =
        ResolveStart(payload.schedule, parent_starts, options.execution_time);
    if (!start.ok()) {
      return start.status().WithContext(payload.name);
    }
    planned.start = *start;
    auto recorded = intervals.find({payload.name, planned.snapshot.version});
    Result<SnapshotWork> work = WorkFor(
        payload, planned.start, recorded == intervals.end() ? none : recorded->second, request);
    if (!work.ok()) {
      return work.status().WithContext(payload.name);
    }
    planned.work = std::move(*work);
  }
  return plan;
}

}  // namespace strata
