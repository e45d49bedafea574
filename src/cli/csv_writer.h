// CSV output of a query result (DESIGN.md §8): RFC 4180.
#pragma once

#include <ostream>

#include "engine/engine_adapter.h"

namespace strata::cli {

// Writes a header line with the column names, then one line per row, each ending in "\n".
// A field containing a comma, a double quote, CR or LF is quoted, its quotes doubled; NULL is an
// empty field and an empty string is `""`. Values print as Value::ToString (timestamps
// `YYYY-MM-DD HH:MM:SS[.ffffff]`, dates `YYYY-MM-DD`, nested values in DuckDB's text form).
void WriteCsv(const engine::QueryResult& result, std::ostream& out);

}  // namespace strata::cli
