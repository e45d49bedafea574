// ProjectConnection: the gateway's connection from config.yaml.
#include "cli/project_connection.h"

#include "cli/project_state.h"
#include "project/config.h"

namespace strata::cli {

Result<engine::ConnectionConfig> ProjectConnection(const GlobalOptions& global) {
  STRATA_ASSIGN_OR_RETURN(std::filesystem::path folder, ProjectFolder(global));
  STRATA_ASSIGN_OR_RETURN(project::Config config, project::LoadConfig(folder));
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  return gateway->connection;
}

}  // namespace strata::cli
