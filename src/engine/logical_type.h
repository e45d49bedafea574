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
  kEnum,    // read as text
  kOther,   // any other engine type; values are read as text
};

struct LogicalType {
  TypeId id = TypeId::kNull;
  uint8_t width = 0;  // DECIMAL only
  uint8_t scale = 0;  // DECIMAL only
  // LIST: one child named ""; STRUCT: the fields; MAP: "key" and "value".
  std::vector<std::pair<std::string, LogicalType>> children;
  // The engine's own name for kOther (and informative for the rest), e.g. "BIT".
  std::string engine_name;

  // The SQL spelling: INTEGER, DECIMAL(18,3), VARCHAR[], STRUCT(a INTEGER, b VARCHAR),
  // MAP(VARCHAR, INTEGER), TIMESTAMP WITH TIME ZONE.
  std::string ToString() const;
  bool operator==(const LogicalType& other) const = default;
};

}  // namespace strata::engine
