#include "core/batching.h"

#include <limits>

#include <gtest/gtest.h>

#include "core/interval_test_util.h"

namespace strata {
namespace {

using testing_util::At;
using testing_util::Show;

const IntervalGrid kDays(IntervalUnit::kDay);

std::string Split(const IntervalSet& missing, const IntervalGrid& grid, int64_t batch_size) {
  const std::vector<Interval> batches = SplitIntoBatches(missing, grid, batch_size);
  EXPECT_EQ(CountBatches(missing, grid, batch_size), static_cast<int64_t>(batches.size()));
  return Show(batches);
}

TEST(BatchingTest, ZeroMeansOneBatchPerRange) {
  const IntervalSet missing{{At(2025, 1, 1), At(2025, 1, 3)}, {At(2025, 1, 5), At(2025, 1, 10)}};
  EXPECT_EQ(Split(missing, kDays, 0), "{[2025-01-01, 2025-01-03), [2025-01-05, 2025-01-10)}");
  EXPECT_EQ(Split({}, kDays, 0), "{}");
  EXPECT_EQ(Split({}, kDays, 3), "{}");
}

TEST(BatchingTest, LastBatchMayBeShorter) {
  const IntervalSet week{{At(2025, 1, 1), At(2025, 1, 8)}};
  EXPECT_EQ(Split(week, kDays, 3),
            "{[2025-01-01, 2025-01-04), [2025-01-04, 2025-01-07), [2025-01-07, 2025-01-08)}");
  EXPECT_EQ(Split(week, kDays, 7), "{[2025-01-01, 2025-01-08)}");
  EXPECT_EQ(Split(week, kDays, 8), "{[2025-01-01, 2025-01-08)}");
  EXPECT_EQ(Split(week, kDays, std::numeric_limits<int64_t>::max()), "{[2025-01-01, 2025-01-08)}");
}

TEST(BatchingTest, BatchesNeverCrossAGap) {
  const IntervalSet missing{{At(2025, 1, 1), At(2025, 1, 3)}, {At(2025, 1, 5), At(2025, 1, 10)}};
  EXPECT_EQ(Split(missing, kDays, 2),
            "{[2025-01-01, 2025-01-03), [2025-01-05, 2025-01-07), [2025-01-07, 2025-01-09), "
            "[2025-01-09, 2025-01-10)}");
  EXPECT_EQ(CountBatches(missing, kDays, 1), 2 + 5);
}

TEST(BatchingTest, MonthsAndWeeks) {
  const IntervalGrid months(IntervalUnit::kMonth);
  const IntervalSet missing{{At(2023, 11, 1), At(2024, 4, 1)}};
  EXPECT_EQ(Split(missing, months, 2),
            "{[2023-11-01, 2024-01-01), [2024-01-01, 2024-03-01), [2024-03-01, 2024-04-01)}");
  const IntervalGrid sunday_weeks(IntervalUnit::kWeek, 0);
  EXPECT_EQ(Split({{At(2024, 12, 29), At(2025, 1, 19)}}, sunday_weeks, 2),
            "{[2024-12-29, 2025-01-12), [2025-01-12, 2025-01-19)}");
}

TEST(BatchingTest, PartialLastUnit) {
  const IntervalSet missing{{At(2025, 1, 1), At(2025, 1, 3, 10)}};
  EXPECT_EQ(CountBatches(missing, kDays, 2), 2);
  EXPECT_EQ(Split(missing, kDays, 2), "{[2025-01-01, 2025-01-03), [2025-01-03, 2025-01-03 10:00)}");
  EXPECT_EQ(Split(missing, kDays, 3), "{[2025-01-01, 2025-01-03 10:00)}");
}

TEST(BatchingTest, CountIsProportionalToRangesNotUnits) {
  const IntervalGrid five_minutes(IntervalUnit::kFiveMinute);
  const IntervalSet since_1970{{0, At(2026, 11, 21)}};
  const int64_t units = five_minutes.Count(0, At(2026, 11, 21));
  EXPECT_EQ(CountBatches(since_1970, five_minutes, 1), units);
  EXPECT_EQ(CountBatches(since_1970, five_minutes, 1000), (units + 999) / 1000);
  const std::vector<Interval> batches = SplitIntoBatches(since_1970, five_minutes, 1000);
  EXPECT_EQ(static_cast<int64_t>(batches.size()), (units + 999) / 1000);
  EXPECT_EQ(batches.front(), (Interval{0, 1000 * 5 * kMicrosPerMinute}));
  EXPECT_EQ(batches.back().end, At(2026, 11, 21));
}

}  // namespace
}  // namespace strata
