// DESIGN.md §9 P5: strata's overhead per batch on DuckDB. Runs many trivial batches (a
// five-minute model whose query selects one row) through the real path — scheduler, render,
// ExecuteBatch with its transaction and interval record — and reports the time per batch, next
// to the engine's bare cost of one transaction with one INSERT (the floor any batch pays).
#include <chrono>
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>

#include "base/time_parse.h"
#include "core/backfill.h"
#include "core/plan.h"
#include "engine/engine_adapter.h"
#include "project/project.h"
#include "state/state_store.h"

namespace {

namespace fs = std::filesystem;

constexpr char kModel[] = R"(MODEL (
  name s.tiny,
  kind INCREMENTAL_BY_TIME_RANGE (time_column ts, batch_size 1),
  start '2025-01-01',
  cron '*/5 * * * *'
);
SELECT CAST(@start_ts AS TIMESTAMP) AS ts, 1 AS x
)";

void BM_BatchOverhead(benchmark::State& bench) {
  const fs::path dir = fs::temp_directory_path() / "strata-batch-benchmark";
  fs::remove_all(dir);
  fs::create_directories(dir / "models");
  std::ofstream(dir / "config.yaml")
      << "gateways:\n  local:\n    connection: {type: duckdb, database: ':memory:'}\n";
  std::ofstream(dir / "models" / "tiny.sql") << kModel;
  auto project = strata::project::LoadProject(dir).value();
  auto engine =
      strata::engine::OpenEngine(project.config.gateways.begin()->second.connection).value();
  auto connection = engine->Connect().value();
  strata::state::StateStore state(connection.get(), "strata_state");
  (void)state.Migrate();
  const int64_t start = strata::ParseTimePoint("2025-01-01", 0, strata::TimeRole::kStart).value();
  constexpr int64_t kFiveMinutes = int64_t{300} * 1000000;
  int64_t next = start;
  int64_t batches = 0;
  double seconds = 0;
  for (auto _ : bench) {
    bench.PauseTiming();
    strata::PlanOptions options;
    options.execution_time = next + 1000 * kFiveMinutes;
    options.start = next;
    options.end = next + 1000 * kFiveMinutes;
    strata::Plan plan = strata::BuildPlan(project, state, options).value();
    bench.ResumeTiming();
    strata::ApplyOptions apply;
    apply.threads = 1;
    const auto started = std::chrono::steady_clock::now();
    auto summary = strata::ApplyPlan(plan, project, *engine, state, apply);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!summary.ok() || summary->failed > 0) {
      bench.SkipWithError("a batch failed");
      break;
    }
    batches += summary->batches;
    next += 1000 * kFiveMinutes;
  }
  bench.counters["batches"] = static_cast<double>(batches);
  bench.counters["ms_per_batch"] = batches > 0 ? seconds * 1000 / static_cast<double>(batches) : 0;
  fs::remove_all(dir);
}
BENCHMARK(BM_BatchOverhead)->Iterations(3)->Unit(benchmark::kMillisecond);

// The floor: one transaction with one single-row INSERT and one interval-sized INSERT.
void BM_BareTransaction(benchmark::State& bench) {
  strata::engine::ConnectionConfig config;
  config.database = ":memory:";
  auto engine = strata::engine::OpenEngine(config).value();
  auto connection = engine->Connect().value();
  (void)connection->Execute("CREATE TABLE t (ts TIMESTAMP, x INTEGER); CREATE TABLE i (a BIGINT)");
  for (auto _ : bench) {
    (void)connection->Begin();
    (void)connection->Execute("INSERT INTO t VALUES (TIMESTAMP '2025-01-01', 1)");
    (void)connection->Execute("INSERT INTO i VALUES (1)");
    (void)connection->Commit();
  }
}
BENCHMARK(BM_BareTransaction)->Unit(benchmark::kMicrosecond);

}  // namespace
