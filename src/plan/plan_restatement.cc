// Restatement (`plan --restate-model`, `plan --full-refresh`): the named models and their
// descendants are processed again — over [--start, --end), or over their whole history for a full
// refresh. A named model with `disable_restatement` is refused; a descendant with it is skipped,
// and so, outside prod, is a model whose table is prod's (a dev plan never rewrites prod's data).
#include <algorithm>

#include <fmt/format.h>

#include "core/model_selector.h"
#include "plan/plan_builder.h"

namespace strata {

Status PlanBuilder::DecideRestatement() {
  restate.assign(n, false);
  whole_history.assign(n, false);
  if (!options.restate_models.empty() || !options.full_refresh_models.empty()) {
    std::vector<bool> named(n, false);
    if (!options.restate_models.empty()) {
      STRATA_ASSIGN_OR_RETURN(named, SelectModels(project, options.restate_models));
    }
    if (!options.full_refresh_models.empty()) {
      STRATA_ASSIGN_OR_RETURN(std::vector<bool> refreshed,
                              SelectModels(project, options.full_refresh_models));
      whole_history = WithDescendants(project, refreshed);
      for (size_t i = 0; i < n; ++i) {
        named[i] = named[i] || refreshed[i];
      }
    }
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
      if (project.models[i].kind.disable_restatement) {
        plan.restatement_skipped.emplace_back(planned.snapshot.id.name, "disable_restatement");
      } else if (WritesProdsTable(i)) {
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

  return Status::OK();
}

}  // namespace strata
