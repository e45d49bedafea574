// Ctrl-C while batches run (base/interrupt.h): the command starts no new batch, lets the running
// one commit, says what was committed and what was not, exits 130 and leaves the environment as
// it was; the next command continues from there. The interrupt is sent by a fail point with the
// `:sigint` action, at a known moment (after the first batch commits).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "support/temp_project.h"

namespace strata::testing {
namespace {

class InterruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.Write(
        "models/daily.sql",
        "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day, batch_size 1),\n"
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
  }
  void TearDown() override { unsetenv("STRATA_FAIL_POINT"); }

  TempProject project_;
};

TEST_F(InterruptTest, PlanStopsAfterTheRunningBatchAndLeavesTheEnvironment) {
  setenv("STRATA_FAIL_POINT", "batch_after_commit:sigint@1", 1);
  CommandResult r =
      project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-06", "--threads", "1"});
  unsetenv("STRATA_FAIL_POINT");
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("Interrupted: 1 of 5 batches committed (their intervals are recorded), 0 "
                       "failed, 4 not run; no batch was left half-written"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("The `prod` environment was not changed; `strata plan prod` continues"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS n FROM strata_state.intervals"), "n\n1\n");
  CommandResult views = project_.Strata({"query", "SELECT * FROM s.daily"});
  EXPECT_NE(views.exit_code, 0) << "prod has no view before the plan completes";

  CommandResult again =
      project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-06", "--threads", "1"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("[4/4]"), std::string::npos) << again.out;
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS days, SUM(n) AS n FROM s.daily"), "days,n\n5,25\n");
}

TEST_F(InterruptTest, RunStopsAfterTheRunningBatchAndTheNextRunContinues) {
  ASSERT_EQ(project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-03"}).exit_code,
            0);
  setenv("STRATA_FAIL_POINT", "batch_after_commit:sigint@2", 1);
  CommandResult r = project_.Strata({"run", "--execution-time", "2025-01-10", "--threads", "1"});
  unsetenv("STRATA_FAIL_POINT");
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("Interrupted: 2 of 7 batches committed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("`strata run` continues from here"), std::string::npos) << r.out;
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS days FROM s.daily"), "days\n4\n");

  CommandResult again =
      project_.Strata({"run", "--execution-time", "2025-01-10", "--threads", "1"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS days, SUM(n) AS n FROM s.daily"), "days,n\n9,45\n");
}

}  // namespace
}  // namespace strata::testing
