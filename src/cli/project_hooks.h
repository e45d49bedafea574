// What `plan` and `run` both do around their batches: config.yaml's before_all / after_all
// statements, and the audits of external models and the standalone audits after the work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cli/console.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "project/project.h"

namespace strata::cli {

// Runs `statements` (config.yaml's `key`: before_all or after_all) in order; the first failure
// names the key and the statement's place in config.yaml.
Status RunConfigStatements(engine::EngineAdapter& connection,
                           const std::vector<project::ConfigScalar>& statements,
                           std::string_view key);

// Runs the audits of external models and the standalone audits (as SQLMesh does after a plan),
// model names read in `environment`, and prints the failures and a count; returns kExitFailure
// when a blocking one failed, kExitOk otherwise (or the error's exit code).
int RunAndPrintProjectAudits(Console& console, engine::EngineAdapter& connection,
                             const project::Project& project, const std::string& environment,
                             int64_t execution_time);

}  // namespace strata::cli
