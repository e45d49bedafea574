// DESIGN.md §9 P5: strata's overhead per batch, on a DuckDB file (engine:0), on PostgreSQL
// (engine:1, the tests' throwaway server; skipped without one) and on an in-memory DuckDB
// (engine:2). Runs many trivial batches (a five-minute model whose
// query selects one row) through the real path — scheduler, render, ExecuteBatch with the
// time-range strategy's statements, its transaction and interval record — and reports the time
// per batch, next to the engine's bare cost of one transaction with two single-row INSERTs (the
// floor any batch pays).
#include <chrono>
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>

#include "base/time_parse.h"
#include "engine/engine_adapter.h"
#include "plan/plan.h"
#include "project/project.h"
#include "scheduler/backfill.h"
#include "state/state_store.h"
#include "statement_log.h"
#include "support/postgres_server.h"

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

// The connection of the engine the benchmark's argument names: 0 a DuckDB file in `dir`, 1 a new
// database of the PostgreSQL test server, 2 an in-memory DuckDB (no WAL to write at commit).
// Returns false (and skips) when there is none.
bool ConnectionFor(benchmark::State& bench, const fs::path& dir,
                   strata::engine::ConnectionConfig* config) {
  if (bench.range(0) != 1) {
    config->database = bench.range(0) == 0 ? (dir / "bench.duckdb").string() : ":memory:";
    return true;
  }
  auto server = strata::testing::PostgresServer::Shared();
  if (!server.ok()) {
    bench.SkipWithError(server.status().ToString().c_str());
    return false;
  }
  auto database = (*server)->CreateDatabase();
  if (!database.ok()) {
    bench.SkipWithError(database.status().ToString().c_str());
    return false;
  }
  *config = (*server)->Config(*database);
  config->type = strata::engine::EngineType::kPostgres;
  return true;
}

std::string YamlOf(const strata::engine::ConnectionConfig& config) {
  if (config.type == strata::engine::EngineType::kDuckDb) {
    return "{type: duckdb, database: '" + config.database + "'}";
  }
  return "{type: postgres, host: " + config.host + ", port: " + std::to_string(config.port) +
         ", user: " + config.user + ", password: '" + config.password +
         "', database: " + config.database + "}";
}

void BM_BatchOverhead(benchmark::State& bench) {
  const fs::path dir = fs::temp_directory_path() / "strata-batch-benchmark";
  fs::remove_all(dir);
  fs::create_directories(dir / "models");
  strata::engine::ConnectionConfig config;
  if (!ConnectionFor(bench, dir, &config)) {
    return;
  }
  std::ofstream(dir / "config.yaml")
      << "gateways:\n  local:\n    connection: " << YamlOf(config) << "\n";
  std::ofstream(dir / "models" / "tiny.sql") << kModel;
  auto loaded = strata::project::LoadProject(dir);
  auto engine = strata::engine::OpenEngine(config);
  if (!loaded.ok() || !engine.ok()) {
    bench.SkipWithError("the project or the engine does not open");
    return;
  }
  const strata::project::Project& project = *loaded;
  auto connection = (*engine)->Connect();
  if (!connection.ok()) {
    bench.SkipWithError(connection.status().ToString().c_str());
    return;
  }
  strata::state::StateStore state(connection->get(), "strata_state");
  (void)state.Migrate();
  const int64_t start = strata::ParseTimePoint("2025-01-01", 0, strata::TimeRole::kStart).value();
  constexpr int64_t kFiveMinutes = int64_t{300} * 1000000;
  int64_t next = start;
  int64_t batches = 0;
  double seconds = 0;
  strata_bench::StatementLog log;
  for (auto _ : bench) {
    bench.PauseTiming();
    strata::PlanOptions options;
    options.execution_time = next + 1000 * kFiveMinutes;
    options.start = next;
    options.end = next + 1000 * kFiveMinutes;
    auto built = strata::BuildPlan(project, state, options);
    bench.ResumeTiming();
    if (!built.ok()) {
      bench.SkipWithError(built.status().ToString().c_str());
      break;
    }
    strata::ApplyOptions apply;
    apply.threads = 1;
    log.Clear();
    const auto started = std::chrono::steady_clock::now();
    auto summary = strata::ApplyPlan(*built, project, **engine, state, apply);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!summary.ok() || summary->failed > 0) {
      bench.SkipWithError("a batch failed");
      break;
    }
    batches += summary->batches;
    next += 1000 * kFiveMinutes;
  }
  // The statements of the last iteration's batches, per batch (timing them adds ~1 µs each).
  log.PrintByKind(("BM_BatchOverhead/engine:" + std::to_string(bench.range(0))).c_str(), 1000);
  bench.counters["batches"] = static_cast<double>(batches);
  bench.counters["ms_per_batch"] = batches > 0 ? seconds * 1000 / static_cast<double>(batches) : 0;
  fs::remove_all(dir);
}
BENCHMARK(BM_BatchOverhead)
    ->ArgName("engine")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

// The floor: one transaction with one single-row INSERT and one interval-sized INSERT.
void BM_BareTransaction(benchmark::State& bench) {
  const fs::path dir = fs::temp_directory_path() / "strata-bare-benchmark";
  fs::remove_all(dir);
  fs::create_directories(dir);
  strata::engine::ConnectionConfig config;
  if (!ConnectionFor(bench, dir, &config)) {
    return;
  }
  auto engine = strata::engine::OpenEngine(config);
  if (!engine.ok()) {
    bench.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  auto connection = (*engine)->Connect();
  if (!connection.ok()) {
    bench.SkipWithError(connection.status().ToString().c_str());
    return;
  }
  strata::engine::EngineAdapter& db = **connection;
  (void)db.Execute("CREATE TABLE t (ts TIMESTAMP, x INTEGER); CREATE TABLE i (a BIGINT)");
  for (auto _ : bench) {
    (void)db.Begin();
    (void)db.Execute("INSERT INTO t VALUES (TIMESTAMP '2025-01-01', 1)");
    (void)db.Execute("INSERT INTO i VALUES (1)");
    (void)db.Commit();
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_BareTransaction)
    ->ArgName("engine")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
