// Decoding of DuckDB vectors into Values. The layouts read here are the ones duckdb.h documents:
// fixed-width arrays of the C types, duckdb_string_t for VARCHAR/BLOB/BIT/BIGNUM, list entries
// (offset, length) into a child vector, struct children, and 64-bit validity words.
#include "engine/duckdb/vector_reader.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "base/time.h"
#include "engine/duckdb/duckdb_handles.h"
#include "engine/duckdb/duckdb_types.h"

namespace strata::engine::duckdb {

namespace {

template <typename T>
T At(const void* data, idx_t row) {
  return static_cast<const T*>(data)[row];
}

Int128 ToInt128(duckdb_hugeint h) {
  // Unsigned arithmetic, then a (well-defined, C++20) conversion back to signed.
  return static_cast<Int128>((static_cast<UInt128>(static_cast<uint64_t>(h.upper)) << 64) |
                             h.lower);
}

UInt128 ToUInt128(duckdb_uhugeint h) { return (static_cast<UInt128>(h.upper) << 64) | h.lower; }

// DuckDB stores a UUID as a HUGEINT whose top bit is flipped, so that signed order is byte order.
UInt128 UuidBits(duckdb_hugeint h) {
  const uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
  return (static_cast<UInt128>(upper) << 64) | h.lower;
}

constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max();

// Scales a coarse timestamp to microseconds, keeping DuckDB's ±infinity sentinels.
int64_t ScaleToMicros(int64_t value, int64_t factor) {
  if (value == kInfinity || value == -kInfinity) {
    return value;
  }
  int64_t out = 0;
  if (__builtin_mul_overflow(value, factor, &out)) {
    return value < 0 ? -kInfinity : kInfinity;
  }
  return out;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// "HH:MM:SS[.f]" with the fraction trimmed, then "+HH[:MM[:SS]]", as DuckDB prints TIMETZ.
std::string TimeTzText(uint64_t bits) {
  duckdb_time_tz_struct parts = duckdb_from_time_tz(duckdb_time_tz{bits});
  std::string out =
      fmt::format("{:02}:{:02}:{:02}", parts.time.hour, parts.time.min, parts.time.sec);
  if (parts.time.micros != 0) {
    std::string digits = fmt::format("{:06}", parts.time.micros);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += "." + digits;
  }
  int32_t offset = parts.offset;
  out.push_back(offset < 0 ? '-' : '+');
  offset = offset < 0 ? -offset : offset;
  out += fmt::format("{:02}", offset / 3600);
  if (offset % 3600 != 0) {
    out += fmt::format(":{:02}", (offset / 60) % 60);
    if (offset % 60 != 0) {
      out += fmt::format(":{:02}", offset % 60);
    }
  }
  return out;
}

// BIT: the first byte counts the padding bits at the front of the second byte.
std::string BitText(const std::string& bytes) {
  std::string out;
  if (bytes.empty()) {
    return out;
  }
  const size_t padding = static_cast<unsigned char>(bytes[0]);
  for (size_t i = 1; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    for (int bit = 7; bit >= 0; --bit) {
      if (i == 1 && static_cast<size_t>(7 - bit) < padding) {
        continue;
      }
      out.push_back(((byte >> bit) & 1) != 0 ? '1' : '0');
    }
  }
  return out;
}

// BIGNUM: a 3-byte header (the data length with the top bit set for non-negative numbers), then
// the big-endian magnitude; a negative number has every byte inverted.
std::string BignumText(std::string bytes) {
  constexpr size_t kHeader = 3;
  if (bytes.size() <= kHeader) {
    return "0";
  }
  const bool negative = (static_cast<unsigned char>(bytes[0]) & 0x80) == 0;
  std::vector<unsigned char> magnitude;
  for (size_t i = kHeader; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    magnitude.push_back(negative ? static_cast<unsigned char>(~byte) : byte);
  }
  // Long division by 10 in base 256, collecting the remainders as digits.
  std::string digits;
  while (std::any_of(magnitude.begin(), magnitude.end(), [](unsigned char b) { return b != 0; })) {
    unsigned remainder = 0;
    for (unsigned char& byte : magnitude) {
      const unsigned current = remainder * 256 + byte;
      byte = static_cast<unsigned char>(current / 10);
      remainder = current % 10;
    }
    digits.push_back(static_cast<char>('0' + remainder));
  }
  if (digits.empty()) {
    return "0";
  }
  if (negative) {
    digits.push_back('-');
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace

VectorReader::VectorReader(duckdb_logical_type type) : type_(ShareType(ConvertType(type))) {
  const duckdb_type id = duckdb_get_type_id(type);
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN:
      kind_ = Kind::kBool;
      break;
    case DUCKDB_TYPE_TINYINT:
      kind_ = Kind::kInt8;
      break;
    case DUCKDB_TYPE_SMALLINT:
      kind_ = Kind::kInt16;
      break;
    case DUCKDB_TYPE_INTEGER:
      kind_ = Kind::kInt32;
      break;
    case DUCKDB_TYPE_BIGINT:
      kind_ = Kind::kInt64;
      break;
    case DUCKDB_TYPE_UTINYINT:
      kind_ = Kind::kUInt8;
      break;
    case DUCKDB_TYPE_USMALLINT:
      kind_ = Kind::kUInt16;
      break;
    case DUCKDB_TYPE_UINTEGER:
      kind_ = Kind::kUInt32;
      break;
    case DUCKDB_TYPE_UBIGINT:
      kind_ = Kind::kUInt64;
      break;
    case DUCKDB_TYPE_HUGEINT:
      kind_ = Kind::kHugeInt;
      break;
    case DUCKDB_TYPE_UHUGEINT:
      kind_ = Kind::kUHugeInt;
      break;
    case DUCKDB_TYPE_DECIMAL:
      switch (duckdb_decimal_internal_type(type)) {
        case DUCKDB_TYPE_SMALLINT:
          kind_ = Kind::kDecimal16;
          break;
        case DUCKDB_TYPE_INTEGER:
          kind_ = Kind::kDecimal32;
          break;
        case DUCKDB_TYPE_BIGINT:
          kind_ = Kind::kDecimal64;
          break;
        default:
          kind_ = Kind::kDecimal128;
          break;
      }
      break;
    case DUCKDB_TYPE_FLOAT:
      kind_ = Kind::kFloat;
      break;
    case DUCKDB_TYPE_DOUBLE:
      kind_ = Kind::kDouble;
      break;
    case DUCKDB_TYPE_VARCHAR:
      kind_ = Kind::kVarchar;
      break;
    case DUCKDB_TYPE_BLOB:
      kind_ = Kind::kBlob;
      break;
    case DUCKDB_TYPE_DATE:
      kind_ = Kind::kDate;
      break;
    case DUCKDB_TYPE_TIME:
      kind_ = Kind::kTime;
      break;
    case DUCKDB_TYPE_TIME_NS:
      kind_ = Kind::kTimeNs;
      break;
    case DUCKDB_TYPE_TIME_TZ:
      kind_ = Kind::kTimeTz;
      break;
    case DUCKDB_TYPE_TIMESTAMP:
      kind_ = Kind::kTimestamp;
      break;
    case DUCKDB_TYPE_TIMESTAMP_S:
      kind_ = Kind::kTimestampS;
      break;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      kind_ = Kind::kTimestampMs;
      break;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      kind_ = Kind::kTimestampNs;
      break;
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      kind_ = Kind::kTimestampTz;
      break;
    case DUCKDB_TYPE_INTERVAL:
      kind_ = Kind::kInterval;
      break;
    case DUCKDB_TYPE_UUID:
      kind_ = Kind::kUuid;
      break;
    case DUCKDB_TYPE_ENUM: {
      switch (duckdb_enum_internal_type(type)) {
        case DUCKDB_TYPE_UTINYINT:
          kind_ = Kind::kEnum8;
          break;
        case DUCKDB_TYPE_USMALLINT:
          kind_ = Kind::kEnum16;
          break;
        default:
          kind_ = Kind::kEnum32;
          break;
      }
      const uint32_t size = duckdb_enum_dictionary_size(type);
      for (uint32_t i = 0; i < size; ++i) {
        enum_labels_.push_back(TakeString(duckdb_enum_dictionary_value(type, i)));
      }
      break;
    }
    case DUCKDB_TYPE_LIST: {
      kind_ = Kind::kList;
      LogicalTypeHandle child(duckdb_list_type_child_type(type));
      children_.push_back(std::make_unique<VectorReader>(child.get()));
      break;
    }
    case DUCKDB_TYPE_ARRAY: {
      kind_ = Kind::kArray;
      array_size_ = duckdb_array_type_array_size(type);
      LogicalTypeHandle child(duckdb_array_type_child_type(type));
      children_.push_back(std::make_unique<VectorReader>(child.get()));
      break;
    }
    case DUCKDB_TYPE_STRUCT: {
      kind_ = Kind::kStruct;
      const idx_t count = duckdb_struct_type_child_count(type);
      for (idx_t i = 0; i < count; ++i) {
        LogicalTypeHandle child(duckdb_struct_type_child_type(type, i));
        children_.push_back(std::make_unique<VectorReader>(child.get()));
        child_names_.push_back(TakeString(duckdb_struct_type_child_name(type, i)));
      }
      break;
    }
    case DUCKDB_TYPE_MAP: {
      kind_ = Kind::kMap;
      LogicalTypeHandle key(duckdb_map_type_key_type(type));
      LogicalTypeHandle value(duckdb_map_type_value_type(type));
      children_.push_back(std::make_unique<VectorReader>(key.get()));
      children_.push_back(std::make_unique<VectorReader>(value.get()));
      break;
    }
    case DUCKDB_TYPE_UNION: {
      kind_ = Kind::kUnion;
      const idx_t count = duckdb_union_type_member_count(type);
      for (idx_t i = 0; i < count; ++i) {
        LogicalTypeHandle member(duckdb_union_type_member_type(type, i));
        children_.push_back(std::make_unique<VectorReader>(member.get()));
      }
      break;
    }
    case DUCKDB_TYPE_BIT:
      kind_ = Kind::kBit;
      break;
    case DUCKDB_TYPE_BIGNUM:
      kind_ = Kind::kBignum;
      break;
    default:
      kind_ = Kind::kUnsupported;
      break;
  }
}

VectorReader::~VectorReader() = default;

void VectorReader::Bind(duckdb_vector vector) {
  data_ = duckdb_vector_get_data(vector);
  validity_ = duckdb_vector_get_validity(vector);
  switch (kind_) {
    case Kind::kList:
      children_[0]->Bind(duckdb_list_vector_get_child(vector));
      break;
    case Kind::kArray:
      children_[0]->Bind(duckdb_array_vector_get_child(vector));
      break;
    case Kind::kMap: {
      // A MAP is a LIST of STRUCT(key, value).
      duckdb_vector entries = duckdb_list_vector_get_child(vector);
      children_[0]->Bind(duckdb_struct_vector_get_child(entries, 0));
      children_[1]->Bind(duckdb_struct_vector_get_child(entries, 1));
      break;
    }
    case Kind::kStruct:
      for (idx_t i = 0; i < children_.size(); ++i) {
        children_[i]->Bind(duckdb_struct_vector_get_child(vector, i));
      }
      break;
    case Kind::kUnion:
      // A UNION is a STRUCT whose first child is the member tag.
      data_ = duckdb_vector_get_data(duckdb_struct_vector_get_child(vector, 0));
      for (idx_t i = 0; i < children_.size(); ++i) {
        children_[i]->Bind(duckdb_struct_vector_get_child(vector, i + 1));
      }
      break;
    default:
      break;
  }
}

std::string VectorReader::ReadBytes(idx_t row) const {
  const duckdb_string_t& text = static_cast<const duckdb_string_t*>(data_)[row];
  const uint32_t length = text.value.inlined.length;
  const char* bytes = length <= 12 ? text.value.inlined.inlined : text.value.pointer.ptr;
  return std::string(bytes, length);
}

Value VectorReader::Read(idx_t row) const {
  if (validity_ != nullptr && ((validity_[row / 64] >> (row % 64)) & 1) == 0) {
    return Value::Null(type_);
  }
  return ReadNonNull(row);
}

Value VectorReader::ReadNonNull(idx_t row) const {
  switch (kind_) {
    case Kind::kBool:
      return Value::Boolean(At<bool>(data_, row));
    case Kind::kInt8:
      return Value::Integer(At<int8_t>(data_, row), TypeId::kTinyInt);
    case Kind::kInt16:
      return Value::Integer(At<int16_t>(data_, row), TypeId::kSmallInt);
    case Kind::kInt32:
      return Value::Integer(At<int32_t>(data_, row), TypeId::kInteger);
    case Kind::kInt64:
      return Value::Integer(At<int64_t>(data_, row), TypeId::kBigInt);
    case Kind::kUInt8:
      return Value::Unsigned(At<uint8_t>(data_, row), TypeId::kUTinyInt);
    case Kind::kUInt16:
      return Value::Unsigned(At<uint16_t>(data_, row), TypeId::kUSmallInt);
    case Kind::kUInt32:
      return Value::Unsigned(At<uint32_t>(data_, row), TypeId::kUInteger);
    case Kind::kUInt64:
      return Value::Unsigned(At<uint64_t>(data_, row), TypeId::kUBigInt);
    case Kind::kHugeInt:
      return Value::HugeInt(ToInt128(At<duckdb_hugeint>(data_, row)));
    case Kind::kUHugeInt:
      return Value::UHugeInt(ToUInt128(At<duckdb_uhugeint>(data_, row)));
    case Kind::kDecimal16:
      return Value::Decimal(At<int16_t>(data_, row), type_);
    case Kind::kDecimal32:
      return Value::Decimal(At<int32_t>(data_, row), type_);
    case Kind::kDecimal64:
      return Value::Decimal(At<int64_t>(data_, row), type_);
    case Kind::kDecimal128:
      return Value::Decimal(ToInt128(At<duckdb_hugeint>(data_, row)), type_);
    case Kind::kFloat:
      return Value::Float(At<float>(data_, row));
    case Kind::kDouble:
      return Value::Double(At<double>(data_, row));
    case Kind::kVarchar:
      return Value::Varchar(ReadBytes(row));
    case Kind::kBlob:
      return Value::Blob(ReadBytes(row));
    case Kind::kDate:
      return Value::Date(At<duckdb_date>(data_, row).days);
    case Kind::kTime:
      return Value::Time(At<duckdb_time>(data_, row).micros);
    case Kind::kTimeNs:
      return Value::Time(FloorDiv(At<duckdb_time_ns>(data_, row).nanos, 1000));
    case Kind::kTimeTz:
      return Value::Other(type_, TimeTzText(At<duckdb_time_tz>(data_, row).bits));
    case Kind::kTimestamp:
      return Value::Timestamp(At<duckdb_timestamp>(data_, row).micros);
    case Kind::kTimestampS:
      return Value::Timestamp(
          ScaleToMicros(At<duckdb_timestamp_s>(data_, row).seconds, kMicrosPerSecond));
    case Kind::kTimestampMs:
      return Value::Timestamp(ScaleToMicros(At<duckdb_timestamp_ms>(data_, row).millis, 1000));
    case Kind::kTimestampNs: {
      const int64_t nanos = At<duckdb_timestamp_ns>(data_, row).nanos;
      return Value::Timestamp(nanos == kInfinity || nanos == -kInfinity ? nanos
                                                                        : FloorDiv(nanos, 1000));
    }
    case Kind::kTimestampTz:
      return Value::TimestampTz(At<duckdb_timestamp>(data_, row).micros);
    case Kind::kInterval: {
      const duckdb_interval interval = At<duckdb_interval>(data_, row);
      return Value::Interval(IntervalValue{interval.months, interval.days, interval.micros});
    }
    case Kind::kUuid:
      return Value::Uuid(UuidBits(At<duckdb_hugeint>(data_, row)));
    case Kind::kEnum8:
      return Value::Enum(enum_labels_.at(At<uint8_t>(data_, row)), type_);
    case Kind::kEnum16:
      return Value::Enum(enum_labels_.at(At<uint16_t>(data_, row)), type_);
    case Kind::kEnum32:
      return Value::Enum(enum_labels_.at(At<uint32_t>(data_, row)), type_);
    case Kind::kList: {
      const duckdb_list_entry entry = At<duckdb_list_entry>(data_, row);
      ValueList items;
      items.reserve(entry.length);
      for (idx_t i = 0; i < entry.length; ++i) {
        items.push_back(children_[0]->Read(entry.offset + i));
      }
      return Value::List(type_, std::move(items));
    }
    case Kind::kArray: {
      ValueList items;
      items.reserve(array_size_);
      for (idx_t i = 0; i < array_size_; ++i) {
        items.push_back(children_[0]->Read(row * array_size_ + i));
      }
      return Value::List(type_, std::move(items));
    }
    case Kind::kStruct: {
      StructFields fields;
      fields.reserve(children_.size());
      for (size_t i = 0; i < children_.size(); ++i) {
        fields.emplace_back(child_names_[i], children_[i]->Read(row));
      }
      return Value::Struct(type_, std::move(fields));
    }
    case Kind::kMap: {
      const duckdb_list_entry entry = At<duckdb_list_entry>(data_, row);
      MapEntries entries;
      entries.reserve(entry.length);
      for (idx_t i = 0; i < entry.length; ++i) {
        entries.emplace_back(children_[0]->Read(entry.offset + i),
                             children_[1]->Read(entry.offset + i));
      }
      return Value::Map(type_, std::move(entries));
    }
    case Kind::kUnion: {
      const uint8_t tag = At<uint8_t>(data_, row);
      if (tag >= children_.size()) {
        return Value::Other(type_, "<unsupported>");
      }
      return Value::Other(type_, children_[tag]->Read(row).ToString());
    }
    case Kind::kBit:
      return Value::Other(type_, BitText(ReadBytes(row)));
    case Kind::kBignum:
      return Value::Other(type_, BignumText(ReadBytes(row)));
    case Kind::kUnsupported:
      break;
  }
  return Value::Other(type_, "<unsupported>");
}

}  // namespace strata::engine::duckdb
