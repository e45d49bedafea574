// Parsers for PostgreSQL's text output: numbers with std::from_chars (no locale), dates and times
// in ISO style with era suffixes, ISO 8601 intervals, hex bytea, and arrays with their quoting.
#include "engine/postgres/text_column_reader.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata::engine::postgres {
namespace {

constexpr int32_t kInfiniteDate = std::numeric_limits<int32_t>::max();
constexpr int64_t kInfiniteTimestamp = std::numeric_limits<int64_t>::max();

Status Malformed(std::string_view what, std::string_view text) {
  return Status::EngineError(fmt::format("cannot read PostgreSQL {} value '{}'", what, text));
}

// A position in a text being parsed.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return at_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  std::string_view rest() const { return text_.substr(at_); }

  bool Eat(char c) {
    if (peek() != c || done()) {
      return false;
    }
    ++at_;
    return true;
  }

  // Reads a run of at least `min_digits` decimal digits into `*value`; `*count` receives how many.
  bool Digits(int64_t* value, size_t min_digits = 1, size_t* count = nullptr) {
    const size_t start = at_;
    int64_t v = 0;
    while (!done() && IsAsciiDigit(text_[at_])) {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, text_[at_] - '0', &v)) {
        return false;
      }
      ++at_;
    }
    if (count != nullptr) {
      *count = at_ - start;
    }
    *value = v;
    return at_ - start >= min_digits;
  }

  // Reads up to six fractional digits after a '.', as microseconds ("25" -> 250000).
  bool Fraction(int64_t* micros) {
    *micros = 0;
    if (!Eat('.')) {
      return true;
    }
    int64_t digits = 0;
    size_t count = 0;
    if (!Digits(&digits, 1, &count) || count > 6) {
      return false;
    }
    for (size_t i = count; i < 6; ++i) {
      digits *= 10;
    }
    *micros = digits;
    return true;
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

// Strips a trailing " BC"; returns whether there was one.
bool StripEra(std::string_view* text) {
  constexpr std::string_view kBc = " BC";
  if (text->size() > kBc.size() && text->substr(text->size() - kBc.size()) == kBc) {
    text->remove_suffix(kBc.size());
    return true;
  }
  return false;
}

// YYYY-MM-DD (any number of year digits) as days since 1970-01-01.
bool ReadDate(Cursor& in, bool bc, int64_t* days) {
  int64_t year = 0, month = 0, day = 0;
  size_t count = 0;
  if (!in.Digits(&year) || !in.Eat('-') || !in.Digits(&month, 2, &count) || count != 2 ||
      !in.Eat('-') || !in.Digits(&day, 2, &count) || count != 2) {
    return false;
  }
  if (year < 1 || month < 1 || month > 12) {
    return false;
  }
  // There is no year 0: 1 BC is astronomical year 0.
  const int64_t astronomical = bc ? 1 - year : year;
  if (day < 1 || day > DaysInMonth(astronomical, static_cast<int>(month))) {
    return false;
  }
  *days = DaysFromCivil(CivilDate{astronomical, static_cast<int>(month), static_cast<int>(day)});
  return true;
}

// HH:MM:SS[.ffffff] as microseconds since midnight (24:00:00 allowed, as PostgreSQL does).
bool ReadTime(Cursor& in, int64_t* micros) {
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  size_t count = 0;
  if (!in.Digits(&hour, 2, &count) || count != 2 || !in.Eat(':') ||
      !in.Digits(&minute, 2, &count) || count != 2 || !in.Eat(':') ||
      !in.Digits(&second, 2, &count) || count != 2 || !in.Fraction(&fraction)) {
    return false;
  }
  if (hour > 24 || minute > 59 || second > 60) {
    return false;
  }
  *micros =
      hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction;
  return *micros <= kMicrosPerDay;
}

// +HH[:MM[:SS]] as seconds east of UTC.
bool ReadOffset(Cursor& in, int64_t* seconds) {
  const bool negative = in.peek() == '-';
  if (!in.Eat('+') && !in.Eat('-')) {
    return false;
  }
  int64_t hours = 0, minutes = 0, secs = 0;
  if (!in.Digits(&hours, 2)) {
    return false;
  }
  if (in.Eat(':') && (!in.Digits(&minutes, 2) || (in.Eat(':') && !in.Digits(&secs, 2)))) {
    return false;
  }
  *seconds = (negative ? -1 : 1) * (hours * 3600 + minutes * 60 + secs);
  return true;
}

template <typename T>
bool ReadInteger(std::string_view text, T* out) {
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, *out);
  return error == std::errc() && ptr == end;
}

