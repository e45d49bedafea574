// End-to-end tests of the project commands (info, dag, format) on the example projects of
// tests/projects/ (the Orders360 models of seeds/004 and every MODEL example of seeds/003).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "source_paths.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kProjects = fs::path(STRATA_SOURCE_DIR) / "tests/projects";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(InfoCommandTest, Orders360Loads) {
  CommandResult r = RunStrata({"-p", (kProjects / "orders360").string(), "info", "--models"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Models: 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("INCREMENTAL_BY_TIME_RANGE: 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sales.weekly_sales"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EXTERNAL: 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Unit tests: 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Unknown references: none"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("local (default): duckdb"), std::string::npos) << r.out;
}

TEST(InfoCommandTest, EveryModelKindExampleLoads) {
  CommandResult r = RunStrata({"-p", (kProjects / "model_kinds").string(), "info"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Models: 21"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SCD_TYPE_2_BY_TIME: 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("raw_events (read by db.event_log, db.events and 3 more)"),
            std::string::npos)
      << r.out;
}

TEST(InfoCommandTest, MissingProjectFolderExitsTwo) {
  CommandResult r = RunStrata({"-p", "/nonexistent/strata/project", "info"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST(DagCommandTest, TextListsParents) {
  CommandResult r = RunStrata({"-p", (kProjects / "orders360").string(), "dag"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "raw.raw_orders\nsales.daily_sales <- raw.raw_orders\n"
            "sales.weekly_sales <- sales.daily_sales\n");
}

TEST(DagCommandTest, DotAndJson) {
  CommandResult dot =
      RunStrata({"-p", (kProjects / "orders360").string(), "dag", "--format", "dot"});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_NE(dot.out.find("\"sales.daily_sales\" -> \"sales.weekly_sales\";"), std::string::npos)
      << dot.out;
  EXPECT_NE(dot.out.find("[label=\"sales.weekly_sales\\nINCREMENTAL_BY_TIME_RANGE\"]"),
            std::string::npos)
      << dot.out;
  CommandResult json =
      RunStrata({"-p", (kProjects / "orders360").string(), "dag", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("{\"name\": \"sales.weekly_sales\", \"kind\": "
                          "\"INCREMENTAL_BY_TIME_RANGE\", \"parents\": [\"sales.daily_sales\"], "
                          "\"unknown_references\": []}"),
            std::string::npos)
      << json.out;
}

TEST(DagCommandTest, CycleExitsTwoWithTheCycle) {
  CommandResult r = RunStrata({"-p", (kProjects / "malformed/cycle_three").string(), "dag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("s.a -> s.c -> s.b -> s.a"), std::string::npos) << r.err;
}

TEST(FormatCommandTest, CheckListsFilesThenFormatFixesThemKeepingComments) {
  TempDir dir;
  fs::copy(kProjects / "orders360", dir.path(), fs::copy_options::recursive);
  CommandResult check = RunStrata({"-p", dir.path(), "format", "--check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("models/sales/weekly_sales.sql"), std::string::npos) << check.out;
  const std::string before = ReadFile(fs::path(dir.path()) / "models/sales/weekly_sales.sql");

  CommandResult format = RunStrata({"-p", dir.path(), "format"});
  ASSERT_EQ(format.exit_code, 0) << format.err;
  const std::string after = ReadFile(fs::path(dir.path()) / "models/sales/weekly_sales.sql");
  EXPECT_NE(before, after);
  for (const char* comment : {"-- ⏰ This column contains the date", "-- Process 1 week at a time",
                              "-- Start processing from this date", "-- Filter by time range"}) {
    EXPECT_NE(after.find(comment), std::string::npos) << comment << "\n" << after;
  }
  EXPECT_NE(after.find("    time_column order_date, -- ⏰ This column contains the date\n"),
            std::string::npos)
      << after;

  CommandResult again = RunStrata({"-p", dir.path(), "format", "--check"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  CommandResult info = RunStrata({"-p", dir.path(), "info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(FormatCommandTest, KeepsAuditsDefinedInTheModelFile) {
  TempDir dir;
  const fs::path root = dir.path();
  WriteFile(root / "config.yaml", "gateways:\n  local:\n    connection: {type: duckdb}\n");
  WriteFile(root / "models/items.sql",
            "MODEL (name s.items, kind FULL, audits (price_is_set));\n"
            "select 1 as id, 2 as price;\n\n-- the audits of s.items\n"
            "AUDIT (name price_is_set);\nSELECT * FROM @this_model WHERE price IS NULL;\n");
  CommandResult format = RunStrata({"-p", root, "format"});
  ASSERT_EQ(format.exit_code, 0) << format.err;
  const std::string after = ReadFile(root / "models/items.sql");
  EXPECT_NE(after.find("SELECT\n  1 AS id"), std::string::npos) << after;
  EXPECT_NE(after.find(";\n\n-- the audits of s.items\nAUDIT (name price_is_set);\n"
                       "SELECT * FROM @this_model WHERE price IS NULL;\n"),
            std::string::npos)
      << after;
  EXPECT_EQ(RunStrata({"-p", root, "format", "--check"}).exit_code, 0);
  CommandResult info = RunStrata({"-p", root, "info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
}

// Without --var start/end, create-test freezes the last whole interval before the given
// execution time (not before today), as dates: the end date is inclusive.
TEST(CreateTestCommandTest, IntervalFollowsTheGivenExecutionTime) {
  TempDir dir;
  const fs::path root = dir.path();
  WriteFile(root / "config.yaml",
            "gateways:\n  local:\n    connection: {type: duckdb, database: db.duckdb}\n");
  WriteFile(root / "models/daily.sql",
            "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day), start "
            "'2025-01-01', cron '@daily');\n"
            "SELECT day, COUNT(*) AS n FROM raw.orders WHERE day BETWEEN @start_ds AND @end_ds "
            "GROUP BY day\n");
  ASSERT_EQ(RunStrata({"-p", root, "query",
                       "CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT DATE '2025-01-01' + "
                       "CAST(i AS INTEGER) AS day FROM range(4) AS g(i)"})
                .exit_code,
            0);
  CommandResult created =
      RunStrata({"-p", root, "create-test", "s.daily", "--query", "raw.orders",
                 "SELECT * FROM raw.orders", "--var", "execution_time", "2025-01-03"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string test = ReadFile(root / "tests/test_daily.yaml");
  EXPECT_NE(test.find("start: 2025-01-02\n    end: 2025-01-02"), std::string::npos) << test;
  EXPECT_NE(test.find("- {day: 2025-01-02, n: 1}"), std::string::npos) << test;
  CommandResult ran = RunStrata({"-p", root, "test"});
  EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
}

}  // namespace
}  // namespace strata::testing
