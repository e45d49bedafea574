// Two `strata run` processes on one PostgreSQL state (DESIGN.md §5 "Concurrency", §9
// "Reliability"): started together, every interval is processed and recorded exactly once (the
// state lock serializes them; the second finds the intervals recorded and does nothing); with
// `--lock-timeout 0` the second fails at once with a clear error. Also: a server that cannot be
// reached is a clear error for `plan` and `run`.
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
  auto first = std::async(std::launch::async, [&] { return Strata(kRun); });
  auto second = std::async(std::launch::async, [&] { return Strata(kRun); });
  const CommandResult a = first.get();
  const CommandResult b = second.get();
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
  auto first = std::async(std::launch::async, [&] { return Strata(kRun); });
  // Wait until the first run holds the state lock (an advisory lock in this database).
  bool held = false;
  for (int i = 0; i < 200 && !held; ++i) {
    held = Csv("SELECT COUNT(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
               "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()") ==
           "n\n1\n";
    if (!held) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ASSERT_TRUE(held) << "the first run never took the state lock";
  CommandResult second = Strata({"run", "--execution-time", "2025-01-31", "--lock-timeout", "0"});
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  EXPECT_NE(second.err.find("is locked by another strata process"), std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("strata_state"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("--lock-timeout"), std::string::npos) << second.err;
  const CommandResult a = first.get();
  ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
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
