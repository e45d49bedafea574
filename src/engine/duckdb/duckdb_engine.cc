// Opening a DuckDB database through duckdb_open_ext (which reports why opening failed) and
// connecting to it.
#include "engine/duckdb/duckdb_engine.h"

#include <fmt/format.h>

#include "engine/duckdb/duckdb_adapter.h"

namespace strata::engine::duckdb {

Result<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(const std::string& path) {
  if (path.empty()) {
    return Status::InvalidArgument("no DuckDB database file given")
        .WithHint("set `database:` of the connection to a file name or \":memory:\"");
  }
  if (path.find('\0') != std::string::npos) {
    return Status::InvalidArgument("the DuckDB database path contains a NUL byte");
  }
  auto database = std::make_shared<DatabaseHandle>();
  char* error = nullptr;
  if (duckdb_open_ext(path.c_str(), database->out(), /*config=*/nullptr, &error) != DuckDBSuccess) {
    std::string message = TakeString(error);
    return Status::IoError(fmt::format("cannot open the DuckDB database \"{}\": {}", path,
                                       message.empty() ? "unknown error" : message));
  }
  TakeString(error);
  return std::unique_ptr<DuckDbEngine>(new DuckDbEngine(path, std::move(database)));
}

Result<std::unique_ptr<EngineAdapter>> DuckDbEngine::Connect() {
  ConnectionHandle connection;
  if (duckdb_connect(database_->get(), connection.out()) != DuckDBSuccess) {
    return Status::EngineError(fmt::format("cannot connect to the DuckDB database \"{}\"", path_));
  }
  return std::unique_ptr<EngineAdapter>(new DuckDbAdapter(database_, std::move(connection)));
}

}  // namespace strata::engine::duckdb
