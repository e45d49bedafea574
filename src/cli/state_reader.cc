// OpenStateReader: engines and the state store, read-only.
#include "cli/state_reader.h"

#include <fmt/format.h>

namespace strata::cli {

namespace {

bool SameConnection(const engine::ConnectionConfig& a, const engine::ConnectionConfig& b) {
  return a.type == b.type && a.database == b.database && a.host == b.host && a.port == b.port &&
         a.user == b.user;
}

}  // namespace

Result<StateReader> OpenStateReader(const GlobalOptions& global, const project::Config& config,
                                    double lock_timeout_seconds) {
  STRATA_ASSIGN_OR_RETURN(const project::GatewayConfig* gateway, config.Gateway(global.gateway));
  engine::LockWait wait;
  wait.timeout_seconds = lock_timeout_seconds;
  wait.on_wait = [](const std::string& message) { fmt::print(stderr, "{}\n", message); };
  StateReader out;
  STRATA_ASSIGN_OR_RETURN(out.engine, engine::OpenEngine(gateway->connection, wait));
  STRATA_ASSIGN_OR_RETURN(out.connection, out.engine->Connect());
  engine::EngineAdapter* state_connection = out.connection.get();
  if (gateway->state_connection &&
      !SameConnection(*gateway->state_connection, gateway->connection)) {
    STRATA_ASSIGN_OR_RETURN(out.state_engine, engine::OpenEngine(*gateway->state_connection, wait));
    STRATA_ASSIGN_OR_RETURN(out.state_connection, out.state_engine->Connect());
    state_connection = out.state_connection.get();
  }
  out.state = std::make_unique<state::StateStore>(state_connection, gateway->state_schema);
  STRATA_ASSIGN_OR_RETURN(int version, out.state->SchemaVersion());
  if (version == 0) {
    return Status::NotFound(
               fmt::format("the project has no state yet (schema '{}')", gateway->state_schema))
        .WithHint("create the prod environment with `strata plan`");
  }
  if (version != state::kStateSchemaVersion) {
    return Status::ProjectError(
               fmt::format(
                   "the state in schema '{}' is at version {}, this strata reads version {}",
                   gateway->state_schema, version, state::kStateSchemaVersion))
        .WithHint(version < state::kStateSchemaVersion
                      ? "run `strata plan` or `strata run` once to migrate it"
                      : "upgrade strata to read this state");
  }
  return out;
}

}  // namespace strata::cli
