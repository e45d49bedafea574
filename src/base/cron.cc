// Cron parsing into bit sets, and tick search that moves field by field: a month that cannot
// match is skipped whole, then days, then hours, then the minute is one bit scan. Each step
// advances at least to the next candidate of a coarser field, so a search visits at most about
// 12 months and 31 days per year searched, plus 24 hours on the day found.
#include "base/cron.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata {

namespace {

// A parsed cron fires at least every 8 years (Feb 29 can be 8 years apart), so 10 is a safe
// bound that still ends quickly for anything pathological.
constexpr int64_t kSearchYears = 10;
// Years whose minutes all fit in int64 microseconds.
constexpr int64_t kMinYear = -290000;
constexpr int64_t kMaxYear = 294000;
constexpr int64_t kMinutesPerDay = 24 * 60;

constexpr std::string_view kFieldsHint =
    "a cron has five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or "
    "JAN-DEC) day-of-week (0-7 or SUN-SAT, 0 and 7 are Sunday), e.g. '*/15 * * * *' or "
    "'0 6 * * MON-FRI'; or an alias: @hourly, @daily, @weekly, @monthly, @yearly";

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::string_view kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct FieldSpec {
  std::string_view name;
  int low;
  int high;
  std::span<const std::string_view> names;  // names[i] means low + i
  bool question_mark_allowed;
};

constexpr FieldSpec kFields[] = {
    {"minute", 0, 59, {}, false},           {"hour", 0, 23, {}, false},
    {"day-of-month", 1, 31, {}, true},      {"month", 1, 12, kMonthNames, false},
    {"day-of-week", 0, 7, kDayNames, true},
};

struct Alias {
  std::string_view name;
  std::string_view expansion;
};

constexpr Alias kAliases[] = {
    {"@hourly", "0 * * * *"},   {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},   {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
};

// The smallest set bit at or above `from`, or -1.
int NextBit(uint64_t mask, int from) {
  if (from >= 64) {
    return -1;
  }
  const uint64_t candidates = mask >> from << from;
  return candidates == 0 ? -1 : std::countr_zero(candidates);
}

// The largest set bit at or below `from`, or -1.
int PrevBit(uint64_t mask, int from) {
  if (from < 0) {
    return -1;
  }
  const uint64_t candidates = from >= 63 ? mask : mask & ((uint64_t{2} << from) - 1);
  return candidates == 0 ? -1 : 63 - std::countl_zero(candidates);
}

class FieldParser {
 public:
  FieldParser(std::string_view expression, const FieldSpec& spec, std::string_view text)
      : expression_(expression), spec_(spec), text_(text) {}

  // The bit set of the field's values.
  Result<uint64_t> Parse() {
    uint64_t bits = 0;
    for (std::string_view element : Split(text_, ',')) {
      STRATA_ASSIGN_OR_RETURN(uint64_t element_bits, ParseElement(element));
      bits |= element_bits;
    }
    return bits;
  }

 private:
  Status Error(std::string_view problem) const {
    return Status::ParseError(fmt::format("invalid cron '{}': {} field '{}': {}", expression_,
                                          spec_.name, text_, problem))
        .WithHint(fmt::format("{} takes {}-{}; {}", spec_.name, spec_.low,
                              spec_.name == "day-of-week" ? 7 : spec_.high, kFieldsHint));
  }

  Result<int> ParseValue(std::string_view text) const {
    if (text.empty()) {
      return Error("a value is missing");
    }
    if (IsAsciiAlpha(text.front())) {
      for (size_t i = 0; i < spec_.names.size(); ++i) {
        if (EqualsIgnoreCase(text, spec_.names[i])) {
          return spec_.low + static_cast<int>(i);
        }
      }
      if (spec_.names.empty()) {
        return Error(fmt::format("'{}' is not a number", text));
      }
      Status status = Error(fmt::format("unknown name '{}'", text));
      const std::string nearest = NearestName(text, spec_.names);
      if (!nearest.empty()) {
        return status.WithHint(fmt::format("did you mean '{}'?", ToUpper(nearest)));
      }
      return status;
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      if (error == std::errc::result_out_of_range) {
        return Error(fmt::format("value {} is out of range {}-{}", text, spec_.low, spec_.high));
      }
      return Error(fmt::format("'{}' is not a number", text));
    }
    if (value < spec_.low || value > spec_.high) {
      return Error(fmt::format("value {} is out of range {}-{}", value, spec_.low, spec_.high));
    }
    return value;
  }

  Result<uint64_t> ParseElement(std::string_view element) const {
    if (element.empty()) {
      return Error("an empty item in the list");
    }
    std::string_view range_text = element;
    int step = 1;
    const size_t slash = element.find('/');
    if (slash != std::string_view::npos) {
      range_text = element.substr(0, slash);
      const std::string_view step_text = element.substr(slash + 1);
      const auto [end, error] =
          std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || error != std::errc() || end != step_text.data() + step_text.size()) {
        return Error(fmt::format("bad step '{}' (expected a positive whole number)", step_text));
      }
      if (step <= 0) {
        return Error(fmt::format("step {} must be at least 1", step));
      }
    }
    int low = spec_.low;
    int high = spec_.high;
    if (range_text == "*" || (range_text == "?" && spec_.question_mark_allowed)) {
      // the whole range
    } else {
      const size_t dash = range_text.find('-');
      if (dash == std::string_view::npos) {
        STRATA_ASSIGN_OR_RETURN(low, ParseValue(range_text));
        // "5/15" means from 5 to the end of the range in steps of 15.
        high = slash == std::string_view::npos ? low : spec_.high;
      } else {
        STRATA_ASSIGN_OR_RETURN(low, ParseValue(range_text.substr(0, dash)));
        STRATA_ASSIGN_OR_RETURN(high, ParseValue(range_text.substr(dash + 1)));
        if (low > high) {
          return Error(fmt::format("range {} runs backwards", range_text));
        }
      }
    }
    uint64_t bits = 0;
    for (int value = low; value <= high; value += step) {
      bits |= uint64_t{1} << value;
    }
    return bits;
  }

  std::string_view expression_;
  const FieldSpec& spec_;
  std::string_view text_;
};

// Whether some month of `months` has a day of `days_of_month` (Feb counts 29 days).
bool SomeMonthHasDay(uint16_t months, uint32_t days_of_month) {
  static constexpr int kMaxDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    if (((months >> month) & 1) &&
        (days_of_month & ((uint64_t{2} << kMaxDays[month - 1]) - 1)) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<Cron> Cron::Parse(std::string_view expression) {
  const std::string_view trimmed = Trim(expression);
  std::string_view fields_text = trimmed;
  if (!trimmed.empty() && trimmed.front() == '@') {
    fields_text = {};
    for (const Alias& alias : kAliases) {
      if (EqualsIgnoreCase(trimmed, alias.name)) {
        fields_text = alias.expansion;
      }
    }
    if (fields_text.empty()) {
      std::vector<std::string_view> names;
      for (const Alias& alias : kAliases) {
        names.push_back(alias.name);
      }
      Status status =
          Status::ParseError(fmt::format("invalid cron '{}': unknown alias", expression));
      const std::string nearest = NearestName(trimmed, names);
      return status.WithHint(nearest.empty() ? std::string(kFieldsHint)
                                             : fmt::format("did you mean '{}'?", nearest));
    }
  }
  const std::vector<std::string_view> fields = SplitWhitespace(fields_text);
  if (fields.size() != 5) {
    Status status = Status::ParseError(
        fmt::format("invalid cron '{}': expected 5 fields, found {}", expression, fields.size()));
    if (fields.size() == 6) {
      return status.WithHint(
          fmt::format("strata crons have no seconds or year field; {}", kFieldsHint));
    }
    return status.WithHint(std::string(kFieldsHint));
  }
  uint64_t bits[5];
  for (int i = 0; i < 5; ++i) {
    STRATA_ASSIGN_OR_RETURN(bits[i], FieldParser(trimmed, kFields[i], fields[i]).Parse());
  }
  Cron cron;
  cron.expression_ = std::string(trimmed);
  cron.minutes_ = bits[0];
  cron.hours_ = static_cast<uint32_t>(bits[1]);
  cron.days_of_month_ = static_cast<uint32_t>(bits[2]);
  cron.months_ = static_cast<uint16_t>(bits[3]);
  // Day-of-week 7 is Sunday.
  cron.days_of_week_ = static_cast<uint8_t>((bits[4] & 0x7F) | (bits[4] >> 7));
  constexpr uint32_t kAllDaysOfMonth = 0xFFFFFFFEu;  // bits 1..31
  cron.day_of_month_restricted_ = cron.days_of_month_ != kAllDaysOfMonth;
  cron.day_of_week_restricted_ = cron.days_of_week_ != 0x7F;
  if (cron.day_of_month_restricted_ && !cron.day_of_week_restricted_ &&
      !SomeMonthHasDay(cron.months_, cron.days_of_month_)) {
    return Status::ParseError(fmt::format("invalid cron '{}': it never fires: no month of the "
                                          "month field has a day of the "
                                          "day-of-month field",
                                          expression))
        .WithHint("check the day-of-month and month fields (e.g. February has at most 29 days)");
  }
  return cron;
}

bool Cron::DayMatches(int64_t days) const {
  const int day_of_month = CivilFromDays(days).day;
  const bool dom = (days_of_month_ >> day_of_month) & 1;
  const bool dow = (days_of_week_ >> DayOfWeek(days)) & 1;
  if (day_of_month_restricted_ && day_of_week_restricted_) {
    return dom || dow;
  }
  return dom && dow;
}

bool Cron::Matches(int64_t t) const {
  if (FloorMod(t, kMicrosPerMinute) != 0) {
    return false;
  }
  const int64_t minute_index = t / kMicrosPerMinute;
  const int64_t day = FloorDiv(minute_index, kMinutesPerDay);
  const int64_t minute_of_day = minute_index - day * kMinutesPerDay;
  return MonthMatches(CivilFromDays(day).month) && DayMatches(day) &&
         ((hours_ >> (minute_of_day / 60)) & 1) && ((minutes_ >> (minute_of_day % 60)) & 1);
}

std::optional<int64_t> Cron::Next(int64_t t) const {
  const int64_t start = FloorDiv(t, kMicrosPerMinute) + 1;
  int64_t day = FloorDiv(start, kMinutesPerDay);
  int hour = static_cast<int>((start - day * kMinutesPerDay) / 60);
  int minute = static_cast<int>((start - day * kMinutesPerDay) % 60);
  CivilDate date = CivilFromDays(day);
  const int64_t limit_year = std::min(date.year + kSearchYears, kMaxYear);
  auto next_day = [&] {
    ++day;
    date = CivilFromDays(day);
    hour = 0;
    minute = 0;
  };
  while (date.year <= limit_year) {
    if (!MonthMatches(date.month)) {
      int month = NextBit(months_, date.month + 1);
      if (month < 0) {
        ++date.year;
        month = NextBit(months_, 1);
      }
      date.month = month;
      date.day = 1;
      day = DaysFromCivil(date);
      hour = 0;
      minute = 0;
      continue;
    }
    if (!DayMatches(day)) {
      if (!day_of_week_restricted_) {
        // Only the day of month decides: jump to its next value, or to the next month.
        const int next_day_of_month = NextBit(days_of_month_, date.day + 1);
        const int month_length = DaysInMonth(date.year, date.month);
        const int target = next_day_of_month > 0 && next_day_of_month <= month_length
                               ? next_day_of_month
                               : month_length + 1;
        day += target - date.day;
        date = CivilFromDays(day);
        hour = 0;
        minute = 0;
        continue;
      }
      next_day();
      continue;
    }
    const int next_hour = NextBit(hours_, hour);
    if (next_hour < 0) {
      next_day();
      continue;
    }
    if (next_hour != hour) {
      hour = next_hour;
      minute = 0;
    }
    const int next_minute = NextBit(minutes_, minute);
    if (next_minute < 0) {
      if (++hour == 24) {
        next_day();
      } else {
        minute = 0;
      }
      continue;
    }
    return (day * kMinutesPerDay + hour * 60 + next_minute) * kMicrosPerMinute;
  }
  return std::nullopt;
}

std::optional<int64_t> Cron::Prev(int64_t t) const {
  const int64_t start = FloorDiv(t, kMicrosPerMinute);
  int64_t day = FloorDiv(start, kMinutesPerDay);
  int hour = static_cast<int>((start - day * kMinutesPerDay) / 60);
  int minute = static_cast<int>((start - day * kMinutesPerDay) % 60);
  CivilDate date = CivilFromDays(day);
  const int64_t limit_year = std::max(date.year - kSearchYears, kMinYear);
  auto previous_day = [&] {
    --day;
    date = CivilFromDays(day);
    hour = 23;
    minute = 59;
  };
  while (date.year >= limit_year) {
    if (!MonthMatches(date.month)) {
      int month = PrevBit(months_, date.month - 1);
      if (month < 1) {
        --date.year;
        month = PrevBit(months_, 12);
      }
      date.month = month;
      date.day = DaysInMonth(date.year, month);
      day = DaysFromCivil(date);
      hour = 23;
      minute = 59;
      continue;
    }
    if (!DayMatches(day)) {
      if (!day_of_week_restricted_) {
        // Only the day of month decides: jump to its previous value, or to the previous month.
        const int previous_day_of_month = PrevBit(days_of_month_, date.day - 1);
        day -= date.day - std::max(previous_day_of_month, 0);
        date = CivilFromDays(day);
        hour = 23;
        minute = 59;
        continue;
      }
      previous_day();
      continue;
    }
    const int previous_hour = PrevBit(hours_, hour);
    if (previous_hour < 0) {
      previous_day();
      continue;
    }
    if (previous_hour != hour) {
      hour = previous_hour;
      minute = 59;
    }
    const int previous_minute = PrevBit(minutes_, minute);
    if (previous_minute < 0) {
      if (hour == 0) {
        previous_day();
      } else {
        --hour;
        minute = 59;
      }
      continue;
    }
    return (day * kMinutesPerDay + hour * 60 + previous_minute) * kMicrosPerMinute;
  }
  return std::nullopt;
}

}  // namespace strata
