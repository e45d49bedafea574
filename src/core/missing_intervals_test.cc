#include "core/missing_intervals.h"

#include <gtest/gtest.h>

#include "core/batching.h"
#include "core/interval_test_util.h"

namespace strata {
namespace {

using testing_util::At;
using testing_util::CronOf;
using testing_util::Show;

// The missing intervals of `policy` at `execution_time`, printed.
std::string Missing(const IntervalPolicy& policy, const IntervalSet& recorded,
                    int64_t execution_time) {
  return Show(MissingIntervals(policy, recorded, MissingIntervalsRequest(execution_time)));
}

std::string Batches(const IntervalPolicy& policy, const IntervalSet& recorded,
                    int64_t execution_time) {
  const IntervalSet missing =
      MissingIntervals(policy, recorded, MissingIntervalsRequest(execution_time));
  return Show(SplitIntoBatches(missing, policy.grid, policy.batch_size));
}

// seeds/004: sales.weekly_sales, cron '@weekly', start 2025-01-01 (a Wednesday), batch_size 1.
// Weeks start on Sunday, the @weekly tick (DESIGN.md §3), so the first week is the one that
// contains 2025-01-01: [2024-12-29, 2025-01-05).
class WeeklySalesTest : public ::testing::Test {
 protected:
  WeeklySalesTest() : policy_(CronOf("@weekly"), At(2025, 1, 1)) { policy_.batch_size = 1; }
  IntervalPolicy policy_;
};

TEST_F(WeeklySalesTest, FirstPlanProcessesEveryCompleteWeekUpToTheLastTick) {
  EXPECT_EQ(policy_.grid.unit(), IntervalUnit::kWeek);
  // Wednesday 2025-01-15: the last tick is Sunday 2025-01-12; the week that began then is not over.
  EXPECT_EQ(Missing(policy_, {}, At(2025, 1, 15)), "{[2024-12-29, 2025-01-12)}");
  EXPECT_EQ(Batches(policy_, {}, At(2025, 1, 15)),
            "{[2024-12-29, 2025-01-05), [2025-01-05, 2025-01-12)}");
}

TEST_F(WeeklySalesTest, RunProcessesExactlyTheOneNewWeek) {
  const IntervalSet recorded{{At(2024, 12, 29), At(2025, 1, 12)}};
  EXPECT_EQ(Missing(policy_, recorded, At(2025, 1, 22)), "{[2025-01-12, 2025-01-19)}");
  EXPECT_EQ(Batches(policy_, recorded, At(2025, 1, 22)), "{[2025-01-12, 2025-01-19)}");
}

TEST_F(WeeklySalesTest, RunBeforeTheNextTickProcessesNothing) {
  const IntervalSet recorded{{At(2024, 12, 29), At(2025, 1, 12)}};
  EXPECT_EQ(Missing(policy_, recorded, At(2025, 1, 18, 23, 59)), "{}");
  EXPECT_EQ(Missing(policy_, recorded, At(2025, 1, 12)), "{}");
  // The tick itself makes the week due.
  EXPECT_EQ(Missing(policy_, recorded, At(2025, 1, 19)), "{[2025-01-12, 2025-01-19)}");
}

TEST(MissingIntervalsTest, MondayWeeks) {
  const IntervalPolicy policy(CronOf("0 0 * * 1"), At(2025, 1, 1));
  EXPECT_EQ(policy.grid.week_start(), 1);
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 15)), "{[2024-12-30, 2025-01-13)}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 12, 23, 59)), "{[2024-12-30, 2025-01-06)}");
}

TEST(MissingIntervalsTest, DailyIsDueAtMidnight) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 1, 23, 59)), "{}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 2)), "{[2025-01-01, 2025-01-02)}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3, 12)), "{[2025-01-01, 2025-01-03)}");
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 3, 23, 59)), "{}");
}

TEST(MissingIntervalsTest, DailyAtSixIsDueOnlyAfterItsTick) {
  const IntervalPolicy policy(CronOf("0 6 * * *"), At(2025, 1, 1));
  EXPECT_EQ(policy.grid.unit(), IntervalUnit::kDay);
  // Intervals stay whole days from midnight; the 06:00 tick says when the previous day is due.
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3, 5, 59)), "{[2025-01-01, 2025-01-02)}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3, 6)), "{[2025-01-01, 2025-01-03)}");
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 2)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 3, 5)), "{}");
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 3, 7)), "{[2025-01-02, 2025-01-03)}");
}

