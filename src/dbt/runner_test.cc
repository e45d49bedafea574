// strata dbt's runner on a real DuckDB file: seeds typed as agate types them, view, table,
// ephemeral and incremental models (the change counts of a rerun, late rows, a full refresh),
// data tests and what a failing one skips in build, hooks, and a failing write leaving the
// table as it was.
#include "dbt/runner.h"

#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dbt/microbatch.h"
#include "dbt/seed_loader.h"
#include "engine/engine_adapter.h"
#include "project/temp_project_test_util.h"

namespace strata::dbt {
namespace {

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.Write("dbt_project.yml", "name: shop\nprofile: shop\nversion: '1.0'\n");
    project_.Write("seeds/customers.csv",
                   "id,name,joined,vip,score\n1,Ann,2024-01-03,true,1.5\n2,Bob,2024-02-11,"
                   "false,\n3,null,2024-03-05,False,2\n");
    project_.Write("models/stg_customers.sql", "select * from {{ ref('customers') }}\n");
    project_.Write("models/eph.sql",
                   "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('customers') "
                   "}} where vip\n");
    project_.Write("models/vips.sql",
                   "{{ config(materialized='table', post_hook='insert into {{ this }} values "
                   "(99)') }}\nwith x as (select * from {{ ref('eph') }}) select id from x\n");
    project_.Write(
        "models/fct.sql",
        "{{ config(materialized='incremental', unique_key='id') }}\n"
        "select id, amount, ts from raw_events\n"
        "{% if is_incremental() %}where ts >= (select max(ts) from {{ this }}) - interval '1 "
        "day'{% endif %}\n");
    project_.Write("models/after_fct.sql", "select count(*) as n from {{ ref('fct') }}\n");
    project_.Write("models/schema.yml",
                   "version: 2\nmodels:\n  - name: fct\n    columns:\n      - name: id\n"
                   "        data_tests: [unique, not_null]\n      - name: amount\n"
                   "        data_tests:\n          - accepted_values:\n              values: [1, "
                   "2, 3]\n              quote: false\n              config: {severity: warn}\n");
    Execute(
        "CREATE TABLE raw_events (id INTEGER, amount INTEGER, ts TIMESTAMP); INSERT INTO "
        "raw_events VALUES (1, 1, '2025-01-01 10:00'), (2, 2, '2025-01-02 10:00')");
  }

  Result<Manifest> Parse() {
    STRATA_ASSIGN_OR_RETURN(DbtProject project, LoadDbtProject(project_.path()));
    Target target;
    target.type = "duckdb";
    target.name = "dev";
    target.path = (project_.path() / "shop.duckdb").string();
    target.database = "shop";
    target.schema = "main";
    ManifestOptions options;
    options.project_dir = project_.path();
    return Manifest::Parse(project, target, options);
  }

  engine::Engine& Engine() {
    if (engine_ == nullptr) {
      engine::ConnectionConfig config;
      config.database = (project_.path() / "shop.duckdb").string();
      Result<std::unique_ptr<engine::Engine>> engine = engine::OpenEngine(config);
      EXPECT_TRUE(engine.ok()) << engine.status().ToString();
      engine_ = std::move(*engine);
    }
    return *engine_;
  }

  void Execute(const std::string& sql) {
    auto db = Engine().Connect();
    ASSERT_TRUE(db.ok());
    Result<int64_t> done = (*db)->Execute(sql);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }

  std::vector<std::string> Rows(const std::string& sql) {
    auto db = Engine().Connect();
    EXPECT_TRUE(db.ok());
    Result<engine::QueryResult> result = (*db)->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    std::vector<std::string> rows;
    if (result.ok()) {
      for (const auto& row : result->rows) {
        std::string line;
        for (const auto& value : row) {
          if (!line.empty()) {
            line += '|';
          }
          line += value.is_null() ? std::string("NULL") : value.ToString();
        }
        rows.push_back(line);
      }
    }
    return rows;
  }

