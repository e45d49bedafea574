// The audits a plan runs besides those of the models it builds (as SQLMesh): the audits of
// external models (`audits:` in external_models.yaml), over the external tables themselves, and
// the standalone audits of audits/ (`standalone true`), whose queries name the models they check
// and read them in the plan's environment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/audit_runner.h"
#include "project/project.h"

namespace strata {

// One audit's outcome with what it checked: an external model's name, or "" for a standalone
// audit.
struct ProjectAuditOutcome {
  std::string model;
  AuditOutcome outcome;
};

// Runs every audit of the external models of `project` and every standalone audit on
// `connection`, model names read as the views of `environment`, the time variables those of the
// day before `execution_time`. Failures (blocking or not) are outcomes; fails only when an audit
// does not render or its query does not run, with the engine's error and the audit's name.
Result<std::vector<ProjectAuditOutcome>> RunProjectAudits(engine::EngineAdapter& connection,
                                                          const project::Project& project,
                                                          const std::string& environment,
                                                          int64_t execution_time);

}  // namespace strata