TEST(MissingIntervalsTest, IgnoreCronUsesTheExecutionTime) {
  const IntervalPolicy policy(CronOf("0 6 * * *"), At(2025, 1, 1));
  MissingIntervalsRequest request(At(2025, 1, 3, 5));
  request.ignore_cron = true;
  EXPECT_EQ(Show(MissingIntervals(policy, {}, request)), "{[2025-01-01, 2025-01-03)}");
  EXPECT_EQ(UpperBound(policy, request), At(2025, 1, 3));
}

TEST(MissingIntervalsTest, Hourly) {
  const IntervalPolicy policy(CronOf("@hourly"), At(2025, 1, 1, 0, 30));
  EXPECT_EQ(policy.grid.unit(), IntervalUnit::kHour);
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 1, 3, 15)), "{[2025-01-01, 2025-01-01 03:00)}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 1, 0, 59)), "{}");
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 1, 3)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 1, 4)), "{[2025-01-01 03:00, 2025-01-01 04:00)}");
}

TEST(MissingIntervalsTest, MonthlyFollowsMonthEnds) {
  IntervalPolicy policy(CronOf("@monthly"), At(2024, 1, 15));
  policy.batch_size = 1;
  EXPECT_EQ(policy.grid.unit(), IntervalUnit::kMonth);
  EXPECT_EQ(Missing(policy, {}, At(2024, 3, 10)), "{[2024-01-01, 2024-03-01)}");
  EXPECT_EQ(Batches(policy, {}, At(2024, 3, 10)),
            "{[2024-01-01, 2024-02-01), [2024-02-01, 2024-03-01)}");
  const std::vector<Interval> leap = SplitIntoBatches(
      MissingIntervals(policy, {}, MissingIntervalsRequest(At(2024, 3, 10))), policy.grid, 1);
  EXPECT_EQ(leap[1].length(), 29 * kMicrosPerDay);  // February 2024
  const IntervalPolicy policy_2023(CronOf("@monthly"), At(2023, 2, 1));
  const IntervalSet feb_2023 =
      MissingIntervals(policy_2023, {}, MissingIntervalsRequest(At(2023, 3, 1)));
  EXPECT_EQ(Show(feb_2023), "{[2023-02-01, 2023-03-01)}");
  EXPECT_EQ(feb_2023.TotalLength(), 28 * kMicrosPerDay);
  // January 31 to the end of February: the month that contains the start is whole.
  const IntervalPolicy from_31st(CronOf("@monthly"), At(2024, 1, 31, 18));
  EXPECT_EQ(Missing(from_31st, {}, At(2024, 2, 29, 23, 59)), "{[2024-01-01, 2024-02-01)}");
}

TEST(MissingIntervalsTest, GapsInRecordedIntervals) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3)},
                             {At(2025, 1, 5), At(2025, 1, 6)},
                             {At(2025, 1, 8), At(2025, 1, 9)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 10, 1)),
            "{[2025-01-03, 2025-01-05), [2025-01-06, 2025-01-08), [2025-01-09, 2025-01-10)}");
}

TEST(MissingIntervalsTest, PartlyRecordedUnitIsMissingWhole) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3, 12)},
                             {At(2025, 1, 4, 6), At(2025, 1, 6)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 6)), "{[2025-01-03, 2025-01-05)}");
}

TEST(MissingIntervalsTest, UnalignedStartIsFloored) {
  const IntervalPolicy daily(CronOf("@daily"), At(2025, 1, 1, 13, 45));
  EXPECT_EQ(Missing(daily, {}, At(2025, 1, 3)), "{[2025-01-01, 2025-01-03)}");
  const IntervalPolicy quarter(CronOf("*/15 * * * *"), At(2025, 1, 1, 10, 7));
  EXPECT_EQ(Missing(quarter, {}, At(2025, 1, 1, 10, 31)), "{[2025-01-01 10:00, 2025-01-01 10:30)}");
}

TEST(MissingIntervalsTest, ExecutionBeforeStartMissesNothing) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  EXPECT_EQ(Missing(policy, {}, At(2024, 12, 1)), "{}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 1, 12)), "{}");
}

