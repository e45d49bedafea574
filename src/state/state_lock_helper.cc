// A second strata process for the state lock tests (state_lock_test.cc): takes the lock of a state
// the way `plan` and `run` do, then writes to the database to prove it may.
//
//   state_lock_helper duckdb PATH SCHEMA TIMEOUT MARKER [crash]
//   state_lock_helper postgres DATABASE SCHEMA TIMEOUT MARKER HOST PORT USER PASSWORD [crash]
//
// When it has to wait, it prints the wait message on stdout and writes it to the file MARKER, so
// the test knows it is waiting. Once it holds the lock it prints "locked", writes a row, and
// exits 0, or, with `crash`, kills itself (SIGKILL) while holding the lock. Exit codes: 2 lock
// timeout, 1 any other error (the error on stderr), 64 bad arguments.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/engine_adapter.h"
#include "state/state_lock.h"

namespace strata::state {
namespace {

int Fail(const Status& status) {
  std::fprintf(stderr, "%s\n", status.ToString().c_str());
  return status.code() == StatusCode::kLockTimeout ? 2 : 1;
}

int Main(const std::vector<std::string>& args) {
  const bool postgres = args.size() >= 9 && args[0] == "postgres";
  const bool duckdb = args.size() >= 5 && args[0] == "duckdb";
  const size_t fixed = postgres ? 9 : 5;
  if (!(postgres || duckdb) || args.size() > fixed + 1 ||
      (args.size() == fixed + 1 && args[fixed] != "crash")) {
    std::fprintf(stderr, "usage: see the comment of state_lock_helper.cc\n");
    return 64;
  }
  engine::ConnectionConfig config;
  config.type = postgres ? engine::EngineType::kPostgres : engine::EngineType::kDuckDb;
  config.database = args[1];
  if (postgres) {
    config.host = args[5];
    config.port = std::atoi(args[6].c_str());
    config.user = args[7];
    config.password = args[8];
  }
  const std::string schema = args[2];
  const std::string marker = args[4];
  engine::LockWait wait;
  wait.timeout_seconds = std::atof(args[3].c_str());
  wait.on_wait = [&marker](const std::string& message) {
    std::printf("%s\n", message.c_str());
    std::fflush(stdout);
    if (std::FILE* f = std::fopen(marker.c_str(), "w")) {
      std::fputs(message.c_str(), f);
      std::fclose(f);
    }
  };

  auto engine = engine::OpenEngine(config, wait);
  if (!engine.ok()) {
    return Fail(engine.status());
  }
  auto lock = AcquireStateLock(**engine, schema, wait);
  if (!lock.ok()) {
    return Fail(lock.status());
  }
  std::printf("locked\n");
  std::fflush(stdout);
  if (args.size() == fixed + 1) {
    std::raise(SIGKILL);
  }
  auto connection = (*engine)->Connect();
  if (!connection.ok()) {
    return Fail(connection.status());
  }
  constexpr const char* kWrite =
      "CREATE TABLE IF NOT EXISTS lock_helper_runs (n INTEGER); "
      "INSERT INTO lock_helper_runs VALUES (1)";
  auto written = (*connection)->Execute(kWrite);
  return written.ok() ? 0 : Fail(written.status());
}

}  // namespace
}  // namespace strata::state

int main(int argc, char** argv) {
  return strata::state::Main(std::vector<std::string>(argv + 1, argv + argc));
}
