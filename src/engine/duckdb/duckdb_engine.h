// DuckDbEngine: one embedded DuckDB database (a file or ":memory:") that hands out connections.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/connection_config.h"

#include "engine/duckdb/duckdb_handles.h"
#include "engine/engine_adapter.h"
#include "engine/lock_wait.h"

namespace strata::engine::duckdb {

class DuckDbEngine : public Engine {
 public:
  // Opens the database file at `path`, creating it when missing, or an in-memory database for
  // ":memory:". Fails with kInvalidArgument for an empty path, and with kIoError, naming the path
  // and carrying DuckDB's message, when the file cannot be opened (missing folder, no
  // permission, not a DuckDB file).
  //
  // One process at a time may open a file: while another process has it open, Open retries
  // (pauses from 10 ms doubling to 200 ms) until `wait.timeout_seconds` have passed, calling
  // `wait.on_wait` once with "waiting for another process (PID N) to close the DuckDB database
  // "PATH"..." (the PID when DuckDB names it), then fails with kLockTimeout and
  // kLockTimeoutHint. The default `wait` tries once. ":memory:" never waits. Within one process
  // nothing stops a second Open of the same file: share one engine instead.
  static Result<std::unique_ptr<DuckDbEngine>> Open(const std::string& path,
                                                    const LockWait& wait = {});

  // Opens the database of a DuckDB connection config: `database` as Open(path) does, with the
  // config's `settings` (connector_config) given to DuckDB when it opens; or, with `catalogs`, an
  // in-memory database with each catalog attached under its name (waiting like Open for a file
  // another process has) and the first one the default of every connection. Then loads the
  // `extensions` (installing those not yet installed). Fails as Open does, and with
  // kEngineError naming the setting, catalog or extension DuckDB refused.
  static Result<std::unique_ptr<DuckDbEngine>> Open(const ConnectionConfig& config,
                                                    const LockWait& wait = {});

  // A new connection (a DuckDbAdapter) to this database. The database stays open while any
  // connection lives, even after the engine is destroyed. Fails with kEngineError.
  // Thread-safe.
  Result<std::unique_ptr<EngineAdapter>> Connect() override;

  EngineType type() const override { return EngineType::kDuckDb; }
  const std::string& path() const { return path_; }

 private:
  DuckDbEngine(std::string path, std::shared_ptr<DatabaseHandle> database)
      : path_(std::move(path)), database_(std::move(database)) {}

  // Runs `sql` on a connection of its own; kEngineError with DuckDB's message and `what`.
  Status RunSetup(const std::string& sql, std::string_view what);

  std::string path_;
  std::shared_ptr<DatabaseHandle> database_;
  // The catalog every new connection uses (USE), empty for the database's own.
  std::string default_catalog_;
};

}  // namespace strata::engine::duckdb
