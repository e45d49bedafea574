// A plan stopped at any moment never leaves prod unreadable. The case that did: a forward-only
// type change alters prod's table in a transaction of its own, and the views over it (prod's
// view, a VIEW model's physical view and its environment view) used to be replaced only at the
// end of the plan — on DuckDB they failed ("Contents of view were altered") until then, and for
// good when the plan was killed in between. Now they are recreated in the ALTER's transaction.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "support/temp_project.h"

namespace strata::testing {
namespace {

class PlanStoppedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.Write("models/view.sql",
                   "MODEL (name s.facts_view, kind VIEW);\nSELECT day, v FROM s.facts\n");
    ASSERT_EQ(
        project_
            .Strata({"query",
                     "CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT DATE '2025-01-01' + "
                     "CAST(i AS INTEGER) AS day, i AS v FROM range(20) AS r(i)"})
            .exit_code,
        0);
  }
  void TearDown() override { unsetenv("STRATA_FAIL_POINT"); }

  // s.facts: `select` FROM `from` over the batch's days, forward-only.
  void WriteFacts(const std::string& select, const std::string& from = "raw.events") {
    project_.Write(
        "models/facts.sql",
        "MODEL (name s.facts, kind INCREMENTAL_BY_TIME_RANGE (time_column day, forward_only "
        "true), start '2025-01-01', cron '@daily');\n" +
            select + " FROM " + from + " WHERE day BETWEEN @start_ds AND @end_ds\n");
  }

  TempProject project_;
};

TEST_F(PlanStoppedTest, ProdViewsStayReadableWhenAPlanDiesAfterAForwardOnlyAlter) {
  WriteFacts("SELECT day, CAST(v AS INTEGER) AS v");
  ASSERT_EQ(project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-05"}).exit_code,
            0);
  WriteFacts("SELECT day, CAST(v AS BIGINT) AS v, 'new' AS tag");
  setenv("STRATA_FAIL_POINT", "batch_before_write", 1);
  CommandResult killed =
      project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-07"});
  unsetenv("STRATA_FAIL_POINT");
  EXPECT_EQ(killed.exit_code, 137) << killed.out << killed.err;
  // Prod still names the old snapshots, over the altered table: every view reads.
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS n, SUM(v) AS v FROM s.facts"), "n,v\n4,6\n");
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS n FROM s.facts_view"), "n\n4\n");

  CommandResult again = project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-07"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS n, COUNT(tag) AS tagged FROM s.facts"),
            "n,tagged\n6,2\n");
  EXPECT_EQ(project_.Query("SELECT COUNT(*) AS n FROM s.facts_view"), "n\n6\n");
}

TEST_F(PlanStoppedTest, ABreakingChangeUpstreamOfAForwardOnlyModelPlans) {
  project_.Write("models/base.sql",
                 "MODEL (name s.base, kind FULL);\nSELECT day, v FROM raw.events\n");
  WriteFacts("SELECT day, v", "s.base");
  ASSERT_EQ(project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-05"}).exit_code,
            0);
  project_.Write(
      "models/base.sql",
      "MODEL (name s.base, kind FULL);\nSELECT day, v * 10 AS v, v AS raw_v FROM raw.events\n");
  WriteFacts("SELECT day, v, raw_v", "s.base");
  CommandResult r = project_.Strata({"plan", "--auto-apply", "--execution-time", "2025-01-07"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(project_.Query(
                "SELECT day, v, raw_v FROM s.facts WHERE day >= DATE '2025-01-04' ORDER BY day"),
            "day,v,raw_v\n2025-01-04,3,\n2025-01-05,40,4\n2025-01-06,50,5\n");
}

}  // namespace
}  // namespace strata::testing
