// Plans: what a plan holds, environment names, and BuildPlan, whose steps are PlanBuilder's
// (plan/plan_builder.h; docs/plan_and_run.md, docs/environments.md).
#include "plan/plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "plan/plan_builder.h"

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

Result<Plan> BuildPlan(const project::Project& project, state::StateStore& state,
                       const PlanOptions& options) {
  STRATA_RETURN_IF_ERROR(ValidateEnvironmentName(options.environment));
  return PlanBuilder(project, state, options).Build();
}

}  // namespace strata
