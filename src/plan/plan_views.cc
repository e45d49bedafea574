// Which models have views in the environment: prod has one per model; another environment one
// per model that differs from prod (every model with --include-unmodified). Also the views that
// are dropped (models removed, or no longer differing from prod).
#include <map>
#include <set>

#include "plan/plan_builder.h"

namespace strata {

void PlanBuilder::DecideViews() {
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
      auto in_prod = prod_by_name->find(snapshot.id.name);
      planned.promoted = is_prod || options.include_unmodified || in_prod == prod_by_name->end() ||
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
}

}  // namespace strata
