// Categories and versions (DESIGN.md §4, docs/environments.md "Change categories"), parents
// first: a snapshot the state has keeps its version and category; a new one is categorized
// against the environment's (automatically, or by asking) and gets a new table or keeps the old
// one. Isolation: outside prod a forward-only change gets a snapshot and a table of its own, so
// prod's table is never altered by another environment's plan. Also lists the difference.
#include <algorithm>

#include "core/categorize.h"
#include "plan/plan_builder.h"

namespace strata {

namespace {

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

Status PlanBuilder::DecideVersions() {
  plan.snapshots.resize(n);
  std::vector<bool> breaks(n, false);     // the model's change gives its children new versions
  std::vector<bool> new_table(n, false);  // the model's table is not the environment's
  // A dev table (a forward-only preview), or an EMBEDDED model that inlines one into its children.
  std::vector<bool> passes_preview(n, false);
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
    auto known = existing.find(snapshot.id);
    if (known == existing.end() && old != nullptr && !is_prod &&
        old->id.fingerprint == snapshot.id.fingerprint + kDevTableSuffix) {
      // This environment previews a forward-only change in a table of its own (below): the
      // project still defines that snapshot.
      snapshot.id = old->id;
      known = existing.emplace(old->id, old).first;
    }
    if (old != nullptr && old->id != snapshot.id) {
      planned.previous = *old;  // for the diff; unchanged models need no copy of their payload
    }
    bool reads_preview = false;  // a parent is (or inlines) a dev table
    bool parent_table_changed = false;
    for (int parent : project.dag.parents(i)) {
      reads_preview = reads_preview || passes_preview[parent];
      parent_table_changed = parent_table_changed || new_table[parent];
    }
    const bool embedded = model.kind.name == project::ModelKindName::kEmbedded;
    bool upstream_breaks = false;
    for (int parent : project.dag.parents(i)) {
      upstream_breaks = upstream_breaks || breaks[parent];
    }
    const bool direct =
        old != nullptr && (old->payload.data_hash != snapshot.payload.data_hash ||
                           old->payload.metadata_hash != snapshot.payload.metadata_hash);
    if (known != existing.end()) {
      snapshot.version = known->second->version;
      snapshot.payload.change_category = known->second->payload.change_category;
      planned.dev_table = snapshot.id.fingerprint.ends_with(kDevTableSuffix);
    } else {
      planned.is_new = true;
      if (old == nullptr) {
        snapshot.version = FreshVersion(snapshot);
      } else {
        ChangeCategory category = ChangeCategory::kIndirectNonBreaking;
        const bool forward_only =
            (direct || upstream_breaks) && old->payload.kind == snapshot.payload.kind &&
            model.kind.IsIncremental() && (model.kind.forward_only || options.forward_only);
        if (direct && old->payload.data_hash == snapshot.payload.data_hash) {
          category = ChangeCategory::kMetadata;
        } else if (forward_only) {
          // The changed model keeps its table and the intervals it holds; the new logic applies
          // to intervals processed from now on (materialize/forward_only.h reconciles the columns).
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
        const std::string own_version = FreshVersion(snapshot);
        snapshot.version =
            NeedsNewVersion(category, *old, snapshot, upstream_breaks) ? own_version : old->version;
        if (snapshot.version == old->version &&
            snapshot.payload.physical_schema != old->payload.physical_schema) {
          // physical_schema_mapping moved the model's tables: a version's table never moves,
          // so the model gets a new one (filled as any new version), whatever the category.
          snapshot.version = own_version;
          planned.forward_only = false;
        }
        if (planned.forward_only && !is_prod) {
          // Isolation (DESIGN.md §4): outside prod a forward-only change never touches the table
          // prod reads. It gets a snapshot and a table of its own, filled over a preview range;
          // prod's plan later applies the change to prod's table.
          planned.forward_only = false;
          planned.dev_table = true;
          snapshot.version = own_version;
        }
        // A VIEW's physical view names its parents' tables (through EMBEDDED parents too):
        // when one of them is new, the old view must keep reading the old table (another
        // environment uses it), so this snapshot gets a view of its own, with the same rows (its
        // children keep their tables).
        if (model.kind.name == project::ModelKindName::kView && parent_table_changed &&
            snapshot.version == old->version) {
          snapshot.version = own_version;
        }
      }
      // A change that keeps the table of a dev snapshot (a metadata change of a forward-only
      // preview, say) keeps it a dev snapshot: prod must never adopt the preview's table.
      if (!planned.dev_table && old != nullptr && snapshot.version == old->version &&
          old->id.fingerprint.ends_with(kDevTableSuffix)) {
        planned.dev_table = true;
      }
      // A table of its own that reads a preview is a preview too: its rows (or a VIEW's
      // physical view) are not prod's to reuse, so it must not share the snapshot prod will plan.
      if (!is_prod && !planned.dev_table && reads_preview &&
          (old == nullptr || snapshot.version != old->version)) {
        planned.dev_table = true;
      }
      if (planned.dev_table) {
        // Another environment may have made this snapshot already: share its table.
        snapshot.id.fingerprint += kDevTableSuffix;
        STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> made,
                                ReadSnapshots(state, {snapshot.id}));
        if (!made.empty()) {
          snapshot.version = made.front().version;
          planned.is_new = false;
        }
      }
    }
    // An EMBEDDED model has no table: its children read its parents' tables.
    new_table[i] =
        old == nullptr || snapshot.version != old->version || (embedded && parent_table_changed);
    passes_preview[i] = planned.dev_table || (embedded && reads_preview);

    // The difference.
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
      if (direct) {
        plan.directly_modified.push_back(snapshot.id.name);
      } else if (old->payload.data_fingerprint != snapshot.payload.data_fingerprint) {
        plan.indirectly_modified.push_back(snapshot.id.name);
      }
      // (A child whose data is unchanged, under a parent's metadata-only change, gets a new
      // snapshot record but is not listed: nothing about its rows changed.)
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

  return Status::OK();
}

}  // namespace strata
