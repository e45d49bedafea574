// `plan` and `run` with the state on a connection of its own (a gateway's `state_connection`,
// docs/engines.md): every combination of where the data and the state live — DuckDB data with
// the state in another DuckDB file or on PostgreSQL, PostgreSQL data with the state in another
// PostgreSQL database or in a DuckDB file. The models' tables and views must land in the data
// database, the state tables only in the state database, and a batch whose interval was lost
// (data committed, state not) must re-run without duplicating rows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

enum class Where { kDuckDb, kPostgres };

struct Combination {
  Where data;
  Where state;
  std::string name;
};

class StateConnectionTest : public ::testing::TestWithParam<Combination> {
 protected:
  void SetUp() override {
    const Combination& combination = GetParam();
    if (combination.data == Where::kPostgres || combination.state == Where::kPostgres) {
      STRATA_REQUIRE_POSTGRES(server_);
      setenv("PGPASS_FOR_TEST", server_->password().c_str(), 1);
    }
    data_ = Connection(combination.data, "data.duckdb");
    state_ = Connection(combination.state, "state.duckdb");
    std::ofstream(project_.path() + "/config.yaml") << fmt::format(
        "gateways:\n"
        "  main:\n"
        "    connection: {0}\n"
        "    state_connection: {1}\n"
        "  data:\n"
        "    connection: {0}\n"
        "  state:\n"
        "    connection: {1}\n"
        "default_gateway: main\n"
        "concurrent_tasks: 2\n",
        data_, state_);
    std::filesystem::create_directories(project_.path() + "/models");
    std::ofstream(project_.path() + "/models/daily.sql")
        << "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day, batch_size 2),\n"
           "  start '2025-01-01', cron '@daily');\n"
           "SELECT day, COUNT(*) AS orders FROM raw.orders\n"
           "WHERE day BETWEEN @start_ds AND @end_ds GROUP BY day\n";
    std::ofstream(project_.path() + "/models/total.sql")
        << "MODEL (name s.total, kind FULL, cron '@daily');\n"
           "SELECT COUNT(*) AS days, SUM(orders) AS orders FROM s.daily\n";
    std::ofstream(project_.path() + "/models/recent.sql")
        << "MODEL (name s.recent, kind VIEW);\n"
           "SELECT day FROM s.daily WHERE orders > 1\n";
    CommandResult raw =
        Strata({"--gateway", "data", "query",
                "CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT i AS id, DATE '2025-01-01' + "
                "CAST(i % 10 AS INTEGER) AS day FROM generate_series(1, 40) AS g(i)"});
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
  }

  // A connection as a YAML flow mapping: a DuckDB file of the project, or a new database of the
  // test server.
  std::string Connection(Where where, const std::string& file) {
    if (where == Where::kDuckDb) {
      return fmt::format("{{type: duckdb, database: {}}}", file);
    }
    auto database = server_->CreateDatabase();
    EXPECT_TRUE(database.ok()) << database.status().ToString();
    return fmt::format(
        "{{type: postgres, host: {}, port: {}, user: {}, password: \"{{{{ "
        "env_var('PGPASS_FOR_TEST') }}}}\", database: {}}}",
        server_->host(), server_->port(), server_->user(), database.value_or(""));
  }

  CommandResult Strata(std::vector<std::string> args) {
    args.insert(args.begin(), {"-p", project_.path()});
    return RunStrata(args);
  }

  // `query --format csv` on the gateway `gateway`.
  std::string Csv(const std::string& gateway, const std::string& sql) {
    CommandResult r = Strata({"--gateway", gateway, "query", "--format", "csv", sql});
    EXPECT_EQ(r.exit_code, 0) << sql << "\n" << r.err;
    return r.out;
  }

  PostgresServer* server_ = nullptr;
  TempDir project_;
  std::string data_;
  std::string state_;
};

