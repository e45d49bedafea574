// DuckDB logical type -> strata LogicalType, recursing through nested types.
#include "engine/duckdb/duckdb_types.h"

#include <string>

#include "base/text.h"
#include "engine/duckdb/duckdb_handles.h"

namespace strata::engine::duckdb {

namespace {

LogicalType Simple(TypeId id) {
  LogicalType out;
  out.id = id;
  return out;
}

LogicalType Other(std::string name) {
  LogicalType out;
  out.id = TypeId::kOther;
  out.engine_name = std::move(name);
  return out;
}

LogicalType EnumType(duckdb_logical_type type) {
  LogicalType out;
  out.id = TypeId::kEnum;
  out.engine_name = "ENUM(";
  const uint32_t size = duckdb_enum_dictionary_size(type);
  for (uint32_t i = 0; i < size; ++i) {
    if (i > 0) {
      out.engine_name += ", ";
    }
    out.engine_name += QuoteSqlString(TakeString(duckdb_enum_dictionary_value(type, i)));
  }
  out.engine_name += ")";
  return out;
}

LogicalType UnionName(duckdb_logical_type type) {
  std::string name = "UNION(";
  const idx_t count = duckdb_union_type_member_count(type);
  for (idx_t i = 0; i < count; ++i) {
    if (i > 0) {
      name += ", ";
    }
    LogicalTypeHandle member(duckdb_union_type_member_type(type, i));
    LogicalType member_type = ConvertType(member.get());
    name += TakeString(duckdb_union_type_member_name(type, i)) + " " + member_type.ToString();
  }
  return Other(name + ")");
}

}  // namespace

LogicalType ConvertType(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return Simple(TypeId::kBoolean);
    case DUCKDB_TYPE_TINYINT:
      return Simple(TypeId::kTinyInt);
    case DUCKDB_TYPE_SMALLINT:
      return Simple(TypeId::kSmallInt);
    case DUCKDB_TYPE_INTEGER:
      return Simple(TypeId::kInteger);
    case DUCKDB_TYPE_BIGINT:
      return Simple(TypeId::kBigInt);
    case DUCKDB_TYPE_UTINYINT:
      return Simple(TypeId::kUTinyInt);
    case DUCKDB_TYPE_USMALLINT:
      return Simple(TypeId::kUSmallInt);
    case DUCKDB_TYPE_UINTEGER:
      return Simple(TypeId::kUInteger);
    case DUCKDB_TYPE_UBIGINT:
      return Simple(TypeId::kUBigInt);
    case DUCKDB_TYPE_HUGEINT:
      return Simple(TypeId::kHugeInt);
    case DUCKDB_TYPE_UHUGEINT:
      return Simple(TypeId::kUHugeInt);
    case DUCKDB_TYPE_FLOAT:
      return Simple(TypeId::kFloat);
    case DUCKDB_TYPE_DOUBLE:
      return Simple(TypeId::kDouble);
    case DUCKDB_TYPE_DECIMAL: {
      LogicalType out;
      out.id = TypeId::kDecimal;
      out.width = duckdb_decimal_width(type);
      out.scale = duckdb_decimal_scale(type);
      return out;
    }
    case DUCKDB_TYPE_VARCHAR:
      return Simple(TypeId::kVarchar);
    case DUCKDB_TYPE_BLOB:
      return Simple(TypeId::kBlob);
    case DUCKDB_TYPE_DATE:
      return Simple(TypeId::kDate);
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIME_NS:
      return Simple(TypeId::kTime);
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return Simple(TypeId::kTimestamp);
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return Simple(TypeId::kTimestampTz);
    case DUCKDB_TYPE_INTERVAL:
      return Simple(TypeId::kInterval);
    case DUCKDB_TYPE_UUID:
      return Simple(TypeId::kUuid);
    case DUCKDB_TYPE_ENUM:
      return EnumType(type);
    case DUCKDB_TYPE_LIST: {
      LogicalTypeHandle child(duckdb_list_type_child_type(type));
      LogicalType out = Simple(TypeId::kList);
      out.children.emplace_back("", ConvertType(child.get()));
      return out;
    }
    case DUCKDB_TYPE_ARRAY: {
      LogicalTypeHandle child(duckdb_array_type_child_type(type));
      LogicalType out = Simple(TypeId::kList);
      out.children.emplace_back("", ConvertType(child.get()));
      return out;
    }
    case DUCKDB_TYPE_STRUCT: {
      LogicalType out = Simple(TypeId::kStruct);
      const idx_t count = duckdb_struct_type_child_count(type);
      for (idx_t i = 0; i < count; ++i) {
        LogicalTypeHandle child(duckdb_struct_type_child_type(type, i));
        out.children.emplace_back(TakeString(duckdb_struct_type_child_name(type, i)),
                                  ConvertType(child.get()));
      }
      return out;
    }
    case DUCKDB_TYPE_MAP: {
      LogicalTypeHandle key(duckdb_map_type_key_type(type));
      LogicalTypeHandle value(duckdb_map_type_value_type(type));
      LogicalType out = Simple(TypeId::kMap);
      out.children.emplace_back("key", ConvertType(key.get()));
      out.children.emplace_back("value", ConvertType(value.get()));
      return out;
    }
    case DUCKDB_TYPE_SQLNULL:
      return Simple(TypeId::kNull);
    case DUCKDB_TYPE_UNION:
      return UnionName(type);
    case DUCKDB_TYPE_BIT:
      return Other("BIT");
    case DUCKDB_TYPE_BIGNUM:
      return Other("BIGNUM");
    case DUCKDB_TYPE_TIME_TZ:
      return Other("TIME WITH TIME ZONE");
    default:
      return Other("UNKNOWN");
  }
}

}  // namespace strata::engine::duckdb
