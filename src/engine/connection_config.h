// How to reach an engine: the `connection` blocks of config.yaml (DESIGN.md §2), already resolved
// (env_var substituted, relative DuckDB paths made absolute by the project loader).
#pragma once

#include <string>

namespace strata::engine {

enum class EngineType { kDuckDb, kPostgres };

struct ConnectionConfig {
  EngineType type = EngineType::kDuckDb;
  // DuckDB: the database file, or ":memory:". PostgreSQL: the database name.
  std::string database = "db.duckdb";
  // PostgreSQL only.
  std::string host = "localhost";
  int port = 5432;
  std::string user;
  std::string password;  // never printed or logged
  std::string sslmode;
  int connect_timeout_seconds = 0;  // 0: the driver's default
};

}  // namespace strata::engine
