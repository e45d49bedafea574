#include "base/time_parse.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace strata {
namespace {

int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0,
           int64_t second = 0, int64_t micros = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute + second * kMicrosPerSecond + micros;
}

// 2024-03-15 12:34:56.789 UTC, a Friday.
const int64_t kNow = At(2024, 3, 15, 12, 34, 56, 789000);

int64_t Start(std::string_view text) {
  Result<int64_t> r = ParseTimePoint(text, kNow, TimeRole::kStart);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.value_or(-1);
}

int64_t End(std::string_view text) {
  Result<int64_t> r = ParseTimePoint(text, kNow, TimeRole::kEnd);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.value_or(-1);
}

// The error message for `text`, or "" when it parses.
std::string Error(std::string_view text) {
  Result<int64_t> r = ParseTimePoint(text, kNow, TimeRole::kStart);
  if (r.ok()) {
    return "";
  }
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(r.status().hint().empty()) << text;
  return r.status().message();
}

TEST(ParseTimePointTest, Dates) {
  EXPECT_EQ(Start("2024-01-31"), At(2024, 1, 31));
  EXPECT_EQ(Start("  2024-01-31\n"), At(2024, 1, 31));
  EXPECT_EQ(Start("1969-12-31"), At(1969, 12, 31));
  EXPECT_EQ(Start("2024-02-29"), At(2024, 2, 29));
  EXPECT_EQ(Start("0001-01-01"), At(1, 1, 1));
}

TEST(ParseTimePointTest, DateAsEndIsInclusive) {
  // A date as an end means the whole day: the exclusive bound is the next midnight.
  EXPECT_EQ(End("2020-01-31"), At(2020, 2, 1));
  EXPECT_EQ(End("2024-02-28"), At(2024, 2, 29));
  EXPECT_EQ(End("2024-12-31"), At(2025, 1, 1));
  // A timestamp as an end is taken as it is, even at midnight.
  EXPECT_EQ(End("2020-01-31 00:00"), At(2020, 1, 31));
  EXPECT_EQ(End("2020-01-31 12:00:00"), At(2020, 1, 31, 12));
}

