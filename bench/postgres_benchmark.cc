// Engine hot paths on PostgreSQL, against a throwaway server on 127.0.0.1 (the tests' harness,
// tests/support/postgres_server.h): the fixed cost of one statement through Execute (part of the
// per-batch overhead, DESIGN.md §9 P5), one Begin/INSERT/Commit round, and reading a large
// mixed-type result through Query. Skipped, with the reason, when no PostgreSQL server binaries
// are installed.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "engine/engine_adapter.h"
#include "support/postgres_server.h"

namespace strata::engine {
namespace {

// A connection to a fresh database of the shared server; nullptr (and the benchmark skipped)
// when there is none.
std::unique_ptr<EngineAdapter> Connect(benchmark::State& state) {
  auto server = strata::testing::PostgresServer::Shared();
  if (!server.ok()) {
    state.SkipWithError(server.status().ToString().c_str());
    return nullptr;
  }
  auto database = (*server)->CreateDatabase();
  if (!database.ok()) {
    state.SkipWithError(database.status().ToString().c_str());
    return nullptr;
  }
  auto engine = OpenEngine((*server)->Config(*database));
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return nullptr;
  }
  auto connection = (*engine)->Connect();
  if (!connection.ok()) {
    state.SkipWithError(connection.status().ToString().c_str());
    return nullptr;
  }
  return std::move(connection).value();
}

void BM_PostgresExecuteTrivialStatement(benchmark::State& state) {
  auto db = Connect(state);
  if (db == nullptr) {
    return;
  }
  for (auto _ : state) {
    auto r = db->Execute("SELECT 1");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostgresExecuteTrivialStatement);

void BM_PostgresExecuteInsertOneRow(benchmark::State& state) {
  auto db = Connect(state);
  if (db == nullptr) {
    return;
  }
  (void)db->Execute("CREATE TABLE t (a INTEGER, b VARCHAR)");
  for (auto _ : state) {
    auto r = db->Execute("INSERT INTO t VALUES (1, 'x')");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostgresExecuteInsertOneRow);

// What a batch costs beyond its own SQL: BEGIN, one statement, COMMIT.
void BM_PostgresTransactionOfOneInsert(benchmark::State& state) {
  auto db = Connect(state);
  if (db == nullptr) {
    return;
  }
  (void)db->Execute("CREATE TABLE t (a INTEGER, b VARCHAR)");
  for (auto _ : state) {
    if (!db->Begin().ok() || !db->Execute("INSERT INTO t VALUES (1, 'x')").ok() ||
        !db->Commit().ok()) {
      state.SkipWithError("transaction failed");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostgresTransactionOfOneInsert);

// Reading every row into Values: the server's work, the text protocol and strata's parsing.
void BM_PostgresQueryMixedRows(benchmark::State& state) {
  auto db = Connect(state);
  if (db == nullptr) {
    return;
  }
  const int64_t rows = state.range(0);
  auto created = db->Execute(
      "CREATE TABLE mixed AS SELECT i::int8 AS id, (i * 0.5)::numeric(18,1) AS amount, "
      "'customer-' || (i % 1000) AS name, TIMESTAMP '2025-01-01' + i * INTERVAL '1 second' AS ts, "
      "(i % 7)::numeric(10,2) AS price, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 3 = 0 END AS flag "
      "FROM generate_series(0, " +
      std::to_string(rows - 1) + ") AS g(i)");
  if (!created.ok()) {
    state.SkipWithError(created.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto r = db->Query("SELECT * FROM mixed");
    if (!r.ok() || static_cast<int64_t>(r->rows.size()) != rows) {
      state.SkipWithError("query failed");
      return;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetLabel("items = rows of 6 columns");
}
BENCHMARK(BM_PostgresQueryMixedRows)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace strata::engine
