// The selection rule of a plan (`plan --select-model`): only the selected models' changes, and
// their descendants', are planned; every other model keeps the environment's snapshot (or stays
// out when the environment does not have it). The models upstream of the selection whose
// definition is the environment's still have their missing intervals processed (SQLMesh's rule:
// a selection brings its inputs up to date).
#include <fmt/format.h>

#include "core/model_selector.h"
#include "plan/plan_builder.h"

namespace strata {

Status PlanBuilder::ApplySelection() {
  keep.assign(n, nullptr);
  included.assign(n, true);
  upstream_of_selection.assign(n, false);
  kept_as_defined.assign(n, false);
  if (!options.select_models.empty()) {
    STRATA_ASSIGN_OR_RETURN(std::vector<bool> selected,
                            SelectModels(project, options.select_models));
    upstream_of_selection = WithAncestors(project, selected);
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
  STRATA_ASSIGN_OR_RETURN(snapshots, ComputeSnapshots(project, &keep));
  if (!options.select_models.empty()) {
    STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> own, ComputeSnapshots(project, nullptr));
    for (size_t i = 0; i < n; ++i) {
      kept_as_defined[i] = keep[i] != nullptr && upstream_of_selection[i] &&
                           keep[i]->payload.data_fingerprint == own[i].payload.data_fingerprint;
    }
  }
  return Status::OK();
}

}  // namespace strata
