// DuckDB's PIVOT and UNPIVOT statements (`PIVOT t ON c USING sum(x) GROUP BY g`,
// `UNPIVOT t ON a, b INTO NAME n VALUE v`), which are queries in DuckDB: a kPivot node with the
// flag below has two slots, the source (a table factor) and the rest of the statement from ON on
// (kOpaque, generated as written). Without the flag, kPivot is the FROM-clause PIVOT (...).
#pragma once

#include <cstdint>

#include "sql/ast.h"

namespace strata::sql {

inline constexpr uint32_t kPivotStatement = flag::kDesc;

}  // namespace strata::sql