TEST_P(StateConnectionTest, TablesInTheDataStateApart) {
  CommandResult plan = Strata({"plan", "--auto-apply", "--execution-time", "2025-01-05"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("s.daily [insert 2025-01-01 - 2025-01-02, 2 rows]"), std::string::npos)
      << plan.out;
  CommandResult run = Strata({"run", "--execution-time", "2025-01-09"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  const std::string expected_daily =
      "day,orders\n2025-01-01,4\n2025-01-02,4\n2025-01-03,4\n2025-01-04,4\n2025-01-05,4\n"
      "2025-01-06,4\n2025-01-07,4\n2025-01-08,4\n";
  EXPECT_EQ(Csv("data", "SELECT * FROM s.daily ORDER BY day"), expected_daily);
  EXPECT_EQ(Csv("data", "SELECT * FROM s.total"), "days,orders\n8,32\n");
  EXPECT_EQ(Csv("data", "SELECT COUNT(*) AS n FROM s.recent"), "n\n8\n");
  const std::string state_tables =
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'strata_state'";
  EXPECT_EQ(Csv("data", state_tables), "n\n0\n");
  EXPECT_EQ(Csv("state", state_tables), "n\n4\n");
  EXPECT_EQ(Csv("state", "SELECT COUNT(*) AS n FROM strata_state.environments"), "n\n1\n");
  EXPECT_EQ(Csv("state",
                "SELECT MIN(start_ts) AS s, MAX(end_ts) AS e FROM strata_state.intervals "
                "WHERE name = 's.daily'"),
            "s,e\n1735689600000000,1736380800000000\n");

  // Nothing due; then the last two batches' intervals are lost (as when strata dies between a
  // batch's commit and its record): the next run writes them again, with no duplicate rows.
  CommandResult idle = Strata({"run", "--execution-time", "2025-01-09"});
  ASSERT_EQ(idle.exit_code, 0) << idle.err;
  EXPECT_NE(idle.out.find("No model is due"), std::string::npos) << idle.out;
  Csv("state", "DELETE FROM strata_state.intervals WHERE start_ts >= 1736121600000000");
  CommandResult again = Strata({"run", "--execution-time", "2025-01-09"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("[1/1] s.daily [insert 2025-01-07 - 2025-01-08"), std::string::npos)
      << again.out;
  EXPECT_EQ(Csv("data", "SELECT * FROM s.daily ORDER BY day"), expected_daily);

  // A changed model: new table and view in the data database, new records in the state.
  std::ofstream(project_.path() + "/models/recent.sql")
      << "MODEL (name s.recent, kind VIEW);\n"
         "SELECT day, orders FROM s.daily WHERE orders > 1\n";
  CommandResult replan = Strata({"plan", "--auto-apply", "--execution-time", "2025-01-09"});
  ASSERT_EQ(replan.exit_code, 0) << replan.out << replan.err;
  EXPECT_EQ(Csv("data", "SELECT SUM(orders) AS n FROM s.recent"), "n\n32\n");
  CommandResult noop = Strata({"plan", "--execution-time", "2025-01-09", "--no-prompts"});
  ASSERT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_NE(noop.out.find("No changes to plan"), std::string::npos) << noop.out;

  // The janitor drops the old view's physical view in the data database and its record in the
  // state.
  const std::string physical_views =
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'strata__s' "
      "AND table_name LIKE 's__recent__%'";
  EXPECT_EQ(Csv("data", physical_views), "n\n2\n");
  CommandResult janitor = Strata({"janitor", "--ignore-ttl"});
  ASSERT_EQ(janitor.exit_code, 0) << janitor.out << janitor.err;
  EXPECT_EQ(Csv("data", physical_views), "n\n1\n");
  EXPECT_EQ(
      Csv("state", "SELECT COUNT(*) AS n FROM strata_state.snapshots WHERE name = 's.recent'"),
      "n\n1\n");
  EXPECT_EQ(Csv("data", "SELECT SUM(orders) AS n FROM s.recent"), "n\n32\n");
}

INSTANTIATE_TEST_SUITE_P(
    Combinations, StateConnectionTest,
    ::testing::Values(Combination{Where::kDuckDb, Where::kDuckDb, "DuckDbDataDuckDbStateFile"},
                      Combination{Where::kDuckDb, Where::kPostgres, "DuckDbDataPostgresState"},
                      Combination{Where::kPostgres, Where::kPostgres,
                                  "PostgresDataPostgresStateElsewhere"},
                      Combination{Where::kPostgres, Where::kDuckDb, "PostgresDataDuckDbState"}),
    [](const ::testing::TestParamInfo<Combination>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace strata::testing
