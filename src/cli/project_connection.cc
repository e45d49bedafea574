// ProjectConnection: <project>/db.duckdb until config.yaml gateways are read.
#include "cli/project_connection.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace strata::cli {

Result<engine::ConnectionConfig> ProjectConnection(const GlobalOptions& global) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path dir(global.project_dir.empty() ? "." : global.project_dir);
  if (!fs::is_directory(dir, error)) {
    return Status::NotFound(fmt::format("project folder \"{}\" does not exist", dir.string()))
        .WithHint("pass the project folder with -p DIR");
  }
  fs::path absolute = fs::absolute(dir, error);
  if (error) {
    return Status::IoError(
        fmt::format("cannot resolve the project folder \"{}\": {}", dir.string(), error.message()));
  }
  engine::ConnectionConfig config;
  config.type = engine::EngineType::kDuckDb;
  config.database = (absolute / "db.duckdb").lexically_normal().string();
  return config;
}

}  // namespace strata::cli
