// What `plan` and `run` work on: the gateway's engine, a main connection, and the state store on
// it (schema `strata_state`, or the gateway's `state_schema`), migrated to this build's format.
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "cli/command.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "state/state_lock.h"
#include "state/state_store.h"

namespace strata::cli {

// How long `plan` and `run` wait for another strata process that holds the state.
inline constexpr double kDefaultLockTimeoutSeconds = 300;

struct ProjectState {
  std::unique_ptr<engine::Engine> engine;
  state::StateLock lock;  // held for as long as the command works on the state
  std::unique_ptr<engine::EngineAdapter> connection;
  std::unique_ptr<state::StateStore> state;
  int concurrent_tasks = 4;  // the gateway's, else the project's
};

// Opens the gateway `global.gateway` (or the default) of `config`, takes the state lock (waiting
// up to `lock_timeout_seconds` for another strata process, with a message on stderr) and migrates
// the state. Fails with kNotFound for an unknown gateway, kUnsupported for a separate
// state_connection (not yet supported), kLockTimeout, and the engine's or the state's errors.
Result<ProjectState> OpenProjectState(const GlobalOptions& global, const project::Config& config,
                                      double lock_timeout_seconds);

// The project folder of `global`, absolute and normalized; kNotFound when it does not exist.
Result<std::filesystem::path> ProjectFolder(const GlobalOptions& global);

// The current time, UTC micros.
int64_t NowMicros();

}  // namespace strata::cli
