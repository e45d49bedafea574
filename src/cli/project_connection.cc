// ProjectConnection: the gateway's connection from config.yaml.
#include "cli/project_connection.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "project/config.h"

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
  STRATA_ASSIGN_OR_RETURN(project::Config config, project::LoadConfig(absolute.lexically_normal()));
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  return gateway->connection;
}

}  // namespace strata::cli
