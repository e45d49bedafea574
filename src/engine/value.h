// Value: one typed cell read from (or bound for) an engine. Nested values (LIST, STRUCT, MAP) hold
// child values. Copyable; cheap to move.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/logical_type.h"

namespace strata::engine {

struct IntervalValue {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const IntervalValue&) const = default;
};

class Value;
using ValueList = std::vector<Value>;
using StructFields = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  // A NULL of type `type` (kNull when unknown).
  Value() = default;
  static Value Null(LogicalType type = {});
  static Value Boolean(bool v);
  // Integers of every width; `id` is one of the integer type ids.
  static Value Integer(int64_t v, TypeId id = TypeId::kBigInt);
  static Value Unsigned(uint64_t v, TypeId id = TypeId::kUBigInt);
  static Value HugeInt(__int128 v);
  static Value UHugeInt(unsigned __int128 v);
  // A DECIMAL(width, scale) whose unscaled value is `unscaled` (12.345 as DECIMAL(5,3) is 12345).
  static Value Decimal(__int128 unscaled, uint8_t width, uint8_t scale);
  static Value Float(float v);
  static Value Double(double v);
  // Text may contain any byte, including NUL.
  static Value Varchar(std::string v);
  static Value Blob(std::string bytes);
  static Value Date(int32_t days);           // days since 1970-01-01
  static Value Time(int64_t micros);         // microseconds since midnight
  static Value Timestamp(int64_t micros);    // microseconds since the epoch, no time zone
  static Value TimestampTz(int64_t micros);  // microseconds since the epoch, UTC
  static Value Interval(IntervalValue v);
  static Value Uuid(unsigned __int128 v);  // the 128 bits in their usual (big-endian) order
  static Value List(LogicalType element_type, ValueList items);
  static Value Struct(StructFields fields);
  static Value Map(LogicalType key_type, LogicalType value_type,
                   std::vector<std::pair<Value, Value>> entries);
  // A value of a type strata does not model, carried as the engine's text form.
  static Value Other(LogicalType type, std::string text);

  const LogicalType& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  // Accessors. REQUIRES: !is_null() and a matching type (asserted).
  bool AsBool() const;
  int64_t AsInt64() const;               // signed integers, DATE (days), TIME/TIMESTAMP* (micros)
  uint64_t AsUInt64() const;             // unsigned integers
  __int128 AsHugeInt() const;            // HUGEINT, DECIMAL (unscaled)
  unsigned __int128 AsUHugeInt() const;  // UHUGEINT, UUID
  double AsDouble() const;               // FLOAT, DOUBLE
  const std::string& AsString() const;   // VARCHAR, BLOB, ENUM, kOther
  const IntervalValue& AsInterval() const;
  const ValueList& AsList() const;       // LIST
  const StructFields& AsStruct() const;  // STRUCT
  const std::vector<std::pair<Value, Value>>& AsMap() const;

  // Text form, as DuckDB prints values: 42, 1.5, abc, 2025-01-31, 2025-01-31 12:00:00[.ffffff],
  // 2025-01-31 12:00:00+00, 1 year 2 months 3 days 04:05:06, [1, 2], {'a': 1}, {k=v},
  // \xAB for non-printable BLOB bytes, UUIDs in 8-4-4-4-12 form. NULL prints as "NULL".
  std::string ToString() const;

  // Structural equality: same type and same value (NULL equals NULL here).
  bool operator==(const Value& other) const;

 private:
  using MapEntries = std::vector<std::pair<Value, Value>>;
  using Data =
      std::variant<std::monostate, bool, int64_t, uint64_t, __int128, unsigned __int128, double,
                   std::string, IntervalValue, ValueList, StructFields, MapEntries>;
  Value(LogicalType type, Data data) : type_(std::move(type)), data_(std::move(data)) {}

  LogicalType type_;
  Data data_;
};

}  // namespace strata::engine
