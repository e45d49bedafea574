// Interval units: the smallest gap between cron ticks is the smaller of the gap inside a day
// (from the hour and minute bit sets) and the gap across the closest pair of matching days (from
// month-sized day masks), so no tick is ever enumerated.
#include "base/interval_unit.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata {

namespace {

constexpr int64_t kMinutesPerDay = 24 * 60;
constexpr int64_t kNoGap = std::numeric_limits<int64_t>::max() / 4;

struct UnitInfo {
  IntervalUnit unit;
  std::string_view name;
  int64_t length;           // fixed length in microseconds; 0 for calendar units
  int64_t nominal_minutes;  // used to classify cron gaps
};

constexpr UnitInfo kUnits[] = {
    {IntervalUnit::kYear, "year", 0, 365 * kMinutesPerDay},
    {IntervalUnit::kMonth, "month", 0, 28 * kMinutesPerDay},
    {IntervalUnit::kWeek, "week", kMicrosPerWeek, 7 * kMinutesPerDay},
    {IntervalUnit::kDay, "day", kMicrosPerDay, kMinutesPerDay},
    {IntervalUnit::kHour, "hour", kMicrosPerHour, 60},
    {IntervalUnit::kHalfHour, "half_hour", 30 * kMicrosPerMinute, 30},
    {IntervalUnit::kQuarterHour, "quarter_hour", 15 * kMicrosPerMinute, 15},
    {IntervalUnit::kFiveMinute, "five_minute", 5 * kMicrosPerMinute, 5},
};

const UnitInfo& InfoOf(IntervalUnit unit) { return kUnits[static_cast<int>(unit)]; }

// The smallest distance between consecutive set bits of `mask`; kNoGap with fewer than two bits.
int64_t MinBitGap(uint64_t mask) {
  int64_t best = kNoGap;
  int previous = -1;
  while (mask != 0) {
    const int bit = std::countr_zero(mask);
    mask &= mask - 1;
    if (previous >= 0) {
      best = std::min<int64_t>(best, bit - previous);
    }
    previous = bit;
  }
  return best;
}

int LowestBit(uint64_t mask) { return std::countr_zero(mask); }
int HighestBit(uint64_t mask) { return 63 - std::countl_zero(mask); }

bool AllTicksOnOneWeekday(const Cron& cron) {
  return !cron.day_of_month_restricted() && std::popcount(cron.days_of_week()) == 1;
}

// The smallest number of days between consecutive days on which `cron` fires.
int64_t MinDayGap(const Cron& cron) {
  if (!cron.day_of_month_restricted() && !cron.day_of_week_restricted()) {
    return 1;  // every day of every matching month, and every month has more than one day
  }
  // day_of_week_masks[w]: the days of a month starting on weekday w that fall on a cron weekday.
  uint32_t day_of_week_masks[7] = {};
  for (int first_weekday = 0; first_weekday < 7; ++first_weekday) {
    for (int day = 1; day <= 31; ++day) {
      if ((cron.days_of_week() >> ((first_weekday + day - 1) % 7)) & 1) {
        day_of_week_masks[first_weekday] |= uint32_t{1} << day;
      }
    }
  }
  const bool either = cron.day_of_month_restricted() && cron.day_of_week_restricted();
  // 2001-2029: the Gregorian calendar repeats every 28 years between 1901 and 2099, and one more
  // year catches the gap that wraps around the cycle.
  int64_t best = kNoGap;
  int64_t previous = std::numeric_limits<int64_t>::min();
  for (int64_t year = 2001; year <= 2029; ++year) {
    for (int month = 1; month <= 12; ++month) {
      if (!cron.MonthMatches(month)) {
        continue;
      }
      const int64_t first_day = DaysFromCivil({year, month, 1});
      const int length = DaysInMonth(year, month);
      const uint32_t valid = static_cast<uint32_t>((uint64_t{2} << length) - 2);
      const uint32_t by_month_day = cron.days_of_month() & valid;
      const uint32_t by_weekday = day_of_week_masks[DayOfWeek(first_day)] & valid;
      uint32_t days = either ? (by_month_day | by_weekday) : (by_month_day & by_weekday);
      while (days != 0) {
        const int64_t day = first_day + std::countr_zero(days) - 1;
        days &= days - 1;
        if (previous != std::numeric_limits<int64_t>::min()) {
          best = std::min(best, day - previous);
        }
        previous = day;
      }
      if (best == 1) {
        return 1;
      }
    }
  }
  return best;
}

}  // namespace

std::string_view IntervalUnitName(IntervalUnit unit) { return InfoOf(unit).name; }

