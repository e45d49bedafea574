// The human-readable table of `strata query` (its default format).
#pragma once

#include <ostream>

#include "engine/engine_adapter.h"

namespace strata::cli {

// Writes `result` as an aligned table:
//    x  | name
//   ----+------
//    42 | abc
//   (1 row)
// Numbers are right-aligned, text left-aligned, NULL prints as NULL, widths count terminal columns
// (DisplayWidth), control characters in values are shown escaped (\n, \t, \r, \xHH) so that every
// row stays on one line. Lines carry no trailing spaces.
void WriteTable(const engine::QueryResult& result, std::ostream& out);

}  // namespace strata::cli