  // Runs `command` over every node; returns the summary and collects the log lines.
  RunSummary Run(RunCommand command, bool full_refresh = false, int threads = 1) {
    Result<Manifest> manifest = Parse();
    EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
    RunnerOptions options;
    options.command = command;
    for (const auto& [id, node] : manifest->nodes()) {
      options.selected.insert(id);
    }
    options.full_refresh = full_refresh;
    options.threads = threads;
    lines_.clear();
    options.print = [this](const std::string& line) { lines_.push_back(line); };
    Result<RunSummary> summary = RunNodes(*manifest, Engine(), options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : RunSummary{};
  }

  std::string Status(const RunSummary& summary, const std::string& id) {
    for (const NodeResult& result : summary.results) {
      if (result.unique_id == id) {
        std::string out = result.status;
        if (!result.message.empty()) {
          out.append(": ").append(result.message);
        }
        return out;
      }
    }
    return "not run";
  }

  bool Printed(const std::string& text) {
    for (const std::string& line : lines_) {
      if (line.find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  project::TempProject project_;
  std::unique_ptr<engine::Engine> engine_;
  std::vector<std::string> lines_;
};

TEST_F(RunnerTest, BuildsEveryKindInOrder) {
  RunSummary summary = Run(RunCommand::kBuild);
  EXPECT_EQ(summary.exit_code, 0);
  EXPECT_EQ(Status(summary, "seed.shop.customers"), "success: INSERT 3");
  EXPECT_EQ(Status(summary, "model.shop.vips"), "success: OK 1 row");
  EXPECT_EQ(Status(summary, "model.shop.fct"), "success: OK 2 rows");
  EXPECT_EQ(Status(summary, "model.shop.eph"), "not run");  // ephemeral: a CTE of vips
  EXPECT_EQ(Status(summary, "test.shop.unique_fct_id"), "pass");
  // Agate's types: integer, text (with 'null' read as NULL), date, boolean, float8.
  EXPECT_EQ(Rows("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE "
                 "table_name = 'customers' ORDER BY ordinal_position"),
            (std::vector<std::string>{"id INTEGER", "name VARCHAR", "joined DATE", "vip BOOLEAN",
                                      "score DOUBLE"}));
  EXPECT_EQ(Rows("SELECT count(*) FROM main.customers WHERE name IS NULL"),
            std::vector<std::string>{"1"});
  // The post-hook ran in the table's transaction.
  EXPECT_EQ(Rows("SELECT id FROM main.vips ORDER BY id"), (std::vector<std::string>{"1", "99"}));
  EXPECT_EQ(Rows("SELECT table_type FROM information_schema.tables WHERE table_name = "
                 "'stg_customers'"),
            std::vector<std::string>{"VIEW"});
  EXPECT_TRUE(Printed("OK created sql incremental model main.fct (full refresh)"));
  EXPECT_TRUE(Printed("Done. PASS="));
  // The tests of fct run before its child.
  size_t test_at = 0;
  size_t child_at = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].find("START test unique_fct_id") != std::string::npos) {
      test_at = i;
    }
    if (lines_[i].find("START sql view model main.after_fct") != std::string::npos) {
      child_at = i;
    }
  }
  EXPECT_LT(test_at, child_at);
}

TEST_F(RunnerTest, IncrementalRerunChangesNothingAndLateRowsMerge) {
  Run(RunCommand::kBuild);
  RunSummary again = Run(RunCommand::kRun);
  EXPECT_EQ(Status(again, "model.shop.fct"), "success: INSERT 0, UPDATE 0, DELETE 0");
  // A late change inside the window and a new row: one update, one insert, no duplicate.
  Execute(
      "UPDATE raw_events SET amount = 3, ts = '2025-01-02 11:00' WHERE id = 1; INSERT INTO "
      "raw_events VALUES (3, 3, '2025-01-02 12:00')");
  RunSummary late = Run(RunCommand::kRun);
  EXPECT_EQ(Status(late, "model.shop.fct"), "success: INSERT 1, UPDATE 1, DELETE 0");
  EXPECT_EQ(Rows("SELECT id || ':' || amount FROM main.fct ORDER BY id"),
            (std::vector<std::string>{"1:3", "2:2", "3:3"}));
  // A full refresh rebuilds from the whole query.
  Execute("DELETE FROM raw_events WHERE id = 2");
  RunSummary full = Run(RunCommand::kRun, true);
  EXPECT_EQ(Status(full, "model.shop.fct"), "success: OK 2 rows");
  EXPECT_EQ(Rows("SELECT id FROM main.fct ORDER BY id"), (std::vector<std::string>{"1", "3"}));
}

TEST_F(RunnerTest, FailingTestSkipsChildrenInBuildAndWarnDoesNot) {
  Execute("INSERT INTO raw_events VALUES (2, 7, '2025-01-03 10:00')");  // a duplicate id
  RunSummary summary = Run(RunCommand::kBuild);
  EXPECT_EQ(summary.exit_code, 1);
  EXPECT_EQ(Status(summary, "test.shop.unique_fct_id"),
            "fail: Got 1 result, configured to fail if != 0");
  EXPECT_EQ(Status(summary, "model.shop.after_fct"), "skipped");
  // amount 7 is not accepted, but the test's severity is warn.
  EXPECT_EQ(Status(summary, "test.shop.accepted_values_fct_amount__False__1__2__3"),
            "warn: Got 1 result, configured to warn if != 0");
  EXPECT_TRUE(Printed("FAIL 1 unique_fct_id"));
  EXPECT_TRUE(Printed("SKIP relation main.after_fct"));
}

TEST_F(RunnerTest, UnitTestsRunBeforeTheirModelOverMockRows) {
  project_.Write("models/scored.sql",
                 "select id, score * {{ env_var('SCORE_FACTOR', '1') }} as weighted, "
                 "name is null as anonymous from {{ ref('stg_customers') }}\n");
  project_.Write("models/units.yml", R"(unit_tests:
  - name: weighs_scores
    model: scored
    overrides:
      env_vars: {SCORE_FACTOR: '10'}
    given:
      - input: ref('stg_customers')
        rows:
          - {id: 1, score: 1.5}
          - {id: 2, name: Eve, score: 0}
    expect:
      format: sql
      rows: select 2 as id, 0 as weighted, false as anonymous union all select 1, 15, true
  - name: expects_too_much
    model: after_fct
    given:
      - input: ref('fct')
        format: csv
        rows: |
          id,amount
          1,1
    expect:
      rows:
        - {n: 2}
  - name: forgets_an_input
    model: vips
    given: []
    expect:
      rows: []
)");
  RunSummary summary = Run(RunCommand::kBuild);
  EXPECT_EQ(Status(summary, "unit_test.shop.scored.weighs_scores"), "pass");
  EXPECT_EQ(Status(summary, "model.shop.scored"), "success: OK");
  const std::string failed = Status(summary, "unit_test.shop.after_fct.expects_too_much");
  EXPECT_NE(failed.find("fail: actual differs from expected"), std::string::npos) << failed;
  EXPECT_NE(failed.find("- 2   (expected, missing)"), std::string::npos) << failed;
  EXPECT_NE(failed.find("+ 1   (actual, not expected)"), std::string::npos) << failed;
  EXPECT_EQ(Status(summary, "model.shop.after_fct"), "skipped");
  EXPECT_NE(Status(summary, "unit_test.shop.vips.forgets_an_input")
                .find("gives no rows for ref('eph'), which model 'vips' reads"),
            std::string::npos);
  EXPECT_EQ(Status(summary, "model.shop.vips"), "skipped");
  // Each unit test ran before its model.
  auto line_of = [&](const std::string& text) {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].find(text) != std::string::npos) {
        return i;
      }
    }
    return lines_.size();
  };
  EXPECT_LT(line_of("PASS scored::weighs_scores"), line_of("START sql view model main.scored"));
  EXPECT_LT(line_of("START sql view model main.stg_customers"),
            line_of("START unit_test scored::weighs_scores"));
  // `dbt run` runs no unit test.
  summary = Run(RunCommand::kRun);
  EXPECT_EQ(Status(summary, "unit_test.shop.scored.weighs_scores"), "not run");
}

