// PostgresServer: a throwaway PostgreSQL server for tests. It runs Debian's server binaries
// (initdb, then postgres) on a temporary data folder, listening on 127.0.0.1 at a free port and on
// a unix socket inside that folder, with fsync off. When the tests run as root (initdb refuses
// root), the server runs as the unprivileged `postgres` user, which owns the folder. TCP logins
// need the superuser's password (scram-sha-256), so tests exercise password handling for real.
//
// One server serves a whole test binary: PostgresServer::Shared() starts it on first use and a
// GoogleTest environment (postgres_environment.cc, linked in by STRATA_REQUIRE_POSTGRES) stops
// it (SIGQUIT: immediate shutdown) and removes its folder after the last test, whether tests
// passed or failed; without the environment (benchmarks), that happens at exit. The server also
// dies with the process (parent death signal), so a crashed test binary leaves no server running.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "base/result.h"
#include "engine/connection_config.h"

namespace strata::testing {

class PostgresServer {
 public:
  // The server of this test binary, started on the first call. Call it from the main thread (a
  // test body or fixture SetUp): the server dies when the thread that started it ends. Fails
  // with kNotFound when no PostgreSQL server binaries are installed (tests then skip, see
  // STRATA_REQUIRE_POSTGRES), else with the reason the server did not start (initdb's or the
  // server's log included). Later calls return the first call's outcome.
  static Result<PostgresServer*> Shared();
  // Stops the shared server, if it runs, and removes its folder; Shared() then fails.
  static void StopShared();

  // Starts a new server. The binaries come from $STRATA_PG_BINDIR, else `pg_config --bindir`,
  // else the newest /usr/lib/postgresql/*/bin. Fails as Shared() does.
  static Result<std::unique_ptr<PostgresServer>> Start();

  // Stops the server and removes its folder.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  const std::string& host() const { return host_; }  // "127.0.0.1"
  int port() const { return port_; }
  const std::string& user() const { return user_; }          // the superuser
  const std::string& password() const { return password_; }  // its password (TCP logins)
  const std::string& socket_dir() const { return dir_; }     // the unix socket's folder

  // A connection to `database` over TCP as the superuser, with its password.
  engine::ConnectionConfig Config(const std::string& database = "postgres") const;

  // Creates a new empty database with a fresh name and returns the name. Fails with
  // kEngineError and the server's message.
  Result<std::string> CreateDatabase();

  // Runs `sql` as the superuser on `database` (through the unix socket, its own short-lived
  // connection). Fails with kEngineError and the server's message.
  Status Execute(const std::string& sql, const std::string& database = "postgres");

 private:
  PostgresServer() = default;
  Status Initialize(const std::string& bindir);
  Status Launch(const std::string& bindir);
  void Stop();

  std::string dir_;  // the temporary folder: data/, logs, the unix socket
  std::string host_ = "127.0.0.1";
  int port_ = 0;
  std::string user_ = "strata";
  std::string password_;
  uid_t uid_ = 0;  // who runs the server
  gid_t gid_ = 0;
  pid_t pid_ = -1;  // the postmaster
  int databases_created_ = 0;
};

// PostgresServer::Shared() for GoogleTest binaries: also registers the environment that stops the
// server after the last test (defined in postgres_environment.cc).
Result<PostgresServer*> SharedPostgresServerForTests();

}  // namespace strata::testing

// In a test body or fixture SetUp: sets `server` (a PostgresServer*) to the shared server, skips
// the test when PostgreSQL is not installed, and fails it when the server cannot start.
#define STRATA_REQUIRE_POSTGRES(server)                                               \
  do {                                                                                \
    auto strata_pg_server_ = ::strata::testing::PostgresServer::Shared();             \
    if (!strata_pg_server_.ok()) {                                                    \
      if (strata_pg_server_.status().code() == ::strata::StatusCode::kNotFound) {     \
        GTEST_SKIP() << strata_pg_server_.status().ToString();                        \
      }                                                                               \
      FAIL() << "cannot start PostgreSQL: " << strata_pg_server_.status().ToString(); \
    }                                                                                 \
    server = *strata_pg_server_;                                                      \
  } while (false)
