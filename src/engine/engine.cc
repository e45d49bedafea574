// OpenEngine: picks the engine implementation for a connection's type.
#include <memory>

#include <duckdb.h>
#include <fmt/format.h>
#include <libpq-fe.h>

#include "engine/duckdb/duckdb_engine.h"
#include "engine/engine_adapter.h"
#include "engine/postgres/postgres_engine.h"

namespace strata::engine {

Result<std::vector<Column>> EngineAdapter::DescribeQuery(std::string_view query) {
  STRATA_ASSIGN_OR_RETURN(
      QueryResult result,
      Query(fmt::format("SELECT * FROM ({}) AS strata_described LIMIT 0", query)));
  return std::move(result.columns);
}

Result<std::unique_ptr<Engine>> OpenEngine(const ConnectionConfig& config, const LockWait& wait) {
  switch (config.type) {
    case EngineType::kDuckDb: {
      STRATA_ASSIGN_OR_RETURN(auto engine, duckdb::DuckDbEngine::Open(config, wait));
      return std::unique_ptr<Engine>(std::move(engine));
    }
    case EngineType::kPostgres: {
      STRATA_ASSIGN_OR_RETURN(auto engine, postgres::PostgresEngine::Open(config));
      return std::unique_ptr<Engine>(std::move(engine));
    }
  }
  return Status::Internal("unknown engine type");
}

std::vector<std::string> EngineLibraries() {
  // PQlibVersion: major * 10000 + minor since PostgreSQL 10.
  const int pq = PQlibVersion();
  return {fmt::format("DuckDB {}", duckdb_library_version()),
          fmt::format("libpq {}.{}", pq / 10000, pq % 10000)};
}

}  // namespace strata::engine
