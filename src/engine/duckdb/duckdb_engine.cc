// Opening a DuckDB database through duckdb_open_ext (which reports why opening failed), waiting
// while another process holds the file, and connecting to it.
#include "engine/duckdb/duckdb_engine.h"

#include <cctype>

#include <fmt/format.h>

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

}  // namespace

Result<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(const std::string& path,
                                                         const LockWait& wait) {
  if (path.empty()) {
    return Status::InvalidArgument("no DuckDB database file given")
        .WithHint("set `database:` of the connection to a file name or \":memory:\"");
  }
  if (path.find('\0') != std::string::npos) {
    return Status::InvalidArgument("the DuckDB database path contains a NUL byte");
  }
  Backoff backoff(wait.timeout_seconds);
  bool waited = false;
  while (true) {
    auto database = std::make_shared<DatabaseHandle>();
    char* error = nullptr;
    if (duckdb_open_ext(path.c_str(), database->out(), /*config=*/nullptr, &error) ==
        DuckDBSuccess) {
      TakeString(error);
      return std::unique_ptr<DuckDbEngine>(new DuckDbEngine(path, std::move(database)));
    }
    const std::string message = TakeString(error);
    if (message.find(kLockConflict) == std::string::npos) {
      return Status::IoError(fmt::format("cannot open the DuckDB database \"{}\": {}", path,
                                         message.empty() ? "unknown error" : message));
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

Result<std::unique_ptr<EngineAdapter>> DuckDbEngine::Connect() {
  ConnectionHandle connection;
  if (duckdb_connect(database_->get(), connection.out()) != DuckDBSuccess) {
    return Status::EngineError(fmt::format("cannot connect to the DuckDB database \"{}\"", path_));
  }
  return std::unique_ptr<EngineAdapter>(new DuckDbAdapter(database_, std::move(connection)));
}

}  // namespace strata::engine::duckdb