TEST(MissingIntervalsTest, YearBoundaries) {
  IntervalPolicy daily(CronOf("@daily"), At(2024, 12, 30));
  daily.batch_size = 1;
  EXPECT_EQ(Batches(daily, {}, At(2025, 1, 2)),
            "{[2024-12-30, 2024-12-31), [2024-12-31, 2025-01-01), [2025-01-01, 2025-01-02)}");
  IntervalPolicy yearly(CronOf("@yearly"), At(2020, 6, 1));
  yearly.batch_size = 2;
  EXPECT_EQ(yearly.grid.unit(), IntervalUnit::kYear);
  EXPECT_EQ(Missing(yearly, {}, At(2025, 3, 1)), "{[2020-01-01, 2025-01-01)}");
  EXPECT_EQ(Batches(yearly, {}, At(2025, 3, 1)),
            "{[2020-01-01, 2022-01-01), [2022-01-01, 2024-01-01), [2024-01-01, 2025-01-01)}");
  // The Sunday week that straddles New Year.
  const IntervalPolicy weekly(CronOf("@weekly"), At(2025, 12, 31));
  EXPECT_EQ(Missing(weekly, {}, At(2026, 1, 4)), "{[2025-12-28, 2026-01-04)}");
}

TEST(MissingIntervalsTest, CronsWithSteps) {
  const IntervalPolicy quarter(CronOf("*/15 * * * *"), At(2025, 1, 1));
  EXPECT_EQ(quarter.grid.unit(), IntervalUnit::kQuarterHour);
  EXPECT_EQ(Missing(quarter, {}, At(2025, 1, 1, 0, 50)), "{[2025-01-01, 2025-01-01 00:45)}");
  const IntervalPolicy two_hourly(CronOf("0 */2 * * *"), At(2025, 1, 1));
  EXPECT_EQ(two_hourly.grid.unit(), IntervalUnit::kHour);
  // Hour intervals, due when the two-hourly cron ticks.
  EXPECT_EQ(Missing(two_hourly, {}, At(2025, 1, 1, 3, 30)), "{[2025-01-01, 2025-01-01 02:00)}");
  EXPECT_EQ(Missing(two_hourly, {}, At(2025, 1, 1, 4)), "{[2025-01-01, 2025-01-01 04:00)}");
}

TEST(MissingIntervalsTest, DeclaredIntervalUnit) {
  // `interval_unit day` on a weekly model restores SQLMesh's daily intervals (DESIGN.md §3).
  const Cron weekly = CronOf("@weekly");
  const IntervalPolicy policy(weekly, IntervalGrid::ForCron(weekly, IntervalUnit::kDay),
                              At(2025, 1, 1));
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 15)), "{[2025-01-01, 2025-01-12)}");
}

TEST(MissingIntervalsTest, LookbackIsClippedAtTheStart) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.lookback = 3;
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 4)), "{[2025-01-01, 2025-01-04)}");
  const IntervalSet first_day{{At(2025, 1, 1), At(2025, 1, 2)}};
  EXPECT_EQ(Missing(policy, first_day, At(2025, 1, 4)), "{[2025-01-01, 2025-01-04)}");
  // A huge lookback stays at the start and does not overflow.
  policy.lookback = int64_t{1} << 62;
  EXPECT_EQ(Missing(policy, first_day, At(2025, 1, 4)), "{[2025-01-01, 2025-01-04)}");
}

TEST(MissingIntervalsTest, LookbackReprocessesUnitsBeforeEachMissingRange) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.lookback = 2;
  const IntervalSet ten_days{{At(2025, 1, 1), At(2025, 1, 10)}};
  EXPECT_EQ(Missing(policy, ten_days, At(2025, 1, 12)), "{[2025-01-08, 2025-01-12)}");
  // Nothing missing: lookback alone triggers nothing.
  EXPECT_EQ(Missing(policy, ten_days, At(2025, 1, 10, 23)), "{}");

  const IntervalSet with_gap{{At(2025, 1, 1), At(2025, 1, 5)}, {At(2025, 1, 6), At(2025, 1, 10)}};
  EXPECT_EQ(Missing(policy, with_gap, At(2025, 1, 12)),
            "{[2025-01-03, 2025-01-06), [2025-01-08, 2025-01-12)}");
  policy.lookback = 3;
  EXPECT_EQ(Missing(policy, with_gap, At(2025, 1, 12)),
            "{[2025-01-02, 2025-01-06), [2025-01-07, 2025-01-12)}");
  policy.lookback = 4;  // the extended ranges meet and merge
  EXPECT_EQ(Missing(policy, with_gap, At(2025, 1, 12)), "{[2025-01-01, 2025-01-12)}");
}

