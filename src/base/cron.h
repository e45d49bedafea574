// Cron: a parsed 5-field cron schedule (minute hour day-of-month month day-of-week) and the ticks
// it produces, in UTC (DESIGN.md §3). A model's cron says when its intervals become due; its
// interval unit (interval_unit.h) is derived from the gaps between ticks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace strata {

class Cron {
 public:
  // Parses `expression`: five whitespace-separated fields, each a comma-separated list of `*`,
  // `N`, `N-M`, optionally with a step `/S` (`*/15`, `1-30/5`, `5/10` = 5-max/10); month names
  // JAN..DEC and day names SUN..SAT (any case); day-of-week 7 is Sunday; `?` is `*` in the two
  // day fields. Or one of the aliases @hourly, @daily, @midnight, @weekly (Sunday 00:00),
  // @monthly, @yearly, @annually.
  // Day semantics (as croniter and Vixie cron): when both day-of-month and day-of-week are
  // restricted (their values are not the whole range), a day matches if EITHER matches; otherwise
  // both must match. "Restricted" is decided on the values, so `*/1` or `1-31` count as `*`.
  // Fails with ParseError naming the field and the bad value (wrong number of fields, value out
  // of range, backwards range, zero or bad step, unknown name or alias) with a hint, and when the
  // schedule can never fire (`0 0 30 2 *`).
  static Result<Cron> Parse(std::string_view expression);

  // The first tick strictly after `t` (UTC microseconds). Ticks are whole minutes. nullopt only
  // when no tick exists within the search horizon (about 10 years; a parsed cron always fires
  // within 8), e.g. at the end of the representable range. Skips whole months, days and hours
  // that cannot match, so it costs at most a few hundred steps.
  std::optional<int64_t> Next(int64_t t) const;
  // The last tick at or before `t`. nullopt like Next.
  std::optional<int64_t> Prev(int64_t t) const;
  // Whether `t` is exactly a tick (a whole minute the schedule matches).
  bool Matches(int64_t t) const;

  // The text as given (trimmed), e.g. "@daily" or "*/5 * * * *".
  const std::string& expression() const { return expression_; }

  // The expanded fields, as bit sets: bit i set when value i matches. Minutes 0-59, hours 0-23,
  // days of month 1-31, months 1-12, days of week 0-6 (Sunday = 0).
  uint64_t minutes() const { return minutes_; }
  uint32_t hours() const { return hours_; }
  uint32_t days_of_month() const { return days_of_month_; }
  uint16_t months() const { return months_; }
  uint8_t days_of_week() const { return days_of_week_; }
  bool day_of_month_restricted() const { return day_of_month_restricted_; }
  bool day_of_week_restricted() const { return day_of_week_restricted_; }

  // Whether the schedule's day rule accepts day `days` (days since 1970-01-01), ignoring months.
  bool DayMatches(int64_t days) const;
  bool MonthMatches(int month) const { return (months_ >> month) & 1; }

 private:
  Cron() = default;

  std::string expression_;
  uint64_t minutes_ = 0;
  uint32_t hours_ = 0;
  uint32_t days_of_month_ = 0;
  uint16_t months_ = 0;
  uint8_t days_of_week_ = 0;
  bool day_of_month_restricted_ = false;
  bool day_of_week_restricted_ = false;
};

}  // namespace strata
