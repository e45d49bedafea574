// PostgresEngine: how to reach one PostgreSQL database; hands out libpq connections.
#pragma once

#include <memory>

#include "engine/engine_adapter.h"
#include "engine/postgres/postgres_handles.h"

namespace strata::engine::postgres {

class PostgresEngine : public Engine {
 public:
  // Remembers `config` (a kPostgres connection); connects to nothing yet. Fails with
  // kInvalidArgument when the database name is empty or a setting contains a NUL byte.
  static Result<std::unique_ptr<PostgresEngine>> Open(ConnectionConfig config);

  // A new connection (a PostgresAdapter) with strata's session settings. Fails with
  // kEngineError "cannot connect to PostgreSQL at HOST:PORT: <libpq's reason>" (never
  // containing the password) and a hint. Thread-safe: each call opens its own connection.
  Result<std::unique_ptr<EngineAdapter>> Connect() override;

  EngineType type() const override { return EngineType::kPostgres; }
  const ConnectionConfig& config() const { return config_; }

 private:
  explicit PostgresEngine(ConnectionConfig config) : config_(std::move(config)) {}

  ConnectionConfig config_;
};

// Opens a libpq connection for `config` (keywords and values, so nothing needs escaping) and
// applies strata's session settings (see PostgresAdapter). Fails as PostgresEngine::Connect.
// Thread-safe.
Result<ConnectionHandle> OpenConnection(const ConnectionConfig& config);

// Applies strata's session settings to an open connection: DateStyle ISO, IntervalStyle
// iso_8601, TimeZone UTC, bytea_output hex, extra_float_digits 1 (shortest exact floats), and
// silences server notices (libpq would print them on stderr). Fails with kEngineError.
Status ConfigureSession(PGconn* connection);

// "cannot connect to PostgreSQL at HOST:PORT: <libpq's message, on one line>" with a hint;
// every occurrence of the password is masked. Used for failed connects and reconnects.
Status ConnectionFailure(const ConnectionConfig& config, PGconn* connection);

}  // namespace strata::engine::postgres
