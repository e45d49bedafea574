// Value: construction, typed access, equality and the DuckDB-compatible text form.
#include "engine/value.h"

#include <array>
#include <cassert>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/time.h"

namespace strata::engine {

namespace {

constexpr size_t kTypeIdCount = static_cast<size_t>(TypeId::kOther) + 1;

bool IsScalar(const LogicalType& type) {
  switch (type.id) {
    case TypeId::kDecimal:
    case TypeId::kList:
    case TypeId::kStruct:
    case TypeId::kMap:
    case TypeId::kOther:
      return false;
    default:
      return type.children.empty() && type.width == 0 && type.scale == 0 &&
             type.engine_name.empty();
  }
}

[[maybe_unused]] bool IsSignedInteger(TypeId id) {
  return id == TypeId::kTinyInt || id == TypeId::kSmallInt || id == TypeId::kInteger ||
         id == TypeId::kBigInt;
}

[[maybe_unused]] bool IsUnsignedInteger(TypeId id) {
  return id == TypeId::kUTinyInt || id == TypeId::kUSmallInt || id == TypeId::kUInteger ||
         id == TypeId::kUBigInt;
}

}  // namespace

const SharedType& ScalarType(TypeId id) {
  // Shared pointers without a control block (aliasing an empty one): copying them touches no
  // reference count. Never destroyed, so values in other static objects stay valid at exit.
  struct Table {
    std::array<LogicalType, kTypeIdCount> types;
    std::array<SharedType, kTypeIdCount> shared;
  };
  static const Table* const kTable = [] {
    auto* table = new Table();
    for (size_t i = 0; i < kTypeIdCount; ++i) {
      table->types[i].id = static_cast<TypeId>(i);
      table->shared[i] = SharedType(SharedType(), &table->types[i]);
    }
    return table;
  }();
  assert(static_cast<size_t>(id) < kTypeIdCount);
  return kTable->shared[static_cast<size_t>(id)];
}

SharedType ShareType(LogicalType type) {
  if (IsScalar(type)) {
    return ScalarType(type.id);
  }
  return std::make_shared<const LogicalType>(std::move(type));
}

// ---- Construction ----

Value::Value() : type_(ScalarType(TypeId::kNull)) {}

Value Value::Null(LogicalType type) { return Value(ShareType(std::move(type)), std::monostate{}); }

Value Value::Null(SharedType type) {
  assert(type != nullptr);
  return Value(std::move(type), std::monostate{});
}

Value Value::Boolean(bool v) { return Value(ScalarType(TypeId::kBoolean), v); }

Value Value::Integer(int64_t v, TypeId id) {
  assert(IsSignedInteger(id));
  return Value(ScalarType(id), v);
}

Value Value::Unsigned(uint64_t v, TypeId id) {
  assert(IsUnsignedInteger(id));
  return Value(ScalarType(id), v);
}

Value Value::HugeInt(Int128 v) { return Value(ScalarType(TypeId::kHugeInt), v); }

Value Value::UHugeInt(UInt128 v) { return Value(ScalarType(TypeId::kUHugeInt), v); }

Value Value::Decimal(Int128 unscaled, uint8_t width, uint8_t scale) {
  LogicalType type;
  type.id = TypeId::kDecimal;
  type.width = width;
  type.scale = scale;
  return Value(ShareType(std::move(type)), unscaled);
}

Value Value::Decimal(Int128 unscaled, SharedType type) {
  assert(type != nullptr && type->id == TypeId::kDecimal);
  return Value(std::move(type), unscaled);
}

Value Value::Float(float v) { return Value(ScalarType(TypeId::kFloat), static_cast<double>(v)); }

Value Value::Double(double v) { return Value(ScalarType(TypeId::kDouble), v); }

Value Value::Varchar(std::string v) { return Value(ScalarType(TypeId::kVarchar), std::move(v)); }

Value Value::Blob(std::string bytes) { return Value(ScalarType(TypeId::kBlob), std::move(bytes)); }

Value Value::Enum(std::string label) { return Value(ScalarType(TypeId::kEnum), std::move(label)); }

Value Value::Enum(std::string label, SharedType type) {
  assert(type != nullptr && type->id == TypeId::kEnum);
  return Value(std::move(type), std::move(label));
}

Value Value::Date(int32_t days) { return Value(ScalarType(TypeId::kDate), int64_t{days}); }

Value Value::Time(int64_t micros) { return Value(ScalarType(TypeId::kTime), micros); }

Value Value::Timestamp(int64_t micros) { return Value(ScalarType(TypeId::kTimestamp), micros); }

Value Value::TimestampTz(int64_t micros) { return Value(ScalarType(TypeId::kTimestampTz), micros); }

Value Value::Interval(IntervalValue v) { return Value(ScalarType(TypeId::kInterval), v); }

Value Value::Uuid(UInt128 v) { return Value(ScalarType(TypeId::kUuid), v); }

Value Value::List(LogicalType element_type, ValueList items) {
  LogicalType type;
  type.id = TypeId::kList;
  type.children.emplace_back("", std::move(element_type));
  return Value(ShareType(std::move(type)), std::move(items));
}

Value Value::List(SharedType list_type, ValueList items) {
  assert(list_type != nullptr && list_type->id == TypeId::kList);
  return Value(std::move(list_type), std::move(items));
}

Value Value::Struct(StructFields fields) {
  LogicalType type;
  type.id = TypeId::kStruct;
  for (const auto& [name, value] : fields) {
    type.children.emplace_back(name, value.type());
  }
  return Value(ShareType(std::move(type)), std::move(fields));
}

Value Value::Struct(SharedType struct_type, StructFields fields) {
  assert(struct_type != nullptr && struct_type->id == TypeId::kStruct);
  return Value(std::move(struct_type), std::move(fields));
}

Value Value::Map(LogicalType key_type, LogicalType value_type, MapEntries entries) {
  LogicalType type;
  type.id = TypeId::kMap;
  type.children.emplace_back("key", std::move(key_type));
  type.children.emplace_back("value", std::move(value_type));
  return Value(ShareType(std::move(type)), std::move(entries));
}

Value Value::Map(SharedType map_type, MapEntries entries) {
  assert(map_type != nullptr && map_type->id == TypeId::kMap);
  return Value(std::move(map_type), std::move(entries));
}

Value Value::Other(LogicalType type, std::string text) {
  return Value(ShareType(std::move(type)), std::move(text));
}

Value Value::Other(SharedType type, std::string text) {
  assert(type != nullptr);
  return Value(std::move(type), std::move(text));
}

// ---- Access ----

bool Value::AsBool() const {
  assert(std::holds_alternative<bool>(data_));
  return std::get<bool>(data_);
}

int64_t Value::AsInt64() const {
  assert(std::holds_alternative<int64_t>(data_));
  return std::get<int64_t>(data_);
}

uint64_t Value::AsUInt64() const {
  assert(std::holds_alternative<uint64_t>(data_));
  return std::get<uint64_t>(data_);
}

Int128 Value::AsHugeInt() const {
  assert(std::holds_alternative<Int128>(data_));
  return std::get<Int128>(data_);
}

UInt128 Value::AsUHugeInt() const {
  assert(std::holds_alternative<UInt128>(data_));
  return std::get<UInt128>(data_);
}

double Value::AsDouble() const {
  assert(std::holds_alternative<double>(data_));
  return std::get<double>(data_);
}

const std::string& Value::AsString() const {
  assert(std::holds_alternative<std::string>(data_));
  return std::get<std::string>(data_);
}

const IntervalValue& Value::AsInterval() const {
  assert(std::holds_alternative<IntervalValue>(data_));
  return std::get<IntervalValue>(data_);
}

const ValueList& Value::AsList() const {
  assert(std::holds_alternative<ValueList>(data_));
  return std::get<ValueList>(data_);
}

const StructFields& Value::AsStruct() const {
  assert(std::holds_alternative<StructFields>(data_));
  return std::get<StructFields>(data_);
}

const MapEntries& Value::AsMap() const {
  assert(std::holds_alternative<MapEntries>(data_));
  return std::get<MapEntries>(data_);
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ && !(*type_ == *other.type_)) {
    return false;
  }
  if (std::holds_alternative<double>(data_) && std::holds_alternative<double>(other.data_)) {
    const double a = std::get<double>(data_);
    const double b = std::get<double>(other.data_);
    return a == b || (std::isnan(a) && std::isnan(b));
  }
  return data_ == other.data_;
}

