// UTC time for strata (DESIGN.md §3). A point in time is an int64 count of microseconds since
// 1970-01-01 00:00:00 UTC; a date is an int64 count of days since 1970-01-01. There are no time
// zones inside strata: every value is UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace strata {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr int64_t kMicrosPerWeek = 7 * kMicrosPerDay;

// Division rounding toward negative infinity, and the matching non-negative remainder.
// REQUIRES: b > 0.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
constexpr int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// A proleptic Gregorian calendar date.
struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

// Days since 1970-01-01 of a calendar date. REQUIRES: a valid date.
int64_t DaysFromCivil(const CivilDate& date);
// The calendar date `days` after 1970-01-01 (negative: before).
CivilDate CivilFromDays(int64_t days);
// Whether `year` is a leap year, and the number of days in a month.
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

// Floor division of a timestamp to its day (correct for negative timestamps).
int64_t DayOf(int64_t micros);
// The timestamp of 00:00 on day `days`.
constexpr int64_t StartOfDay(int64_t days) { return days * kMicrosPerDay; }
// The weekday of a day: 0 = Sunday, 1 = Monday, ..., 6 = Saturday (as in cron).
int DayOfWeek(int64_t days);

// `micros` moved by `months` calendar months (negative: back), keeping the time of day. A day of
// month that the target month lacks is clamped to its last day: AddMonths(2024-01-31, 1) is
// 2024-02-29, AddMonths(2024-03-31, -1) is 2024-02-29.
int64_t AddMonths(int64_t micros, int64_t months);

// Units to truncate a timestamp to, as in SQL's DATE_TRUNC.
enum class TimeUnit { kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear };

// The start of the `unit` that contains `micros`: the latest boundary at or before it. Weeks start
// on Monday 00:00 (ISO, as DATE_TRUNC('week', ...)), quarters in January, April, July and October.
int64_t TruncateTo(int64_t micros, TimeUnit unit);
// The name of a unit as DATE_TRUNC spells it: "second", "minute", ..., "year".
std::string_view TimeUnitName(TimeUnit unit);

// "YYYY-MM-DD" (years outside 0..9999 are printed with as many digits as needed and a sign).
std::string FormatDate(int64_t days);
// "HH:MM:SS" or "HH:MM:SS.ffffff" when there are sub-second digits (6 digits, never trimmed).
std::string FormatTimeOfDay(int64_t micros_of_day);
// "YYYY-MM-DD HH:MM:SS[.ffffff]".
std::string FormatTimestamp(int64_t micros);

}  // namespace strata