TEST_F(RunnerTest, ThreadsRunIndependentNodesAtOnceAndParentsFirst) {
  for (int i = 0; i < 12; ++i) {
    project_.Write(fmt::format("models/wide_{}.sql", i),
                   fmt::format("select id, {} as k from {{{{ ref('stg_customers') }}}}\n", i));
  }
  project_.Write("models/all_wide.sql",
                 "{% for i in range(12) %}select * from {{ ref('wide_' ~ i) }}"
                 "{% if not loop.last %} union all {% endif %}{% endfor %}\n");
  RunSummary summary = Run(RunCommand::kBuild, false, 4);
  EXPECT_EQ(summary.exit_code, 0);
  EXPECT_EQ(Status(summary, "model.shop.all_wide"), "success: OK");
  EXPECT_EQ(Rows("select count(*) from all_wide"), std::vector<std::string>{"36"});
  // A node starts only after each of its parents finished.
  auto line_of = [&](const std::string& text) {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].find(text) != std::string::npos) {
        return i;
      }
    }
    return lines_.size();
  };
  const size_t all_wide = line_of("START sql view model main.all_wide");
  for (int i = 0; i < 12; ++i) {
    EXPECT_LT(line_of(fmt::format("OK created sql view model main.wide_{} ", i)), all_wide);
    EXPECT_LT(line_of("OK created sql view model main.stg_customers"),
              line_of(fmt::format("START sql view model main.wide_{} ", i)));
  }
  // Every node got its own number.
  std::set<std::string> numbers;
  for (const std::string& line : lines_) {
    if (line.find(" START ") != std::string::npos) {
      numbers.insert(line.substr(0, line.find(" of ")));
    }
  }
  EXPECT_EQ(numbers.size(), summary.results.size());
}

