// Value: one typed cell read from (or bound for) an engine. Nested values (LIST, STRUCT, MAP) hold
// child values. Copyable; cheap to move. The type is held through a shared pointer: scalar types
// point at process-wide constants (no allocation, no reference counting), and a reader shares one
// type object among all the values of a column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/int128.h"
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
using MapEntries = std::vector<std::pair<Value, Value>>;

// A type shared by many values.
using SharedType = std::shared_ptr<const LogicalType>;

// Returns a shared `type`: the process-wide constant for a scalar type (no allocation), else a new
// shared copy. Thread-safe.
SharedType ShareType(LogicalType type);
// The process-wide constant for the scalar type `id`. REQUIRES: `id` needs no children, width,
// scale or engine name (not kDecimal, kList, kStruct, kMap, kOther). Thread-safe.
const SharedType& ScalarType(TypeId id);

class Value {
 public:
  // A NULL of type kNull.
  Value();
  // A NULL of type `type` (kNull when unknown).
  static Value Null(LogicalType type = {});
  static Value Null(SharedType type);
  static Value Boolean(bool v);
  // Integers of every width; `id` is one of the signed (Integer) or unsigned (Unsigned) integer
  // type ids.
  static Value Integer(int64_t v, TypeId id = TypeId::kBigInt);
  static Value Unsigned(uint64_t v, TypeId id = TypeId::kUBigInt);
  static Value HugeInt(Int128 v);
  static Value UHugeInt(UInt128 v);
  // A DECIMAL(width, scale) whose unscaled value is `unscaled` (12.345 as DECIMAL(5,3) is 12345).
  static Value Decimal(Int128 unscaled, uint8_t width, uint8_t scale);
  // The same with a shared DECIMAL type. REQUIRES: type->id == kDecimal.
  static Value Decimal(Int128 unscaled, SharedType type);
  static Value Float(float v);
  static Value Double(double v);
  // Text may contain any byte, including NUL.
  static Value Varchar(std::string v);
  static Value Blob(std::string bytes);
  // An ENUM value, carried as its label. `type` (optional) names the enum, see LogicalType.
  static Value Enum(std::string label);
  static Value Enum(std::string label, SharedType type);
  static Value Date(int32_t days);           // days since 1970-01-01
  static Value Time(int64_t micros);         // microseconds since midnight
  static Value Timestamp(int64_t micros);    // microseconds since the epoch, no time zone
  static Value TimestampTz(int64_t micros);  // microseconds since the epoch, UTC
  static Value Interval(IntervalValue v);
  static Value Uuid(UInt128 v);  // the 128 bits in their usual (big-endian) order
  static Value List(LogicalType element_type, ValueList items);
  // REQUIRES: list_type->id == kList.
  static Value List(SharedType list_type, ValueList items);
  // The type is derived from the fields' names and value types.
  static Value Struct(StructFields fields);
  // REQUIRES: struct_type->id == kStruct.
  static Value Struct(SharedType struct_type, StructFields fields);
  static Value Map(LogicalType key_type, LogicalType value_type, MapEntries entries);
  // REQUIRES: map_type->id == kMap.
  static Value Map(SharedType map_type, MapEntries entries);
  // A value of a type strata does not model, carried as the engine's text form.
  static Value Other(LogicalType type, std::string text);
  static Value Other(SharedType type, std::string text);

  const LogicalType& type() const { return *type_; }
  const SharedType& shared_type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  // Accessors. REQUIRES: !is_null() and a matching type (asserted).
  bool AsBool() const;
  int64_t AsInt64() const;              // signed integers, DATE (days), TIME/TIMESTAMP* (micros)
  uint64_t AsUInt64() const;            // unsigned integers
  Int128 AsHugeInt() const;             // HUGEINT, DECIMAL (unscaled)
  UInt128 AsUHugeInt() const;           // UHUGEINT, UUID
  double AsDouble() const;              // FLOAT, DOUBLE
  const std::string& AsString() const;  // VARCHAR, BLOB, ENUM, kOther
  const IntervalValue& AsInterval() const;
  const ValueList& AsList() const;       // LIST
  const StructFields& AsStruct() const;  // STRUCT
  const MapEntries& AsMap() const;       // MAP

  // Text form, as DuckDB's CAST(x AS VARCHAR) prints values: 42, 1.5, 1e+20, 100.0, abc, 12.340,
  // 2025-01-31, 1 year 2 months 3 days 04:05:06, [1, 2, NULL], {'a': 1, 'b': x}, {k=v},
  // \xAB for non-printable BLOB bytes, UUIDs in 8-4-4-4-12 form; text inside nested values is
  // quoted when DuckDB would quote it ('', 'a,b', 'it\'s'). One deliberate difference (DESIGN.md
  // §8): TIME and TIMESTAMP* print sub-second digits as all six (12:00:00.500000), where DuckDB
  // trims trailing zeros. TIMESTAMPTZ prints in UTC with "+00". NULL prints as "NULL".
  std::string ToString() const;

  // Structural equality: same type and same value (NULL equals NULL here, NaN equals NaN).
  bool operator==(const Value& other) const;

 private:
  using Data = std::variant<std::monostate, bool, int64_t, uint64_t, Int128, UInt128, double,
                            std::string, IntervalValue, ValueList, StructFields, MapEntries>;
  Value(SharedType type, Data data) : type_(std::move(type)), data_(std::move(data)) {}

  void AppendText(std::string& out, bool nested) const;

  SharedType type_;
  Data data_;
};

}  // namespace strata::engine