// ---- Text ----

namespace {

// DuckDB's sentinels for infinite dates and timestamps.
constexpr int64_t kInfiniteDate = std::numeric_limits<int32_t>::max();
constexpr int64_t kInfiniteTimestamp = std::numeric_limits<int64_t>::max();

// A date as DuckDB prints it: years before 1 AD as "0044-03-15 (BC)" (there is no year 0).
std::string DateText(int64_t days) {
  if (days == kInfiniteDate) {
    return "infinity";
  }
  if (days == -kInfiniteDate) {
    return "-infinity";
  }
  CivilDate d = CivilFromDays(days);
  if (d.year <= 0) {
    return fmt::format("{:04}-{:02}-{:02} (BC)", 1 - d.year, d.month, d.day);
  }
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string TimestampText(int64_t micros) {
  if (micros == kInfiniteTimestamp) {
    return "infinity";
  }
  if (micros == -kInfiniteTimestamp) {
    return "-infinity";
  }
  const int64_t day = DayOf(micros);
  std::string date = DateText(day);
  const int64_t time = micros - day * kMicrosPerDay;
  // DuckDB places the era after the date: "0001-12-31 (BC) 00:00:00".
  return date + " " + FormatTimeOfDay(time);
}

// The shortest text that reads back as the same number, as DuckDB prints it: Python-like, with
// ".0" on integral values and an exponent outside [1e-4, 1e16).
template <typename T>
std::string FloatingText(T v) {
  if (std::isnan(v)) {
    return "nan";
  }
  std::string text = fmt::format("{}", v);
  if (text.find_first_of(".eni") == std::string::npos) {
    text += ".0";
  }
  return text;
}

void AppendPlural(std::string& out, int64_t n, const char* unit) {
  if (!out.empty()) {
    out.push_back(' ');
  }
  out += fmt::format("{} {}{}", n, unit, n == 1 || n == -1 ? "" : "s");
}

std::string IntervalText(const IntervalValue& v) {
  std::string out;
  const int32_t years = v.months / 12;
  const int32_t months = v.months % 12;
  if (years != 0) {
    AppendPlural(out, years, "year");
  }
  if (months != 0) {
    AppendPlural(out, months, "month");
  }
  if (v.days != 0) {
    AppendPlural(out, v.days, "day");
  }
  if (v.micros != 0) {
    if (!out.empty()) {
      out.push_back(' ');
    }
    uint64_t magnitude = static_cast<uint64_t>(v.micros);
    if (v.micros < 0) {
      out.push_back('-');
      magnitude = 0 - magnitude;
    }
    const uint64_t per_second = static_cast<uint64_t>(kMicrosPerSecond);
    const uint64_t seconds = magnitude / per_second;
    uint64_t fraction = magnitude % per_second;
    out += fmt::format("{:02}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if (fraction != 0) {
      std::string digits = fmt::format("{:06}", fraction);
      digits.erase(digits.find_last_not_of('0') + 1);
      out += "." + digits;
    }
  }
  return out.empty() ? "00:00:00" : out;
}

std::string UuidText(UInt128 v) {
  std::string hex(32, '0');
  for (int i = 31; i >= 0; --i) {
    hex[static_cast<size_t>(i)] = "0123456789abcdef"[static_cast<int>(v & 0xF)];
    v >>= 4;
  }
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// Printable ASCII stays, except the quote characters and the backslash; every other byte is \xHH.
std::string BlobText(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 32 && byte <= 126 && c != '\'' && c != '"' && c != '\\') {
      out.push_back(c);
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Whether text inside a LIST, STRUCT or MAP needs quotes to read back unambiguously.
bool NeedsQuotes(const std::string& text) {
  if (text.empty() || IsSpace(text.front()) || IsSpace(text.back())) {
    return true;
  }
  if (text.size() == 4) {
    std::string lower;
    for (char c : text) {
      lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (lower == "null") {
      return true;
    }
  }
  return text.find_first_of("'\"()[]{},:=") != std::string::npos;
}

void AppendQuoted(std::string& out, const std::string& text) {
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('\'');
}

void AppendNestedText(std::string& out, const std::string& text, bool nested) {
  if (nested && NeedsQuotes(text)) {
    AppendQuoted(out, text);
  } else {
    out += text;
  }
}

}  // namespace

std::string Value::ToString() const {
  std::string out;
  AppendText(out, /*nested=*/false);
  return out;
}

void Value::AppendText(std::string& out, bool nested) const {
  if (is_null()) {
    out += "NULL";
    return;
  }
  switch (type_->id) {
    case TypeId::kNull:
      out += "NULL";
      return;
    case TypeId::kBoolean:
      out += AsBool() ? "true" : "false";
      return;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      fmt::format_to(std::back_inserter(out), "{}", AsInt64());
      return;
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
    case TypeId::kUInteger:
    case TypeId::kUBigInt:
      fmt::format_to(std::back_inserter(out), "{}", AsUInt64());
      return;
    case TypeId::kHugeInt:
      out += Int128ToString(AsHugeInt());
      return;
    case TypeId::kUHugeInt:
      out += UInt128ToString(AsUHugeInt());
      return;
    case TypeId::kDecimal:
      out += DecimalToString(AsHugeInt(), type_->scale);
      return;
    case TypeId::kFloat:
      out += FloatingText(static_cast<float>(AsDouble()));
      return;
    case TypeId::kDouble:
      out += FloatingText(AsDouble());
      return;
    case TypeId::kVarchar:
    case TypeId::kEnum:
      AppendNestedText(out, AsString(), nested);
      return;
    case TypeId::kBlob:
      AppendNestedText(out, BlobText(AsString()), nested);
      return;
    case TypeId::kDate:
      out += DateText(AsInt64());
      return;
    case TypeId::kTime:
      out += FormatTimeOfDay(AsInt64());
      return;
    case TypeId::kTimestamp:
      out += TimestampText(AsInt64());
      return;
    case TypeId::kTimestampTz: {
      const int64_t micros = AsInt64();
      out += TimestampText(micros);
      if (micros != kInfiniteTimestamp && micros != -kInfiniteTimestamp) {
        out += "+00";
      }
      return;
    }
    case TypeId::kInterval:
      out += IntervalText(AsInterval());
      return;
    case TypeId::kUuid:
      out += UuidText(AsUHugeInt());
      return;
    case TypeId::kList: {
      out.push_back('[');
      const ValueList& items = AsList();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        items[i].AppendText(out, /*nested=*/true);
      }
      out.push_back(']');
      return;
    }
    case TypeId::kStruct: {
      out.push_back('{');
      const StructFields& fields = AsStruct();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        AppendQuoted(out, fields[i].first);
        out += ": ";
        fields[i].second.AppendText(out, /*nested=*/true);
      }
      out.push_back('}');
      return;
    }
    case TypeId::kMap: {
      out.push_back('{');
      const MapEntries& entries = AsMap();
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        entries[i].first.AppendText(out, /*nested=*/true);
        out.push_back('=');
        entries[i].second.AppendText(out, /*nested=*/true);
      }
      out.push_back('}');
      return;
    }
    case TypeId::kOther:
      out += AsString();
      return;
  }
}

}  // namespace strata::engine
