// The time-column predicate of INCREMENTAL_BY_TIME_RANGE batches, per column type and dialect.
#include "materialize/time_column_filter.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "base/text.h"
#include "base/time.h"

namespace strata {
namespace {

// The finest field a format writes, for rounding an interval's start up to a value it can name.
enum class Precision { kYear, kMonth, kDay, kHour, kMinute, kSecond, kMicrosecond };

// The directives of `format` with %F and %T expanded ('%' followed by the letter), or Unsupported.
Result<std::string> Directives(std::string_view format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      continue;
    }
    if (i + 1 == format.size()) {
      return Status::Unsupported(fmt::format("the time format '{}' ends with '%'", format));
    }
    const char d = format[++i];
    switch (d) {
      case 'Y':
      case 'm':
      case 'd':
      case 'H':
      case 'M':
      case 'S':
      case 'f':
      case 'j':
      case 'y':
        out.push_back(d);
        break;
      case 'F':
        out += "Ymd";
        break;
      case 'T':
        out += "HMS";
        break;
      case '%':
        break;
      default:
        return Status::Unsupported(
                   fmt::format("the time format '{}' uses %{}, which strata does not know", format,
                               d))
            .WithHint("use %Y %m %d %H %M %S %f %j %y %F %T");
    }
  }
  return out;
}

Precision PrecisionOf(const std::string& directives) {
  Precision finest = Precision::kYear;
  for (char d : directives) {
    Precision p = Precision::kYear;
    switch (d) {
      case 'm':
        p = Precision::kMonth;
        break;
      case 'd':
      case 'j':
        p = Precision::kDay;
        break;
      case 'H':
        p = Precision::kHour;
        break;
      case 'M':
        p = Precision::kMinute;
        break;
      case 'S':
        p = Precision::kSecond;
        break;
      case 'f':
        p = Precision::kMicrosecond;
        break;
      default:
        break;
    }
    finest = std::max(finest, p);
  }
  return finest;
}

// The earliest instant at or after `t` that a value of `precision` can name.
int64_t CeilTo(int64_t t, Precision precision) {
  TimeUnit unit = TimeUnit::kSecond;
  switch (precision) {
    case Precision::kMicrosecond:
      return t;
    case Precision::kSecond:
      unit = TimeUnit::kSecond;
      break;
    case Precision::kMinute:
      unit = TimeUnit::kMinute;
      break;
    case Precision::kHour:
      unit = TimeUnit::kHour;
      break;
    case Precision::kDay:
      unit = TimeUnit::kDay;
      break;
    case Precision::kMonth:
      unit = TimeUnit::kMonth;
      break;
    case Precision::kYear:
      unit = TimeUnit::kYear;
      break;
  }
  const int64_t floor = TruncateTo(t, unit);
  if (floor == t) {
    return t;
  }
  switch (unit) {
    case TimeUnit::kMonth:
      return AddMonths(floor, 1);
    case TimeUnit::kYear:
      return AddMonths(floor, 12);
    case TimeUnit::kDay:
      return floor + kMicrosPerDay;
    case TimeUnit::kHour:
      return floor + kMicrosPerHour;
    case TimeUnit::kMinute:
      return floor + kMicrosPerMinute;
    default:
      return floor + kMicrosPerSecond;
  }
}

// A PostgreSQL to_timestamp template for a strftime format: directives translated, literal text
// double-quoted (so letters in it are not read as template patterns).
Result<std::string> PostgresTemplate(std::string_view format) {
  std::string out;
  std::string literal;
  auto flush = [&]() {
    if (!literal.empty()) {
      out += "\"" + literal + "\"";
      literal.clear();
    }
  };
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c != '%' || i + 1 == format.size()) {
      if (c == '"' || c == '\\') {
        literal.push_back('\\');
      }
      literal.push_back(c);
      continue;
    }
    const char d = format[++i];
    if (d == '%') {
      literal.push_back('%');
      continue;
    }
    flush();
    switch (d) {
      case 'Y':
        out += "YYYY";
        break;
      case 'm':
        out += "MM";
        break;
      case 'd':
        out += "DD";
        break;
      case 'H':
        out += "HH24";
        break;
      case 'M':
        out += "MI";
        break;
      case 'S':
        out += "SS";
        break;
      case 'f':
        out += "US";
        break;
      case 'j':
        out += "DDD";
        break;
      case 'y':
        out += "YY";
        break;
      case 'F':
        out += "YYYY-MM-DD";
        break;
      case 'T':
        out += "HH24:MI:SS";
        break;
      default:
        return Status::Unsupported(
            fmt::format("the time format '{}' uses %{}, which strata does not know", format, d));
    }
  }
  flush();
  return out;
}

// `format` with %F and %T spelled out, for engines that lack the shorthands.
std::string ExpandShorthands(std::string_view format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      const char d = format[++i];
      out += d == 'F' ? "%Y-%m-%d" : d == 'T' ? "%H:%M:%S" : std::string{'%', d};
    } else {
      out.push_back(format[i]);
    }
  }
  return out;
}

std::string TimestampLiteral(int64_t micros) {
  return "TIMESTAMP " + QuoteSqlString(FormatTimestamp(micros));
}

}  // namespace

