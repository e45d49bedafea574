// Helpers for the tests of missing intervals and batching: building UTC instants and crons, and
// printing interval sets compactly ("{[2025-01-01, 2025-01-08 06:00)}") so that failures read
// like the expectations. Test-only; not part of strata_core.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "base/cron.h"
#include "base/interval_set.h"
#include "base/time.h"

namespace strata::testing_util {

// The UTC instant year-month-day hour:minute.
inline int64_t At(int64_t year, int month, int day, int64_t hour = 0, int64_t minute = 0) {
  return StartOfDay(DaysFromCivil({year, month, day})) + hour * kMicrosPerHour +
         minute * kMicrosPerMinute;
}

// Parses a cron known to be valid (a local Result: GCC 12 -O3 warns falsely on `*Cron::Parse`).
inline Cron CronOf(std::string_view text) {
  Result<Cron> cron = Cron::Parse(text);
  EXPECT_TRUE(cron.ok()) << cron.status().ToString();
  return *cron;
}

// "2025-01-01" at midnight, "2025-01-01 06:00" on a minute, else FormatTimestamp.
inline std::string ShowTime(int64_t t) {
  const int64_t time_of_day = FloorMod(t, kMicrosPerDay);
  if (time_of_day == 0) {
    return FormatDate(DayOf(t));
  }
  if (time_of_day % kMicrosPerMinute == 0) {
    return FormatTimestamp(t).substr(0, 16);
  }
  return FormatTimestamp(t);
}

inline std::string Show(std::span<const Interval> ranges) {
  std::string out = "{";
  for (const Interval& range : ranges) {
    if (out.size() > 1) {
      out += ", ";
    }
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on chained string operator+.
    out += '[';
    out += ShowTime(range.start);
    out += ", ";
    out += ShowTime(range.end);
    out += ')';
  }
  out += '}';
  return out;
}

inline std::string Show(const IntervalSet& set) { return Show(set.ranges()); }

}  // namespace strata::testing_util
