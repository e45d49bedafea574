// What the commands that only read the state work on (`query --env`, `diff`, `table-diff`): the
// gateway's data engine and connection, and the state store on the state connection, opened
// without the state lock and without migrating (readers never write the state).
#pragma once

#include <memory>

#include "base/result.h"
#include "cli/command.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "state/state_store.h"

namespace strata::cli {

struct StateReader {
  std::unique_ptr<engine::Engine> engine;  // the data engine
  std::unique_ptr<engine::EngineAdapter> connection;
  std::unique_ptr<engine::Engine> state_engine;  // set when the state has its own connection
  std::unique_ptr<engine::EngineAdapter> state_connection;
  std::unique_ptr<state::StateStore> state;
};

// Opens the gateway `global.gateway` (or the default) of `config` and its state. Fails with
// kNotFound for an unknown gateway or when the state has never been written (hint: run
// `strata plan`), kProjectError when it was written by a newer strata, and the engine's errors.
// `lock_timeout_seconds`: how long a DuckDB file another process holds is waited for.
Result<StateReader> OpenStateReader(const GlobalOptions& global, const project::Config& config,
                                    double lock_timeout_seconds = 0);

}  // namespace strata::cli
