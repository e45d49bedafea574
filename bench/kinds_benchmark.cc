// The cost of the kinds that write only what changed, against a full rebuild of the same table,
// on DuckDB (a database file), through the real path (plan, scheduler, ExecuteBatch):
//   - SCD_TYPE_2: a load of 1,000,000 keys of which 1 % changed, vs a FULL model over the
//     same 1,000,000 rows;
//   - INCREMENTAL_BY_UNIQUE_KEY: a day of 100,000 rows (50,000 updates of existing keys, 50,000
//     new keys) merged into 10,000,000, vs a FULL model rebuilding the 10,050,000 rows.
// Each is timed once (the setup loads are not timed); the figures go to docs/performance.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "base/time_parse.h"
#include "engine/engine_adapter.h"
#include "plan/plan.h"
#include "project/project.h"
#include "state/state_store.h"
#include "statement_log.h"

namespace {

namespace fs = std::filesystem;
using strata_bench::Since;
using strata_bench::StatementLog;

int64_t At(const char* text) {
  return strata::ParseTimePoint(text, 0, strata::TimeRole::kStart).value();
}

// A project in a fresh folder with one DuckDB file, its engine, and its state.
class Bench {
 public:
  explicit Bench(const std::string& name) : dir_(fs::temp_directory_path() / name) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "models");
    std::ofstream(dir_ / "config.yaml")
        << "gateways:\n  local:\n    connection: {type: duckdb, database: db.duckdb}\n";
    std::ofstream(dir_ / "models" / "placeholder.sql")
        << "MODEL (name s.placeholder, kind VIEW);\nSELECT 1 AS x\n";
    Reload();
    engine_ =
        strata::engine::OpenEngine(project_->config.gateways.begin()->second.connection).value();
    connection_ = engine_->Connect().value();
    state_ = std::make_unique<strata::state::StateStore>(connection_.get(), "strata_state");
    (void)state_->Migrate();
  }
  ~Bench() {
    state_.reset();
    connection_.reset();
    engine_.reset();
    fs::remove_all(dir_);
  }

  void Model(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "models" / (name + ".sql")) << text;
  }
  void Remove(const std::string& name) { fs::remove(dir_ / "models" / (name + ".sql")); }
  void Reload() {
    project_ =
        std::make_unique<strata::project::Project>(strata::project::LoadProject(dir_).value());
  }
  bool Exec(const std::string& sql) { return connection_->Execute(sql).ok(); }

  // Runs a CHECKPOINT and returns the seconds it took (-1 on failure). DuckDB defers part of a
  // write to its next checkpoint (deletes, small updates); a fair figure includes it.
  double Checkpoint() {
    const auto started = std::chrono::steady_clock::now();
    return connection_->Execute("CHECKPOINT").ok() ? Since(started) : -1;
  }

  // Plans and applies at `execution_time`; returns the seconds ApplyPlan took, or -1. With a
  // `title`, prints the statements the apply sent, with their times, to stderr.
  double Apply(const char* execution_time, const char* title = nullptr) {
    Reload();
    strata::PlanOptions options;
    options.execution_time = At(execution_time);
    auto plan = strata::BuildPlan(*project_, *state_, options);
    if (!plan.ok()) {
      return -1;
    }
    strata::ApplyOptions apply;
    apply.threads = 1;
    log_.Clear();
    const auto started = std::chrono::steady_clock::now();
    auto summary = strata::ApplyPlan(*plan, *project_, *engine_, *state_, apply);
    const double seconds = Since(started);
    if (title != nullptr) {
      log_.Print(title);
    }
    return summary.ok() && summary->failed == 0 ? seconds : -1;
  }

 private:
  fs::path dir_;
  std::unique_ptr<strata::project::Project> project_;
  std::unique_ptr<strata::engine::Engine> engine_;
  StatementLog log_;
  std::unique_ptr<strata::engine::EngineAdapter> connection_;
  std::unique_ptr<strata::state::StateStore> state_;
};

