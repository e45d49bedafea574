// RunProjectAudits: external models' audits and standalone audits, through RunAudits.
#include "materialize/project_audits.h"

#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata {

namespace {

// Model names of `project` read as the views of `environment` (prod: as written).
sql::TableMapping EnvironmentMapping(const project::Project& project,
                                     const std::string& environment) {
  if (environment == "prod") {
    return nullptr;
  }
  auto views = std::make_shared<std::unordered_map<std::string, std::vector<std::string>>>();
  for (const project::Model& model : project.models) {
    if (model.kind.name == project::ModelKindName::kExternal || model.name_parts.size() < 2) {
      continue;
    }
    std::vector<std::string> parts = model.name_parts;
    const bool on_table =
        project.config.environment_suffix_target == project::EnvironmentSuffixTarget::kTable;
    parts[on_table ? parts.size() - 1 : parts.size() - 2] += "__" + environment;
    (*views)[Join(model.name_parts, ".")] = std::move(parts);
  }
  return [views](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
    std::vector<std::string> folded;
    for (const std::string& part : parts) {
      folded.push_back(ToLower(part));
    }
    auto it = views->find(Join(folded, "."));
    if (it == views->end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

}  // namespace

Result<std::vector<ProjectAuditOutcome>> RunProjectAudits(engine::EngineAdapter& connection,
                                                          const project::Project& project,
                                                          const std::string& environment,
                                                          int64_t execution_time) {
  std::vector<ProjectAuditOutcome> outcomes;
  const sql::TableMapping mapping = EnvironmentMapping(project, environment);
  const int64_t day_end = DayOf(execution_time) * kMicrosPerDay;
  const Interval day{day_end - kMicrosPerDay, day_end};

  for (const project::Model& model : project.models) {
    if (model.kind.name != project::ModelKindName::kExternal || model.audits.empty()) {
      continue;
    }
    AuditRequest request;
    request.project = &project;
    request.model = &model;
    const std::vector<std::string>& parts = model.name_parts;
    request.table.name = parts.back();
    request.table.schema = parts.size() >= 2 ? parts[parts.size() - 2] : "main";
    request.table.catalog = parts.size() >= 3 ? parts[parts.size() - 3] : "";
    request.interval = day;
    request.execution_time = execution_time;
    request.table_mapping = mapping;
    STRATA_ASSIGN_OR_RETURN(std::vector<AuditOutcome> ran, RunAudits(connection, request));
    for (AuditOutcome& outcome : ran) {
      outcomes.push_back({model.name, std::move(outcome)});
    }
  }

  // A standalone audit runs as the only audit of a model of its own, which defines it inline:
  // RunAudits renders and runs it as it does any custom audit.
  for (const project::Audit& audit : project.standalone_audits) {
    if (audit.skip) {
      continue;
    }
    project::Model holder;
    holder.name = audit.name;
    holder.name_parts = {audit.name};
    holder.kind.name = project::ModelKindName::kExternal;
    holder.origin.file = audit.file;
    holder.origin.line = audit.line;
    holder.source = audit.source;
    holder.inline_audits.push_back(audit);
    project::AuditCall call;
    call.name = audit.name;
    holder.audits.push_back(call);
    AuditRequest request;
    request.project = &project;
    request.model = &holder;
    request.interval = day;
    request.execution_time = execution_time;
    request.table_mapping = mapping;
    STRATA_ASSIGN_OR_RETURN(std::vector<AuditOutcome> ran, RunAudits(connection, request));
    for (AuditOutcome& outcome : ran) {
      outcomes.push_back({"", std::move(outcome)});
    }
  }
  return outcomes;
}

}  // namespace strata
