// The column types strata reads from and writes to engines, independent of any one engine.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace strata::engine {

enum class TypeId {
  kNull,  // the type of an untyped NULL literal
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kUTinyInt,
  kUSmallInt,
  kUInteger,
  kUBigInt,
  kHugeInt,
  kUHugeInt,
  kFloat,
  kDouble,
  kDecimal,  // width and scale
  kVarchar,
  kBlob,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kUuid,
  kList,    // one child: the element type
  kStruct,  // named children
  kMap,     // two children: key and value
  kEnum,    // read as text (its label)
  kOther,   // any other engine type; values are read as text
};

// Whether values of `id` are numbers (the integer kinds, FLOAT, DOUBLE, DECIMAL).
bool IsNumeric(TypeId id);

struct LogicalType {
  LogicalType() = default;
  // A type with no parameters (INTEGER, VARCHAR, ...): LogicalType{TypeId::kInteger}.
  explicit LogicalType(TypeId type_id) : id(type_id) {}
  static LogicalType Decimal(uint8_t decimal_width, uint8_t decimal_scale);
  static LogicalType List(LogicalType element);
  static LogicalType Struct(std::vector<std::pair<std::string, LogicalType>> fields);
  static LogicalType Map(LogicalType key, LogicalType value);

  TypeId id = TypeId::kNull;
  uint8_t width = 0;  // DECIMAL only
  uint8_t scale = 0;  // DECIMAL only
  // LIST: one child named ""; STRUCT: the fields; MAP: "key" and "value".
  std::vector<std::pair<std::string, LogicalType>> children;
  // The engine's own spelling where strata's is not enough: kOther ("BIT", "TIME WITH TIME
  // ZONE") and kEnum ("ENUM('a', 'b')"). Empty for every other type, so that types compare equal
  // whichever engine they came from.
  std::string engine_name;

  // The SQL spelling: INTEGER, DECIMAL(18,3), VARCHAR[], STRUCT(a INTEGER, "b c" VARCHAR),
  // MAP(VARCHAR, INTEGER), TIMESTAMP WITH TIME ZONE; kEnum and kOther print `engine_name` (kEnum
  // without one prints VARCHAR, kOther without one UNKNOWN). Thread-safe.
  std::string ToString() const;
  bool operator==(const LogicalType& other) const = default;
};

}  // namespace strata::engine