void BM_ScdType2Load1MKeys1PercentChanged(benchmark::State& bench) {
  for (auto _ : bench) {
    Bench b("strata-scd-benchmark");
    b.Exec(
        "CREATE SCHEMA raw; CREATE TABLE raw.menu AS SELECT i AS id, 'item ' || i AS name, "
        "CAST(i % 100 AS DECIMAL(10, 2)) AS price, TIMESTAMP '2020-01-01' AS updated_at FROM "
        "range(1000000) AS g(i)");
    b.Model("menu_items",
            "MODEL (name s.menu_items, kind SCD_TYPE_2 (unique_key id), start '2019-12-31');\n"
            "SELECT id, name, price, updated_at FROM raw.menu\n");
    if (b.Apply("2020-01-01 02:00:00") < 0) {
      bench.SkipWithError("the first load failed");
      return;
    }
    b.Exec(
        "UPDATE raw.menu SET price = price + 1, updated_at = TIMESTAMP '2020-01-02' WHERE id % "
        "100 = 0");
    b.Checkpoint();  // nothing deferred from the setup is paid by the timed steps
    const double load = b.Apply("2020-01-02 02:00:00", "SCD type 2 load");
    const double load_checkpoint = b.Checkpoint();
    // The same 1,000,000 rows rebuilt as a FULL table.
    b.Model("menu_full",
            "MODEL (name s.menu_full, kind FULL);\n"
            "SELECT id, name, price, updated_at FROM raw.menu\n");
    const double rebuild = b.Apply("2020-01-02 03:00:00", "FULL rebuild of the SCD source");
    const double rebuild_checkpoint = b.Checkpoint();
    if (load < 0 || rebuild < 0 || load_checkpoint < 0 || rebuild_checkpoint < 0) {
      bench.SkipWithError("a batch failed");
      return;
    }
    bench.counters["scd_load_ms"] = load * 1000;
    bench.counters["scd_checkpoint_ms"] = load_checkpoint * 1000;
    bench.counters["full_rebuild_ms"] = rebuild * 1000;
    bench.counters["full_checkpoint_ms"] = rebuild_checkpoint * 1000;
    bench.counters["ratio_pct"] = 100 * (load + load_checkpoint) / (rebuild + rebuild_checkpoint);
  }
}
BENCHMARK(BM_ScdType2Load1MKeys1PercentChanged)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_UniqueKeyMerge100kInto10M(benchmark::State& bench) {
  for (auto _ : bench) {
    Bench b("strata-merge-benchmark");
    // 10,000,000 rows over ten days.
    b.Exec(
        "CREATE SCHEMA raw; CREATE TABLE raw.facts AS SELECT i AS id, i % 1000 AS customer, "
        "CAST(i % 997 AS DOUBLE) AS amount, DATE '2025-01-01' + CAST(i // 1000000 AS INTEGER) AS "
        "day FROM range(10000000) AS g(i)");
    b.Model("facts",
            "MODEL (name s.facts, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id),\n"
            "  start '2025-01-01', cron '@daily');\n"
            "SELECT id, customer, amount, day FROM raw.facts\n"
            "WHERE day BETWEEN @start_ds AND @end_ds\n");
    if (b.Apply("2025-01-11") < 0) {
      bench.SkipWithError("the first load failed");
      return;
    }
    // Day 11: 50,000 existing keys change (moved to the new day), 50,000 keys are new.
    b.Exec(
        "UPDATE raw.facts SET amount = amount + 1, day = DATE '2025-01-11' WHERE id % 200 = 7; "
        "INSERT INTO raw.facts SELECT 10000000 + i, i % 1000, 1.0, DATE '2025-01-11' FROM "
        "range(50000) AS g(i)");
    b.Checkpoint();
    const double merge = b.Apply("2025-01-12", "unique-key merge");
    const double merge_checkpoint = b.Checkpoint();
    b.Model("facts_full",
            "MODEL (name s.facts_full, kind FULL);\n"
            "SELECT id, customer, amount, day FROM raw.facts\n");
    const double rebuild = b.Apply("2025-01-12 01:00:00", "FULL rebuild of the merged table");
    const double rebuild_checkpoint = b.Checkpoint();
    if (merge < 0 || rebuild < 0 || merge_checkpoint < 0 || rebuild_checkpoint < 0) {
      bench.SkipWithError("a batch failed");
      return;
    }
    bench.counters["merge_ms"] = merge * 1000;
    bench.counters["merge_checkpoint_ms"] = merge_checkpoint * 1000;
    bench.counters["full_rebuild_ms"] = rebuild * 1000;
    bench.counters["full_checkpoint_ms"] = rebuild_checkpoint * 1000;
    bench.counters["ratio_pct"] = 100 * (merge + merge_checkpoint) / (rebuild + rebuild_checkpoint);
  }
}
BENCHMARK(BM_UniqueKeyMerge100kInto10M)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
