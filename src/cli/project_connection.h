// Which database a command talks to: the connection of the gateway the command line names
// (--gateway), else the project's default gateway from config.yaml (DESIGN.md §2).
#pragma once

#include "base/result.h"
#include "cli/command.h"
#include "engine/connection_config.h"

namespace strata::cli {

// The data connection of the project in `global.project_dir`: the gateway `global.gateway` of
// its config.yaml, or the default gateway; without a config.yaml, DuckDB at <project>/db.duckdb
// (an absolute path; the file is created on first use). Fails with kNotFound when the project
// folder or the gateway does not exist, and with the config's errors when it is invalid.
Result<engine::ConnectionConfig> ProjectConnection(const GlobalOptions& global);

}  // namespace strata::cli
