#include "base/interval_unit.h"

#include <random>

#include <gtest/gtest.h>

#include "base/time.h"

namespace strata {
namespace {

int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute;
}

std::string UnitOf(std::string_view cron_text) {
  Result<Cron> cron = Cron::Parse(cron_text);
  EXPECT_TRUE(cron.ok()) << cron.status().ToString();
  return cron.ok() ? std::string(IntervalUnitName(IntervalUnitOf(*cron))) : "";
}

TEST(IntervalUnitTest, NamesRoundTrip) {
  for (IntervalUnit unit : {IntervalUnit::kYear, IntervalUnit::kMonth, IntervalUnit::kWeek,
                            IntervalUnit::kDay, IntervalUnit::kHour, IntervalUnit::kHalfHour,
                            IntervalUnit::kQuarterHour, IntervalUnit::kFiveMinute}) {
    EXPECT_EQ(*ParseIntervalUnit(IntervalUnitName(unit)), unit);
  }
  EXPECT_EQ(*ParseIntervalUnit(" DAY "), IntervalUnit::kDay);
  EXPECT_EQ(*ParseIntervalUnit("Five_Minute"), IntervalUnit::kFiveMinute);
  Result<IntervalUnit> bad = ParseIntervalUnit("hourly");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown interval unit 'hourly'");
  EXPECT_EQ(bad.status().hint(), "did you mean 'hour'?");
  EXPECT_FALSE(ParseIntervalUnit("").ok());
  EXPECT_FALSE(ParseIntervalUnit("minute").ok());
}

TEST(IntervalUnitTest, FixedLengths) {
  EXPECT_EQ(FixedUnitLength(IntervalUnit::kWeek), 7 * kMicrosPerDay);
  EXPECT_EQ(FixedUnitLength(IntervalUnit::kQuarterHour), 15 * kMicrosPerMinute);
  EXPECT_EQ(FixedUnitLength(IntervalUnit::kMonth), 0);
  EXPECT_EQ(FixedUnitLength(IntervalUnit::kYear), 0);
}

TEST(IntervalUnitTest, OfCron) {
  EXPECT_EQ(UnitOf("@yearly"), "year");
  EXPECT_EQ(UnitOf("@annually"), "year");
  EXPECT_EQ(UnitOf("0 0 29 2 *"), "year");
  EXPECT_EQ(UnitOf("@monthly"), "month");
  EXPECT_EQ(UnitOf("0 0 1 */3 *"), "month");
  EXPECT_EQ(UnitOf("0 0 1 1,7 *"), "month");
  EXPECT_EQ(UnitOf("0 0 31 * *"), "month");
  EXPECT_EQ(UnitOf("0 0 28 2,3 *"), "month");  // Feb 28 -> Mar 28 is 28 days
  EXPECT_EQ(UnitOf("@weekly"), "week");
  EXPECT_EQ(UnitOf("0 0 * * 1"), "week");
  EXPECT_EQ(UnitOf("30 6 * * MON"), "week");
  EXPECT_EQ(UnitOf("0 0 * 1 1"), "week");  // Mondays of January
  EXPECT_EQ(UnitOf("0 0 * * 1,4"), "day");
  EXPECT_EQ(UnitOf("0 0 1,8,15,22 * *"), "day");  // a week apart, but on varying weekdays
  EXPECT_EQ(UnitOf("0 0 1,15 * *"), "day");
  EXPECT_EQ(UnitOf("@daily"), "day");
  EXPECT_EQ(UnitOf("0 6 * * *"), "day");
  EXPECT_EQ(UnitOf("0 0 * * 1-5"), "day");
  EXPECT_EQ(UnitOf("0 0 13 * 5"), "day");
  EXPECT_EQ(UnitOf("0 0,12 * * *"), "hour");
  EXPECT_EQ(UnitOf("0 */2 * * *"), "hour");
  EXPECT_EQ(UnitOf("@hourly"), "hour");
  EXPECT_EQ(UnitOf("0 9-17 * * 1-5"), "hour");
  EXPECT_EQ(UnitOf("0 1,23 * * *"), "hour");  // 23:00 -> 01:00 is two hours
  EXPECT_EQ(UnitOf("*/30 * * * *"), "half_hour");
  EXPECT_EQ(UnitOf("0,30 * * * *"), "half_hour");
  EXPECT_EQ(UnitOf("10,50 * * * *"), "quarter_hour");  // :50 -> :10 is 20 minutes
  EXPECT_EQ(UnitOf("*/15 * * * *"), "quarter_hour");
  EXPECT_EQ(UnitOf("*/20 * * * *"), "quarter_hour");
  EXPECT_EQ(UnitOf("*/10 * * * *"), "five_minute");
  EXPECT_EQ(UnitOf("*/5 * * * *"), "five_minute");
  EXPECT_EQ(UnitOf("0,55 * * * *"), "five_minute");  // :55 -> :00 is 5 minutes
  EXPECT_EQ(UnitOf("* * * * *"), "five_minute");     // clamped to the smallest unit
  EXPECT_EQ(UnitOf("*/2 * * * *"), "five_minute");
  EXPECT_EQ(UnitOf("59 23 * * *"), "day");
  EXPECT_EQ(UnitOf("59 23 31 12 *"), "year");
  EXPECT_EQ(UnitOf("0 0 31 12 *"), "year");
}

TEST(IntervalUnitTest, WeekStart) {
  EXPECT_EQ(WeekStartOf(*Cron::Parse("@weekly")), 0);
  EXPECT_EQ(WeekStartOf(*Cron::Parse("0 0 * * 1")), 1);
  EXPECT_EQ(WeekStartOf(*Cron::Parse("0 0 * * SAT")), 6);
  EXPECT_EQ(WeekStartOf(*Cron::Parse("0 0 * * 7")), 0);
  EXPECT_EQ(WeekStartOf(*Cron::Parse("@daily")), 1);
  EXPECT_EQ(WeekStartOf(*Cron::Parse("0 0 1 * 3")), 1);  // not all ticks on Wednesday
}

TEST(IntervalGridTest, WeeksStartAtTheCronsWeekday) {
  // 2024-03-15 is a Friday, 2024-03-10 a Sunday, 2024-03-11 a Monday.
  const IntervalGrid sunday = IntervalGrid::ForCron(*Cron::Parse("@weekly"));
  EXPECT_EQ(sunday.unit(), IntervalUnit::kWeek);
  EXPECT_EQ(sunday.Floor(At(2024, 3, 15, 13)), At(2024, 3, 10));
  EXPECT_EQ(sunday.Floor(At(2024, 3, 10)), At(2024, 3, 10));
  EXPECT_EQ(sunday.Floor(At(2024, 3, 10) - 1), At(2024, 3, 3));
  EXPECT_EQ(sunday.Ceil(At(2024, 3, 15)), At(2024, 3, 17));
  EXPECT_EQ(sunday.Floor(0), At(1969, 12, 28));
  const IntervalGrid monday = IntervalGrid::ForCron(*Cron::Parse("0 0 * * 1"));
  EXPECT_EQ(monday.Floor(At(2024, 3, 15, 13)), At(2024, 3, 11));
  EXPECT_EQ(monday.Floor(At(2024, 3, 17, 23, 59)), At(2024, 3, 11));
  EXPECT_EQ(monday.Floor(At(2024, 3, 18)), At(2024, 3, 18));
  EXPECT_EQ(monday.Next(At(2024, 3, 11)), At(2024, 3, 18));
  EXPECT_EQ(monday.Count(At(2024, 3, 11), At(2024, 4, 8)), 4);
  EXPECT_EQ(monday.Floor(0), At(1969, 12, 29));
  // A declared week unit on a daily cron starts weeks on Monday, as DATE_TRUNC('week').
  const IntervalGrid declared = IntervalGrid::ForCron(*Cron::Parse("@daily"), IntervalUnit::kWeek);
  EXPECT_EQ(declared.Floor(At(2024, 3, 15)), At(2024, 3, 11));
  // interval_unit day on a weekly cron restores daily intervals.
  const IntervalGrid daily = IntervalGrid::ForCron(*Cron::Parse("@weekly"), IntervalUnit::kDay);
  EXPECT_EQ(daily.Floor(At(2024, 3, 15, 13)), At(2024, 3, 15));
  EXPECT_EQ(daily, IntervalGrid(IntervalUnit::kDay));
  EXPECT_NE(sunday, monday);
}

TEST(IntervalGridTest, FixedUnits) {
  const IntervalGrid day(IntervalUnit::kDay);
  EXPECT_EQ(day.Floor(At(2024, 3, 15, 12)), At(2024, 3, 15));
  EXPECT_EQ(day.Ceil(At(2024, 3, 15, 12)), At(2024, 3, 16));
  EXPECT_EQ(day.Ceil(At(2024, 3, 15)), At(2024, 3, 15));
  EXPECT_EQ(day.Floor(-1), At(1969, 12, 31));
  EXPECT_EQ(day.Count(At(1970, 1, 1), At(2024, 1, 1)), 19723);
  EXPECT_EQ(day.Count(At(2024, 1, 1), At(1970, 1, 1)), -19723);
  EXPECT_TRUE(day.IsBoundary(At(2024, 3, 15)));
  EXPECT_FALSE(day.IsBoundary(At(2024, 3, 15) + 1));
  const IntervalGrid hour(IntervalUnit::kHour);
  EXPECT_EQ(hour.Floor(At(2024, 3, 15, 12, 59)), At(2024, 3, 15, 12));
  EXPECT_EQ(hour.Advance(At(2024, 3, 15, 23), 2), At(2024, 3, 16, 1));
  const IntervalGrid half(IntervalUnit::kHalfHour);
  EXPECT_EQ(half.Floor(At(2024, 3, 15, 12, 59)), At(2024, 3, 15, 12, 30));
  const IntervalGrid quarter(IntervalUnit::kQuarterHour);
  EXPECT_EQ(quarter.Floor(At(2024, 3, 15, 12, 44)), At(2024, 3, 15, 12, 30));
  const IntervalGrid five(IntervalUnit::kFiveMinute);
  EXPECT_EQ(five.Floor(At(2024, 3, 15, 12, 44)), At(2024, 3, 15, 12, 40));
  EXPECT_EQ(five.Prev(At(2024, 3, 15)), At(2024, 3, 14, 23, 55));
  EXPECT_EQ(five.Count(At(1970, 1, 1), At(2024, 1, 1)), int64_t{19723} * 288);
}

TEST(IntervalGridTest, CalendarUnits) {
  const IntervalGrid month(IntervalUnit::kMonth);
  EXPECT_EQ(month.Floor(At(2024, 2, 29, 13)), At(2024, 2, 1));
  EXPECT_EQ(month.Floor(-1), At(1969, 12, 1));
  EXPECT_EQ(month.Ceil(At(2024, 2, 1)), At(2024, 2, 1));
  EXPECT_EQ(month.Ceil(At(2024, 2, 1) + 1), At(2024, 3, 1));
  EXPECT_EQ(month.Next(At(2024, 1, 1)), At(2024, 2, 1));
  EXPECT_EQ(month.Next(At(2024, 12, 1)), At(2025, 1, 1));
  EXPECT_EQ(month.Advance(At(2024, 1, 1), 14), At(2025, 3, 1));
  EXPECT_EQ(month.Advance(At(2024, 1, 1), -1), At(2023, 12, 1));
  EXPECT_EQ(month.Count(At(1970, 1, 1), At(2024, 3, 1)), 54 * 12 + 2);
  EXPECT_FALSE(month.IsBoundary(At(2024, 3, 2)));
  const IntervalGrid year(IntervalUnit::kYear);
  EXPECT_EQ(year.Floor(At(2024, 12, 31, 23)), At(2024, 1, 1));
  EXPECT_EQ(year.Floor(-1), At(1969, 1, 1));
  EXPECT_EQ(year.Next(At(2024, 1, 1)), At(2025, 1, 1));
  EXPECT_EQ(year.Advance(At(2024, 1, 1), -30), At(1994, 1, 1));
  EXPECT_EQ(year.Count(At(1970, 1, 1), At(2024, 1, 1)), 54);
  EXPECT_EQ(year.Ceil(At(2024, 1, 2)), At(2025, 1, 1));
}

// For every unit: Floor(t) <= t < Next(Floor(t)), and Count agrees with stepping.
TEST(IntervalGridTest, FloorNextCountAreConsistent) {
  std::mt19937_64 random(3);
  for (int unit = 0; unit <= static_cast<int>(IntervalUnit::kFiveMinute); ++unit) {
    for (int week_start = 0; week_start < 7; ++week_start) {
      const IntervalGrid grid(static_cast<IntervalUnit>(unit), week_start);
      for (int round = 0; round < 20; ++round) {
        const int64_t t =
            At(1960, 1, 1) + static_cast<int64_t>(random() % (100 * 365 * kMicrosPerDay));
        const int64_t floor = grid.Floor(t);
        ASSERT_LE(floor, t);
        ASSERT_GT(grid.Next(floor), t);
        ASSERT_TRUE(grid.IsBoundary(floor));
        ASSERT_EQ(grid.Prev(grid.Next(floor)), floor);
        if (grid.unit() == IntervalUnit::kWeek) {
          ASSERT_EQ(DayOfWeek(DayOf(floor)), week_start);
        }
        int64_t boundary = floor;
        for (int steps = 1; steps <= 40; ++steps) {
          boundary = grid.Next(boundary);
          ASSERT_EQ(grid.Count(floor, boundary), steps);
          ASSERT_EQ(grid.Advance(floor, steps), boundary);
        }
      }
    }
  }
}

}  // namespace
}  // namespace strata
