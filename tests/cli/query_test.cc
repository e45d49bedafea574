// End-to-end tests of `strata query`: the real binary on a project folder's db.duckdb.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/run_command.h"

namespace strata::testing {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  CommandResult Query(const std::string& sql, const std::string& format = "") {
    std::vector<std::string> args{"-p", project_.path(), "query", sql};
    if (!format.empty()) {
      args.push_back("--format");
      args.push_back(format);
    }
    return RunStrata(args);
  }

  void SetUp() override {
    // A project folder: one with models/ (a folder without it is not a project).
    std::filesystem::create_directories(std::filesystem::path(project_.path()) / "models");
  }

  TempDir project_;
};

TEST_F(QueryTest, CsvAcceptance) {
  CommandResult r = Query("SELECT 42 AS x, NULL AS y, '' AS z, 'a,\"b' AS w", "csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "x,y,z,w\n42,,\"\",\"a,\"\"b\"\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(QueryTest, CsvTimesDatesAndLineBreaks) {
  CommandResult r = Query(
      "SELECT TIMESTAMP '2025-01-31 12:00:00' AS t, TIMESTAMP '2025-01-31 12:00:00.25' AS f, "
      "DATE '2025-01-31' AS d, 'two' || chr(10) || 'lines' AS s, 1.5::DOUBLE AS n",
      "csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "t,f,d,s,n\n"
            "2025-01-31 12:00:00,2025-01-31 12:00:00.250000,2025-01-31,\"two\nlines\",1.5\n");
}

TEST_F(QueryTest, TableIsTheDefault) {
  CommandResult r = Query("SELECT * FROM (VALUES (1, 'one'), (22, NULL)) t(n, name) ORDER BY n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "  n | name\n"
            "----+------\n"
            "  1 | one\n"
            " 22 | NULL\n"
            "(2 rows)\n");
  CommandResult explicit_table = Query("SELECT 1 AS a", "table");
  EXPECT_EQ(explicit_table.out, " a\n---\n 1\n(1 row)\n");
}

TEST_F(QueryTest, Json) {
  CommandResult r = Query(
      "SELECT 42 AS x, NULL AS y, 'a\"b' AS s, 123456789012345678901234567890::HUGEINT AS h, "
      "12.340::DECIMAL(5,3) AS d, true AS b, [1, 2] AS l, {'k': 'v'} AS st, "
      "DATE '2025-01-31' AS dt",
      "json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "[\n  {\"x\": 42, \"y\": null, \"s\": \"a\\\"b\", "
            "\"h\": 123456789012345678901234567890, \"d\": 12.340, \"b\": true, \"l\": [1,2], "
            "\"st\": {\"k\":\"v\"}, \"dt\": \"2025-01-31\"}\n]\n");
}

TEST_F(QueryTest, SqlErrorExitsOneWithTheEnginesMessage) {
  CommandResult r = Query("SELECT no_such_column");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no_such_column"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Binder Error"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(QueryTest, BadFormatExitsTwoWithUsage) {
  CommandResult r = Query("SELECT 1", "xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Usage"), std::string::npos) << r.err;
}

TEST_F(QueryTest, MissingSqlExitsTwo) {
  CommandResult r = RunStrata({"-p", project_.path(), "query"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(QueryTest, MissingProjectFolderExitsTwo) {
  CommandResult r = RunStrata({"-p", project_.path() + "/nope", "query", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

TEST_F(QueryTest, DataPersistsInTheProjectDatabase) {
  CommandResult create = Query("CREATE TABLE t AS SELECT 7 AS a, 'seven' AS b");
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_TRUE(std::filesystem::exists(project_.path() + "/db.duckdb"));
  CommandResult read = Query("SELECT a, b FROM t", "csv");
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "a,b\n7,seven\n");
}

TEST_F(QueryTest, RunsFromTheProjectFolderByDefault) {
  CommandResult r =
      RunCommand({StrataBinary(), "query", "SELECT 1 AS one", "--format", "csv"}, project_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "one\n1\n");
  EXPECT_TRUE(std::filesystem::exists(project_.path() + "/db.duckdb"));
}

}  // namespace
}  // namespace strata::testing
