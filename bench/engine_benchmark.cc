// Engine hot paths on embedded DuckDB: the fixed cost of one statement through Execute (part of
// the per-batch overhead, DESIGN.md §9 P5), and reading a large mixed-type result through Query.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "engine/engine_adapter.h"

namespace strata::engine {
namespace {

std::unique_ptr<Engine> OpenMemory() {
  ConnectionConfig config;
  config.database = ":memory:";
  auto engine = OpenEngine(config);
  if (!engine.ok()) {
    std::abort();
  }
  return std::move(engine).value();
}

std::unique_ptr<EngineAdapter> Connect(Engine& engine) {
  auto connection = engine.Connect();
  if (!connection.ok()) {
    std::abort();
  }
  return std::move(connection).value();
}

void BM_ExecuteTrivialStatement(benchmark::State& state) {
  auto engine = OpenMemory();
  auto db = Connect(*engine);
  for (auto _ : state) {
    auto r = db->Execute("SELECT 1");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExecuteTrivialStatement);

void BM_ExecuteInsertOneRow(benchmark::State& state) {
  auto engine = OpenMemory();
  auto db = Connect(*engine);
  (void)db->Execute("CREATE TABLE t (a INTEGER, b VARCHAR)");
  for (auto _ : state) {
    auto r = db->Execute("INSERT INTO t VALUES (1, 'x')");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExecuteInsertOneRow);

// A table of `rows` rows: BIGINT, DECIMAL(x,1), VARCHAR, TIMESTAMP, DECIMAL(10,2), BOOLEAN with
// NULLs.
std::unique_ptr<EngineAdapter> MixedTable(Engine& engine, int64_t rows, benchmark::State& state) {
  auto db = Connect(engine);
  auto created = db->Execute(
      "CREATE TABLE mixed AS SELECT range AS id, range * 0.5 AS amount, "
      "'customer-' || (range % 1000)::VARCHAR AS name, "
      "TIMESTAMP '2025-01-01' + to_seconds(range) AS ts, (range % 7)::DECIMAL(10,2) AS price, "
      "CASE WHEN range % 10 = 0 THEN NULL ELSE range % 3 = 0 END AS flag "
      "FROM range(" +
      std::to_string(rows) + ")");
  if (!created.ok()) {
    state.SkipWithError(created.status().ToString().c_str());
    return nullptr;
  }
  return db;
}

// Reading every row into Values: DuckDB's execution plus strata's conversion.
void BM_QueryMixedRows(benchmark::State& state) {
  auto engine = OpenMemory();
  const int64_t rows = state.range(0);
  auto db = MixedTable(*engine, rows, state);
  if (db == nullptr) {
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
BENCHMARK(BM_QueryMixedRows)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// The same query materialized by DuckDB but not converted: the baseline for the one above.
void BM_ExecuteMixedRowsUnread(benchmark::State& state) {
  auto engine = OpenMemory();
  const int64_t rows = state.range(0);
  auto db = MixedTable(*engine, rows, state);
  if (db == nullptr) {
    return;
  }
  for (auto _ : state) {
    auto r = db->Execute("SELECT * FROM mixed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_ExecuteMixedRowsUnread)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace strata::engine
