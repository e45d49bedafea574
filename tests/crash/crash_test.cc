// Crash safety (DESIGN.md §5 "Atomicity", §9 "Reliability"): strata is stopped dead at each fail
// point of base/fail_point.h and by `kill -9` at 50 random moments of `plan` and `run`; after a
// re-run, every table must equal the result of an uninterrupted run, and the recorded intervals
// must be the same (so they match the data). Runs on three layouts: DuckDB (data and state in one
// file), PostgreSQL (data and state in one database of the test server), and DuckDB data with the
// state in a DuckDB file of its own (intervals recorded after each batch commits). Timings are
// drawn from a fixed seed.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/fail_point.h"
#include "base/interval_set.h"
#include "base/text.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

const char kRawData[] =
    "CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT i AS id, DATE '2025-01-01' + "
    "CAST(i % 30 AS INTEGER) AS day, i AS amount FROM generate_series(1, 300) AS g(i)";

// Where the project's data and state live.
enum class Layout { kDuckDb, kPostgres, kDuckDbSeparateState };

std::string LayoutName(Layout layout) {
  switch (layout) {
    case Layout::kDuckDb:
      return "DuckDb";
    case Layout::kPostgres:
      return "Postgres";
    case Layout::kDuckDbSeparateState:
      return "DuckDbSeparateState";
  }
  return "?";
}

const std::map<std::string, std::string> kModels = {
    {"models/daily.sql",
     "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day, batch_size 2),\n"
     "  start '2025-01-01', cron '@daily');\n"
     "SELECT day, COUNT(*) AS orders, SUM(amount) AS amount FROM raw.orders\n"
     "WHERE day BETWEEN @start_ds AND @end_ds GROUP BY day\n"},
    {"models/weekly.sql",
     "MODEL (name s.weekly, kind INCREMENTAL_BY_TIME_RANGE (time_column week, batch_size 1),\n"
     "  start '2025-01-01', cron '0 0 * * 1');\n"
     "SELECT CAST(DATE_TRUNC('week', day) AS DATE) AS week, SUM(orders) AS orders,\n"
     "  SUM(amount) AS amount FROM s.daily WHERE day BETWEEN @start_ds AND @end_ds GROUP BY 1\n"},
    {"models/total.sql",
     "MODEL (name s.total, kind FULL, cron '@daily');\n"
     "SELECT COUNT(*) AS days, SUM(amount) AS amount FROM s.daily\n"},
    // The kinds whose batches depend on the past: a MERGE by key with a lookback (re-running
    // merged days), an append that must happen once per day, an SCD type 2 history.
    {"models/by_key.sql",
     "MODEL (name s.by_key, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id, batch_size 3,\n"
     "  lookback 1), start '2025-01-01', cron '@daily');\n"
     "SELECT id, day, amount FROM raw.orders WHERE day BETWEEN @start_ds AND @end_ds\n"},
    {"models/appended.sql",
     "MODEL (name s.appended, kind INCREMENTAL_UNMANAGED (batch_size 2), start '2025-01-01',\n"
     "  cron '@daily');\n"
     "SELECT id, day, amount FROM raw.orders WHERE day BETWEEN @start_ds AND @end_ds\n"},
    {"models/history.sql",
     "MODEL (name s.history, kind SCD_TYPE_2_BY_COLUMN (unique_key bucket, columns *),\n"
     "  start '2025-01-01', cron '@daily');\n"
     "SELECT id % 7 AS bucket, COUNT(*) AS orders, SUM(amount) AS amount FROM s.daily_orders\n"
     "GROUP BY 1\n"},
    {"models/daily_orders.sql",
     "MODEL (name s.daily_orders, kind VIEW);\n"
     "SELECT id, day, amount FROM raw.orders WHERE day < DATE '2025-01-10'\n"},
};

const std::vector<std::string> kPlan = {"plan", "--auto-apply", "--execution-time", "2025-01-15"};
const std::vector<std::string> kRun = {"run", "--execution-time", "2025-01-22"};

