// TextColumnReader: turns PostgreSQL's text output of one result column into Values.
//
// The text protocol is used (not binary) because it lets one PQexec carry several statements,
// and because values of types strata does not model are kept exactly as the server prints them.
// The parsers depend on the session settings the adapter makes on connecting: DateStyle ISO,
// IntervalStyle iso_8601, bytea_output hex (timestamptz offsets are read, whatever TimeZone is).
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/logical_type.h"
#include "engine/value.h"

namespace strata::engine::postgres {

class TextColumnReader {
 public:
  // A reader for values of `type`. A LIST of depth n reads arrays of up to n dimensions.
  explicit TextColumnReader(const LogicalType& type);

  const SharedType& type() const { return levels_.front(); }

  // The value whose text is `text` (never NULL: the caller checks PQgetisnull). Fails with
  // kEngineError naming the type and the text when it is not what PostgreSQL prints for the type
  // (for example after a user changed DateStyle), or when the value has no strata equivalent
  // (NaN in a DECIMAL, a timestamp beyond the range of int64 microseconds since 1970).
  // Thread-compatible: const, no shared state.
  Result<Value> Read(std::string_view text) const;

 private:
  Result<Value> ReadScalar(std::string_view text, const SharedType& type) const;
  Result<Value> ReadArray(std::string_view text) const;

  // levels_[0] is the column's type; each next entry is the element type of the one before, down
  // to a scalar.
  std::vector<SharedType> levels_;
};

// The number of dimensions of an array in PostgreSQL's text form ("{{1,2},{3,4}}" has 2, "{}" 1).
int ArrayDimensions(std::string_view text);

// The parsers, exposed for tests. Each fails with kEngineError quoting the text.
// A DATE as days since 1970-01-01 ("2025-01-31", "0044-03-15 BC", "infinity" as INT32_MAX).
Result<int32_t> ParseDate(std::string_view text);
// A TIME as microseconds since midnight ("13:45:00.25", "24:00:00").
Result<int64_t> ParseTime(std::string_view text);
// A TIMESTAMP (with_zone: TIMESTAMPTZ with its "+05:30" offset, read as UTC) as microseconds
// since the epoch; "infinity" and "-infinity" as +-INT64_MAX (DuckDB's sentinels).
Result<int64_t> ParseTimestamp(std::string_view text, bool with_zone);
// An INTERVAL in ISO 8601 form ("P1Y2M3DT4H5M6.5S", "P-1DT-0.5S").
Result<IntervalValue> ParseInterval(std::string_view text);

}  // namespace strata::engine::postgres
