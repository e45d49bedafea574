// OpenProjectState: engine, connection, migrated state store.
#include "cli/project_state.h"

#include <chrono>
#include <system_error>

#include <cstdio>

#include <fmt/format.h>

namespace strata::cli {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::filesystem::path> ProjectFolder(const GlobalOptions& global) {
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
  return absolute.lexically_normal();
}

Result<ProjectState> OpenProjectState(const GlobalOptions& global, const project::Config& config,
                                      double lock_timeout_seconds) {
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  if (gateway->state_connection) {
    return Status::Unsupported(
               fmt::format("gateway {}: a separate state_connection is not supported yet",
                           gateway->name))
        .WithHint("remove state_connection: the state then lives in the gateway's connection");
  }
  ProjectState out;
  out.concurrent_tasks = gateway->concurrent_tasks.value_or(config.concurrent_tasks);
  engine::LockWait wait;
  wait.timeout_seconds = lock_timeout_seconds;
  wait.on_wait = [](const std::string& message) { fmt::print(stderr, "{}\n", message); };
  STRATA_ASSIGN_OR_RETURN(out.engine, engine::OpenEngine(gateway->connection, wait));
  STRATA_ASSIGN_OR_RETURN(out.lock,
                          state::AcquireStateLock(*out.engine, gateway->state_schema, wait));
  STRATA_ASSIGN_OR_RETURN(out.connection, out.engine->Connect());
  out.state = std::make_unique<state::StateStore>(out.connection.get(), gateway->state_schema);
  STRATA_RETURN_IF_ERROR(out.state->Migrate());
  return out;
}

}  // namespace strata::cli
