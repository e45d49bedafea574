// PlanBuilder: the steps' order, reading the environments, and the snapshots the state has.
#include "plan/plan_builder.h"

#include <algorithm>

namespace strata {

namespace {

// The environment called `name`, nullopt when it does not exist.
Result<std::optional<state::EnvironmentRecord>> ReadEnvironment(state::StateStore& state,
                                                                const std::string& name) {
  Result<state::EnvironmentRecord> environment = state.GetEnvironment(name);
  if (environment.ok()) {
    return std::optional<state::EnvironmentRecord>(std::move(*environment));
  }
  if (environment.status().code() == StatusCode::kNotFound) {
    return std::optional<state::EnvironmentRecord>();
  }
  return environment.status();
}

// The snapshots of `ids`, by model name.
Result<std::unordered_map<std::string, Snapshot>> SnapshotsByName(
    state::StateStore& state, const std::vector<state::SnapshotId>& ids) {
  std::unordered_map<std::string, Snapshot> out;
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records, ReadSnapshots(state, ids));
  STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, SnapshotsFromRecords(records));
  for (Snapshot& snapshot : snapshots) {
    out.emplace(snapshot.id.name, std::move(snapshot));
  }
  return out;
}

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

PlanBuilder::PlanBuilder(const project::Project& project_in, state::StateStore& state_in,
                         const PlanOptions& options_in)
    : project(project_in),
      state(state_in),
      options(options_in),
      is_prod(options_in.environment == "prod"),
      n(project_in.models.size()) {
  plan.environment = options.environment;
  plan.execution_time = options.execution_time;
  plan.include_unmodified = options.include_unmodified;
  plan.environment_ttl = options.environment_ttl;
  plan.suffix_target = project_in.config.environment_suffix_target;
  plan.snapshot_ttl = options.snapshot_ttl;
}

Result<Plan> PlanBuilder::Build() {
  STRATA_RETURN_IF_ERROR(ReadEnvironments());
  STRATA_RETURN_IF_ERROR(ApplySelection());
  STRATA_RETURN_IF_ERROR(FindExisting());
  STRATA_RETURN_IF_ERROR(DecideVersions());
  DecideViews();
  STRATA_RETURN_IF_ERROR(DecideRestatement());
  STRATA_RETURN_IF_ERROR(ComputeWork());
  return std::move(plan);
}

Status PlanBuilder::ReadEnvironments() {
  STRATA_ASSIGN_OR_RETURN(plan.previous, ReadEnvironment(state, options.environment));
  if (is_prod) {
    prod = plan.previous;
  } else {
    STRATA_ASSIGN_OR_RETURN(prod, ReadEnvironment(state, "prod"));
  }
  const std::optional<state::EnvironmentRecord>& base = plan.previous ? plan.previous : prod;
  if (base) {
    plan.compared_with = base->name;
    STRATA_ASSIGN_OR_RETURN(old_by_name, SnapshotsByName(state, base->snapshots));
  }
  // Prod's snapshots by name: the compared ones when the plan is compared with prod.
  if (prod && !(base && base->name == "prod")) {
    STRATA_ASSIGN_OR_RETURN(prod_storage, SnapshotsByName(state, prod->snapshots));
  }
  prod_by_name = base && base->name == "prod" ? &old_by_name : &prod_storage;
  return Status::OK();
}

Status PlanBuilder::FindExisting() {
  std::vector<state::SnapshotId> unknown;
  for (size_t i = 0; i < n; ++i) {
    const state::SnapshotId& id = snapshots[i].id;
    auto old = old_by_name.find(id.name);
    if (old != old_by_name.end() && old->second.id == id) {
      existing.emplace(id, &old->second);
    } else if (included[i]) {
      unknown.push_back(id);
    }
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                          ReadSnapshots(state, unknown));
  read_back.reserve(records.size());
  for (const state::SnapshotRecord& record : records) {
    STRATA_ASSIGN_OR_RETURN(Snapshot snapshot, SnapshotFromRecord(record));
    read_back.push_back(std::move(snapshot));
  }
  for (const Snapshot& snapshot : read_back) {
    existing.emplace(snapshot.id, &snapshot);
  }
  std::vector<std::string> new_names;
  for (size_t i = 0; i < n; ++i) {
    if (included[i] && !existing.contains(snapshots[i].id)) {
      new_names.push_back(snapshots[i].id.name);
    }
  }
  if (!new_names.empty()) {
    std::sort(new_names.begin(), new_names.end());
    STRATA_ASSIGN_OR_RETURN(reusable, ExistingVersions(state, new_names));
  }
  return Status::OK();
}

std::string PlanBuilder::FreshVersion(const Snapshot& snapshot) const {
  auto reuse = reusable.find(std::make_pair(snapshot.id.name, snapshot.payload.data_fingerprint));
  return reuse != reusable.end() ? reuse->second : snapshot.version;
}

bool PlanBuilder::WritesProdsTable(size_t i) const {
  if (is_prod) {
    return false;
  }
  const Snapshot& snapshot = plan.snapshots[i].snapshot;
  auto in_prod = prod_by_name->find(snapshot.id.name);
  return in_prod != prod_by_name->end() && in_prod->second.version == snapshot.version;
}

}  // namespace strata
