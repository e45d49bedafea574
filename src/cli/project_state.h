// What `plan` and `run` work on (docs/plan_and_run.md "The state lock", docs/engines.md): the
// state store under the state lock, on the gateway's `state_connection` (else on its
// `connection`, schema `strata_state` or the gateway's `state_schema`), migrated to this build's
// format; and the warehouse — the engine of the gateway's `connection`, where the models' tables
// and views live — opened only when a command has work for it, so a run with nothing due and a
// plan with nothing to change never load the warehouse's catalog.
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "cli/command.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "project/project.h"
#include "state/state_lock.h"
#include "state/state_store.h"

namespace strata::cli {

// How long `plan` and `run` wait for another strata process that holds the state.
inline constexpr double kDefaultLockTimeoutSeconds = 300;

// Not thread-safe; move-only. Members are destroyed warehouse first, the state lock last but one.
class ProjectState {
 public:
  ProjectState() = default;
  ProjectState(ProjectState&&) = default;
  ProjectState& operator=(ProjectState&&) = delete;  // would free engines before connections
  ~ProjectState() { Close(); }

  state::StateStore& state() { return *state_; }
  // The gateway's `concurrent_tasks`, else the project's.
  int concurrent_tasks() const { return concurrent_tasks_; }
  // Whether the state lives on a connection of its own (`state_connection` naming another
  // database than `connection`). Then batches record their intervals after their data commits.
  bool separate_state() const { return separate_state_; }
  // The warehouse's engine type, known without opening it.
  engine::EngineType warehouse_type() const { return warehouse_config_.type; }

  // The warehouse engine: the state's own engine when they share the connection, else opened on
  // the first call (a DuckDB file waits for another process as --lock-timeout says). Fails with
  // the engine's error (kIoError, kEngineError, kLockTimeout).
  Result<engine::Engine*> Warehouse();
  // A connection to the warehouse for tables and views: the state's connection when they share
  // it, else a connection of the warehouse opened on the first call.
  Result<engine::EngineAdapter*> WarehouseConnection();

  // The state's DuckDB database file; empty for PostgreSQL and in-memory databases.
  const std::filesystem::path& state_file() const { return state_file_; }
  // Removes the no-op run cache of the state file (cli/run_cache.h) before the command writes
  // the state. OpenProjectState does it unless asked to keep it.
  Status ForgetRunCache();

  // Closes every connection and engine and releases the state lock, in a safe order (connections
  // before their engines). Pointers handed out before are invalid afterwards.
  void Close();

 private:
  friend Result<ProjectState> OpenProjectState(const GlobalOptions& global,
                                               const project::Config& config,
                                               double lock_timeout_seconds, bool keep_run_cache);

  std::unique_ptr<engine::Engine> state_engine_;
  state::StateLock lock_;  // held for as long as the command works on the state
  std::unique_ptr<engine::EngineAdapter> state_connection_;
  std::unique_ptr<state::StateStore> state_;
  int concurrent_tasks_ = 4;
  bool separate_state_ = false;
  engine::ConnectionConfig warehouse_config_;
  engine::LockWait wait_;
  std::unique_ptr<engine::Engine> warehouse_;  // only when separate_state_ and not shared
  // The warehouse is the state's engine, but its data is written on a connection of its own:
  // DuckDB with several attached catalogs, where one transaction writes one catalog only, so a
  // batch of a model in another catalog cannot record its interval in the same transaction.
  bool shared_engine_apart_ = false;
  std::unique_ptr<engine::EngineAdapter> warehouse_connection_;
  std::filesystem::path state_file_;
};

// Whether `a` and `b` name the same database (type, and file or server and database name), so
// that a `state_connection` equal to the `connection` shares it.
bool SameDatabase(const engine::ConnectionConfig& a, const engine::ConnectionConfig& b);

// Opens the state of gateway `global.gateway` (or the default) of `config`: its engine, the
// state lock (waiting up to `lock_timeout_seconds` for another strata process, with a message on
// stderr), a connection, and migrates the state. The warehouse is not opened (see Warehouse()).
// Fails with kNotFound for an unknown gateway, kLockTimeout, and the engine's or the state's
// errors. Removes the no-op run cache of a DuckDB state file once it holds the lock, unless
// `keep_run_cache` (a `run`, which removes it only when it has work: ForgetRunCache).
Result<ProjectState> OpenProjectState(const GlobalOptions& global, const project::Config& config,
                                      double lock_timeout_seconds, bool keep_run_cache = false);

// The DuckDB database file the state of gateway `global.gateway` lives in (resolved as
// OpenProjectState does, without opening anything); empty for PostgreSQL and in-memory
// databases. Fails with kNotFound for an unknown gateway.
Result<std::filesystem::path> StateDuckDbFile(const GlobalOptions& global,
                                              const project::Config& config);

// The project folder of `global`, absolute and normalized; kNotFound when it does not exist.
Result<std::filesystem::path> ProjectFolder(const GlobalOptions& global);

// The config.yaml of the project folder of `global`.
Result<project::Config> LoadProjectConfig(const GlobalOptions& global);

// The project in the folder of `global`, loaded with `options` (every error of it combined).
Result<project::Project> LoadGlobalProject(const GlobalOptions& global,
                                           const project::LoadOptions& options = {});

// Adds `--lock-timeout S` (how long to wait for another strata process) to `command`.
void AddLockTimeoutOption(CLI::App* command, double* seconds);

// The current time, UTC micros.
int64_t NowMicros();

}  // namespace strata::cli
