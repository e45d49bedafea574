// PostgreSQL type OIDs (from the server's pg_type.dat; they are fixed for built-in types) mapped
// onto strata's LogicalType.
#include "engine/postgres/postgres_types.h"

namespace strata::engine::postgres {
namespace {

// Built-in type OIDs.
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kChar = 18;
constexpr Oid kName = 19;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kText = 25;
constexpr Oid kOid = 26;
constexpr Oid kJson = 114;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kBpchar = 1042;
constexpr Oid kVarchar = 1043;
constexpr Oid kDate = 1082;
constexpr Oid kTime = 1083;
constexpr Oid kTimestamp = 1114;
constexpr Oid kTimestampTz = 1184;
constexpr Oid kInterval = 1186;
constexpr Oid kTimeTz = 1266;
constexpr Oid kNumeric = 1700;
constexpr Oid kUuid = 2950;
constexpr Oid kJsonb = 3802;

// The element type OID of a built-in array type OID, or 0.
Oid ArrayElement(Oid oid) {
  switch (oid) {
    case 1000:
      return kBool;
    case 1001:
      return kBytea;
    case 1002:
      return kChar;
    case 1003:
      return kName;
    case 1005:
      return kInt2;
    case 1007:
      return kInt4;
    case 1009:
      return kText;
    case 1014:
      return kBpchar;
    case 1015:
      return kVarchar;
    case 1016:
      return kInt8;
    case 1021:
      return kFloat4;
    case 1022:
      return kFloat8;
    case 1028:
      return kOid;
    case 1115:
      return kTimestamp;
    case 1182:
      return kDate;
    case 1183:
      return kTime;
    case 1185:
      return kTimestampTz;
    case 1187:
      return kInterval;
    case 1231:
      return kNumeric;
    case 199:
      return kJson;
    case 1270:
      return kTimeTz;
    case 2951:
      return kUuid;
    case 3807:
      return kJsonb;
    default:
      return 0;
  }
}

LogicalType Other(std::string name) {
  LogicalType type(TypeId::kOther);
  type.engine_name = std::move(name);
  return type;
}

}  // namespace

std::optional<LogicalType> NumericDecimalType(int typmod) {
  // The modifier is ((precision << 16) | (scale & 0x7ff)) + 4; the scale is an 11-bit signed
  // number (PostgreSQL 15 allows negative scales).
  if (typmod < 4) {
    return std::nullopt;
  }
  const int packed = typmod - 4;
  const int precision = (packed >> 16) & 0xffff;
  const int scale = ((packed & 0x7ff) ^ 1024) - 1024;
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return std::nullopt;
  }
  return LogicalType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
}

std::optional<LogicalType> BuiltinType(Oid oid, int typmod) {
  switch (oid) {
    case kBool:
      return LogicalType(TypeId::kBoolean);
    case kBytea:
      return LogicalType(TypeId::kBlob);
    case kChar:
    case kName:
    case kText:
    case kBpchar:
    case kVarchar:
      return LogicalType(TypeId::kVarchar);
    case kInt2:
      return LogicalType(TypeId::kSmallInt);
    case kInt4:
      return LogicalType(TypeId::kInteger);
    case kInt8:
      return LogicalType(TypeId::kBigInt);
    case kOid:
      return LogicalType(TypeId::kUInteger);
    case kFloat4:
      return LogicalType(TypeId::kFloat);
    case kFloat8:
      return LogicalType(TypeId::kDouble);
    case kDate:
      return LogicalType(TypeId::kDate);
    case kTime:
      return LogicalType(TypeId::kTime);
    case kTimestamp:
      return LogicalType(TypeId::kTimestamp);
    case kTimestampTz:
      return LogicalType(TypeId::kTimestampTz);
    case kInterval:
      return LogicalType(TypeId::kInterval);
    case kUuid:
      return LogicalType(TypeId::kUuid);
    case kJson:
      return Other("json");
    case kJsonb:
      return Other("jsonb");
    case kTimeTz:
      return Other("time with time zone");
    case kNumeric: {
      if (std::optional<LogicalType> decimal = NumericDecimalType(typmod)) {
        return decimal;
      }
      return Other(typmod < 4 ? "numeric"
                              : "numeric(" + std::to_string(((typmod - 4) >> 16) & 0xffff) + "," +
                                    std::to_string((((typmod - 4) & 0x7ff) ^ 1024) - 1024) + ")");
    }
    default:
      break;
  }
  if (const Oid element = ArrayElement(oid); element != 0) {
    // An array's modifier is its element's.
    std::optional<LogicalType> element_type = BuiltinType(element, typmod);
    if (element_type && element_type->id != TypeId::kOther) {
      return LogicalType::List(*std::move(element_type));
    }
    if (element_type) {
      return Other(element_type->engine_name + "[]");
    }
  }
  return std::nullopt;
}

}  // namespace strata::engine::postgres
