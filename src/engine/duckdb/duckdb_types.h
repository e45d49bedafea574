// Translation of DuckDB's logical types into strata's LogicalType.
#pragma once

#include <duckdb.h>

#include "engine/logical_type.h"

namespace strata::engine::duckdb {

// The strata type of a DuckDB type: every type strata models maps to its TypeId (TIMESTAMP_S,
// _MS and _NS to kTimestamp, TIME_NS to kTime, ARRAY to kList, ENUM to kEnum with its
// "ENUM('a', 'b')" spelling as engine_name); the rest (BIT, BIGNUM, TIME WITH TIME ZONE, UNION,
// ...) to kOther with DuckDB's name. REQUIRES: `type` is a valid handle. Thread-safe.
LogicalType ConvertType(duckdb_logical_type type);

}  // namespace strata::engine::duckdb