TEST(ParseTimePointTest, Timestamps) {
  EXPECT_EQ(Start("2024-01-31 10:20"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31T10:20"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31t10:20"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:30"), At(2024, 1, 31, 10, 20, 30));
  EXPECT_EQ(Start("2024-01-31 23:59:59.999999"), At(2024, 1, 31, 23, 59, 59, 999999));
  EXPECT_EQ(Start("2024-01-31 10:20:30.5"), At(2024, 1, 31, 10, 20, 30, 500000));
  EXPECT_EQ(Start("2024-01-31 10:20:30.123"), At(2024, 1, 31, 10, 20, 30, 123000));
  EXPECT_EQ(Start("2024-01-31 10:20:30.000001"), At(2024, 1, 31, 10, 20, 30, 1));
  EXPECT_EQ(Start("1969-12-31 23:59:59.999999"), -1);
}

TEST(ParseTimePointTest, ZonesConvertToUtc) {
  EXPECT_EQ(Start("2024-01-31 10:20Z"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31T10:20:00z"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:00+00:00"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:00-00:00"), At(2024, 1, 31, 10, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:00+02:00"), At(2024, 1, 31, 8, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:00 +02:00"), At(2024, 1, 31, 8, 20));
  EXPECT_EQ(Start("2024-01-31 10:20:00+0530"), At(2024, 1, 31, 4, 50));
  EXPECT_EQ(Start("2024-01-31 10:20:00+05"), At(2024, 1, 31, 5, 20));
  EXPECT_EQ(Start("2024-01-31 22:00-05:00"), At(2024, 2, 1, 3, 0));
  EXPECT_EQ(Start("2024-01-01 01:00:00.25+02:00"), At(2023, 12, 31, 23, 0, 0, 250000));
  // A timestamp with an offset as an end is unchanged apart from the conversion.
  EXPECT_EQ(End("2024-01-31 10:20:00+02:00"), At(2024, 1, 31, 8, 20));
}

TEST(ParseTimePointTest, RelativeWords) {
  EXPECT_EQ(Start("now"), kNow);
  EXPECT_EQ(Start("NOW"), kNow);
  EXPECT_EQ(End("now"), kNow);
  EXPECT_EQ(Start("today"), At(2024, 3, 15));
  EXPECT_EQ(Start("Today"), At(2024, 3, 15));
  EXPECT_EQ(Start("yesterday"), At(2024, 3, 14));
  EXPECT_EQ(Start("tomorrow"), At(2024, 3, 16));
  // today and yesterday are dates: as an end they include the whole day.
  EXPECT_EQ(End("today"), At(2024, 3, 16));
  EXPECT_EQ(End("yesterday"), At(2024, 3, 15));
}

TEST(ParseTimePointTest, Ago) {
  EXPECT_EQ(Start("1 minute ago"), kNow - kMicrosPerMinute);
  EXPECT_EQ(Start("5 minutes ago"), kNow - 5 * kMicrosPerMinute);
  EXPECT_EQ(Start("2 hours ago"), kNow - 2 * kMicrosPerHour);
  EXPECT_EQ(Start("1 hour ago"), kNow - kMicrosPerHour);
  EXPECT_EQ(Start("3 days ago"), kNow - 3 * kMicrosPerDay);
  EXPECT_EQ(Start("1 day ago"), kNow - kMicrosPerDay);
  EXPECT_EQ(Start("2 weeks ago"), kNow - 14 * kMicrosPerDay);
  EXPECT_EQ(Start("1 month ago"), At(2024, 2, 15, 12, 34, 56, 789000));
  EXPECT_EQ(Start("13 Months Ago"), At(2023, 2, 15, 12, 34, 56, 789000));
  EXPECT_EQ(Start("1 year ago"), At(2023, 3, 15, 12, 34, 56, 789000));
  EXPECT_EQ(Start("0 days ago"), kNow);
  EXPECT_EQ(Start("  7   DAYS   AGO "), kNow - 7 * kMicrosPerDay);
  EXPECT_EQ(End("3 days ago"), kNow - 3 * kMicrosPerDay);
  EXPECT_EQ(Start("in 1 week"), kNow + 7 * kMicrosPerDay);
  EXPECT_EQ(Start("in 2 months"), At(2024, 5, 15, 12, 34, 56, 789000));
}

TEST(ParseTimePointTest, AgoClampsMonthEnds) {
  const int64_t now = At(2024, 3, 31, 6);
  EXPECT_EQ(*ParseTimePoint("1 month ago", now, TimeRole::kStart), At(2024, 2, 29, 6));
}

TEST(ParseTimePointTest, RejectsEmptyAndGarbage) {
  EXPECT_EQ(Error(""), "invalid time '': it is empty");
  EXPECT_EQ(Error("   "), "invalid time '   ': it is empty");
  EXPECT_EQ(Error("banana"), "invalid time 'banana': not a date, a timestamp or a relative time");
  EXPECT_EQ(Error("now please"),
            "invalid time 'now please': not a date, a timestamp or a relative time");
  EXPECT_NE(Error("-2024-01-01"), "");
  EXPECT_NE(Error("20240101"), "");
  EXPECT_NE(Error("24-01-01"), "");
}

TEST(ParseTimePointTest, SuggestsNearestWord) {
  Result<int64_t> r = ParseTimePoint("yesterdy", kNow, TimeRole::kStart);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().hint(), "did you mean 'yesterday'?");
  r = ParseTimePoint("3 dyas ago", kNow, TimeRole::kStart);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "invalid time '3 dyas ago': unknown unit 'dyas'");
  EXPECT_EQ(r.status().hint(), "did you mean 'day'?");
}

TEST(ParseTimePointTest, RejectsPartialInput) {
  EXPECT_EQ(Error("202"), "invalid time '202': expected a four-digit year at the start");
  EXPECT_EQ(Error("2024"), "invalid time '2024': expected '-' after the year");
  EXPECT_EQ(Error("2024-01"), "invalid time '2024-01': expected '-' after the month");
  EXPECT_EQ(Error("2024-1-05"), "invalid time '2024-1-05': expected a two-digit month");
  EXPECT_EQ(Error("2024-01-5"), "invalid time '2024-01-5': expected a two-digit day");
  EXPECT_EQ(Error("2024-01-05 10"),
            "invalid time '2024-01-05 10': expected ':' and minutes after the hour");
  EXPECT_EQ(Error("2024-01-05 10:"), "invalid time '2024-01-05 10:': expected a two-digit minute");
  EXPECT_EQ(Error("2024-01-05 10:00:"),
            "invalid time '2024-01-05 10:00:': expected a two-digit second");
  EXPECT_EQ(Error("2024-01-05 10:00:00."),
            "invalid time '2024-01-05 10:00:00.': expected digits after '.'");
  EXPECT_EQ(Error("2024-01-05T"), "invalid time '2024-01-05T': expected a two-digit hour");
  EXPECT_EQ(Error("2024-01-05 10:00+"),
            "invalid time '2024-01-05 10:00+': expected a two-digit offset hour");
  EXPECT_EQ(Error("days ago"),
            "invalid time 'days ago': not a date, a timestamp or a relative time");
  EXPECT_EQ(Error("x days ago"),
            "invalid time 'x days ago': expected a whole number of units, got 'x'");
  EXPECT_EQ(Error("-1 days ago"),
            "invalid time '-1 days ago': expected a whole number of units, got '-1'");
}

TEST(ParseTimePointTest, RejectsOutOfRange) {
  EXPECT_EQ(Error("2024-13-01"), "invalid time '2024-13-01': month 13 is out of range 1-12");
  EXPECT_EQ(Error("2024-00-01"), "invalid time '2024-00-01': month 0 is out of range 1-12");
  EXPECT_EQ(Error("2024-02-30"),
            "invalid time '2024-02-30': day 30 is out of range 1-29 for 2024-02");
  EXPECT_EQ(Error("2023-02-29"),
            "invalid time '2023-02-29': day 29 is out of range 1-28 for 2023-02");
  EXPECT_EQ(Error("2024-04-31"),
            "invalid time '2024-04-31': day 31 is out of range 1-30 for 2024-04");
  EXPECT_EQ(Error("2024-01-00"),
            "invalid time '2024-01-00': day 0 is out of range 1-31 for 2024-01");
  EXPECT_EQ(Error("2024-01-01 24:00"),
            "invalid time '2024-01-01 24:00': hour 24 is out of range 0-23");
  EXPECT_EQ(Error("2024-01-01 10:60"),
            "invalid time '2024-01-01 10:60': minute 60 is out of range 0-59");
  EXPECT_EQ(Error("2024-01-01 10:00:60"),
            "invalid time '2024-01-01 10:00:60': second 60 is out of range 0-59");
  EXPECT_EQ(Error("2024-01-01 10:00:00.1234567"),
            "invalid time '2024-01-01 10:00:00.1234567': at most 6 fractional digits "
            "(microseconds) are allowed");
  EXPECT_EQ(Error("2024-01-01 10:00+24:00"),
            "invalid time '2024-01-01 10:00+24:00': offset hour 24 is out of range 0-23");
  EXPECT_EQ(Error("99999999 days ago"),
            "invalid time '99999999 days ago': 99999999 is too many units (at most 1000000)");
}

TEST(ParseTimePointTest, RejectsTrailingJunk) {
  EXPECT_EQ(Error("2024-01-01x"), "invalid time '2024-01-01x': unexpected 'x' after the date");
  EXPECT_EQ(Error("2024-01-01 10:00 am"),
            "invalid time '2024-01-01 10:00 am': unexpected ' am' after the time");
  EXPECT_EQ(Error("2024-01-01 10:00:00Z junk"),
            "invalid time '2024-01-01 10:00:00Z junk': unexpected ' junk' after the time");
  EXPECT_EQ(Error("2024-01-01 10:00:00+02:00:00"),
            "invalid time '2024-01-01 10:00:00+02:00:00': unexpected ':00' after the time");
  EXPECT_NE(Error("3 days ago please"), "");
}

TEST(ParseDateTest, AcceptsOnlyDates) {
  EXPECT_EQ(*ParseDate("2024-02-29"), DaysFromCivil({2024, 2, 29}));
  EXPECT_EQ(*ParseDate(" 1970-01-01 "), 0);
  EXPECT_FALSE(ParseDate("2024-02-30").ok());
  EXPECT_FALSE(ParseDate("2024-02-01 00:00").ok());
  EXPECT_FALSE(ParseDate("today").ok());
  EXPECT_FALSE(ParseDate("").ok());
  EXPECT_EQ(ParseDate("2024-02-01x").status().hint(), "use YYYY-MM-DD");
}

TEST(ParseTimestampTest, AcceptsLiterals) {
  EXPECT_EQ(*ParseTimestamp("2024-02-29"), At(2024, 2, 29));
  EXPECT_EQ(*ParseTimestamp("2024-02-29 01:02:03.000004"), At(2024, 2, 29, 1, 2, 3, 4));
  EXPECT_EQ(*ParseTimestamp("2024-02-29T01:02:03+01:00"), At(2024, 2, 29, 0, 2, 3));
  EXPECT_FALSE(ParseTimestamp("now").ok());
  EXPECT_FALSE(ParseTimestamp("").ok());
  EXPECT_FALSE(ParseTimestamp("2024-02-29 25:00").ok());
}

TEST(ParseTimestampTest, RoundTripsFormatTimestamp) {
  for (int64_t t : {int64_t{0}, int64_t{-1}, At(2020, 1, 31, 23, 59, 59, 999999),
                    At(1900, 3, 1, 0, 0, 1), At(2400, 2, 29, 12)}) {
    EXPECT_EQ(*ParseTimestamp(FormatTimestamp(t)), t) << FormatTimestamp(t);
  }
}

}  // namespace
}  // namespace strata