Result<std::string> FormatTimeWithFormat(int64_t micros, std::string_view format) {
  const int64_t days = DayOf(micros);
  const CivilDate date = CivilFromDays(days);
  const int64_t of_day = micros - StartOfDay(days);
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    const char d = format[++i];
    switch (d) {
      case 'Y':
        out += fmt::format("{:04d}", date.year);
        break;
      case 'y':
        out += fmt::format("{:02d}", ((date.year % 100) + 100) % 100);
        break;
      case 'm':
        out += fmt::format("{:02d}", date.month);
        break;
      case 'd':
        out += fmt::format("{:02d}", date.day);
        break;
      case 'j':
        out += fmt::format("{:03d}", days - DaysFromCivil({date.year, 1, 1}) + 1);
        break;
      case 'H':
        out += fmt::format("{:02d}", of_day / kMicrosPerHour);
        break;
      case 'M':
        out += fmt::format("{:02d}", of_day % kMicrosPerHour / kMicrosPerMinute);
        break;
      case 'S':
        out += fmt::format("{:02d}", of_day % kMicrosPerMinute / kMicrosPerSecond);
        break;
      case 'f':
        out += fmt::format("{:06d}", of_day % kMicrosPerSecond);
        break;
      case 'F':
        out += FormatDate(days);
        break;
      case 'T':
        out += fmt::format("{:02d}:{:02d}:{:02d}", of_day / kMicrosPerHour,
                           of_day % kMicrosPerHour / kMicrosPerMinute,
                           of_day % kMicrosPerMinute / kMicrosPerSecond);
        break;
      case '%':
        out.push_back('%');
        break;
      default:
        return Status::Unsupported(
                   fmt::format("the time format '{}' uses %{}, which strata does not know", format,
                               d))
            .WithHint("use %Y %m %d %H %M %S %f %j %y %F %T");
    }
  }
  return out;
}

bool FormatSortsLikeTime(std::string_view format) {
  Result<std::string> directives = Directives(format);
  if (!directives.ok() || directives->empty()) {
    return false;
  }
  // Most significant first, each field once, no field skipped; %j stands for month and day.
  static constexpr std::string_view kByMonth = "YmdHMSf";
  static constexpr std::string_view kByDayOfYear = "YjHMSf";
  return kByMonth.starts_with(*directives) || kByDayOfYear.starts_with(*directives);
}

Result<std::string> TimeColumnFilter(const project::TimeColumn& column,
                                     const engine::LogicalType& type, const Interval& interval,
                                     sql::DialectKind dialect) {
  const std::string name = QuoteSqlIdentifier(column.name);
  const int64_t first = interval.start;
  const int64_t last = interval.end - 1;  // the end, inclusive
  switch (type.id) {
    case engine::TypeId::kDate:
      return fmt::format("{} BETWEEN DATE {} AND DATE {}", name,
                         QuoteSqlString(FormatDate(DayOf(CeilTo(first, Precision::kDay)))),
                         QuoteSqlString(FormatDate(DayOf(last))));
    case engine::TypeId::kTimestamp:
      return fmt::format("{} BETWEEN {} AND {}", name, TimestampLiteral(first),
                         TimestampLiteral(last));
    case engine::TypeId::kTimestampTz:
      return fmt::format("{} BETWEEN TIMESTAMPTZ {} AND TIMESTAMPTZ {}", name,
                         QuoteSqlString(FormatTimestamp(first) + "+00"),
                         QuoteSqlString(FormatTimestamp(last) + "+00"));
    case engine::TypeId::kVarchar:
      break;
    default:
      return Status::Unsupported(fmt::format("the time column {} has type {}; strata filters DATE, "
                                             "TIMESTAMP, TIMESTAMPTZ and text time columns",
                                             column.name, type.ToString()))
          .WithHint("cast the column to DATE or TIMESTAMP in the model's query");
  }
  STRATA_ASSIGN_OR_RETURN(std::string directives, Directives(column.format));
  if (directives.empty()) {
    return Status::Unsupported(fmt::format(
        "the time format '{}' of column {} has no date or time field", column.format, column.name));
  }
  if (FormatSortsLikeTime(column.format)) {
    STRATA_ASSIGN_OR_RETURN(
        std::string low,
        FormatTimeWithFormat(CeilTo(first, PrecisionOf(directives)), column.format));
    STRATA_ASSIGN_OR_RETURN(std::string high, FormatTimeWithFormat(last, column.format));
    const std::string collate = dialect == sql::DialectKind::kPostgres ? " COLLATE \"C\"" : "";
    return fmt::format("{}{} BETWEEN {} AND {}", name, collate, QuoteSqlString(low),
                       QuoteSqlString(high));
  }
  std::string parsed;
  if (dialect == sql::DialectKind::kPostgres) {
    STRATA_ASSIGN_OR_RETURN(std::string pg_template, PostgresTemplate(column.format));
    // The session runs in UTC (engine/postgres), so the timestamptz converts back unchanged.
    parsed =
        fmt::format("CAST(to_timestamp({}, {}) AS TIMESTAMP)", name, QuoteSqlString(pg_template));
  } else {
    parsed = fmt::format("strptime({}, {})", name, QuoteSqlString(ExpandShorthands(column.format)));
  }
  return fmt::format("{} BETWEEN {} AND {}", parsed, TimestampLiteral(first),
                     TimestampLiteral(last));
}

}  // namespace strata
