// How to reach an engine: the `connection` blocks of config.yaml (DESIGN.md §2), already resolved
// (env_var substituted, relative DuckDB paths made absolute by the project loader).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace strata::engine {

// One database attached to a DuckDB connection (`catalogs:` of SQLMesh's DuckDB connection).
struct DuckDbCatalog {
  std::string name;  // the catalog name models use (`name.schema.table`)
  std::string path;  // a file (absolute), ":memory:", or what the attach type takes
  std::string type;  // empty: a DuckDB file; else DuckDB's ATTACH TYPE (sqlite, postgres, ...)
  bool read_only = false;
};

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
  // DuckDB only. With catalogs, `database` is the first catalog's path, and the connection is an
  // in-memory database with every catalog attached and the first one in use (the default catalog
  // of unqualified names).
  std::vector<DuckDbCatalog> catalogs;
  // Extensions loaded into every connection (`LOAD name`; installed first when not yet present).
  std::vector<std::string> extensions;
  // DuckDB settings (`connector_config`), applied with SET to the database.
  std::vector<std::pair<std::string, std::string>> settings;
};

}  // namespace strata::engine
