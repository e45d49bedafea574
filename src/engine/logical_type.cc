// The SQL spelling of logical types.
#include "engine/logical_type.h"

#include <fmt/format.h>

namespace strata::engine {

namespace {

// Struct field names are written bare when they are plain identifiers, else double-quoted.
std::string FieldName(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    plain = plain && word;
  }
  if (plain) {
    return name;
  }
  std::string out = "\"";
  for (char c : name) {
    out.push_back(c);
    if (c == '"') {
      out.push_back('"');
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

bool IsNumeric(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
    case TypeId::kUInteger:
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

LogicalType LogicalType::Decimal(uint8_t decimal_width, uint8_t decimal_scale) {
  LogicalType out(TypeId::kDecimal);
  out.width = decimal_width;
  out.scale = decimal_scale;
  return out;
}

LogicalType LogicalType::List(LogicalType element) {
  LogicalType out(TypeId::kList);
  out.children.emplace_back("", std::move(element));
  return out;
}

LogicalType LogicalType::Struct(std::vector<std::pair<std::string, LogicalType>> fields) {
  LogicalType out(TypeId::kStruct);
  out.children = std::move(fields);
  return out;
}

LogicalType LogicalType::Map(LogicalType key, LogicalType value) {
  LogicalType out(TypeId::kMap);
  out.children.emplace_back("key", std::move(key));
  out.children.emplace_back("value", std::move(value));
  return out;
}

std::string LogicalType::ToString() const {
  switch (id) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kUTinyInt:
      return "UTINYINT";
    case TypeId::kUSmallInt:
      return "USMALLINT";
    case TypeId::kUInteger:
      return "UINTEGER";
    case TypeId::kUBigInt:
      return "UBIGINT";
    case TypeId::kHugeInt:
      return "HUGEINT";
    case TypeId::kUHugeInt:
      return "UHUGEINT";
    case TypeId::kFloat:
      return "FLOAT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return fmt::format("DECIMAL({},{})", width, scale);
    case TypeId::kVarchar:
      return "VARCHAR";
    case TypeId::kBlob:
      return "BLOB";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTime:
      return "TIME";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kTimestampTz:
      return "TIMESTAMP WITH TIME ZONE";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kUuid:
      return "UUID";
    case TypeId::kList:
      return (children.empty() ? std::string("NULL") : children[0].second.ToString()) + "[]";
    case TypeId::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        out += FieldName(children[i].first) + " " + children[i].second.ToString();
      }
      return out + ")";
    }
    case TypeId::kMap:
      if (children.size() != 2) {
        return "MAP";
      }
      return fmt::format("MAP({}, {})", children[0].second.ToString(),
                         children[1].second.ToString());
    case TypeId::kEnum:
      return engine_name.empty() ? "VARCHAR" : engine_name;
    case TypeId::kOther:
      return engine_name.empty() ? "UNKNOWN" : engine_name;
  }
  return "UNKNOWN";
}

}  // namespace strata::engine
