// UTC time for strata (DESIGN.md §3). A point in time is an int64 count of microseconds since
// 1970-01-01 00:00:00 UTC; a date is an int64 count of days since 1970-01-01. There are no time
// zones inside strata: every value is UTC.
#pragma once

#include <cstdint>
#include <string>

namespace strata {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

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

// "YYYY-MM-DD" (years outside 0..9999 are printed with as many digits as needed and a sign).
std::string FormatDate(int64_t days);
// "HH:MM:SS" or "HH:MM:SS.ffffff" when there are sub-second digits (6 digits, never trimmed).
std::string FormatTimeOfDay(int64_t micros_of_day);
// "YYYY-MM-DD HH:MM:SS[.ffffff]".
std::string FormatTimestamp(int64_t micros);

}  // namespace strata
