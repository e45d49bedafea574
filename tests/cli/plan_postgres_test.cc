// `strata plan` on PostgreSQL with many environment views: PostgreSQL keeps a lock per view a
// transaction replaces, and its lock table (max_locks_per_transaction × max_connections) overflows
// at around 10,000 views ("out of shared memory", seen with bench/run_noop.sh); so above 250 views
// they are replaced in transactions of 250 before the state's. This checks that path leaves
// every view in place and a second plan with nothing to do.
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

TEST(PlanPostgresTest, ManyViewsInSeveralTransactions) {
  PostgresServer* server = nullptr;
  STRATA_REQUIRE_POSTGRES(server);
  auto database = server->CreateDatabase();
  ASSERT_TRUE(database.ok()) << database.status().ToString();
  setenv("PGPASS_FOR_TEST", server->password().c_str(), 1);
  TempDir project;
  std::ofstream(project.path() + "/config.yaml") << fmt::format(
      "gateways:\n"
      "  warehouse:\n"
      "    connection: {{type: postgres, host: {}, port: {}, user: {}, password: \"{{{{ "
      "env_var('PGPASS_FOR_TEST') }}}}\", database: {}}}\n",
      server->host(), server->port(), server->user(), *database);
  std::filesystem::create_directories(project.path() + "/models");
  // Four transactions of views and a partial one.
  constexpr int kViews = 1100;
  for (int i = 0; i < kViews; ++i) {
    std::ofstream(fmt::format("{}/models/v{}.sql", project.path(), i))
        << fmt::format("MODEL (name s.v{0}, kind VIEW);\nSELECT x + {0} AS x FROM raw.t\n", i);
  }
  CommandResult raw = RunStrata(
      {"-p", project.path(), "query", "CREATE SCHEMA raw; CREATE TABLE raw.t AS SELECT 1 AS x"});
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  CommandResult plan = RunStrata({"-p", project.path(), "plan", "--auto-apply"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  CommandResult count =
      RunStrata({"-p", project.path(), "query", "--format", "csv",
                 "SELECT COUNT(*) AS n FROM information_schema.views WHERE table_schema = 's'"});
  EXPECT_EQ(count.out, fmt::format("n\n{}\n", kViews)) << count.err;
  CommandResult last = RunStrata({"-p", project.path(), "query", "--format", "csv",
                                  fmt::format("SELECT x FROM s.v{}", kViews - 1)});
  EXPECT_EQ(last.out, fmt::format("x\n{}\n", kViews)) << last.err;
  CommandResult again = RunStrata({"-p", project.path(), "plan", "--no-prompts"});
  EXPECT_NE(again.out.find("No changes to plan"), std::string::npos) << again.out << again.err;
}

}  // namespace
}  // namespace strata::testing