TEST_F(RunnerTest, FailedWriteLeavesTheTableAsItWas) {
  Run(RunCommand::kBuild);
  project_.Write("models/vips.sql", "{{ config(materialized='table') }}\nselect no_such_column\n");
  RunSummary summary = Run(RunCommand::kRun);
  EXPECT_EQ(summary.exit_code, 1);
  EXPECT_EQ(Status(summary, "model.shop.vips").substr(0, 6), "error:");
  EXPECT_EQ(Rows("SELECT id FROM main.vips ORDER BY id"), (std::vector<std::string>{"1", "99"}));
  EXPECT_EQ(Rows("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE "
                 "'%__dbt_tmp'"),
            std::vector<std::string>{"0"});
}

TEST_F(RunnerTest, SnapshotKeepsEveryVersion) {
  project_.Write("snapshots/events.sql",
                 "{% snapshot events_snapshot %}\n{{ config(target_schema='history', "
                 "unique_key='id', strategy='timestamp', updated_at='ts', "
                 "hard_deletes='invalidate') }}\nselect * from raw_events\n{% endsnapshot %}\n");
  RunSummary first = Run(RunCommand::kSnapshot);
  EXPECT_EQ(Status(first, "snapshot.shop.events_snapshot"), "success: OK 2 rows");
  Execute(
      "UPDATE raw_events SET amount = 5, ts = '2025-01-04 10:00' WHERE id = 1; DELETE FROM "
      "raw_events WHERE id = 2; INSERT INTO raw_events VALUES (3, 3, '2025-01-04 11:00')");
  RunSummary second = Run(RunCommand::kSnapshot);
  EXPECT_EQ(Status(second, "snapshot.shop.events_snapshot"),
            "success: INSERT 2, UPDATE 1, DELETE 1");
  EXPECT_EQ(Rows("SELECT id || ':' || amount || ':' || (dbt_valid_to IS NULL) FROM "
                 "history.events_snapshot ORDER BY id, dbt_valid_from"),
            (std::vector<std::string>{"1:1:false", "1:5:true", "2:2:false", "3:3:true"}));
  // The closed version ends where the new one starts.
  EXPECT_EQ(Rows("SELECT CAST(dbt_valid_to AS VARCHAR) FROM history.events_snapshot WHERE id = 1 "
                 "AND amount = 1"),
            std::vector<std::string>{"2025-01-04 10:00:00"});
  RunSummary third = Run(RunCommand::kSnapshot);
  EXPECT_EQ(Status(third, "snapshot.shop.events_snapshot"),
            "success: INSERT 0, UPDATE 0, DELETE 0");
}

TEST_F(RunnerTest, EphemeralCtesGoInsideTheModelsOwnWith) {
  Run(RunCommand::kBuild);
  Result<Manifest> manifest = Parse();
  ASSERT_TRUE(manifest.ok());
  Result<std::string> sql = manifest->Compile(*manifest->Find("model.shop.vips"));
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  EXPECT_EQ(sql->find("with"), sql->find("with __dbt__cte__eph as (")) << *sql;
  EXPECT_EQ(sql->find("with", sql->find("with") + 1), std::string::npos) << *sql;
  EXPECT_NE(sql->find("), x as (select * from __dbt__cte__eph)"), std::string::npos) << *sql;
}

