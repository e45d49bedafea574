// End-to-end tests of `strata query` on PostgreSQL: the real binary on a project whose config.yaml
// points the default gateway at the test server, the password coming from an environment variable.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

class QueryPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_POSTGRES(server_);
    auto database = server_->CreateDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = *database;
    setenv("PGPASS_FOR_TEST", server_->password().c_str(), 1);
    WriteConfig(server_->port());
  }

  void WriteConfig(int port) {
    std::ofstream(project_.path() + "/config.yaml") << fmt::format(
        "gateways:\n"
        "  warehouse:\n"
        "    connection:\n"
        "      type: postgres\n"
        "      host: {}\n"
        "      port: {}\n"
        "      user: {}\n"
        "      password: \"{{{{ env_var('PGPASS_FOR_TEST') }}}}\"\n"
        "      database: {}\n"
        "      connect_timeout: 5\n"
        "default_gateway: warehouse\n",
        server_->host(), port, server_->user(), database_);
  }

  CommandResult Query(const std::string& sql, const std::string& format = "") {
    std::vector<std::string> args{"-p", project_.path(), "query", sql};
    if (!format.empty()) {
      args.push_back("--format");
      args.push_back(format);
    }
    return RunStrata(args);
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  TempDir project_;
};

TEST_F(QueryPostgresTest, EveryFormat) {
  CommandResult create = Query(
      "CREATE TABLE t AS SELECT * FROM (VALUES (1, 'one', DATE '2025-01-31', 1.50::numeric(5,2)), "
      "(22, NULL, NULL, NULL)) v(n, name, d, amount)");
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_FALSE(std::filesystem::exists(project_.path() + "/db.duckdb"));

  CommandResult csv = Query("SELECT * FROM t ORDER BY n", "csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, "n,name,d,amount\n1,one,2025-01-31,1.50\n22,,,\n");

  CommandResult table = Query("SELECT n, name FROM t ORDER BY n");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out,
            "  n | name\n"
            "----+------\n"
            "  1 | one\n"
            " 22 | NULL\n"
            "(2 rows)\n");

  CommandResult json = Query(
      "SELECT n, name, amount::numeric(5,2) AS amount, ARRAY[1, NULL] AS l, true AS b FROM t "
      "WHERE n = 1",
      "json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(
      json.out,
      "[\n  {\"n\": 1, \"name\": \"one\", \"amount\": 1.50, \"l\": [1,null], \"b\": true}\n]\n");
}

TEST_F(QueryPostgresTest, ServerErrorsExitOneWithTheSqlstate) {
  CommandResult r = Query("SELECT * FROM missing_table");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ERROR 42P01: relation \"missing_table\" does not exist"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(QueryPostgresTest, WrongPasswordIsNotPrinted) {
  setenv("PGPASS_FOR_TEST", "not-the-password-123", 1);
  CommandResult r = Query("SELECT 1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-password-123"), std::string::npos) << r.err;
}

TEST_F(QueryPostgresTest, UnreachableServer) {
  WriteConfig(1);
  CommandResult r = Query("SELECT 1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(fmt::format("cannot connect to PostgreSQL at {}:1", server_->host())),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(server_->password()), std::string::npos) << r.err;
}

TEST_F(QueryPostgresTest, MissingPasswordVariableIsAProjectError) {
  unsetenv("PGPASS_FOR_TEST");
  CommandResult r = Query("SELECT 1");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("PGPASS_FOR_TEST"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace strata::testing
