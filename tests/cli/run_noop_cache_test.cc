// End-to-end tests of the no-op run cache (cli/run_cache.h): a `run` that finds nothing due
// remembers its answer beside the state's DuckDB file; the next `run` before anything is due
// answers from it without opening the database; any change to the state — a plan, a run with
// work, a statement through `strata query` — and any execution time at or past the next due time
// make `run` read the state again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/temp_project.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kAnswered[] = "(answered from db.duckdb.strata-run";

class RunNoOpCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.Write(
        "models/daily.sql",
        "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day),\n"
        "  start '2025-01-01', cron '@daily');\n"
        "SELECT day, COUNT(*) AS n FROM raw.events WHERE day BETWEEN @start_ds AND @end_ds\n"
        "GROUP BY day\n");
    ASSERT_EQ(
        project_
            .Strata({"query",
                     "CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT DATE '2025-01-01' + "
                     "CAST(i % 20 AS INTEGER) AS day FROM range(100) AS r(i)"})
            .exit_code,
        0);
    ASSERT_EQ(project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-05"}).exit_code,
              0);
  }

  CommandResult Run(const std::string& at) {
    CommandResult r = project_.Strata({"-v", "run", "--execution-time", at});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r;
  }
  bool Cached() const { return fs::exists(fs::path(project_.path()) / "db.duckdb.strata-run"); }

  TempProject project_;
};

TEST_F(RunNoOpCacheTest, SecondNoOpRunAnswersFromTheCacheWithTheSameWords) {
  EXPECT_FALSE(Cached());  // the plan leaves none
  CommandResult first = Run("2025-01-05");
  EXPECT_EQ(first.out.find(kAnswered), std::string::npos) << first.out;
  EXPECT_TRUE(Cached());
  CommandResult second = Run("2025-01-05 18:00");
  EXPECT_NE(second.out.find(kAnswered), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("No model is due at 2025-01-05 18:00:00: 0 batches, 0 rows\n"
                            "The next model due is s.daily, at 2025-01-06 00:00:00\n"),
            std::string::npos)
      << second.out;
  // Without -v the output is the computed run's, word for word.
  CommandResult quiet = project_.Strata({"run", "--execution-time", "2025-01-05"});
  EXPECT_EQ(quiet.out, first.out);
}

TEST_F(RunNoOpCacheTest, AtTheNextDueTimeTheRunDoesItsWork) {
  Run("2025-01-05");
  CommandResult due = Run("2025-01-06");
  EXPECT_NE(due.out.find("s.daily [insert 2025-01-05 - 2025-01-05, 1 row]"), std::string::npos)
      << due.out;
  EXPECT_FALSE(Cached());  // a run with work removes it before writing
}

TEST_F(RunNoOpCacheTest, APlanRemovesTheCache) {
  Run("2025-01-05");
  ASSERT_TRUE(Cached());
  project_.Write(
      "models/weekly.sql",
      "MODEL (name s.weekly, kind FULL, cron '@daily');\nSELECT SUM(n) AS n FROM s.daily\n");
  ASSERT_EQ(project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-05"}).exit_code,
            0);
  EXPECT_FALSE(Cached());
  CommandResult run = Run("2025-01-05 12:00");
  EXPECT_EQ(run.out.find(kAnswered), std::string::npos) << run.out;
}

TEST_F(RunNoOpCacheTest, AChangeMadeOutsideStrataIsSeen) {
  Run("2025-01-05");
  ASSERT_TRUE(Cached());
  // Forget the last processed day through plain SQL: no state lock, no strata code path.
  ASSERT_EQ(project_.Strata({"query", "DELETE FROM strata_state.intervals WHERE name = 's.daily'"})
                .exit_code,
            0);
  ASSERT_TRUE(Cached());
  CommandResult run = Run("2025-01-05 12:00");
  EXPECT_EQ(run.out.find(kAnswered), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("s.daily [insert 2025-01-01 - 2025-01-04"), std::string::npos) << run.out;
}

TEST_F(RunNoOpCacheTest, SelectedModelsAndIgnoredCronsAlwaysReadTheState) {
  Run("2025-01-05");
  CommandResult selected = project_.Strata(
      {"-v", "run", "--execution-time", "2025-01-05 12:00", "--select-model", "s.daily"});
  EXPECT_EQ(selected.out.find(kAnswered), std::string::npos) << selected.out;
  CommandResult ignored =
      project_.Strata({"-v", "run", "--execution-time", "2025-01-05 12:00", "--ignore-cron"});
  EXPECT_EQ(ignored.out.find(kAnswered), std::string::npos) << ignored.out;
}

TEST_F(RunNoOpCacheTest, EachEnvironmentHasItsOwnAnswer) {
  CommandResult missing = project_.Strata({"-v", "run", "dev", "--execution-time", "2025-01-05"});
  EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
  Run("2025-01-05");
  CommandResult dev = project_.Strata({"-v", "run", "dev", "--execution-time", "2025-01-05 12:00"});
  EXPECT_NE(dev.exit_code, 0);
  EXPECT_EQ(dev.out.find(kAnswered), std::string::npos) << dev.out;
}

}  // namespace
}  // namespace strata::testing
