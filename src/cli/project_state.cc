// OpenProjectState: the state engine, its lock and connection, the migrated state store; the
// warehouse opened on demand.
#include "cli/project_state.h"

#include <chrono>
#include <cstdio>
#include <system_error>

#include <fmt/format.h>

#include "cli/run_cache.h"

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

bool SameDatabase(const engine::ConnectionConfig& a, const engine::ConnectionConfig& b) {
  if (a.type != b.type || a.database != b.database) {
    return false;
  }
  return a.type == engine::EngineType::kDuckDb || (a.host == b.host && a.port == b.port);
}

Result<engine::Engine*> ProjectState::Warehouse() {
  if (!separate_state_ || shared_engine_apart_) {
    return state_engine_.get();
  }
  if (warehouse_ == nullptr) {
    STRATA_ASSIGN_OR_RETURN(warehouse_, engine::OpenEngine(warehouse_config_, wait_));
  }
  return warehouse_.get();
}

Result<engine::EngineAdapter*> ProjectState::WarehouseConnection() {
  if (!separate_state_) {
    return state_connection_.get();
  }
  if (warehouse_connection_ == nullptr) {
    STRATA_ASSIGN_OR_RETURN(engine::Engine * warehouse, Warehouse());
    STRATA_ASSIGN_OR_RETURN(warehouse_connection_, warehouse->Connect());
  }
  return warehouse_connection_.get();
}

void ProjectState::Close() {
  warehouse_connection_.reset();
  warehouse_.reset();
  state_.reset();
  state_connection_.reset();
  lock_.Release();
  state_engine_.reset();
}

Result<project::Config> LoadProjectConfig(const GlobalOptions& global) {
  STRATA_ASSIGN_OR_RETURN(std::filesystem::path folder, ProjectFolder(global));
  return project::LoadConfig(folder);
}

Result<project::Project> LoadGlobalProject(const GlobalOptions& global,
                                           const project::LoadOptions& options) {
  STRATA_ASSIGN_OR_RETURN(std::filesystem::path folder, ProjectFolder(global));
  project::LoadOptions with_gateway = options;
  if (with_gateway.gateway.empty()) {
    with_gateway.gateway = global.gateway;
  }
  for (const std::string& more : global.more_project_dirs) {
    with_gateway.more_dirs.push_back(std::filesystem::absolute(more).lexically_normal());
  }
  STRATA_ASSIGN_OR_RETURN(project::Project project, project::LoadProject(folder, with_gateway));
  for (const std::string& warning : project.warnings) {
    fmt::print(stderr, "warning: {}\n", warning);
  }
  return project;
}

void AddLockTimeoutOption(CLI::App* command, double* seconds) {
  command
      ->add_option("--lock-timeout", *seconds,
                   "Seconds to wait for another strata process using the same state")
      ->capture_default_str();
}

namespace {

// Whether the state of `gateway` lives in a database of its own (a state_connection that is not
// the warehouse's database).
bool SeparateState(const project::GatewayConfig& gateway) {
  return gateway.state_connection.has_value() &&
         !SameDatabase(*gateway.state_connection, gateway.connection);
}

std::filesystem::path DuckDbFileOf(const engine::ConnectionConfig& config) {
  if (config.type != engine::EngineType::kDuckDb || config.database.empty() ||
      config.database == ":memory:") {
    return {};
  }
  return std::filesystem::path(config.database);
}

}  // namespace

Status ProjectState::ForgetRunCache() {
  return state_file_.empty() ? Status::OK() : ForgetNoOpRuns(state_file_);
}

Result<std::filesystem::path> StateDuckDbFile(const GlobalOptions& global,
                                              const project::Config& config) {
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  return DuckDbFileOf(SeparateState(*gateway) ? *gateway->state_connection : gateway->connection);
}

Result<ProjectState> OpenProjectState(const GlobalOptions& global, const project::Config& config,
                                      double lock_timeout_seconds, bool keep_run_cache) {
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  ProjectState out;
  out.concurrent_tasks_ = gateway->concurrent_tasks.value_or(config.concurrent_tasks);
  out.warehouse_config_ = gateway->connection;
  out.separate_state_ = SeparateState(*gateway);
  if (!out.separate_state_ && gateway->connection.type == engine::EngineType::kDuckDb &&
      gateway->connection.catalogs.size() > 1) {
    out.separate_state_ = true;
    out.shared_engine_apart_ = true;
  }
  out.wait_.timeout_seconds = lock_timeout_seconds;
  out.wait_.on_wait = [](const std::string& message) { fmt::print(stderr, "{}\n", message); };
  const engine::ConnectionConfig& state_config = out.separate_state_ && !out.shared_engine_apart_
                                                     ? *gateway->state_connection
                                                     : gateway->connection;
  STRATA_ASSIGN_OR_RETURN(out.state_engine_, engine::OpenEngine(state_config, out.wait_));
  STRATA_ASSIGN_OR_RETURN(
      out.lock_, state::AcquireStateLock(*out.state_engine_, gateway->state_schema, out.wait_));
  out.state_file_ = DuckDbFileOf(state_config);
  if (!keep_run_cache) {
    STRATA_RETURN_IF_ERROR(out.ForgetRunCache());
  }
  STRATA_ASSIGN_OR_RETURN(out.state_connection_, out.state_engine_->Connect());
  out.state_ =
      std::make_unique<state::StateStore>(out.state_connection_.get(), gateway->state_schema);
  STRATA_RETURN_IF_ERROR(out.state_->Migrate());
  return out;
}

}  // namespace strata::cli
