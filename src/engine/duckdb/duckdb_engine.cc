// Opening a DuckDB database through duckdb_open_ext (which reports why opening failed), waiting
// while another process holds the file, and connecting to it.
#include "engine/duckdb/duckdb_engine.h"

#include <cctype>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/backoff.h"
#include "engine/duckdb/duckdb_adapter.h"

namespace strata::engine::duckdb {
namespace {

// DuckDB refuses a file that another process has open with
//   Could not set lock on file "PATH": Conflicting lock is held in PROGRAM (PID N) by user U. ...
constexpr std::string_view kLockConflict = "Could not set lock on file";

// "another process (PID N)" with the PID from DuckDB's message, or "another process".
std::string Holder(const std::string& message) {
  constexpr std::string_view kPid = "(PID ";
  const size_t at = message.find(kPid);
  if (at != std::string::npos) {
    size_t end = at + kPid.size();
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) {
      ++end;
    }
    if (end > at + kPid.size() && end < message.size() && message[end] == ')') {
      return fmt::format("another process ({})", message.substr(at + 1, end - at - 1));
    }
  }
  return "another process";
}

// DuckDB's own quoting of an identifier and of a string literal.
std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

// Retries `attempt` while it fails because another process holds the file `path` (DuckDB's lock
// conflict), as DuckDbEngine::Open documents; returns its last error otherwise.
Status WithLockWait(const std::string& path, const LockWait& wait,
                    const std::function<std::string()>& attempt) {
  Backoff backoff(wait.timeout_seconds);
  bool waited = false;
  while (true) {
    const std::string message = attempt();
    if (message.empty()) {
      return Status::OK();
    }
    if (message.find(kLockConflict) == std::string::npos) {
      return Status::IoError(
          fmt::format("cannot open the DuckDB database \"{}\": {}", path, message));
    }
    // Only one process at a time may open a database file: another strata (or any DuckDB
    // client) has it. It is released when that process closes it or ends.
    const std::string holder = Holder(message);
    if (!waited && !backoff.expired()) {
      waited = true;
      if (wait.on_wait) {
        wait.on_wait(
            fmt::format("waiting for {} to close the DuckDB database \"{}\"...", holder, path));
      }
    }
    if (!backoff.Wait()) {
      return Status::LockTimeout(
                 waited ? fmt::format("the DuckDB database \"{}\" is still in use by {} after "
                                      "{:.1f} s",
                                      path, holder, backoff.elapsed_seconds())
                        : fmt::format("the DuckDB database \"{}\" is in use by {}", path, holder))
          .WithHint(kLockTimeoutHint);
    }
  }
}

// Opens `path` with `settings` (name, value) given to DuckDB's config.
Result<std::shared_ptr<DatabaseHandle>> OpenDatabase(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& settings,
    const LockWait& wait) {
  std::shared_ptr<DatabaseHandle> opened;
  std::string setting_error;
  Status status = WithLockWait(path, wait, [&]() -> std::string {
    duckdb_config config = nullptr;
    if (!settings.empty()) {
      if (duckdb_create_config(&config) != DuckDBSuccess) {
        setting_error = "DuckDB could not create a configuration";
        return "";
      }
      for (const auto& [name, value] : settings) {
        if (duckdb_set_config(config, name.c_str(), value.c_str()) != DuckDBSuccess) {
          duckdb_destroy_config(&config);
          setting_error =
              fmt::format("DuckDB has no setting {} = {} (connector_config)", name, value);
          return "";
        }
      }
    }
    auto database = std::make_shared<DatabaseHandle>();
    char* error = nullptr;
    const bool ok = duckdb_open_ext(path.c_str(), database->out(), config, &error) == DuckDBSuccess;
    if (config != nullptr) {
      duckdb_destroy_config(&config);
    }
    std::string message = TakeString(error);
    if (ok) {
      opened = std::move(database);
      return "";
    }
    return message.empty() ? "unknown error" : message;
  });
  if (!setting_error.empty()) {
    return Status::EngineError(setting_error)
        .WithHint("see DuckDB's configuration reference for the settings it knows");
  }
  STRATA_RETURN_IF_ERROR(status);
  return opened;
}

}  // namespace

