// ModelFromPayload: LoadModelFile on the stored text with the stored model defaults.
#include "core/payload_model.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/cron.h"
#include "base/text.h"
#include "project/config.h"
#include "project/model_defaults.h"
#include "project/model_file.h"

namespace strata {

Result<project::Model> ModelFromPayload(const Snapshot& snapshot,
                                        const std::filesystem::path& project_dir,
                                        int64_t execution_time,
                                        const std::shared_ptr<sql::Arena>& arena) {
  const SnapshotPayload& payload = snapshot.payload;
  if (payload.kind == "EXTERNAL") {
    project::Model model;
    model.name = payload.name;
    for (std::string_view part : Split(payload.name, '.')) {
      model.name_parts.emplace_back(part);
    }
    model.kind.name = project::ModelKindName::kExternal;
    model.cron = Cron::Parse(payload.schedule.cron).value_or(Cron::Parse("@daily").value());
    for (const auto& [name, type] : payload.columns) {
      model.columns.push_back({name, type});
    }
    return model;
  }
  project::Config config;
  for (const auto& [key, value] : payload.defaults) {
    config.model_defaults[key] = project::ConfigScalar{value, {}};
  }
  std::vector<Status> errors;
  project::ModelDefaults defaults = project::ParseModelDefaults(config, &errors);
  project::ModelContext context;
  context.defaults = &defaults;
  context.now = execution_time;
  context.project_dir = project_dir;
  // A model named after its file (model_naming.infer_names) keeps the name it was stored under.
  context.infer_names = true;
  context.inferred_name = payload.name;
  std::optional<project::Model> model =
      project::LoadModelFile(payload.source, payload.path, context, arena, &errors);
  if (!errors.empty() || !model) {
    errors.insert(errors.begin(),
                  Status::ProjectError(fmt::format(
                      "the stored definition of {} does not load any more", payload.name)));
    return Status::Combine(std::move(errors));
  }
  return std::move(*model);
}

}  // namespace strata