// A fresh project folder for `layout` (a new PostgreSQL database for kPostgres) with the raw data
// loaded. Its config has a gateway `state` that reads the state's database.
void MakeProject(const std::string& dir, Layout layout) {
  std::string connection = "{type: duckdb, database: db.duckdb}";
  std::string state = connection;
  if (layout == Layout::kPostgres) {
    PostgresServer* server = nullptr;
    auto shared = PostgresServer::Shared();
    ASSERT_TRUE(shared.ok()) << shared.status().ToString();
    server = *shared;
    auto database = server->CreateDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    setenv("STRATA_CRASH_PG_PASSWORD", server->password().c_str(), 1);
    connection = fmt::format(
        "{{type: postgres, host: {}, port: {}, user: {}, password: \"{{{{ "
        "env_var('STRATA_CRASH_PG_PASSWORD') }}}}\", database: {}}}",
        server->host(), server->port(), server->user(), *database);
    state = connection;
  } else if (layout == Layout::kDuckDbSeparateState) {
    state = "{type: duckdb, database: state.duckdb}";
  }
  std::string config = fmt::format("gateways:\n  local:\n    connection: {}\n", connection);
  if (state != connection) {
    config += fmt::format("    state_connection: {}\n", state);
  }
  config += fmt::format(
      "  state:\n    connection: {}\ndefault_gateway: local\nconcurrent_tasks: 2\n", state);
  std::ofstream(fs::path(dir) / "config.yaml") << config;
  for (const auto& [path, text] : kModels) {
    fs::create_directories((fs::path(dir) / path).parent_path());
    std::ofstream(fs::path(dir) / path) << text;
  }
  CommandResult r = RunStrata({"query", kRawData}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

// What an uninterrupted run leaves: every model's rows and every model's recorded intervals.
std::string Snapshot(const std::string& dir) {
  std::string out;
  for (const char* table :
       {"s.daily", "s.weekly", "s.total", "s.by_key", "s.appended", "s.history"}) {
    CommandResult r = RunStrata(
        {"query", "--format", "csv", fmt::format("SELECT * FROM {} ORDER BY 1, 2, 3", table)}, dir);
    out += fmt::format("== {} (exit {})\n{}{}", table, r.exit_code, r.out, r.err);
  }
  CommandResult r = RunStrata({"--gateway", "state", "query", "--format", "csv",
                               "SELECT name, version, start_ts, end_ts, is_removed FROM "
                               "strata_state.intervals ORDER BY seq"},
                              dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, IntervalSet> intervals;
  std::vector<std::string_view> lines = Split(r.out, '\n');
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> fields = Split(lines[i], ',');
    if (fields.size() != 5) {
      continue;
    }
    const std::string key = fmt::format("{}@{}", fields[0], fields[1]);
    const int64_t start = std::stoll(std::string(fields[2]));
    const int64_t end = std::stoll(std::string(fields[3]));
    if (fields[4] == "true") {
      intervals[key].Remove(start, end);
    } else {
      intervals[key].Add(start, end);
    }
  }
  for (const auto& [key, set] : intervals) {
    out += fmt::format("== intervals {}: {}\n", key, set.ToString());
  }
  return out;
}

// Runs strata with `args` in `dir` and SIGKILLs it after `delay` (if still running). Returns
// whether it was killed (by us or by a fail point).
bool RunAndKill(const std::vector<std::string>& args, const std::string& dir,
                std::chrono::microseconds delay) {
  std::vector<std::string> argv = {StrataBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) {
      _exit(127);
    }
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> raw;
    for (std::string& arg : argv) {
      raw.push_back(arg.data());
    }
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}

// What an uninterrupted plan and run leave on one layout, and how long they took.
struct Reference {
  std::string snapshot;
  std::chrono::microseconds plan_duration{0};
  std::chrono::microseconds run_duration{0};
};

class CrashTest : public ::testing::TestWithParam<Layout> {
 protected:
  void SetUp() override {
    if (GetParam() == Layout::kPostgres) {
      PostgresServer* server = nullptr;
      STRATA_REQUIRE_POSTGRES(server);
      (void)server;
    }
    static std::map<Layout, Reference> references;
    auto known = references.find(GetParam());
    if (known == references.end()) {
      TempDir dir;
      MakeProject(dir.path(), GetParam());
      Reference reference;
      const auto started = std::chrono::steady_clock::now();
      CommandResult plan = RunStrata(kPlan, dir.path());
      reference.plan_duration = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
      ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
      const auto run_started = std::chrono::steady_clock::now();
      CommandResult run = RunStrata(kRun, dir.path());
      reference.run_duration = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - run_started);
      ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
      reference.snapshot = Snapshot(dir.path());
      known = references.emplace(GetParam(), std::move(reference)).first;
    }
    reference_ = &known->second;
  }

  // Interrupts `interrupted` (kPlan or kRun) with the fail point `point`, then completes the
  // story (plan, run) and compares with the reference.
  void CheckFailPoint(const std::string& point, bool during_plan) {
    SCOPED_TRACE(fmt::format("{} during {}", point, during_plan ? "plan" : "run"));
    TempDir dir;
    MakeProject(dir.path(), GetParam());
    if (!during_plan) {
      ASSERT_EQ(RunStrata(kPlan, dir.path()).exit_code, 0);
    }
    setenv("STRATA_FAIL_POINT", point.c_str(), 1);
    CommandResult stopped = RunStrata(during_plan ? kPlan : kRun, dir.path());
    unsetenv("STRATA_FAIL_POINT");
    EXPECT_EQ(stopped.exit_code, 128 + SIGKILL) << stopped.out << stopped.err;
    Complete(dir.path());
  }

  void Complete(const std::string& dir) {
    CommandResult plan = RunStrata(kPlan, dir);
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    CommandResult run = RunStrata(kRun, dir);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(Snapshot(dir), reference_->snapshot);
  }

  const Reference* reference_ = nullptr;
};

TEST_P(CrashTest, ReferenceIsComplete) {
  const std::string& snapshot = reference_->snapshot;
  EXPECT_NE(snapshot.find("== s.daily (exit 0)\nday,orders,amount\n2025-01-01,"), std::string::npos)
      << snapshot;
  EXPECT_NE(snapshot.find("2025-01-21,"), std::string::npos) << snapshot;
}

TEST_P(CrashTest, EveryFailPointDuringPlan) {
  for (std::string_view point : kFailPoints) {
    if (point.rfind("batch_", 0) == 0 || point == "between_batches") {
      // Batches: the first and a later one.
      CheckFailPoint(std::string(point), true);
      CheckFailPoint(std::string(point) + "@3", true);
    } else {
      CheckFailPoint(std::string(point), true);
    }
  }
}

TEST_P(CrashTest, EveryBatchFailPointDuringRun) {
  for (std::string_view point : kFailPoints) {
    if (point.rfind("batch_", 0) == 0 || point == "between_batches") {
      CheckFailPoint(std::string(point), false);
    }
  }
}

// STRATA_CRASH_KILLS overrides the number of kills (default 50).
TEST_P(CrashTest, RandomKills) {
  const char* override_kills = std::getenv("STRATA_CRASH_KILLS");
  const int kills = override_kills != nullptr ? std::max(2, std::atoi(override_kills)) : 50;
  std::mt19937 random(20250115);
  int killed = 0;
  for (int i = 0; i < kills; ++i) {
    TempDir dir;
    MakeProject(dir.path(), GetParam());
    const bool during_plan = i % 2 == 0;
    if (!during_plan) {
      ASSERT_EQ(RunStrata(kPlan, dir.path()).exit_code, 0);
    }
    const int64_t span =
        (during_plan ? reference_->plan_duration : reference_->run_duration).count();
    std::uniform_int_distribution<int64_t> moment(0, std::max<int64_t>(span, 1));
    const std::chrono::microseconds delay(moment(random));
    SCOPED_TRACE(
        fmt::format("kill {} after {} us of {}", i, delay.count(), during_plan ? "plan" : "run"));
    killed += RunAndKill(during_plan ? kPlan : kRun, dir.path(), delay) ? 1 : 0;
    Complete(dir.path());
    if (HasFailure()) {
      return;
    }
  }
  // Most kills must land while strata runs, or the test proves little.
  EXPECT_GE(killed, kills / 2);
}

// The output of `query --format csv SQL` in `dir` (with `--env ENV` unless prod), or the
// error when it fails.
std::string QueryIn(const std::string& dir, const std::string& environment,
                    const std::string& sql) {
  std::vector<std::string> args = {"query", "--format", "csv", sql};
  if (environment != "prod") {
    args.insert(args.end(), {"--env", environment});
  }
  CommandResult r = RunStrata(args, dir);
  return r.exit_code == 0 ? r.out : "error: " + r.err;
}

const char kChangedTotal[] =
    "MODEL (name s.total, kind FULL, cron '@daily');\n"
    "SELECT COUNT(*) AS days, SUM(amount) * 2 AS amount FROM s.daily\n";
const char kTotalSql[] = "SELECT * FROM s.total";
const std::vector<std::string> kPlanDev = {"plan", "dev", "--auto-apply", "--execution-time",
                                           "2025-01-15"};

// A project planned in prod, then with s.total changed in its files.
void MakeChangedProject(const std::string& dir, Layout layout) {
  MakeProject(dir, layout);
  ASSERT_EQ(RunStrata(kPlan, dir).exit_code, 0);
  std::ofstream(fs::path(dir) / "models/total.sql") << kChangedTotal;
}

// A dev plan stopped at any fail point leaves prod as it was and dev either absent or complete;
// planning dev again completes it.
TEST_P(CrashTest, EveryFailPointDuringADevPlan) {
  TempDir reference_dir;
  MakeChangedProject(reference_dir.path(), GetParam());
  ASSERT_EQ(RunStrata(kPlanDev, reference_dir.path()).exit_code, 0);
  const std::string prod_total = QueryIn(reference_dir.path(), "prod", kTotalSql);
  const std::string dev_total = QueryIn(reference_dir.path(), "dev", kTotalSql);
  ASSERT_NE(prod_total, dev_total);
  for (std::string_view point : kFailPoints) {
    if (point == "between_batches") {
      continue;  // the dev plan has one batch
    }
    SCOPED_TRACE(std::string(point));
    TempDir dir;
    MakeChangedProject(dir.path(), GetParam());
    setenv("STRATA_FAIL_POINT", std::string(point).c_str(), 1);
    CommandResult stopped = RunStrata(kPlanDev, dir.path());
    unsetenv("STRATA_FAIL_POINT");
    EXPECT_EQ(stopped.exit_code, 128 + SIGKILL) << stopped.out << stopped.err;
    EXPECT_EQ(QueryIn(dir.path(), "prod", kTotalSql), prod_total);
    const std::string dev_now = QueryIn(dir.path(), "dev", kTotalSql);
    if (point == "plan_after_apply") {
      EXPECT_EQ(dev_now, dev_total);
    } else {
      EXPECT_NE(dev_now.find("there is no environment `dev`"), std::string::npos) << dev_now;
    }
    ASSERT_EQ(RunStrata(kPlanDev, dir.path()).exit_code, 0);
    EXPECT_EQ(QueryIn(dir.path(), "dev", kTotalSql), dev_total);
    EXPECT_EQ(QueryIn(dir.path(), "prod", kTotalSql), prod_total);
  }
}

// Promoting dev to prod runs no batch; stopped at any of the plan's fail points, prod shows
// either the old or the new table, never anything else, and planning again completes it.
TEST_P(CrashTest, EveryFailPointDuringAPromotion) {
  TempDir reference_dir;
  MakeChangedProject(reference_dir.path(), GetParam());
  const std::string old_total = QueryIn(reference_dir.path(), "prod", kTotalSql);
  ASSERT_EQ(RunStrata(kPlanDev, reference_dir.path()).exit_code, 0);
  const std::string new_total = QueryIn(reference_dir.path(), "dev", kTotalSql);
  for (std::string_view point : kFailPoints) {
    if (point.rfind("plan_", 0) != 0) {
      continue;  // a promotion runs no batch
    }
    SCOPED_TRACE(std::string(point));
    TempDir dir;
    MakeChangedProject(dir.path(), GetParam());
    ASSERT_EQ(RunStrata(kPlanDev, dir.path()).exit_code, 0);
    setenv("STRATA_FAIL_POINT", std::string(point).c_str(), 1);
    CommandResult stopped = RunStrata(kPlan, dir.path());
    unsetenv("STRATA_FAIL_POINT");
    EXPECT_EQ(stopped.exit_code, 128 + SIGKILL) << stopped.out << stopped.err;
    // With a separate state the views are committed before the state transaction.
    const bool views_committed = point == "plan_after_apply" ||
                                 (GetParam() == Layout::kDuckDbSeparateState &&
                                  (point == "plan_after_views" || point == "plan_during_apply"));
    EXPECT_EQ(QueryIn(dir.path(), "prod", kTotalSql), views_committed ? new_total : old_total);
    CommandResult again = RunStrata(kPlan, dir.path());
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(again.out.find("[1/"), std::string::npos) << again.out;
    EXPECT_EQ(QueryIn(dir.path(), "prod", kTotalSql), new_total);
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, CrashTest,
                         ::testing::Values(Layout::kDuckDb, Layout::kPostgres,
                                           Layout::kDuckDbSeparateState),
                         [](const ::testing::TestParamInfo<Layout>& param_info) {
                           return LayoutName(param_info.param);
                         });

}  // namespace
}  // namespace strata::testing
