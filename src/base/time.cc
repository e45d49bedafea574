// Calendar arithmetic (days <-> civil dates through the 400-year Gregorian cycle, counted from
// March so the leap day ends the year) and the fixed output formats of DESIGN.md §3 and §8.
#include "base/time.h"

#include <fmt/format.h>

namespace strata {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

int64_t DaysFromCivil(const CivilDate& date) {
  // Shift the year so that it starts in March: the leap day is then the last day of the year.
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;                                    // [0, 399]
  const int64_t month_from_march = (date.month + 9) % 12;                       // [0, 11]
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;                // [0, 11]
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  out.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  out.year = year_of_era + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t DayOf(int64_t micros) { return FloorDiv(micros, kMicrosPerDay); }

std::string FormatDate(int64_t days) {
  CivilDate d = CivilFromDays(days);
  if (d.year >= 0 && d.year <= 9999) {
    return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
  }
  return fmt::format("{}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string FormatTimeOfDay(int64_t micros_of_day) {
  const int64_t seconds = micros_of_day / kMicrosPerSecond;
  const int64_t fraction = micros_of_day % kMicrosPerSecond;
  std::string out =
      fmt::format("{:02}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  if (fraction != 0) {
    out += fmt::format(".{:06}", fraction);
  }
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  const int64_t day = DayOf(micros);
  return FormatDate(day) + " " + FormatTimeOfDay(micros - day * kMicrosPerDay);
}

}  // namespace strata