TEST(MissingIntervalsTest, LookbackNearTheEnd) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.lookback = 2;
  policy.end = At(2025, 1, 11);  // `end '2025-01-10'`, inclusive
  const IntervalSet nine_days{{At(2025, 1, 1), At(2025, 1, 9)}};
  EXPECT_EQ(Missing(policy, nine_days, At(2025, 1, 20)), "{[2025-01-07, 2025-01-11)}");
  const IntervalSet to_end{{At(2025, 1, 1), At(2025, 1, 11)}};
  EXPECT_EQ(Missing(policy, to_end, At(2025, 1, 20)), "{}");
}

TEST(MissingIntervalsTest, LookbackInWeeks) {
  IntervalPolicy policy(CronOf("@weekly"), At(2025, 1, 1));
  policy.lookback = 1;
  const IntervalSet recorded{{At(2024, 12, 29), At(2025, 1, 12)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 22)), "{[2025-01-05, 2025-01-19)}");
}

TEST(MissingIntervalsTest, ModelEndIsRespected) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.end = At(2025, 1, 5);
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 20)), "{[2025-01-01, 2025-01-05)}");
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3)), "{[2025-01-01, 2025-01-03)}");
  // An end within a unit keeps that unit whole, as a start within one does.
  policy.end = At(2025, 1, 5, 12);
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 20)), "{[2025-01-01, 2025-01-06)}");
  IntervalPolicy weekly(CronOf("@weekly"), At(2025, 1, 1));
  weekly.end = At(2025, 1, 9);  // a Thursday
  EXPECT_EQ(Missing(weekly, {}, At(2025, 3, 1)), "{[2024-12-29, 2025-01-12)}");
}

TEST(MissingIntervalsTest, RequestedRangeIsExpandedToWholeUnits) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  auto missing = [](const IntervalPolicy& p, int64_t start, int64_t end, int64_t execution_time) {
    MissingIntervalsRequest request(execution_time);
    request.range = Interval{start, end};
    return Show(MissingIntervals(p, {}, request));
  };
  EXPECT_EQ(missing(policy, At(2025, 1, 5, 12), At(2025, 1, 8, 6), At(2025, 1, 20)),
            "{[2025-01-05, 2025-01-09)}");
  EXPECT_EQ(missing(policy, At(2025, 1, 5), At(2025, 1, 8), At(2025, 1, 20)),
            "{[2025-01-05, 2025-01-08)}");
  // Still bounded by the model's start and the last complete unit.
  EXPECT_EQ(missing(policy, At(2024, 12, 1), At(2025, 2, 1), At(2025, 1, 4, 12)),
            "{[2025-01-01, 2025-01-04)}");
  EXPECT_EQ(missing(policy, At(2025, 1, 5), At(2025, 1, 5), At(2025, 1, 20)), "{}");
  // Lookback stays inside the requested range.
  IntervalPolicy with_lookback = policy;
  with_lookback.lookback = 2;
  EXPECT_EQ(missing(with_lookback, At(2025, 1, 5), At(2025, 1, 6), At(2025, 1, 20)),
            "{[2025-01-05, 2025-01-06)}");
}

