// The engines a typed test suite runs on (TYPED_TEST_SUITE(Suite, EngineBackends,
// EngineBackendNames)): DuckDB on a file in the test's temporary folder, PostgreSQL on a fresh
// database of the test binary's server (postgres_server.h). A suite that uses them is one process
// (strata_test(... ONE_PROCESS)) and calls STRATA_REQUIRE_POSTGRES in SetUp for kPostgres, so
// the PostgreSQL run skips when the server binaries are missing.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "base/result.h"
#include "engine/connection_config.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {

struct DuckDbBackend {
  static constexpr engine::EngineType kType = engine::EngineType::kDuckDb;
  static constexpr const char* kDefaultSchema = "main";
  // A database file in `dir`.
  static Result<engine::ConnectionConfig> Config(const TempDir& dir) {
    engine::ConnectionConfig config;
    config.type = kType;
    config.database = dir.path() + "/test.duckdb";
    return config;
  }
};

struct PostgresBackend {
  static constexpr engine::EngineType kType = engine::EngineType::kPostgres;
  static constexpr const char* kDefaultSchema = "public";
  // A new database of the shared server. REQUIRES: the main thread (see PostgresServer::Shared).
  static Result<engine::ConnectionConfig> Config(const TempDir&) {
    STRATA_ASSIGN_OR_RETURN(PostgresServer * server, PostgresServer::Shared());
    STRATA_ASSIGN_OR_RETURN(std::string database, server->CreateDatabase());
    engine::ConnectionConfig config = server->Config(database);
    config.type = kType;
    return config;
  }
};

// Names the typed tests "DuckDb" and "Postgres".
class EngineBackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kType == engine::EngineType::kDuckDb ? "DuckDb" : "Postgres";
  }
};

using EngineBackends = ::testing::Types<DuckDbBackend, PostgresBackend>;

}  // namespace strata::testing
