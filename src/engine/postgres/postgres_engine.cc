// Connecting to PostgreSQL with PQconnectdbParams and preparing the session for the text parsers.
#include "engine/postgres/postgres_engine.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "engine/postgres/postgres_adapter.h"

namespace strata::engine::postgres {
namespace {

bool HasNul(const std::string& s) { return s.find('\0') != std::string::npos; }

// libpq's multi-line messages ("...failed: Connection refused\n\tIs the server running...") on one
// line.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : Trim(text)) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

Status ConnectionFailure(const ConnectionConfig& config, PGconn* connection) {
  std::string reason =
      OneLine(connection == nullptr ? "out of memory" : PQerrorMessage(connection));
  // libpq does not print passwords, but nothing guarantees it: mask them anyway.
  if (!config.password.empty()) {
    for (size_t at = reason.find(config.password); at != std::string::npos;
         at = reason.find(config.password, at)) {
      reason.replace(at, config.password.size(), "***");
    }
  }
  const std::string host = config.host.empty() ? "localhost" : config.host;
  return Status::EngineError(fmt::format("cannot connect to PostgreSQL at {}:{}: {}", host,
                                         config.port, reason.empty() ? "unknown error" : reason))
      .WithHint(
          "check that the server is running and reachable, and the host, port, user, password "
          "and database of the gateway's connection in config.yaml");
}

Status ConfigureSession(PGconn* connection) {
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  ResultHandle result(
      PQexec(connection,
             "SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'iso_8601'; SET TimeZone = 'UTC'; "
             "SET bytea_output = 'hex'; SET extra_float_digits = 1"));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Status::EngineError(fmt::format("cannot set up the PostgreSQL session: {}",
                                           OneLine(PQresultErrorMessage(result.get()))));
  }
  return Status::OK();
}

Result<ConnectionHandle> OpenConnection(const ConnectionConfig& config) {
  const std::string port = std::to_string(config.port);
  const std::string timeout = std::to_string(config.connect_timeout_seconds);
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  // REQUIRES: `value` outlives the PQconnectdbParams call below.
  auto add = [&](const char* keyword, const std::string& value) {
    if (!value.empty()) {
      keywords.push_back(keyword);
      values.push_back(value.c_str());
    }
  };
  add("host", config.host);
  add("port", port);
  add("user", config.user);
  add("password", config.password);
  add("dbname", config.database);
  add("sslmode", config.sslmode);
  if (config.connect_timeout_seconds > 0) {
    add("connect_timeout", timeout);
  }
  keywords.insert(keywords.end(), {"application_name", "client_encoding"});
  values.insert(values.end(), {"strata", "UTF8"});
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  // expand_dbname = 0: the database name is a name, never a connection string.
  ConnectionHandle connection(PQconnectdbParams(keywords.data(), values.data(), 0));
  if (connection == nullptr || PQstatus(connection.get()) != CONNECTION_OK) {
    return ConnectionFailure(config, connection.get());
  }
  STRATA_RETURN_IF_ERROR(ConfigureSession(connection.get()));
  return connection;
}

Result<std::unique_ptr<PostgresEngine>> PostgresEngine::Open(ConnectionConfig config) {
  if (config.database.empty()) {
    return Status::InvalidArgument("no PostgreSQL database given")
        .WithHint("set `database:` of the connection in config.yaml");
  }
  for (const std::string* s :
       {&config.host, &config.user, &config.password, &config.database, &config.sslmode}) {
    if (HasNul(*s)) {
      return Status::InvalidArgument("a PostgreSQL connection setting contains a NUL byte");
    }
  }
  return std::unique_ptr<PostgresEngine>(new PostgresEngine(std::move(config)));
}

Result<std::unique_ptr<EngineAdapter>> PostgresEngine::Connect() {
  STRATA_ASSIGN_OR_RETURN(ConnectionHandle connection, OpenConnection(config_));
  return std::unique_ptr<EngineAdapter>(new PostgresAdapter(config_, std::move(connection)));
}

}  // namespace strata::engine::postgres
