// BuildPlan: snapshots of the project against an environment, change categories, versions,
// views, and missing intervals (docs/plan_and_run.md, docs/environments.md).
#include "core/plan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.h"
#include "core/categorize.h"
#include "core/missing_intervals.h"
#include "core/model_selector.h"

namespace strata {

bool Plan::HasChanges() const {
  if (!previous || !added.empty() || !removed.empty() || !directly_modified.empty() ||
      !indirectly_modified.empty() || !dropped_views.empty()) {
    return true;
  }
  return std::any_of(snapshots.begin(), snapshots.end(),
                     [](const PlannedSnapshot& planned) { return planned.view_changed; });
}

int Plan::BatchCount() const {
  int count = 0;
  for (const PlannedSnapshot& planned : snapshots) {
    count += static_cast<int>(planned.work.batches.size());
  }
  return count;
}

Status ValidateEnvironmentName(const std::string& name) {
  if (name.empty()) {
    return Status::InvalidArgument("the environment name is empty")
        .WithHint("name an environment with lowercase letters, digits and `_`, e.g. dev");
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::InvalidArgument(
                 fmt::format("environment name '{}' has the character '{}'", name, c))
          .WithHint(
              fmt::format("an environment name has only lowercase letters, digits and `_`, e.g. "
                          "'{}'",
                          [&] {
                            std::string fixed;
                            for (char d : ToLower(name)) {
                              fixed += (IsAsciiAlpha(d) || IsAsciiDigit(d)) ? d : '_';
                            }
                            return fixed;
                          }()));
    }
  }
  return Status::OK();
}

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

// Whether a change of `category` from `previous` to `snapshot` needs a new physical table, given
// whether a parent's change breaks its children.
bool NeedsNewVersion(ChangeCategory category, const Snapshot& previous, const Snapshot& snapshot,
                     bool upstream_breaks) {
  if (snapshot.payload.data_fingerprint == previous.payload.data_fingerprint) {
    return false;
  }
  switch (category) {
    case ChangeCategory::kBreaking:
    case ChangeCategory::kNonBreaking:
    case ChangeCategory::kIndirectBreaking:
      return true;
    case ChangeCategory::kMetadata:
      return upstream_breaks;
    case ChangeCategory::kForwardOnly:
    case ChangeCategory::kIndirectNonBreaking:
      return false;
  }
  return true;
}

}  // namespace

