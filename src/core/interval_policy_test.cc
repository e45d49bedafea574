#include "core/interval_policy.h"

#include <gtest/gtest.h>

#include "core/interval_test_util.h"

namespace strata {
namespace {

using testing_util::At;
using testing_util::CronOf;

TEST(IntervalPolicyTest, GridComesFromTheCron) {
  const IntervalPolicy weekly(CronOf("@weekly"), At(2025, 1, 1));
  EXPECT_EQ(weekly.grid, IntervalGrid(IntervalUnit::kWeek, 0));
  EXPECT_EQ(weekly.lookback, 0);
  EXPECT_EQ(weekly.batch_size, 0);
  EXPECT_FALSE(weekly.allow_partials);
  EXPECT_FALSE(weekly.end.has_value());
  EXPECT_TRUE(weekly.Validate().ok());
  const Cron hourly = CronOf("@hourly");
  const IntervalPolicy declared(hourly, IntervalGrid::ForCron(hourly, IntervalUnit::kDay), 0);
  EXPECT_EQ(declared.grid.unit(), IntervalUnit::kDay);
}

TEST(IntervalPolicyTest, ValidateNamesTheBadOption) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.lookback = -1;
  EXPECT_EQ(policy.Validate().message(), "lookback must not be negative (got -1)");
  policy.lookback = 0;
  policy.batch_size = -2;
  EXPECT_EQ(policy.Validate().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(policy.Validate().message(), "batch_size must not be negative (got -2)");
  policy.batch_size = 0;
  policy.batch_concurrency = -1;
  EXPECT_FALSE(policy.Validate().ok());
  policy.batch_concurrency = 4;
  policy.end = At(2025, 1, 1);
  EXPECT_EQ(policy.Validate().message(), "the model's end is not after its start");
  policy.end = At(2025, 1, 2);
  EXPECT_TRUE(policy.Validate().ok());
}

}  // namespace
}  // namespace strata
