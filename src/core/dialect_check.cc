// CheckModelsForDialect: render and print each model in the warehouse's dialect, on a few threads.
#include "core/dialect_check.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/parallel.h"
#include "base/time.h"
#include "project/render.h"

namespace strata {

void CheckModelsForDialect(const project::Project& project, sql::DialectKind target,
                           int64_t execution_time, int threads,
                           const std::function<bool(size_t index)>& selected,
                           std::vector<Status>* errors) {
  std::vector<const project::Model*> candidates;
  for (size_t i = 0; i < project.models.size(); ++i) {
    const project::Model& model = project.models[i];
    const project::ModelKindName kind = model.kind.name;
    if ((!selected || selected(i)) && model.dialect_kind != target &&
        kind != project::ModelKindName::kExternal && kind != project::ModelKindName::kSeed) {
      candidates.push_back(&model);
    }
  }
  if (candidates.empty()) {
    return;
  }
  project::RenderOptions options;
  options.start = DayOf(execution_time) * kMicrosPerDay;
  options.end = options.start + kMicrosPerDay;
  options.execution_time = execution_time;
  std::vector<Status> found(candidates.size());
  auto check = [&](size_t first, size_t step) {
    for (size_t i = first; i < candidates.size(); i += step) {
      const project::Model& model = *candidates[i];
      Result<project::RenderedModel> rendered = project::RenderModel(project, model, options);
      Status status = rendered.status();
      if (status.ok()) {
        status = project::RenderedSql(*rendered, target, /*pretty=*/false).status();
      }
      if (!status.ok()) {
        found[i] = status.WithContext(fmt::format("model {} ({}), written in {}, on a {} warehouse",
                                                  model.name, model.origin.file.string(),
                                                  model.dialect, sql::GetDialect(target).name));
      }
    }
  };
  const size_t workers = PartsFor(candidates.size(), static_cast<size_t>(std::max(threads, 1)),
                                  /*min_items_per_part=*/64);
  RunInParallel(workers, [&](size_t part) { check(part, workers); });
  for (Status& status : found) {
    if (!status.ok()) {
      errors->push_back(std::move(status));
    }
  }
}

}  // namespace strata