Result<Plan> BuildPlan(const project::Project& project, state::StateStore& state,
                       const PlanOptions& options) {
  STRATA_RETURN_IF_ERROR(ValidateEnvironmentName(options.environment));
  const bool is_prod = options.environment == "prod";
  const size_t n = project.models.size();
  Plan plan;
  plan.environment = options.environment;
  plan.execution_time = options.execution_time;
  plan.include_unmodified = options.include_unmodified;
  plan.environment_ttl = options.environment_ttl;
  plan.snapshot_ttl = options.snapshot_ttl;

  // ---- the environment as it is, and the one the difference is against
  STRATA_ASSIGN_OR_RETURN(plan.previous, ReadEnvironment(state, options.environment));
  std::optional<state::EnvironmentRecord> prod;
  if (is_prod) {
    prod = plan.previous;
  } else {
    STRATA_ASSIGN_OR_RETURN(prod, ReadEnvironment(state, "prod"));
  }
  const std::optional<state::EnvironmentRecord>& base = plan.previous ? plan.previous : prod;
  std::unordered_map<std::string, Snapshot> old_by_name;
  if (base) {
    plan.compared_with = base->name;
    STRATA_ASSIGN_OR_RETURN(old_by_name, SnapshotsByName(state, base->snapshots));
  }
  // Prod's snapshots by name: the compared ones when the plan is compared with prod.
  std::unordered_map<std::string, Snapshot> prod_storage;
  if (prod && !(base && base->name == "prod")) {
    STRATA_ASSIGN_OR_RETURN(prod_storage, SnapshotsByName(state, prod->snapshots));
  }
  const std::unordered_map<std::string, Snapshot>& prod_by_name =
      base && base->name == "prod" ? old_by_name : prod_storage;

  // ---- --select-model: models outside the selection (and its descendants) keep the
  // environment's snapshot, or stay out when the environment does not have them
  std::vector<const Snapshot*> keep(n, nullptr);
  std::vector<bool> included(n, true);
  if (!options.select_models.empty()) {
    STRATA_ASSIGN_OR_RETURN(std::vector<bool> selected,
                            SelectModels(project, options.select_models));
    const std::vector<bool> planned = WithDescendants(project, selected);
    for (size_t i = 0; i < n; ++i) {
      if (planned[i]) {
        continue;
      }
      auto old = old_by_name.find(project.models[i].name);
      if (old != old_by_name.end()) {
        keep[i] = &old->second;
      } else {
        included[i] = false;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      for (int parent : project.dag.parents(static_cast<int>(i))) {
        if (included[i] && !included[parent]) {
          return Status::InvalidArgument(
                     fmt::format("{} reads {}, a new model that --select-model leaves out",
                                 project.models[i].name, project.models[parent].name))
              .WithHint(fmt::format("add --select-model {}", project.models[parent].name));
        }
      }
    }
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ComputeSnapshots(project, &keep));

  // ---- snapshots that exist already keep their version and category
  // (Pointers into old_by_name, or into read_back for snapshots of other environments.)
  std::map<state::SnapshotId, const Snapshot*> existing;
  std::vector<Snapshot> read_back;
  {
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
  }
  std::vector<std::string> new_names;
  for (size_t i = 0; i < n; ++i) {
    if (included[i] && !existing.contains(snapshots[i].id)) {
      new_names.push_back(snapshots[i].id.name);
    }
  }
  std::map<std::pair<std::string, std::string>, std::string> reusable;
  if (!new_names.empty()) {
    std::sort(new_names.begin(), new_names.end());
    STRATA_ASSIGN_OR_RETURN(reusable, ExistingVersions(state, new_names));
  }
  // A new table's version: an existing snapshot's with the same data fingerprint, else its own.
  auto fresh_version = [&](const Snapshot& snapshot) {
    auto reuse = reusable.find(std::make_pair(snapshot.id.name, snapshot.payload.data_fingerprint));
    return reuse != reusable.end() ? reuse->second : snapshot.version;
  };

  // ---- categories and versions, parents first
  plan.snapshots.resize(n);
  std::vector<bool> breaks(n, false);     // the model's change gives its children new versions
  std::vector<bool> new_table(n, false);  // the model's table is not the environment's
  for (int i : project.dag.order()) {
    PlannedSnapshot& planned = plan.snapshots[i];
    planned.snapshot = std::move(snapshots[i]);
    planned.included = included[i];
    if (!included[i]) {
      continue;
    }
    Snapshot& snapshot = planned.snapshot;
    const project::Model& model = project.models[i];
    auto old_it = old_by_name.find(snapshot.id.name);
    const Snapshot* old = old_it == old_by_name.end() ? nullptr : &old_it->second;
    if (old != nullptr && old->id != snapshot.id) {
      planned.previous = *old;  // for the diff; unchanged models need no copy of their payload
    }
    bool upstream_breaks = false;
    for (int parent : project.dag.parents(i)) {
      upstream_breaks = upstream_breaks || breaks[parent];
    }
    const bool direct =
        old != nullptr && (old->payload.data_hash != snapshot.payload.data_hash ||
                           old->payload.metadata_hash != snapshot.payload.metadata_hash);
    auto known = existing.find(snapshot.id);
    if (known != existing.end()) {
      snapshot.version = known->second->version;
      snapshot.payload.change_category = known->second->payload.change_category;
    } else {
      planned.is_new = true;
      if (old == nullptr) {
        snapshot.version = fresh_version(snapshot);
      } else {
        ChangeCategory category = ChangeCategory::kIndirectNonBreaking;
        const bool forward_only =
            (direct || upstream_breaks) && old->payload.kind == snapshot.payload.kind &&
            model.kind.IsIncremental() && (model.kind.forward_only || options.forward_only);
        if (direct && old->payload.data_hash == snapshot.payload.data_hash) {
          category = ChangeCategory::kMetadata;
        } else if (forward_only) {
          // The changed model keeps its table and the intervals it holds; the new logic applies
          // to intervals processed from now on (core/forward_only.h reconciles the columns).
          category = ChangeCategory::kForwardOnly;
        } else if (direct) {
          std::optional<ChangeCategory> automatic =
              AutoCategorize(project, model, *old, options.execution_time);
          if (automatic) {
            category = *automatic;
          } else if (options.categorize) {
            category = options.categorize(UnsureChange{snapshot.id.name, &model, old});
          } else {
            category = ChangeCategory::kBreaking;
          }
        } else if (upstream_breaks) {
          category = ChangeCategory::kIndirectBreaking;
        }
        planned.forward_only = category == ChangeCategory::kForwardOnly;
        snapshot.payload.change_category = category;
        const std::string own_version = fresh_version(snapshot);
        snapshot.version =
            NeedsNewVersion(category, *old, snapshot, upstream_breaks) ? own_version : old->version;
        // A VIEW's physical view names its parents' tables: when one of them is new, the old
        // view must keep reading the old table (another environment uses it), so this snapshot
        // gets a view of its own, with the same rows (its children keep their tables).
        bool parent_table_changed = false;
        for (int parent : project.dag.parents(i)) {
          parent_table_changed = parent_table_changed || new_table[parent];
        }
        if (model.kind.name == project::ModelKindName::kView && parent_table_changed &&
            snapshot.version == old->version) {
          snapshot.version = own_version;
        }
      }
    }
    new_table[i] = old == nullptr || snapshot.version != old->version;

    // ---- the difference
    if (old == nullptr) {
      planned.change = ModelChange::kAdded;
      plan.added.push_back(snapshot.id.name);
    } else if (old->id != snapshot.id) {
      planned.change = direct ? ModelChange::kDirect : ModelChange::kIndirect;
      planned.category = snapshot.payload.change_category;
      if (!planned.category) {
        // Created where the model was new: show what it is against this environment.
        planned.category = direct ? (old->payload.data_hash == snapshot.payload.data_hash
                                         ? ChangeCategory::kMetadata
                                         : ChangeCategory::kBreaking)
                                  : (upstream_breaks ? ChangeCategory::kIndirectBreaking
                                                     : ChangeCategory::kIndirectNonBreaking);
      }
      (direct ? plan.directly_modified : plan.indirectly_modified).push_back(snapshot.id.name);
      // A new version without new rows (a view recreated over a parent's new table) breaks
      // nothing below it.
      const bool same_rows = *planned.category == ChangeCategory::kIndirectNonBreaking ||
                             (*planned.category == ChangeCategory::kMetadata && !upstream_breaks);
      breaks[i] = snapshot.version != old->version &&
                  *planned.category != ChangeCategory::kNonBreaking &&
                  *planned.category != ChangeCategory::kForwardOnly && !same_rows;
    }
  }
  for (auto& [name, old] : old_by_name) {
    if (project.FindModel(name) == nullptr) {
      if (options.select_models.empty()) {
        plan.removed.push_back(old);
      } else {
        plan.kept.push_back(old);  // not selected: stays in the environment
      }
    }
  }
  std::sort(plan.added.begin(), plan.added.end());
  std::sort(plan.directly_modified.begin(), plan.directly_modified.end());
  std::sort(plan.indirectly_modified.begin(), plan.indirectly_modified.end());
  auto by_name = [](const Snapshot& a, const Snapshot& b) { return a.id.name < b.id.name; };
  std::sort(plan.removed.begin(), plan.removed.end(), by_name);
  std::sort(plan.kept.begin(), plan.kept.end(), by_name);

  // ---- views: prod has one per model; another environment one per model that differs from
  // prod (every model with --include-unmodified)
  std::map<std::string, const Snapshot*> previously_promoted;
  if (plan.previous) {
    std::set<state::SnapshotId> promoted_ids;
    if (plan.previous->promoted) {
      promoted_ids.insert(plan.previous->promoted->begin(), plan.previous->promoted->end());
    }
    for (const auto& [name, old] : old_by_name) {
      if (!plan.previous->promoted || promoted_ids.contains(old.id)) {
        previously_promoted.emplace(name, &old);
      }
    }
  }
  for (PlannedSnapshot& planned : plan.snapshots) {
    if (!planned.included) {
      continue;
    }
    const Snapshot& snapshot = planned.snapshot;
    if (KindIsMaterialized(snapshot.payload.kind)) {
      auto in_prod = prod_by_name.find(snapshot.id.name);
      planned.promoted = is_prod || options.include_unmodified || in_prod == prod_by_name.end() ||
                         in_prod->second.id != snapshot.id;
    }
    auto before = previously_promoted.find(snapshot.id.name);
    const bool had_view =
        before != previously_promoted.end() && KindIsMaterialized(before->second->payload.kind);
    if (planned.promoted) {
      planned.view_changed = !had_view || before->second->version != snapshot.version ||
                             before->second->payload.kind != snapshot.payload.kind ||
                             planned.forward_only;
    } else if (had_view) {
      plan.dropped_views.push_back(*before->second);
    }
  }
  for (const Snapshot& removed : plan.removed) {
    auto before = previously_promoted.find(removed.id.name);
    if (before != previously_promoted.end() && KindIsMaterialized(removed.payload.kind)) {
      plan.dropped_views.push_back(removed);
    }
  }
  for (const Snapshot& kept : plan.kept) {
    if (previously_promoted.contains(kept.id.name)) {
      plan.kept_promoted.push_back(kept.id);
    }
  }

  // ---- restatement: the named models and their descendants (refused for disable_restatement)
  std::vector<bool> restate(n, false);
  if (!options.restate_models.empty()) {
    STRATA_ASSIGN_OR_RETURN(std::vector<bool> named, SelectModels(project, options.restate_models));
    for (size_t i = 0; i < n; ++i) {
      if (named[i] && project.models[i].kind.disable_restatement) {
        return Status::InvalidArgument(
                   fmt::format("cannot restate {}: its kind sets disable_restatement",
                               project.models[i].name))
            .WithHint(
                "leave it out of --restate-model; its history cannot be processed again "
                "(SCD type 2 models keep history that a re-run would lose)");
      }
    }
    const std::vector<bool> reached = WithDescendants(project, named);
    for (size_t i = 0; i < n; ++i) {
      const PlannedSnapshot& planned = plan.snapshots[i];
      if (!reached[i] || !planned.included || !HasIntervals(planned.snapshot.payload)) {
        continue;
      }
      auto in_prod = prod_by_name.find(planned.snapshot.id.name);
      const bool prods_table = !is_prod && in_prod != prod_by_name.end() &&
                               in_prod->second.version == planned.snapshot.version;
      if (project.models[i].kind.disable_restatement) {
        plan.restatement_skipped.emplace_back(planned.snapshot.id.name, "disable_restatement");
      } else if (prods_table) {
        plan.restatement_skipped.emplace_back(planned.snapshot.id.name,
                                              "its table is prod's: restate it in prod");
      } else {
        restate[i] = true;
        plan.restated.push_back(planned.snapshot.id.name);
      }
    }
    std::sort(plan.restated.begin(), plan.restated.end());
    std::sort(plan.restatement_skipped.begin(), plan.restatement_skipped.end());
  }

  // ---- missing intervals, in DAG order (a model's default start is its parents')
  std::vector<state::IntervalKey> keys;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    if (planned.included && HasIntervals(planned.snapshot.payload)) {
      keys.emplace_back(planned.snapshot.id.name, planned.snapshot.version);
    }
  }
  std::vector<state::IntervalKey> prod_keys;
  if (!is_prod && !options.end) {
    for (const auto& [name, snapshot] : prod_by_name) {
      if (HasIntervals(snapshot.payload)) {
        prod_keys.emplace_back(name, snapshot.version);
        keys.push_back(prod_keys.back());
      }
    }
  }
  STRATA_ASSIGN_OR_RETURN(auto intervals, state.GetIntervals(keys));
  plan.range_start = options.start;
  plan.range_end = options.end;
  if (!is_prod && !options.end) {
    // Prod's end: the latest instant prod has processed.
    for (const state::IntervalKey& key : prod_keys) {
      auto recorded = intervals.find(key);
      if (recorded != intervals.end() && !recorded->second.empty()) {
        const int64_t end = recorded->second.Hull().end;
        plan.range_end = plan.range_end ? std::max(*plan.range_end, end) : end;
      }
    }
  }
  MissingIntervalsRequest request(options.execution_time);
  if (plan.range_start || plan.range_end) {
    constexpr int64_t kFar = std::numeric_limits<int64_t>::max() / 4;
    request.range = Interval{plan.range_start.value_or(-kFar), plan.range_end.value_or(kFar)};
  }
  const IntervalSet none;
  for (int i : project.dag.order()) {
    PlannedSnapshot& planned = plan.snapshots[i];
    if (!planned.included) {
      continue;
    }
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
    auto found = intervals.find({payload.name, planned.snapshot.version});
    IntervalSet recorded = found == intervals.end() ? none : found->second;
    Result<SnapshotWork> work = WorkFor(payload, planned.start, recorded, request);
    if (!work.ok()) {
      return work.status().WithContext(payload.name);
    }
    if (restate[i] && work->policy) {
      const Interval window = CandidateWindow(*work->policy, request);
      planned.restated = recorded.Clip(window.start, window.end);
      if (!planned.restated.empty()) {
        // A model without a start keeps the one its history gives it (WorkFor), so the cleared
        // history is processed again, not only the last unit.
        const std::optional<int64_t> kept_start =
            planned.start ? planned.start : std::optional<int64_t>(work->policy->start);
        work = WorkFor(payload, kept_start, recorded.Subtract(planned.restated), request);
        if (!work.ok()) {
          return work.status().WithContext(payload.name);
        }
      }
    }
    if (keep[i] != nullptr) {
      // Left out by --select-model: the project's definition is not the snapshot's; `run`
      // processes its intervals from the stored definition.
      work->batches.clear();
      work->missing.Clear();
    }
    planned.work = std::move(*work);
  }
  return plan;
}

}  // namespace strata
