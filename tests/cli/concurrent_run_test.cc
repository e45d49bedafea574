// Two `strata run` processes on one PostgreSQL state (DESIGN.md §5 "Concurrency", §9
// "Reliability"): started together, every interval is processed and recorded exactly once (the
// state lock serializes them; the second finds the intervals recorded and does nothing); with
// `--lock-timeout 0` a run fails at once with a clear error while another holds the lock. Also: a
// server that cannot be reached is a clear error for `plan` and `run`.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "engine/engine_adapter.h"
#include "state/state_lock.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

class ConcurrentRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_POSTGRES(server_);
    auto database = server_->CreateDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = *database;
    setenv("PGPASS_FOR_TEST", server_->password().c_str(), 1);
    WriteConfig(server_->port());
    std::filesystem::create_directories(project_.path() + "/models");
    // Every batch sleeps a little in the server, so that two runs overlap for a while.
    std::ofstream(project_.path() + "/models/daily.sql")
        << "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day, batch_size 1),\n"
           "  start '2025-01-01', cron '@daily');\n"
           "SELECT o.day, COUNT(*) AS orders FROM raw.orders AS o, (SELECT pg_sleep(0.04)) AS z\n"
           "WHERE o.day BETWEEN @start_ds AND @end_ds GROUP BY o.day\n";
    std::ofstream(project_.path() + "/models/total.sql")
        << "MODEL (name s.total, kind FULL, cron '@daily');\n"
           "SELECT COUNT(*) AS days, SUM(orders) AS orders FROM s.daily\n";
    CommandResult raw =
        Strata({"query",
                "CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT i AS id, DATE '2025-01-01' + "
                "i % 30 AS day FROM generate_series(1, 90) AS g(i)"});
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
    CommandResult plan =
        Strata({"plan", "--auto-apply", "--skip-backfill", "--execution-time", "2025-01-01"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  }

  void WriteConfig(int port) {
    std::ofstream(project_.path() + "/config.yaml") << fmt::format(
        "gateways:\n"
        "  warehouse:\n"
        "    connection: {{type: postgres, host: {}, port: {}, user: {}, password: \"{{{{ "
        "env_var('PGPASS_FOR_TEST') }}}}\", database: {}, connect_timeout: 5}}\n"
        "default_gateway: warehouse\n"
        "concurrent_tasks: 2\n",
        server_->host(), port, server_->user(), database_);
  }

  CommandResult Strata(std::vector<std::string> args) {
    args.insert(args.begin(), {"-p", project_.path()});
    return RunStrata(args);
  }

  std::string Csv(const std::string& sql) {
    CommandResult r = Strata({"query", "--format", "csv", sql});
    EXPECT_EQ(r.exit_code, 0) << sql << "\n" << r.err;
    return r.out;
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  TempDir project_;
};

const std::vector<std::string> kRun = {"run", "--execution-time", "2025-01-31"};

TEST_F(ConcurrentRunTest, TwoRunsProcessEachIntervalOnce) {
  // The test holds the state lock until both runs are waiting for it, so that they always
  // contend, however the machine schedules their starts.
  auto engine = engine::OpenEngine(server_->Config(database_));
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto lock = state::AcquireStateLock(**engine, "strata_state", {});
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  auto first = std::async(std::launch::async, [&] { return Strata(kRun); });
  auto second = std::async(std::launch::async, [&] { return Strata(kRun); });
  // Each run names its lock session "strata pid N on HOST" before it asks for the lock; the
  // test's own session has that name too, hence three.
  // The wait ends early when a run has ended (it failed before asking: its output says why).
  const auto ended = [](std::future<CommandResult>& run) {
    return run.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool both_waiting = false;
  while (!both_waiting && !ended(first) && !ended(second) &&
         std::chrono::steady_clock::now() < deadline) {
    const std::string sessions =
        Csv("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND "
            "application_name LIKE 'strata pid %'");
    both_waiting = sessions == "n\n3\n";
    if (!both_waiting) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  const std::string sessions =
      Csv("SELECT application_name, state, query FROM pg_stat_activity WHERE datname = "
          "current_database() ORDER BY 1");
  lock->Release();
  const CommandResult a = first.get();
  const CommandResult b = second.get();
  ASSERT_TRUE(both_waiting) << "the runs never both asked for the state lock; sessions:\n"
                            << sessions << "first run:\n"
                            << a.out << a.err << "\nsecond run:\n"
                            << b.out << b.err;
  ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  // One did the work, the other waited for the lock and found nothing due.
  const bool a_worked = a.out.find("Run finished: 31 batches") != std::string::npos;
  const CommandResult& worker = a_worked ? a : b;
  const CommandResult& waiter = a_worked ? b : a;
  EXPECT_NE(worker.out.find("Run finished: 31 batches"), std::string::npos) << worker.out;
  EXPECT_NE(waiter.out.find("No model is due"), std::string::npos) << waiter.out;
  EXPECT_NE(waiter.err.find("waiting for another strata process"), std::string::npos) << waiter.err;

  EXPECT_EQ(Csv("SELECT COUNT(*) AS n, COUNT(DISTINCT day) AS days, SUM(orders) AS orders "
                "FROM s.daily"),
            "n,days,orders\n30,30,90\n");
  EXPECT_EQ(Csv("SELECT * FROM s.total"), "days,orders\n30,90\n");
  EXPECT_EQ(Csv("SELECT COUNT(*) AS n FROM (SELECT name, start_ts, end_ts FROM "
                "strata_state.intervals GROUP BY name, start_ts, end_ts HAVING COUNT(*) > 1) d"),
            "n\n0\n");
  EXPECT_EQ(Csv("SELECT COUNT(*) AS n FROM strata_state.intervals WHERE name = 's.daily'"),
            "n\n30\n");
}

TEST_F(ConcurrentRunTest, LockTimeoutIsAClearError) {
  // The test holds the state lock itself (as another strata process would, through the same
  // function), so that the refusal does not depend on how long a concurrent run takes.
  auto engine = engine::OpenEngine(server_->Config(database_));
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto lock = state::AcquireStateLock(**engine, "strata_state", {});
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  ASSERT_TRUE(lock->holds_server_lock());

  CommandResult at_once = Strata({"run", "--execution-time", "2025-01-31", "--lock-timeout", "0"});
  EXPECT_EQ(at_once.exit_code, 1) << at_once.out << at_once.err;
  EXPECT_NE(at_once.err.find("is locked by another strata process (held by strata pid"),
            std::string::npos)
      << at_once.err;
  EXPECT_NE(at_once.err.find("strata_state"), std::string::npos) << at_once.err;
  EXPECT_NE(at_once.err.find("--lock-timeout"), std::string::npos) << at_once.err;

  // With time to wait, it says it waits, then gives up when the time is over.
  CommandResult later = Strata({"run", "--execution-time", "2025-01-31", "--lock-timeout", "0.5"});
  EXPECT_EQ(later.exit_code, 1) << later.out << later.err;
  EXPECT_NE(later.err.find("waiting for another strata process"), std::string::npos) << later.err;
  EXPECT_NE(later.err.find("gave up after"), std::string::npos) << later.err;

  // Nothing was processed while the lock was held; once released, the run does everything.
  EXPECT_EQ(Csv("SELECT COUNT(*) AS n FROM strata_state.intervals WHERE name = 's.daily'"),
            "n\n0\n");
  lock->Release();
  CommandResult run = Strata(kRun);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Csv("SELECT COUNT(*) AS n FROM s.daily"), "n\n30\n");
}

TEST_F(ConcurrentRunTest, UnreachableServerIsAClearError) {
  WriteConfig(1);  // nothing listens on port 1
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--execution-time", "2025-01-31"},
        std::vector<std::string>{"plan", "--auto-apply", "--execution-time", "2025-01-31"}}) {
    CommandResult r = Strata(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.out << r.err;
    EXPECT_NE(r.err.find(fmt::format("cannot connect to PostgreSQL at {}:1", server_->host())),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find(server_->password()), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace strata::testing