TEST_F(RunnerTest, MicrobatchFillsEveryGapNotJustTheLookback) {
  project_.Write("models/daily.sql",
                 "{{ config(materialized='incremental', incremental_strategy='microbatch', "
                 "event_time='ts', batch_size='month', begin='2025-01-01', lookback=1) }}\n"
                 "select id, amount, ts from {{ ref('events_view') }}\n");
  project_.Write("models/events_view.sql",
                 "{{ config(event_time='ts') }}\nselect * from raw_events\n");
  RunSummary first = Run(RunCommand::kBuild);
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_EQ(Rows("SELECT count(*) FROM main.daily"), std::vector<std::string>{"2"});
  // A batch whose record is gone (as when it failed) is processed again by the next run, though
  // it lies long before the lookback window (monthly batches from 2025-01 to now); dbt would
  // leave it as it is.
  Execute(
      "INSERT INTO raw_events VALUES (9, 9, '2025-03-15 12:00'); DELETE FROM "
      "strata_dbt_state.microbatch_batches WHERE batch_start = '2025-03-01'");
  RunSummary second = Run(RunCommand::kBuild);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(Rows("SELECT id FROM main.daily ORDER BY id"),
            (std::vector<std::string>{"1", "2", "9"}));
  EXPECT_TRUE(Printed("START batch 2025-03-01 of main.daily"));
  EXPECT_FALSE(Printed("START batch 2025-04-01 of main.daily"));
  // Every ref to a model with an event_time reads only the batch's rows.
  Result<Manifest> manifest = Parse();
  ASSERT_TRUE(manifest.ok());
  CompileOptions options;
  options.batch = std::pair<int64_t, int64_t>{0, 86400000000};
  Result<std::string> sql = manifest->Compile(*manifest->Find("model.shop.daily"), options);
  ASSERT_TRUE(sql.ok());
  EXPECT_NE(sql->find("where ts >= cast('1970-01-01 00:00:00' as timestamp) and ts < "
                      "cast('1970-01-02 00:00:00' as timestamp))"),
            std::string::npos)
      << *sql;
}

TEST(MicrobatchPlan, LookbackRebuildAndGaps) {
  MicrobatchConfig config;
  config.event_time = "ts";
  config.unit = IntervalUnit::kDay;
  config.begin = 0;
  config.lookback = 1;
  const int64_t day = 86400000000;
  BatchRequest request;
  request.now = 5 * day + 3600000000;  // day 5, 01:00
  request.rebuild = true;
  EXPECT_EQ(PlanBatches(config, request).size(), 6u);  // days 0..5
  request.rebuild = false;
  EXPECT_EQ(PlanBatches(config, request),
            (std::vector<Batch>{{4 * day, 5 * day}, {5 * day, 6 * day}}));
  // Recorded days 0, 1 and 3: day 2 is a gap, filled with the lookback.
  request.recorded = {{0, day}, {day, 2 * day}, {3 * day, 4 * day}};
  EXPECT_EQ(PlanBatches(config, request),
            (std::vector<Batch>{{2 * day, 3 * day}, {4 * day, 5 * day}, {5 * day, 6 * day}}));
  // An explicit range.
  request.event_time_start = 1 * day;
  request.event_time_end = 3 * day;
  EXPECT_EQ(PlanBatches(config, request), (std::vector<Batch>{{day, 2 * day}, {2 * day, 3 * day}}));
}

TEST(SeedTypes, AgateOrder) {
  auto type = [](std::vector<std::optional<std::string>> values) { return InferSeedType(values); };
  EXPECT_EQ(type({"1", "2", std::nullopt}), "integer");
  EXPECT_EQ(type({"1", "2.50"}), "float8");
  EXPECT_EQ(type({"1,000", "2"}), "integer");
  EXPECT_EQ(type({"2024-01-05", "2024-1-6"}), "date");
  EXPECT_EQ(type({"2024-02-30"}), "text");
  EXPECT_EQ(type({"2024-01-05 10:00:00", "2024-01-05T10:00:00Z"}), "timestamp without time zone");
  EXPECT_EQ(type({"True", "false"}), "boolean");
  EXPECT_EQ(type({"yes", "no"}), "text");
  EXPECT_EQ(type({std::nullopt}), "integer");
  EXPECT_EQ(type({"007", "abc"}), "text");
}

}  // namespace
}  // namespace strata::dbt
