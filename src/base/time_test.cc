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

}  // namespace
}  // namespace strata