Result<IntervalUnit> ParseIntervalUnit(std::string_view name) {
  const std::string_view trimmed = Trim(name);
  std::vector<std::string_view> names;
  for (const UnitInfo& info : kUnits) {
    if (EqualsIgnoreCase(trimmed, info.name)) {
      return info.unit;
    }
    names.push_back(info.name);
  }
  Status status = Status::InvalidArgument(fmt::format("unknown interval unit '{}'", name));
  const std::string nearest = NearestName(trimmed, names);
  if (!nearest.empty()) {
    return status.WithHint(fmt::format("did you mean '{}'?", nearest));
  }
  return status.WithHint(
      "use year, month, week, day, hour, half_hour, quarter_hour or five_minute");
}

int64_t FixedUnitLength(IntervalUnit unit) { return InfoOf(unit).length; }

IntervalUnit IntervalUnitOf(const Cron& cron) {
  const uint64_t minutes = cron.minutes();
  const uint64_t hours = cron.hours();
  const int64_t first_time = LowestBit(hours) * 60 + LowestBit(minutes);
  const int64_t last_time = HighestBit(hours) * 60 + HighestBit(minutes);
  // Within a day: between minutes of one hour, and from the last minute of an hour to the first
  // minute of the next matching hour.
  int64_t gap = MinBitGap(minutes);
  const int64_t hour_gap = MinBitGap(hours);
  if (hour_gap != kNoGap) {
    gap = std::min(gap, hour_gap * 60 + LowestBit(minutes) - HighestBit(minutes));
  }
  // Across days: from the last tick of a day to the first tick of the next matching day.
  const int64_t day_gap = MinDayGap(cron);
  if (day_gap != kNoGap) {
    gap = std::min(gap, day_gap * kMinutesPerDay + first_time - last_time);
  }
  for (const UnitInfo& info : kUnits) {
    if (info.nominal_minutes <= gap) {
      if (info.unit == IntervalUnit::kWeek && !AllTicksOnOneWeekday(cron)) {
        return IntervalUnit::kDay;
      }
      return info.unit;
    }
  }
  return IntervalUnit::kFiveMinute;
}

int WeekStartOf(const Cron& cron) {
  return AllTicksOnOneWeekday(cron) ? std::countr_zero(cron.days_of_week()) : 1;
}

IntervalGrid::IntervalGrid(IntervalUnit unit, int week_start)
    : unit_(unit),
      week_start_(unit == IntervalUnit::kWeek ? week_start : 1),
      length_(FixedUnitLength(unit)),
      offset_(0) {
  assert(week_start >= 0 && week_start <= 6);
  if (unit == IntervalUnit::kWeek) {
    // Day d is a weekday w when (d + 4) mod 7 == w: 1970-01-01 was a Thursday.
    offset_ = FloorMod(week_start - 4, 7) * kMicrosPerDay;
  }
}

IntervalGrid IntervalGrid::ForCron(const Cron& cron) {
  return IntervalGrid(IntervalUnitOf(cron), WeekStartOf(cron));
}

IntervalGrid IntervalGrid::ForCron(const Cron& cron, IntervalUnit unit) {
  return IntervalGrid(unit, WeekStartOf(cron));
}

namespace {

// Months since year 0 of the month containing `t`.
int64_t MonthIndexOf(int64_t t) {
  const CivilDate date = CivilFromDays(DayOf(t));
  return date.year * 12 + (date.month - 1);
}

int64_t StartOfMonthIndex(int64_t month_index) {
  return StartOfDay(DaysFromCivil(
      {FloorDiv(month_index, 12), static_cast<int>(FloorMod(month_index, 12)) + 1, 1}));
}

}  // namespace

int64_t IntervalGrid::Floor(int64_t t) const {
  if (length_ != 0) {
    return FloorDiv(t - offset_, length_) * length_ + offset_;
  }
  int64_t month_index = MonthIndexOf(t);
  if (unit_ == IntervalUnit::kYear) {
    month_index -= FloorMod(month_index, 12);
  }
  return StartOfMonthIndex(month_index);
}

int64_t IntervalGrid::Ceil(int64_t t) const {
  const int64_t floor = Floor(t);
  return floor == t ? t : Advance(floor, 1);
}

int64_t IntervalGrid::Advance(int64_t boundary, int64_t units) const {
  if (length_ != 0) {
    return Floor(boundary) + units * length_;
  }
  const int64_t months_per_unit = unit_ == IntervalUnit::kYear ? 12 : 1;
  return StartOfMonthIndex(MonthIndexOf(Floor(boundary)) + units * months_per_unit);
}

int64_t IntervalGrid::Count(int64_t from, int64_t to) const {
  if (length_ != 0) {
    return (Floor(to) - Floor(from)) / length_;
  }
  const int64_t months_per_unit = unit_ == IntervalUnit::kYear ? 12 : 1;
  return (MonthIndexOf(Floor(to)) - MonthIndexOf(Floor(from))) / months_per_unit;
}

}  // namespace strata
