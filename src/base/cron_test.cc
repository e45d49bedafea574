#include "base/cron.h"

#include <optional>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "base/time.h"

namespace strata {
namespace {

int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0,
           int64_t second = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute + second * kMicrosPerSecond;
}

Cron MustParse(std::string_view text) {
  Result<Cron> cron = Cron::Parse(text);
  if (!cron.ok()) {
    ADD_FAILURE() << text << ": " << cron.status().ToString();
    cron = Cron::Parse("* * * * *");
  }
  return *cron;
}

std::string Show(std::optional<int64_t> t) { return t ? FormatTimestamp(*t) : "none"; }

std::string NextOf(std::string_view cron, int64_t t) { return Show(MustParse(cron).Next(t)); }
std::string PrevOf(std::string_view cron, int64_t t) { return Show(MustParse(cron).Prev(t)); }

TEST(CronTest, Steps) {
  EXPECT_EQ(NextOf("*/15 * * * *", At(2024, 3, 15, 12, 34, 56)), "2024-03-15 12:45:00");
  EXPECT_EQ(NextOf("*/15 * * * *", At(2024, 3, 15, 12, 45)), "2024-03-15 13:00:00");
  EXPECT_EQ(PrevOf("*/15 * * * *", At(2024, 3, 15, 12, 45)), "2024-03-15 12:45:00");
  EXPECT_EQ(PrevOf("*/15 * * * *", At(2024, 3, 15, 12, 44, 59)), "2024-03-15 12:30:00");
  EXPECT_EQ(NextOf("1-30/5 * * * *", At(2024, 3, 15, 12, 26)), "2024-03-15 13:01:00");
  EXPECT_EQ(NextOf("1-30/5 * * * *", At(2024, 3, 15, 12, 7)), "2024-03-15 12:11:00");
  EXPECT_EQ(NextOf("5/20 * * * *", At(2024, 3, 15, 12, 46)), "2024-03-15 13:05:00");
  EXPECT_EQ(NextOf("0 */6 * * *", At(2024, 3, 15, 19, 0)), "2024-03-16 00:00:00");
  EXPECT_EQ(NextOf("*/90 * * * *", At(2024, 3, 15, 19, 0)), "2024-03-15 20:00:00");
  const Cron every_minute = MustParse("* * * * *");
  EXPECT_EQ(every_minute.Next(0), kMicrosPerMinute);
  EXPECT_EQ(every_minute.Next(-1), 0);
  EXPECT_EQ(every_minute.Prev(kMicrosPerMinute - 1), 0);
  EXPECT_EQ(every_minute.Prev(0), 0);
}

TEST(CronTest, ListsAndRanges) {
  EXPECT_EQ(NextOf("0 6,18 * * *", At(2024, 3, 15, 6, 0)), "2024-03-15 18:00:00");
  EXPECT_EQ(NextOf("0 6,18 * * *", At(2024, 3, 15, 18, 0)), "2024-03-16 06:00:00");
  EXPECT_EQ(PrevOf("0 6,18 * * *", At(2024, 3, 15, 5, 59)), "2024-03-14 18:00:00");
  EXPECT_EQ(NextOf("15,45 9-10 * * *", At(2024, 3, 15, 10, 45)), "2024-03-16 09:15:00");
  EXPECT_EQ(PrevOf("15,45 9-10 * * *", At(2024, 3, 16, 9, 14)), "2024-03-15 10:45:00");
  EXPECT_EQ(NextOf("0 0 1,15 * *", At(2024, 3, 15)), "2024-04-01 00:00:00");
}

TEST(CronTest, NamesAnyCase) {
  // 2024-03-15 is a Friday; 2024-07-01 is a Monday.
  EXPECT_EQ(NextOf("0 9 * JAN,jul mon-FRI", At(2024, 3, 15)), "2024-07-01 09:00:00");
  EXPECT_EQ(NextOf("0 9 * * Sat", At(2024, 3, 15)), "2024-03-16 09:00:00");
  EXPECT_EQ(NextOf("0 0 * Dec *", At(2024, 3, 15)), "2024-12-01 00:00:00");
  // 7 is Sunday, like 0.
  EXPECT_EQ(NextOf("0 0 * * 7", At(2024, 3, 15)), "2024-03-17 00:00:00");
  EXPECT_EQ(NextOf("0 0 * * 5-7", At(2024, 3, 15, 1)), "2024-03-16 00:00:00");
  EXPECT_EQ(MustParse("0 0 * * 0").days_of_week(), MustParse("0 0 * * SUN").days_of_week());
}

TEST(CronTest, Aliases) {
  const int64_t t = At(2024, 3, 15, 12, 34);
  EXPECT_EQ(NextOf("@hourly", t), "2024-03-15 13:00:00");
  EXPECT_EQ(NextOf("@daily", t), "2024-03-16 00:00:00");
  EXPECT_EQ(NextOf("@midnight", t), "2024-03-16 00:00:00");
  EXPECT_EQ(NextOf("@weekly", t), "2024-03-17 00:00:00");  // Sunday
  EXPECT_EQ(NextOf("@monthly", t), "2024-04-01 00:00:00");
  EXPECT_EQ(NextOf("@yearly", t), "2025-01-01 00:00:00");
  EXPECT_EQ(NextOf("@ANNUALLY", t), "2025-01-01 00:00:00");
  EXPECT_EQ(PrevOf("@weekly", t), "2024-03-10 00:00:00");
  EXPECT_EQ(MustParse(" @daily ").expression(), "@daily");
}

TEST(CronTest, DayOfMonthAndDayOfWeek) {
  // Both restricted: either matches (the 13th, or any Friday).
  EXPECT_EQ(NextOf("0 0 13 * 5", At(2024, 3, 15, 12)), "2024-03-22 00:00:00");
  EXPECT_EQ(NextOf("0 0 13 * 5", At(2024, 4, 12, 12)), "2024-04-13 00:00:00");
  EXPECT_EQ(NextOf("0 0 */10 * 1", At(2024, 3, 15)), "2024-03-18 00:00:00");
  // Only day-of-week restricted: a full day-of-month range is the same as '*'.
  EXPECT_EQ(NextOf("0 0 1-31 * 5", At(2024, 3, 15, 12)), "2024-03-22 00:00:00");
  EXPECT_EQ(NextOf("0 0 * * 5", At(2024, 3, 15, 12)), "2024-03-22 00:00:00");
  EXPECT_EQ(NextOf("0 0 */1 * 5", At(2024, 3, 15, 12)), "2024-03-22 00:00:00");
  // Only day-of-month restricted.
  EXPECT_EQ(NextOf("0 0 13 * *", At(2024, 3, 15, 12)), "2024-04-13 00:00:00");
  EXPECT_EQ(NextOf("0 0 13 * 0-6", At(2024, 3, 15, 12)), "2024-04-13 00:00:00");
  EXPECT_EQ(NextOf("0 0 13 * ?", At(2024, 3, 15, 12)), "2024-04-13 00:00:00");
  const Cron cron = MustParse("0 0 13 * 5");
  EXPECT_TRUE(cron.day_of_month_restricted());
  EXPECT_TRUE(cron.day_of_week_restricted());
  EXPECT_FALSE(MustParse("0 0 * * 0-7").day_of_week_restricted());
}

TEST(CronTest, MonthEndsAndLeapDays) {
  EXPECT_EQ(NextOf("0 0 31 * *", At(2024, 4, 1)), "2024-05-31 00:00:00");
  EXPECT_EQ(PrevOf("0 0 31 * *", At(2024, 5, 30)), "2024-03-31 00:00:00");
  EXPECT_EQ(NextOf("0 0 30 * *", At(2024, 1, 30)), "2024-03-30 00:00:00");
  EXPECT_EQ(NextOf("@monthly", At(2024, 1, 31, 23, 59)), "2024-02-01 00:00:00");
  EXPECT_EQ(NextOf("0 0 29 2 *", At(2024, 3, 1)), "2028-02-29 00:00:00");
  EXPECT_EQ(PrevOf("0 0 29 2 *", At(2028, 2, 28)), "2024-02-29 00:00:00");
  // 2100 is not a leap year: eight years between leap days.
  EXPECT_EQ(NextOf("0 0 29 2 *", At(2096, 3, 1)), "2104-02-29 00:00:00");
  EXPECT_EQ(PrevOf("0 0 29 2 *", At(2104, 2, 28)), "2096-02-29 00:00:00");
  EXPECT_EQ(NextOf("0 12 28-31 2 *", At(2023, 2, 28, 13)), "2024-02-28 12:00:00");
  EXPECT_EQ(NextOf("0 12 28-31 2 *", At(2024, 2, 28, 13)), "2024-02-29 12:00:00");
}

TEST(CronTest, YearBoundaries) {
  EXPECT_EQ(NextOf("59 23 31 12 *", At(2024, 12, 31, 23, 59)), "2025-12-31 23:59:00");
  EXPECT_EQ(PrevOf("59 23 31 12 *", At(2025, 1, 1)), "2024-12-31 23:59:00");
  EXPECT_EQ(NextOf("@daily", At(2024, 12, 31, 0, 0)), "2025-01-01 00:00:00");
  EXPECT_EQ(PrevOf("@daily", At(2024, 12, 31, 23, 59)), "2024-12-31 00:00:00");
  EXPECT_EQ(PrevOf("@yearly", At(2025, 1, 1)), "2025-01-01 00:00:00");
  EXPECT_EQ(PrevOf("@yearly", At(2025, 1, 1) - 1), "2024-01-01 00:00:00");
  EXPECT_EQ(PrevOf("@daily", -1), "1969-12-31 00:00:00");
  EXPECT_EQ(NextOf("@daily", -1), "1970-01-01 00:00:00");
  EXPECT_EQ(NextOf("0 0 1 1 *", At(1899, 6, 1)), "1900-01-01 00:00:00");
}

TEST(CronTest, ExactTicks) {
  const Cron cron = MustParse("30 8 * * *");
  const int64_t tick = At(2024, 3, 15, 8, 30);
  EXPECT_TRUE(cron.Matches(tick));
  EXPECT_FALSE(cron.Matches(tick + 1));
  EXPECT_FALSE(cron.Matches(tick + kMicrosPerMinute));
  EXPECT_EQ(cron.Next(tick), tick + kMicrosPerDay);
  EXPECT_EQ(cron.Next(tick - 1), tick);
  EXPECT_EQ(cron.Prev(tick), tick);
  EXPECT_EQ(cron.Prev(tick + kMicrosPerMinute - 1), tick);
  EXPECT_EQ(cron.Prev(tick - 1), tick - kMicrosPerDay);
}

// Next and Prev agree with a minute-by-minute scan using Matches.
TEST(CronTest, MatchesBruteForce) {
  const char* crons[] = {"*/7 3-5 * * *",     "0 0 13 * 5",      "15 10 * JAN,FEB,DEC MON",
                         "0 0 31 * *",        "0 12 29 2 *",     "*/20 * 1,15 * 0,3",
                         "0 0 L * *",         "5 4 * * SUN-TUE", "0 0 1,15,31 * *",
                         "*/30 6 2-5,28 * *", "0 0 30 1-3 *"};
  std::mt19937_64 random(7);
  for (const char* text : crons) {
    Result<Cron> parsed = Cron::Parse(text);
    if (!parsed.ok()) {
      continue;  // "L" is not supported; covered by the error tests
    }
    const Cron& cron = *parsed;
    for (int round = 0; round < 8; ++round) {
      const int64_t t = At(2023, 1, 1) + static_cast<int64_t>(random() % (3 * 365 * kMicrosPerDay));
      int64_t expected = (FloorDiv(t, kMicrosPerMinute) + 1) * kMicrosPerMinute;
      while (!cron.Matches(expected)) {
        expected += kMicrosPerMinute;
      }
      ASSERT_EQ(Show(cron.Next(t)), Show(expected)) << text << " after " << FormatTimestamp(t);
      int64_t previous = FloorDiv(t, kMicrosPerMinute) * kMicrosPerMinute;
      while (!cron.Matches(previous)) {
        previous -= kMicrosPerMinute;
      }
      ASSERT_EQ(Show(cron.Prev(t)), Show(previous)) << text << " before " << FormatTimestamp(t);
    }
  }
}

std::string ParseError(std::string_view text) {
  Result<Cron> cron = Cron::Parse(text);
  if (cron.ok()) {
    return "parsed";
  }
  EXPECT_EQ(cron.status().code(), StatusCode::kParseError);
  EXPECT_FALSE(cron.status().hint().empty()) << text;
  return cron.status().message();
}

TEST(CronTest, RejectsBadFieldCount) {
  EXPECT_EQ(ParseError(""), "invalid cron '': expected 5 fields, found 0");
  EXPECT_EQ(ParseError("0 0 * *"), "invalid cron '0 0 * *': expected 5 fields, found 4");
  EXPECT_EQ(ParseError("0 0 0 * * *"), "invalid cron '0 0 0 * * *': expected 5 fields, found 6");
  EXPECT_NE(Cron::Parse("0 0 0 * * *").status().hint().find("no seconds"), std::string::npos);
}

TEST(CronTest, RejectsOutOfRange) {
  EXPECT_EQ(ParseError("60 * * * *"),
            "invalid cron '60 * * * *': minute field '60': value 60 is out of range 0-59");
  EXPECT_EQ(ParseError("* 24 * * *"),
            "invalid cron '* 24 * * *': hour field '24': value 24 is out of range 0-23");
  EXPECT_EQ(ParseError("* * 0 * *"),
            "invalid cron '* * 0 * *': day-of-month field '0': value 0 is out of range 1-31");
  EXPECT_EQ(ParseError("* * 32 * *"),
            "invalid cron '* * 32 * *': day-of-month field '32': value 32 is out of range 1-31");
  EXPECT_EQ(ParseError("* * * 13 *"),
            "invalid cron '* * * 13 *': month field '13': value 13 is out of range 1-12");
  EXPECT_EQ(ParseError("* * * * 8"),
            "invalid cron '* * * * 8': day-of-week field '8': value 8 is out of range 0-7");
  EXPECT_EQ(ParseError("1,99 * * * *"),
            "invalid cron '1,99 * * * *': minute field '1,99': value 99 is out of range 0-59");
  EXPECT_EQ(ParseError("99999999999 * * * *"),
            "invalid cron '99999999999 * * * *': minute field '99999999999': value 99999999999 "
            "is out of range 0-59");
}

TEST(CronTest, RejectsBadSyntax) {
  EXPECT_EQ(ParseError("*/0 * * * *"),
            "invalid cron '*/0 * * * *': minute field '*/0': step 0 must be at least 1");
  EXPECT_EQ(ParseError("*/x * * * *"),
            "invalid cron '*/x * * * *': minute field '*/x': bad step 'x' (expected a positive "
            "whole number)");
  EXPECT_EQ(ParseError("*/ * * * *"),
            "invalid cron '*/ * * * *': minute field '*/': bad step '' (expected a positive "
            "whole number)");
  EXPECT_EQ(ParseError("5-1 * * * *"),
            "invalid cron '5-1 * * * *': minute field '5-1': range 5-1 runs backwards");
  EXPECT_EQ(ParseError("1,,2 * * * *"),
            "invalid cron '1,,2 * * * *': minute field '1,,2': an empty item in the list");
  EXPECT_EQ(ParseError("a * * * *"),
            "invalid cron 'a * * * *': minute field 'a': 'a' is not a number");
  EXPECT_EQ(ParseError("1- * * * *"),
            "invalid cron '1- * * * *': minute field '1-': a value is missing");
  EXPECT_EQ(ParseError("? * * * *"),
            "invalid cron '? * * * *': minute field '?': '?' is not a number");
  EXPECT_EQ(ParseError("0 0 L * *"),
            "invalid cron '0 0 L * *': day-of-month field 'L': 'L' is not a number");
  EXPECT_EQ(ParseError("1.5 * * * *"),
            "invalid cron '1.5 * * * *': minute field '1.5': '1.5' is not a number");
}

TEST(CronTest, RejectsBadNamesWithSuggestion) {
  EXPECT_EQ(ParseError("* * * FOO *"),
            "invalid cron '* * * FOO *': month field 'FOO': unknown name 'FOO'");
  Result<Cron> cron = Cron::Parse("0 0 * * MOM");
  ASSERT_FALSE(cron.ok());
  EXPECT_EQ(cron.status().hint(), "did you mean 'MON'?");
  EXPECT_EQ(ParseError("0 0 * * JAN"),
            "invalid cron '0 0 * * JAN': day-of-week field 'JAN': unknown name 'JAN'");
  EXPECT_EQ(ParseError("0 0 * JAN MON"), "parsed");
}

TEST(CronTest, RejectsBadAliases) {
  Result<Cron> cron = Cron::Parse("@dayly");
  ASSERT_FALSE(cron.ok());
  EXPECT_EQ(cron.status().message(), "invalid cron '@dayly': unknown alias");
  EXPECT_EQ(cron.status().hint(), "did you mean '@daily'?");
  EXPECT_EQ(ParseError("@reboot"), "invalid cron '@reboot': unknown alias");
}

TEST(CronTest, RejectsSchedulesThatNeverFire) {
  const std::string never =
      ": it never fires: no month of the month field has a day of the day-of-month field";
  EXPECT_EQ(ParseError("0 0 30 2 *"), "invalid cron '0 0 30 2 *'" + never);
  EXPECT_EQ(ParseError("0 0 31 4,6,9,11 *"), "invalid cron '0 0 31 4,6,9,11 *'" + never);
  // Possible ones are accepted.
  EXPECT_EQ(ParseError("0 0 29 2 *"), "parsed");
  EXPECT_EQ(ParseError("0 0 30 2 1"), "parsed");  // any Monday in February
  EXPECT_EQ(ParseError("0 0 31 2,3 *"), "parsed");
}

}  // namespace
}  // namespace strata