Result<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(const ConnectionConfig& config,
                                                         const LockWait& wait) {
  if (config.catalogs.empty() && config.settings.empty() && config.extensions.empty()) {
    return Open(config.database, wait);
  }
  if (config.database.empty()) {
    return Status::InvalidArgument("no DuckDB database file given")
        .WithHint("set `database:` of the connection to a file name or \":memory:\"");
  }
  const std::string main_path = config.catalogs.empty() ? config.database : ":memory:";
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<DatabaseHandle> database,
                          OpenDatabase(main_path, config.settings, wait));
  std::unique_ptr<DuckDbEngine> engine(new DuckDbEngine(config.database, std::move(database)));
  for (const DuckDbCatalog& catalog : config.catalogs) {
    std::vector<std::string> options;
    if (!catalog.type.empty()) {
      options.push_back("TYPE " + catalog.type);
    }
    if (catalog.read_only) {
      options.push_back("READ_ONLY");
    }
    const std::string sql = fmt::format(
        "ATTACH IF NOT EXISTS {} AS {}{}", QuoteString(catalog.path), QuoteIdentifier(catalog.name),
        options.empty() ? "" : " (" + fmt::format("{}", fmt::join(options, ", ")) + ")");
    ConnectionHandle connection;
    if (duckdb_connect(engine->database_->get(), connection.out()) != DuckDBSuccess) {
      return Status::EngineError("cannot connect to DuckDB");
    }
    STRATA_RETURN_IF_ERROR(WithLockWait(catalog.path, wait, [&]() -> std::string {
      ResultHandle result;
      if (duckdb_query(connection.get(), sql.c_str(), result.out()) == DuckDBSuccess) {
        return "";
      }
      const char* message = duckdb_result_error(result.get());
      return message != nullptr ? message : "unknown error";
    }));
  }
  for (const std::string& extension : config.extensions) {
    // LOAD finds an installed or autoloadable extension; INSTALL first for the others.
    Status loaded = engine->RunSetup("LOAD " + QuoteIdentifier(extension), extension);
    if (!loaded.ok()) {
      STRATA_RETURN_IF_ERROR(engine->RunSetup("INSTALL " + QuoteIdentifier(extension), extension));
      STRATA_RETURN_IF_ERROR(engine->RunSetup("LOAD " + QuoteIdentifier(extension), extension));
    }
  }
  if (!config.catalogs.empty()) {
    engine->default_catalog_ = config.catalogs.front().name;
  }
  return engine;
}

Status DuckDbEngine::RunSetup(const std::string& sql, std::string_view what) {
  ConnectionHandle connection;
  if (duckdb_connect(database_->get(), connection.out()) != DuckDBSuccess) {
    return Status::EngineError("cannot connect to DuckDB");
  }
  ResultHandle result;
  if (duckdb_query(connection.get(), sql.c_str(), result.out()) != DuckDBSuccess) {
    const char* message = duckdb_result_error(result.get());
    return Status::EngineError(fmt::format("DuckDB could not set up {}: {}", what,
                                           message != nullptr ? message : "unknown error"))
        .WithHint("check the extensions of the connection in config.yaml");
  }
  return Status::OK();
}

Result<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(const std::string& path,
                                                         const LockWait& wait) {
  if (path.empty()) {
    return Status::InvalidArgument("no DuckDB database file given")
        .WithHint("set `database:` of the connection to a file name or \":memory:\"");
  }
  if (path.find('\0') != std::string::npos) {
    return Status::InvalidArgument("the DuckDB database path contains a NUL byte");
  }
  std::shared_ptr<DatabaseHandle> opened;
  STRATA_RETURN_IF_ERROR(WithLockWait(path, wait, [&]() -> std::string {
    auto database = std::make_shared<DatabaseHandle>();
    char* error = nullptr;
    if (duckdb_open_ext(path.c_str(), database->out(), /*config=*/nullptr, &error) ==
        DuckDBSuccess) {
      TakeString(error);
      opened = std::move(database);
      return "";
    }
    const std::string message = TakeString(error);
    return message.empty() ? "unknown error" : message;
  }));
  return std::unique_ptr<DuckDbEngine>(new DuckDbEngine(path, std::move(opened)));
}

Result<std::unique_ptr<EngineAdapter>> DuckDbEngine::Connect() {
  ConnectionHandle connection;
  if (duckdb_connect(database_->get(), connection.out()) != DuckDBSuccess) {
    return Status::EngineError(fmt::format("cannot connect to the DuckDB database \"{}\"", path_));
  }
  if (!default_catalog_.empty()) {
    ResultHandle result;
    const std::string use = "USE " + QuoteIdentifier(default_catalog_);
    if (duckdb_query(connection.get(), use.c_str(), result.out()) != DuckDBSuccess) {
      const char* message = duckdb_result_error(result.get());
      return Status::EngineError(fmt::format("cannot use the DuckDB catalog {}: {}",
                                             default_catalog_,
                                             message != nullptr ? message : "unknown error"));
    }
  }
  return std::unique_ptr<EngineAdapter>(new DuckDbAdapter(database_, std::move(connection)));
}

}  // namespace strata::engine::duckdb
