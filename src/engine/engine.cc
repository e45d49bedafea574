// OpenEngine: picks the engine implementation for a connection's type.
#include <memory>

#include <fmt/format.h>

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
      STRATA_ASSIGN_OR_RETURN(auto engine, duckdb::DuckDbEngine::Open(config.database, wait));
      return std::unique_ptr<Engine>(std::move(engine));
    }
    case EngineType::kPostgres: {
      STRATA_ASSIGN_OR_RETURN(auto engine, postgres::PostgresEngine::Open(config));
      return std::unique_ptr<Engine>(std::move(engine));
    }
  }
  return Status::Internal("unknown engine type");
}

}  // namespace strata::engine