TEST(MissingIntervalsTest, AllowPartialsEndsAtTheExecutionTime) {
  IntervalPolicy policy(CronOf("0 6 * * *"), At(2025, 1, 1));
  policy.allow_partials = true;
  // Not gated by the cron: 05:00 is before the day's tick.
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3, 5)), "{[2025-01-01, 2025-01-03 05:00)}");
  EXPECT_EQ(UpperBound(policy, MissingIntervalsRequest(At(2025, 1, 3, 5))), At(2025, 1, 3, 5));
  // The partial unit recorded earlier is processed again from its start.
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3, 5)}};
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 3, 15)), "{[2025-01-03, 2025-01-03 15:00)}");
  EXPECT_EQ(Missing(policy, recorded, At(2025, 1, 3, 5)), "{}");
  policy.batch_size = 1;
  EXPECT_EQ(Batches(policy, {}, At(2025, 1, 3, 10)),
            "{[2025-01-01, 2025-01-02), [2025-01-02, 2025-01-03), [2025-01-03, 2025-01-03 10:00)}");
  // The model's end still bounds it.
  policy.end = At(2025, 1, 2);
  EXPECT_EQ(Missing(policy, {}, At(2025, 1, 3, 10)), "{[2025-01-01, 2025-01-02)}");
}

TEST(MissingIntervalsTest, CandidateWindow) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1, 8));
  policy.end = At(2025, 2, 1);
  const Interval window = CandidateWindow(policy, MissingIntervalsRequest(At(2025, 1, 10, 12)));
  EXPECT_EQ(window, (Interval{At(2025, 1, 1), At(2025, 1, 10)}));
}

// DESIGN.md §9 P4: a five-minute model started in 1970 computes from ranges, not units.
class FiveMinuteSince1970Test : public ::testing::Test {
 protected:
  FiveMinuteSince1970Test() : policy_(CronOf("*/5 * * * *"), 0) {}
  const int64_t now_ = At(2026, 11, 21);
  const int64_t units_ = (now_ / kMicrosPerDay) * 288;
  IntervalPolicy policy_;
};

TEST_F(FiveMinuteSince1970Test, NothingRecorded) {
  EXPECT_EQ(policy_.grid.unit(), IntervalUnit::kFiveMinute);
  const IntervalSet missing = MissingIntervals(policy_, {}, MissingIntervalsRequest(now_));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing.ranges()[0], (Interval{0, now_}));
  EXPECT_EQ(policy_.grid.Count(0, now_), units_);
  EXPECT_GT(units_, 5'900'000);
  EXPECT_EQ(CountBatches(missing, policy_.grid, 0), 1);
  EXPECT_EQ(CountBatches(missing, policy_.grid, 1), units_);
  EXPECT_EQ(CountBatches(missing, policy_.grid, 288), now_ / kMicrosPerDay);
  EXPECT_EQ(SplitIntoBatches(missing, policy_.grid, 0).size(), 1u);
}

TEST_F(FiveMinuteSince1970Test, EverythingButTheLastDayRecorded) {
  const IntervalSet recorded{{0, now_ - kMicrosPerDay}};
  EXPECT_EQ(Show(MissingIntervals(policy_, recorded, MissingIntervalsRequest(now_))),
            "{[2026-11-20, 2026-11-21)}");
  // Two minutes past the tick: still nothing new until 00:05.
  const IntervalSet all{{0, now_}};
  EXPECT_TRUE(
      MissingIntervals(policy_, all, MissingIntervalsRequest(now_ + 2 * kMicrosPerMinute)).empty());
}

TEST_F(FiveMinuteSince1970Test, TenThousandGaps) {
  // Recorded: everything but one unit in every 500; the gaps are the missing set.
  constexpr int64_t kUnit = 5 * kMicrosPerMinute;
  constexpr int64_t kGaps = 10'000;
  const int64_t stride = units_ / kGaps;
  std::vector<Interval> ranges;
  for (int64_t i = 0; i < kGaps; ++i) {
    ranges.push_back({i * stride * kUnit, (i * stride + stride - 1) * kUnit});
  }
  ranges.push_back({kGaps * stride * kUnit, now_});
  const IntervalSet recorded = IntervalSet::FromRanges(ranges);
  const IntervalSet missing = MissingIntervals(policy_, recorded, MissingIntervalsRequest(now_));
  EXPECT_EQ(missing.size(), static_cast<size_t>(kGaps));
  EXPECT_EQ(missing.TotalLength(), kGaps * kUnit);
  EXPECT_EQ(missing.ranges()[0], (Interval{(stride - 1) * kUnit, stride * kUnit}));
  policy_.lookback = 1;
  EXPECT_EQ(MissingIntervals(policy_, recorded, MissingIntervalsRequest(now_)).TotalLength(),
            2 * kGaps * kUnit);
}

}  // namespace
}  // namespace strata
