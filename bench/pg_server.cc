// pg_server: a throwaway PostgreSQL server for the benchmark scripts (the tests' harness,
// tests/support/postgres_server.h), so that whole-command benchmarks can run on PostgreSQL too.
//   pg_server OUT_FILE
// Starts the server, creates a database, writes one line "HOST PORT USER PASSWORD DATABASE" to
// OUT_FILE, then waits: SIGTERM, SIGINT, or the end of the process that started it (the script),
// stop the server and remove its folder. The server also dies with this process. Exits 3, with the
// reason, when no PostgreSQL server binaries are installed (scripts then skip their PostgreSQL
// part).
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/postgres_server.h"

namespace {

volatile sig_atomic_t stop = 0;

void OnSignal(int) { stop = 1; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: pg_server OUT_FILE\n");
    return 2;
  }
  auto server = strata::testing::PostgresServer::Start();
  if (!server.ok()) {
    std::fprintf(stderr, "pg_server: %s\n", server.status().ToString().c_str());
    return server.status().code() == strata::StatusCode::kNotFound ? 3 : 1;
  }
  auto database = (*server)->CreateDatabase();
  if (!database.ok()) {
    std::fprintf(stderr, "pg_server: %s\n", database.status().ToString().c_str());
    return 1;
  }
  std::ofstream(argv[1]) << (*server)->host() << " " << (*server)->port() << " "
                         << (*server)->user() << " " << (*server)->password() << " " << *database
                         << "\n";
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) {
    stop = 1;  // the script is gone already
  }
  while (stop == 0) {
    pause();
  }
  return 0;  // the server is stopped by its destructor
}
