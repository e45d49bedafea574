// Interval units and grids (DESIGN.md §3). A model's intervals are whole units of one size: the
// largest of year, month, week, day, hour, half_hour, quarter_hour, five_minute that is not longer
// than the smallest gap between its cron's ticks. An IntervalGrid answers, in O(1), where those
// units begin: Floor, Ceil, Advance and Count, so missing-interval computation never loops over
// units.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/cron.h"
#include "base/result.h"

namespace strata {

// Largest first, so a smaller enumerator value is a longer unit.
enum class IntervalUnit { kYear, kMonth, kWeek, kDay, kHour, kHalfHour, kQuarterHour, kFiveMinute };

// The name used in MODEL (interval_unit ...): "year", "month", "week", "day", "hour",
// "half_hour", "quarter_hour", "five_minute".
std::string_view IntervalUnitName(IntervalUnit unit);

// Parses a unit name (any case, surrounding whitespace ignored). Fails with InvalidArgument and a
// "did you mean" hint for anything else.
Result<IntervalUnit> ParseIntervalUnit(std::string_view name);

// The length of a fixed-length unit in microseconds (week and smaller); 0 for month and year,
// whose length depends on the calendar.
int64_t FixedUnitLength(IntervalUnit unit);

// The interval unit of a cron: the largest unit whose nominal length (year 365 days, month 28
// days, week 7 days, then exact) is at most the smallest gap between consecutive ticks.
// - A cron that ticks more often than every five minutes (`* * * * *`) gets five_minute, the
//   smallest unit: its extra ticks just find nothing new to do.
// - week needs every tick on the same weekday (`@weekly`, `0 0 * * 1`); a cron whose ticks are
//   a week or more apart on varying weekdays (`0 0 1,8,15,22 * *`) gets day, because week
//   intervals could not start at its ticks.
// Looks at the time-of-day pattern analytically and at 29 years of days month by month (the
// Gregorian weekday pattern repeats every 28 years), so it costs a few microseconds.
IntervalUnit IntervalUnitOf(const Cron& cron);

// The weekday weeks start on for `cron`: the weekday of its ticks when all fall on one weekday
// (`@weekly`: 0 = Sunday; `0 0 * * 1`: 1 = Monday), else 1 (Monday, as DATE_TRUNC('week')).
int WeekStartOf(const Cron& cron);

// The boundaries of units of one size. Fixed-length units are aligned to the epoch (days at 00:00
// UTC, hours at :00, five minutes at :00, :05, ...), weeks to 00:00 of `week_start`, months and
// years to the calendar. All methods are O(1) and thread-safe.
class IntervalGrid {
 public:
  // REQUIRES: 0 <= week_start <= 6 (0 = Sunday); it matters only for kWeek.
  explicit IntervalGrid(IntervalUnit unit, int week_start = 1);
  // The grid of a cron's own unit (IntervalUnitOf) with its week start.
  static IntervalGrid ForCron(const Cron& cron);
  // The grid of a declared `interval_unit` for a model with `cron` (weeks start as WeekStartOf).
  static IntervalGrid ForCron(const Cron& cron, IntervalUnit unit);

  IntervalUnit unit() const { return unit_; }
  // The weekday weeks start on (0 = Sunday); 1 for grids of other units, so that two grids of
  // the same unit compare equal unless their weeks differ.
  int week_start() const { return week_start_; }

  // The latest boundary at or before `t`.
  int64_t Floor(int64_t t) const;
  // The earliest boundary at or after `t`.
  int64_t Ceil(int64_t t) const;
  bool IsBoundary(int64_t t) const { return Floor(t) == t; }
  // The boundary `units` units after `boundary` (before, when negative).
  // REQUIRES: IsBoundary(boundary) (otherwise it is measured from Floor(boundary)); the result
  // fits in int64.
  int64_t Advance(int64_t boundary, int64_t units) const;
  int64_t Next(int64_t boundary) const { return Advance(boundary, 1); }
  int64_t Prev(int64_t boundary) const { return Advance(boundary, -1); }
  // The number of whole units from `from` to `to` (negative when to < from).
  // REQUIRES: both are boundaries (otherwise both are floored first).
  int64_t Count(int64_t from, int64_t to) const;

  bool operator==(const IntervalGrid&) const = default;

 private:
  IntervalUnit unit_;
  int week_start_;
  int64_t length_;  // fixed units: the unit's length; 0 for month and year
  int64_t offset_;  // fixed units: a boundary's distance from the epoch, in [0, length_)
};

}  // namespace strata
