// A hand-written scanner over the fixed layouts of DESIGN.md §3: a cursor reads fixed-width digit
// groups and separators, and each failure names the part it expected and where.
#include "base/time_parse.h"

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata {

namespace {

constexpr std::string_view kAcceptedForms =
    "use YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.ffffff]] (optionally with Z or +HH:MM), now, today, "
    "yesterday, or 'N days ago' (minute, hour, day, week or month)";

// An absolute time as written, before roles apply.
struct AbsoluteTime {
  int64_t micros = 0;
  bool date_only = false;
};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }
  std::string_view Rest() const { return text_.substr(pos_); }

  // Reads exactly `width` digits; nullopt (without consuming) when they are not there.
  std::optional<int> Digits(size_t width) {
    if (text_.size() - pos_ < width) {
      return std::nullopt;
    }
    int value = 0;
    for (size_t i = 0; i < width; ++i) {
      const char c = text_[pos_ + i];
      if (!IsAsciiDigit(c)) {
        return std::nullopt;
      }
      value = value * 10 + (c - '0');
    }
    pos_ += width;
    return value;
  }

  bool Consume(char c) {
    if (Peek() != c || AtEnd()) {
      return false;
    }
    ++pos_;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

Status Invalid(std::string_view text, std::string_view problem) {
  return Status::InvalidArgument(fmt::format("invalid time '{}': {}", text, problem))
      .WithHint(std::string(kAcceptedForms));
}

Status OutOfRange(std::string_view text, std::string_view part, int value, int low, int high) {
  return Invalid(text, fmt::format("{} {} is out of range {}-{}", part, value, low, high));
}

// Reads a two-digit field or fails saying which field was expected.
Result<int> TwoDigits(Scanner& scanner, std::string_view text, std::string_view part) {
  std::optional<int> value = scanner.Digits(2);
  if (!value) {
    return Invalid(text, fmt::format("expected a two-digit {}", part));
  }
  return *value;
}

Result<int64_t> ParseDatePart(Scanner& scanner, std::string_view text) {
  std::optional<int> year = scanner.Digits(4);
  if (!year) {
    return Invalid(text, "expected a four-digit year at the start");
  }
  if (!scanner.Consume('-')) {
    return Invalid(text, "expected '-' after the year");
  }
  STRATA_ASSIGN_OR_RETURN(int month, TwoDigits(scanner, text, "month"));
  if (!scanner.Consume('-')) {
    return Invalid(text, "expected '-' after the month");
  }
  STRATA_ASSIGN_OR_RETURN(int day, TwoDigits(scanner, text, "day"));
  if (month < 1 || month > 12) {
    return OutOfRange(text, "month", month, 1, 12);
  }
  const int days_in_month = DaysInMonth(*year, month);
  if (day < 1 || day > days_in_month) {
    return Invalid(text, fmt::format("day {} is out of range 1-{} for {:04}-{:02}", day,
                                     days_in_month, *year, month));
  }
  return DaysFromCivil(CivilDate{*year, month, day});
}

// Reads "HH:MM[:SS[.f]]" and returns microseconds since midnight.
Result<int64_t> ParseTimeOfDay(Scanner& scanner, std::string_view text) {
  STRATA_ASSIGN_OR_RETURN(int hour, TwoDigits(scanner, text, "hour"));
  if (!scanner.Consume(':')) {
    return Invalid(text, "expected ':' and minutes after the hour");
  }
  STRATA_ASSIGN_OR_RETURN(int minute, TwoDigits(scanner, text, "minute"));
  int second = 0;
  int64_t fraction = 0;
  if (scanner.Consume(':')) {
    STRATA_ASSIGN_OR_RETURN(second, TwoDigits(scanner, text, "second"));
    if (scanner.Consume('.')) {
      int digits = 0;
      while (IsAsciiDigit(scanner.Peek())) {
        if (digits == 6) {
          return Invalid(text, "at most 6 fractional digits (microseconds) are allowed");
        }
        fraction = fraction * 10 + (scanner.Peek() - '0');
        ++digits;
        scanner.Advance();
      }
      if (digits == 0) {
        return Invalid(text, "expected digits after '.'");
      }
      for (; digits < 6; ++digits) {
        fraction *= 10;
      }
    }
  }
  if (hour > 23) {
    return OutOfRange(text, "hour", hour, 0, 23);
  }
  if (minute > 59) {
    return OutOfRange(text, "minute", minute, 0, 59);
  }
  if (second > 59) {
    return OutOfRange(text, "second", second, 0, 59);
  }
  return hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction;
}

// Reads an optional "Z" or "+HH[[:]MM]" / "-HH[[:]MM]" and returns the offset east of UTC.
Result<int64_t> ParseOffset(Scanner& scanner, std::string_view text) {
  if (scanner.Consume('Z') || scanner.Consume('z')) {
    return int64_t{0};
  }
  int sign = 0;
  if (scanner.Consume('+')) {
    sign = 1;
  } else if (scanner.Consume('-')) {
    sign = -1;
  } else {
    return int64_t{0};
  }
  STRATA_ASSIGN_OR_RETURN(int hours, TwoDigits(scanner, text, "offset hour"));
  int minutes = 0;
  if (scanner.Consume(':')) {
    STRATA_ASSIGN_OR_RETURN(minutes, TwoDigits(scanner, text, "offset minute"));
  } else if (IsAsciiDigit(scanner.Peek())) {
    STRATA_ASSIGN_OR_RETURN(minutes, TwoDigits(scanner, text, "offset minute"));
  }
  if (hours > 23) {
    return OutOfRange(text, "offset hour", hours, 0, 23);
  }
  if (minutes > 59) {
    return OutOfRange(text, "offset minute", minutes, 0, 59);
  }
  return sign * (hours * kMicrosPerHour + minutes * kMicrosPerMinute);
}

Result<AbsoluteTime> ParseAbsolute(std::string_view text) {
  Scanner scanner(text);
  STRATA_ASSIGN_OR_RETURN(int64_t days, ParseDatePart(scanner, text));
  AbsoluteTime out;
  out.micros = StartOfDay(days);
  if (scanner.AtEnd()) {
    out.date_only = true;
    return out;
  }
  if (!scanner.Consume(' ') && !scanner.Consume('T') && !scanner.Consume('t')) {
    return Invalid(text, fmt::format("unexpected '{}' after the date", scanner.Rest()));
  }
  STRATA_ASSIGN_OR_RETURN(int64_t time_of_day, ParseTimeOfDay(scanner, text));
  // One optional space before the zone, as in "2024-01-01 10:00:00 +02:00".
  if (scanner.Peek() == ' ') {
    Scanner lookahead = scanner;
    lookahead.Advance();
    const char next = lookahead.Peek();
    if (next == 'Z' || next == 'z' || next == '+' || next == '-') {
      scanner = lookahead;
    }
  }
  STRATA_ASSIGN_OR_RETURN(int64_t offset, ParseOffset(scanner, text));
  if (!scanner.AtEnd()) {
    return Invalid(text, fmt::format("unexpected '{}' after the time", scanner.Rest()));
  }
  out.micros += time_of_day - offset;
  return out;
}

struct RelativeUnit {
  std::string_view name;
  int64_t micros;  // 0 for calendar units
  int64_t months;
};

constexpr RelativeUnit kRelativeUnits[] = {
    {"minute", kMicrosPerMinute, 0},
    {"hour", kMicrosPerHour, 0},
    {"day", kMicrosPerDay, 0},
    {"week", kMicrosPerWeek, 0},
    {"month", 0, 1},
    {"year", 0, 12},
};

// "N unit(s)" moved by `direction` (-1 for "ago", +1 for "in") from `now`.
Result<int64_t> ParseRelative(std::string_view text, std::string_view count_text,
                              std::string_view unit_text, int direction, int64_t now) {
  constexpr int64_t kMaxCount = 1'000'000;
  int64_t count = 0;
  for (char c : count_text) {
    if (!IsAsciiDigit(c)) {
      return Invalid(text, fmt::format("expected a whole number of units, got '{}'", count_text));
    }
    count = count * 10 + (c - '0');
    if (count > kMaxCount) {
      return Invalid(text, fmt::format("{} is too many units (at most {})", count_text, kMaxCount));
    }
  }
  std::string unit = ToLower(unit_text);
  if (unit.size() > 1 && unit.back() == 's') {
    unit.pop_back();
  }
  for (const RelativeUnit& candidate : kRelativeUnits) {
    if (candidate.name == unit) {
      if (candidate.months != 0) {
        return AddMonths(now, direction * count * candidate.months);
      }
      return now + direction * count * candidate.micros;
    }
  }
  std::vector<std::string_view> names;
  for (const RelativeUnit& candidate : kRelativeUnits) {
    names.push_back(candidate.name);
  }
  Status status =
      Status::InvalidArgument(fmt::format("invalid time '{}': unknown unit '{}'", text, unit_text));
  const std::string nearest = NearestName(unit, names);
  if (!nearest.empty()) {
    return status.WithHint(fmt::format("did you mean '{}'?", nearest));
  }
  return status.WithHint("use minute(s), hour(s), day(s), week(s), month(s) or year(s)");
}

}  // namespace

Result<int64_t> ParseTimePoint(std::string_view text, int64_t now, TimeRole role) {
  const std::string_view trimmed = Trim(text);
  if (trimmed.empty()) {
    return Invalid(text, "it is empty");
  }
  const int64_t end_shift = role == TimeRole::kEnd ? kMicrosPerDay : 0;
  if (IsAsciiDigit(trimmed.front()) && trimmed.size() >= 5 && IsAsciiDigit(trimmed[1]) &&
      IsAsciiDigit(trimmed[2]) && IsAsciiDigit(trimmed[3]) && trimmed[4] == '-') {
    STRATA_ASSIGN_OR_RETURN(AbsoluteTime absolute, ParseAbsolute(trimmed));
    return absolute.date_only ? absolute.micros + end_shift : absolute.micros;
  }
  const std::vector<std::string_view> words = SplitWhitespace(trimmed);
  if (words.size() == 1) {
    const int64_t today = StartOfDay(DayOf(now));
    if (EqualsIgnoreCase(words[0], "now")) {
      return now;
    }
    if (EqualsIgnoreCase(words[0], "today")) {
      return today + end_shift;
    }
    if (EqualsIgnoreCase(words[0], "yesterday")) {
      return today - kMicrosPerDay + end_shift;
    }
    if (EqualsIgnoreCase(words[0], "tomorrow")) {
      return today + kMicrosPerDay + end_shift;
    }
    const std::string nearest = NearestName(words[0], {"now", "today", "yesterday", "tomorrow"});
    if (!nearest.empty()) {
      return Status::InvalidArgument(fmt::format("invalid time '{}'", text))
          .WithHint(fmt::format("did you mean '{}'?", nearest));
    }
  }
  if (words.size() == 3 && EqualsIgnoreCase(words[2], "ago")) {
    return ParseRelative(trimmed, words[0], words[1], -1, now);
  }
  if (words.size() == 3 && EqualsIgnoreCase(words[0], "in")) {
    return ParseRelative(trimmed, words[1], words[2], 1, now);
  }
  if (IsAsciiDigit(trimmed.front())) {
    // Digits that are not a date: let the absolute parser say what is wrong.
    STRATA_ASSIGN_OR_RETURN(AbsoluteTime absolute, ParseAbsolute(trimmed));
    return absolute.date_only ? absolute.micros + end_shift : absolute.micros;
  }
  return Invalid(text, "not a date, a timestamp or a relative time");
}

Result<int64_t> ParseDate(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  Scanner scanner(trimmed);
  Result<int64_t> days = ParseDatePart(scanner, trimmed);
  if (!days.ok()) {
    return days.status().WithHint("use YYYY-MM-DD");
  }
  if (!scanner.AtEnd()) {
    return Status::InvalidArgument(fmt::format("invalid date '{}': unexpected '{}' after the date",
                                               text, scanner.Rest()))
        .WithHint("use YYYY-MM-DD");
  }
  return *days;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  if (trimmed.empty()) {
    return Invalid(text, "it is empty");
  }
  Result<AbsoluteTime> absolute = ParseAbsolute(trimmed);
  if (!absolute.ok()) {
    return absolute.status().WithHint(
        "use YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS[.ffffff]], optionally with Z or +HH:MM");
  }
  return absolute->micros;
}

}  // namespace strata
