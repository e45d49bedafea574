// duckdb_floor: what DuckDB alone costs for a unit of work, as a floor for strata's figures (P6).
//   duckdb_floor DATABASE SQL...
// Opens DATABASE, runs each SQL in one transaction, commits, closes, and prints the milliseconds
// of each step on one line. Nothing else happens in the process: no state, no project, no
// rendering. The benchmark scripts time the whole process and set it beside strata's time for
// the same work. Exits 1 with DuckDB's message when a step fails.
#include <duckdb.h>

#include <chrono>
#include <cstdio>

namespace {

double MillisecondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
      .count();
}

bool Run(duckdb_connection connection, const char* sql) {
  duckdb_result result;
  const bool ok = duckdb_query(connection, sql, &result) == DuckDBSuccess;
  if (!ok) {
    std::fprintf(stderr, "duckdb_floor: %s\n", duckdb_result_error(&result));
  }
  duckdb_destroy_result(&result);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: duckdb_floor DATABASE SQL...\n");
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  duckdb_database database = nullptr;
  if (duckdb_open(argv[1], &database) != DuckDBSuccess) {
    std::fprintf(stderr, "duckdb_floor: cannot open %s\n", argv[1]);
    return 1;
  }
  duckdb_connection connection = nullptr;
  if (duckdb_connect(database, &connection) != DuckDBSuccess) {
    std::fprintf(stderr, "duckdb_floor: cannot connect to %s\n", argv[1]);
    duckdb_close(&database);
    return 1;
  }
  const double open = MillisecondsSince(started);
  started = std::chrono::steady_clock::now();
  bool ok = Run(connection, "BEGIN TRANSACTION");
  for (int i = 2; ok && i < argc; ++i) {
    ok = Run(connection, argv[i]);
  }
  ok = ok && Run(connection, "COMMIT");
  const double work = MillisecondsSince(started);
  started = std::chrono::steady_clock::now();
  duckdb_disconnect(&connection);
  duckdb_close(&database);
  const double close = MillisecondsSince(started);
  if (!ok) {
    return 1;
  }
  std::printf("open %.1f ms, statements + commit %.1f ms, close (checkpoint) %.1f ms\n", open, work,
              close);
  return 0;
}