template <typename T>
bool ReadFloating(std::string_view text, T* out) {
  if (text == "NaN") {
    *out = std::numeric_limits<T>::quiet_NaN();
    return true;
  }
  if (text == "Infinity" || text == "-Infinity") {
    *out =
        text[0] == '-' ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    return true;
  }
  return ReadInteger(text, out);  // from_chars reads floating point too
}

// [-]digits[.digits] as an unscaled integer with exactly `scale` fractional digits.
bool ReadDecimal(std::string_view text, int scale, Int128* out) {
  Cursor in(text);
  const bool negative = in.Eat('-');
  Int128 value = 0;
  int fraction_digits = 0;
  bool any_digit = false;
  bool after_point = false;
  while (!in.done()) {
    const char c = in.peek();
    if (c == '.' && !after_point) {
      after_point = true;
      in.Eat('.');
      continue;
    }
    if (!IsAsciiDigit(c)) {
      return false;
    }
    if (after_point && ++fraction_digits > scale) {
      return false;
    }
    value = value * 10 + (c - '0');
    any_digit = true;
    in.Eat(c);
  }
  for (; fraction_digits < scale; ++fraction_digits) {
    value *= 10;
  }
  *out = negative ? -value : value;
  return any_digit;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool ReadBytea(std::string_view text, std::string* out) {
  if (text.substr(0, 2) != "\\x" || text.size() % 2 != 0) {
    return false;
  }
  out->clear();
  out->reserve(text.size() / 2 - 1);
  for (size_t i = 2; i < text.size(); i += 2) {
    const int high = HexDigit(text[i]), low = HexDigit(text[i + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    out->push_back(static_cast<char>(high * 16 + low));
  }
  return true;
}

bool ReadUuid(std::string_view text, UInt128* out) {
  UInt128 value = 0;
  int digits = 0;
  for (char c : text) {
    if (c == '-') {
      continue;
    }
    const int d = HexDigit(c);
    if (d < 0) {
      return false;
    }
    value = (value << 4) | static_cast<UInt128>(d);
    ++digits;
  }
  *out = value;
  return digits == 32;
}

}  // namespace

Result<int32_t> ParseDate(std::string_view text) {
  if (text == "infinity") {
    return kInfiniteDate;
  }
  if (text == "-infinity") {
    return -kInfiniteDate;
  }
  std::string_view body = text;
  const bool bc = StripEra(&body);
  Cursor in(body);
  int64_t days = 0;
  if (!ReadDate(in, bc, &days) || !in.done() || days >= kInfiniteDate || days <= -kInfiniteDate) {
    return Malformed("date", text);
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTime(std::string_view text) {
  Cursor in(text);
  int64_t micros = 0;
  if (!ReadTime(in, &micros) || !in.done()) {
    return Malformed("time", text);
  }
  return micros;
}

Result<int64_t> ParseTimestamp(std::string_view text, bool with_zone) {
  if (text == "infinity") {
    return kInfiniteTimestamp;
  }
  if (text == "-infinity") {
    return -kInfiniteTimestamp;
  }
  std::string_view body = text;
  const bool bc = StripEra(&body);
  Cursor in(body);
  int64_t days = 0, time = 0, offset = 0;
  if (!ReadDate(in, bc, &days) || !in.Eat(' ') || !ReadTime(in, &time) ||
      (with_zone && !ReadOffset(in, &offset)) || !in.done()) {
    return Malformed(with_zone ? "timestamptz" : "timestamp", text);
  }
  int64_t micros = 0;
  if (__builtin_mul_overflow(days, kMicrosPerDay, &micros) ||
      __builtin_add_overflow(micros, time - offset * kMicrosPerSecond, &micros) ||
      micros == kInfiniteTimestamp || micros == -kInfiniteTimestamp) {
    return Status::EngineError(fmt::format(
        "PostgreSQL timestamp '{}' is outside the range strata holds (microseconds since 1970 in "
        "64 bits)",
        text));
  }
  return micros;
}

Result<IntervalValue> ParseInterval(std::string_view text) {
  Cursor in(text);
  if (!in.Eat('P')) {
    return Malformed("interval", text);
  }
  IntervalValue out;
  int64_t months = 0, days = 0, micros = 0;
  bool time_part = false;
  bool any = false;
  bool any_time = false;  // "T" must be followed by a field
  while (!in.done()) {
    if (!time_part && in.Eat('T')) {
      time_part = true;
      continue;
    }
    const bool negative = in.Eat('-');
    int64_t number = 0, fraction = 0;
    if (!in.Digits(&number) || !in.Fraction(&fraction)) {
      return Malformed("interval", text);
    }
    const int64_t sign = negative ? -1 : 1;
    const char unit = in.peek();
    if (!in.Eat(unit)) {
      return Malformed("interval", text);
    }
    bool overflow = false;
    int64_t scaled = 0;
    if (fraction != 0 && !(time_part && unit == 'S')) {
      return Malformed("interval", text);  // PostgreSQL prints fractions on seconds only
    }
    if (!time_part && unit == 'Y') {
      overflow = __builtin_mul_overflow(number, 12, &scaled) ||
                 __builtin_add_overflow(months, sign * scaled, &months);
    } else if (!time_part && unit == 'M') {
      overflow = __builtin_add_overflow(months, sign * number, &months);
    } else if (!time_part && unit == 'W') {
      overflow = __builtin_mul_overflow(number, 7, &scaled) ||
                 __builtin_add_overflow(days, sign * scaled, &days);
    } else if (!time_part && unit == 'D') {
      overflow = __builtin_add_overflow(days, sign * number, &days);
    } else if (time_part && (unit == 'H' || unit == 'M' || unit == 'S')) {
      const int64_t per = unit == 'H'   ? kMicrosPerHour
                          : unit == 'M' ? kMicrosPerMinute
                                        : kMicrosPerSecond;
      overflow = __builtin_mul_overflow(number, per, &scaled) ||
                 __builtin_add_overflow(scaled, fraction, &scaled) ||
                 __builtin_add_overflow(micros, sign * scaled, &micros);
    } else {
      return Malformed("interval", text);
    }
    if (overflow) {
      return Malformed("interval", text);
    }
    any = true;
    any_time = any_time || time_part;
  }
  if (!any || (time_part && !any_time) || months > std::numeric_limits<int32_t>::max() ||
      months < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max() ||
      days < std::numeric_limits<int32_t>::min()) {
    return Malformed("interval", text);
  }
  out.months = static_cast<int32_t>(months);
  out.days = static_cast<int32_t>(days);
  out.micros = micros;
  return out;
}

int ArrayDimensions(std::string_view text) {
  // Arrays whose lower bound is not 1 start with their bounds: "[0:1]={1,2}".
  if (!text.empty() && text[0] == '[') {
    const size_t equals = text.find('=');
    text = equals == std::string_view::npos ? std::string_view() : text.substr(equals + 1);
  }
  int dimensions = 0;
  while (dimensions < static_cast<int>(text.size()) &&
         text[static_cast<size_t>(dimensions)] == '{') {
    ++dimensions;
  }
  return dimensions;
}

TextColumnReader::TextColumnReader(const LogicalType& type) {
  levels_.push_back(ShareType(type));
  while (levels_.back()->id == TypeId::kList) {
    levels_.push_back(ShareType(levels_.back()->children[0].second));
  }
}

Result<Value> TextColumnReader::Read(std::string_view text) const {
  if (levels_.size() > 1) {
    return ReadArray(text);
  }
  return ReadScalar(text, levels_.front());
}

Result<Value> TextColumnReader::ReadScalar(std::string_view text, const SharedType& type) const {
  switch (type->id) {
    case TypeId::kBoolean:
      if (text == "t" || text == "f") {
        return Value::Boolean(text == "t");
      }
      break;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t v = 0;
      if (ReadInteger(text, &v)) {
        return Value::Integer(v, type->id);
      }
      break;
    }
    case TypeId::kUInteger: {
      uint64_t v = 0;
      if (ReadInteger(text, &v)) {
        return Value::Unsigned(v, type->id);
      }
      break;
    }
    case TypeId::kFloat: {
      float v = 0;
      if (ReadFloating(text, &v)) {
        return Value::Float(v);
      }
      break;
    }
    case TypeId::kDouble: {
      double v = 0;
      if (ReadFloating(text, &v)) {
        return Value::Double(v);
      }
      break;
    }
    case TypeId::kDecimal: {
      if (text == "NaN") {
        return Status::EngineError(fmt::format("NaN cannot be read as {}", type->ToString()))
            .WithHint("cast the column to double precision or text to read NaN");
      }
      Int128 unscaled = 0;
      if (ReadDecimal(text, type->scale, &unscaled)) {
        return Value::Decimal(unscaled, type);
      }
      break;
    }
    case TypeId::kVarchar:
      return Value::Varchar(std::string(text));
    case TypeId::kBlob: {
      std::string bytes;
      if (ReadBytea(text, &bytes)) {
        return Value::Blob(std::move(bytes));
      }
      break;
    }
    case TypeId::kDate: {
      STRATA_ASSIGN_OR_RETURN(const int32_t days, ParseDate(text));
      return Value::Date(days);
    }
    case TypeId::kTime: {
      STRATA_ASSIGN_OR_RETURN(const int64_t micros, ParseTime(text));
      return Value::Time(micros);
    }
    case TypeId::kTimestamp: {
      STRATA_ASSIGN_OR_RETURN(const int64_t micros, ParseTimestamp(text, false));
      return Value::Timestamp(micros);
    }
    case TypeId::kTimestampTz: {
      STRATA_ASSIGN_OR_RETURN(const int64_t micros, ParseTimestamp(text, true));
      return Value::TimestampTz(micros);
    }
    case TypeId::kInterval: {
      STRATA_ASSIGN_OR_RETURN(IntervalValue interval, ParseInterval(text));
      return Value::Interval(interval);
    }
    case TypeId::kUuid: {
      UInt128 v = 0;
      if (ReadUuid(text, &v)) {
        return Value::Uuid(v);
      }
      break;
    }
    case TypeId::kEnum:
      return Value::Enum(std::string(text), type);
    case TypeId::kOther:
      return Value::Other(type, std::string(text));
    default:
      return Status::Internal(
          fmt::format("no PostgreSQL text reader for type {}", type->ToString()));
  }
  return Malformed(type->ToString(), text);
}

Result<Value> TextColumnReader::ReadArray(std::string_view text) const {
  std::string_view body = text;
  if (!body.empty() && body[0] == '[') {
    const size_t equals = body.find('=');
    if (equals == std::string_view::npos) {
      return Malformed(levels_.front()->ToString(), text);
    }
    body = body.substr(equals + 1);
  }
  // An explicit stack of the lists being filled, one per open '{'.
  std::vector<ValueList> open;
  std::optional<Value> result;
  size_t i = 0;
  const SharedType& scalar = levels_.back();
  const size_t max_depth = levels_.size() - 1;
  auto malformed = [&] { return Malformed(levels_.front()->ToString(), text); };
  auto skip_spaces = [&] {
    while (i < body.size() && IsAsciiSpace(body[i])) {
      ++i;
    }
  };
  while (true) {
    skip_spaces();
    if (i >= body.size()) {
      return malformed();
    }
    if (body[i] == '{') {
      if (open.size() >= max_depth) {
        return malformed();
      }
      open.emplace_back();
      ++i;
      skip_spaces();
      if (i < body.size() && body[i] == '}') {
        // An empty array: handled by the closing code below.
      } else {
        continue;
      }
    } else if (body[i] != '}') {
      // One element: quoted (with backslash escapes) or bare up to ',' or '}'.
      if (open.empty()) {
        return malformed();
      }
      std::string element;
      bool is_null = false;
      if (body[i] == '"') {
        ++i;
        while (i < body.size() && body[i] != '"') {
          if (body[i] == '\\' && i + 1 < body.size()) {
            ++i;
          }
          element += body[i++];
        }
        if (i >= body.size()) {
          return malformed();
        }
        ++i;
      } else {
        const size_t start = i;
        while (i < body.size() && body[i] != ',' && body[i] != '}') {
          ++i;
        }
        element = std::string(TrimRight(body.substr(start, i - start)));
        is_null = EqualsIgnoreCase(element, "NULL");
      }
      const SharedType& element_type = open.size() < levels_.size() ? levels_[open.size()] : scalar;
      if (is_null) {
        open.back().push_back(Value::Null(element_type));
      } else {
        STRATA_ASSIGN_OR_RETURN(Value value, ReadScalar(element, scalar));
        open.back().push_back(std::move(value));
      }
      skip_spaces();
      if (i < body.size() && body[i] == ',') {
        ++i;
        continue;
      }
      if (i >= body.size() || body[i] != '}') {
        return malformed();
      }
    }
    // body[i] == '}': close the innermost list.
    ++i;
    if (open.empty()) {
      return malformed();
    }
    Value list = Value::List(levels_[open.size() - 1], std::move(open.back()));
    open.pop_back();
    if (open.empty()) {
      result = std::move(list);
      break;
    }
    open.back().push_back(std::move(list));
    skip_spaces();
    if (i < body.size() && body[i] == ',') {
      ++i;
    }
  }
  skip_spaces();
  if (i != body.size()) {
    return malformed();
  }
  return *std::move(result);
}

}  // namespace strata::engine::postgres
