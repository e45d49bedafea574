// DuckDbEngine: one embedded DuckDB database (a file or ":memory:") that hands out connections.
#pragma once

#include <memory>
#include <string>

#include "engine/duckdb/duckdb_handles.h"
#include "engine/engine_adapter.h"

namespace strata::engine::duckdb {

class DuckDbEngine : public Engine {
 public:
  // Opens the database file at `path`, creating it when missing, or an in-memory database for
  // ":memory:". Fails with kInvalidArgument for an empty path, and with kIoError, naming the path
  // and carrying DuckDB's message, when the file cannot be opened (missing folder, no
  // permission, locked by another process, not a DuckDB file).
  static Result<std::unique_ptr<DuckDbEngine>> Open(const std::string& path);

  // A new connection (a DuckDbAdapter) to this database. The database stays open while any
  // connection lives, even after the engine is destroyed. Fails with kEngineError.
  // Thread-safe.
  Result<std::unique_ptr<EngineAdapter>> Connect() override;

  EngineType type() const override { return EngineType::kDuckDb; }
  const std::string& path() const { return path_; }

 private:
  DuckDbEngine(std::string path, std::shared_ptr<DatabaseHandle> database)
      : path_(std::move(path)), database_(std::move(database)) {}

  std::string path_;
  std::shared_ptr<DatabaseHandle> database_;
};

}  // namespace strata::engine::duckdb
