// Which database a command talks to. For now the project's DuckDB file `db.duckdb`; the
// config.yaml loader replaces this lookup with the gateway's connection (DESIGN.md §2).
#pragma once

#include "base/result.h"
#include "cli/command.h"
#include "engine/connection_config.h"

namespace strata::cli {

// The connection of the project in `global.project_dir`: DuckDB at <project>/db.duckdb (an
// absolute path; the file is created on first use). Fails with kNotFound when the project folder
// does not exist.
Result<engine::ConnectionConfig> ProjectConnection(const GlobalOptions& global);

}  // namespace strata::cli
