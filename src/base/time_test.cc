#include "base/time.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(TimeTest, CivilRoundTripAcrossEras) {
  for (int64_t days = -800000; days <= 800000; days += 17) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(DaysFromCivil({2024, 2, 29})), (CivilDate{2024, 2, 29}));
}

TEST(TimeTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(2025, 4), 30);
}

TEST(TimeTest, Formats) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(1580515199999999), "2020-01-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimeOfDay(kMicrosPerHour + 500000), "01:00:00.500000");
}

int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute;
}

TEST(TimeTest, FloorDivAndMod) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(FloorDiv(-8, 2), -4);
  EXPECT_EQ(FloorMod(-7, 7), 0);
  EXPECT_EQ(FloorMod(-1, 7), 6);
}

TEST(TimeTest, DayOfWeek) {
  EXPECT_EQ(DayOfWeek(0), 4);  // 1970-01-01 was a Thursday
  EXPECT_EQ(DayOfWeek(-1), 3);
  EXPECT_EQ(DayOfWeek(DaysFromCivil({2024, 3, 17})), 0);  // Sunday
  EXPECT_EQ(DayOfWeek(DaysFromCivil({2024, 3, 18})), 1);  // Monday
  EXPECT_EQ(DayOfWeek(DaysFromCivil({1969, 12, 28})), 0);
}

TEST(TimeTest, AddMonthsClampsMonthEnds) {
  EXPECT_EQ(AddMonths(At(2024, 1, 31, 10, 30), 1), At(2024, 2, 29, 10, 30));
  EXPECT_EQ(AddMonths(At(2023, 1, 31), 1), At(2023, 2, 28));
  EXPECT_EQ(AddMonths(At(2024, 3, 31), -1), At(2024, 2, 29));
  EXPECT_EQ(AddMonths(At(2024, 2, 29), 12), At(2025, 2, 28));
  EXPECT_EQ(AddMonths(At(2024, 12, 15), 1), At(2025, 1, 15));
  EXPECT_EQ(AddMonths(At(2024, 1, 15), -13), At(2022, 12, 15));
  EXPECT_EQ(AddMonths(At(1970, 1, 1), -1), At(1969, 12, 1));
  EXPECT_EQ(AddMonths(At(2024, 5, 5), 0), At(2024, 5, 5));
}

TEST(TimeTest, TruncateTo) {
  const int64_t t = At(2024, 8, 14, 13, 47) + 12 * kMicrosPerSecond + 345;  // a Wednesday
  EXPECT_EQ(TruncateTo(t, TimeUnit::kSecond), At(2024, 8, 14, 13, 47) + 12 * kMicrosPerSecond);
  EXPECT_EQ(TruncateTo(t, TimeUnit::kMinute), At(2024, 8, 14, 13, 47));
  EXPECT_EQ(TruncateTo(t, TimeUnit::kHour), At(2024, 8, 14, 13));
  EXPECT_EQ(TruncateTo(t, TimeUnit::kDay), At(2024, 8, 14));
  EXPECT_EQ(TruncateTo(t, TimeUnit::kWeek), At(2024, 8, 12));  // Monday
  EXPECT_EQ(TruncateTo(At(2024, 8, 12), TimeUnit::kWeek), At(2024, 8, 12));
  EXPECT_EQ(TruncateTo(At(2024, 8, 18, 23), TimeUnit::kWeek), At(2024, 8, 12));  // Sunday
  EXPECT_EQ(TruncateTo(t, TimeUnit::kMonth), At(2024, 8, 1));
  EXPECT_EQ(TruncateTo(t, TimeUnit::kQuarter), At(2024, 7, 1));
  EXPECT_EQ(TruncateTo(t, TimeUnit::kYear), At(2024, 1, 1));
  EXPECT_EQ(TruncateTo(-1, TimeUnit::kDay), At(1969, 12, 31));
  EXPECT_EQ(TruncateTo(-1, TimeUnit::kWeek), At(1969, 12, 29));
  EXPECT_EQ(TimeUnitName(TimeUnit::kQuarter), "quarter");
}

}  // namespace
}  // namespace strata
