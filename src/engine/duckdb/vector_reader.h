// VectorReader: turns the cells of a DuckDB vector (one column of a data chunk) into Values,
// decoding DuckDB's in-memory layouts through the C API's vector functions: fixed-width data,
// duckdb_string_t, validity masks, and the child vectors of LIST, ARRAY, STRUCT and MAP.
#pragma once

#include <duckdb.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/value.h"

namespace strata::engine::duckdb {

class VectorReader {
 public:
  // A reader for vectors of `type` (which it does not keep). REQUIRES: a valid handle.
  explicit VectorReader(duckdb_logical_type type);
  ~VectorReader();
  VectorReader(const VectorReader&) = delete;
  VectorReader& operator=(const VectorReader&) = delete;

  // The strata type of the values this reader produces (shared by all of them).
  const SharedType& type() const { return type_; }

  // Points the reader (and its children) at `vector`, which must have the reader's type and stay
  // alive while Read is called.
  void Bind(duckdb_vector vector);

  // The value at `row` of the bound vector; NULL when the validity mask says so.
  // REQUIRES: Bind was called and `row` is inside the vector.
  Value Read(idx_t row) const;

 private:
  enum class Kind {
    kBool,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kUInt8,
    kUInt16,
    kUInt32,
    kUInt64,
    kHugeInt,
    kUHugeInt,
    kDecimal16,
    kDecimal32,
    kDecimal64,
    kDecimal128,
    kFloat,
    kDouble,
    kVarchar,
    kBlob,
    kDate,
    kTime,
    kTimeNs,
    kTimeTz,
    kTimestamp,
    kTimestampS,
    kTimestampMs,
    kTimestampNs,
    kTimestampTz,
    kInterval,
    kUuid,
    kEnum8,
    kEnum16,
    kEnum32,
    kList,
    kArray,
    kStruct,
    kMap,
    kUnion,
    kBit,
    kBignum,
    kUnsupported,
  };

  std::string ReadBytes(idx_t row) const;
  Value ReadNonNull(idx_t row) const;

  Kind kind_ = Kind::kUnsupported;
  SharedType type_;
  std::vector<std::unique_ptr<VectorReader>> children_;
  std::vector<std::string> child_names_;  // STRUCT
  std::vector<std::string> enum_labels_;  // ENUM
  idx_t array_size_ = 0;                  // ARRAY
  // Bound state.
  const void* data_ = nullptr;
  const uint64_t* validity_ = nullptr;
};

}  // namespace strata::engine::duckdb
