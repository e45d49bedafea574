// Comparing a query's rows with a unit test's expected rows (docs/unit_tests.md): type-aware (for
// a numeric column 1 equals 1.0 and 15.00; dates and timestamps are compared as instants, so
// `2025-01-01` equals `2025-01-01 00:00:00`; NULL equals NULL), order-insensitive unless the
// query orders its rows, and, when they differ, a readable table of the rows that differ with the
// differing cells marked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine_adapter.h"

namespace strata {

// One expected cell as the test wrote it: nullopt for NULL.
using ExpectedCell = std::optional<std::string>;

struct ExpectedRows {
  std::vector<std::string> columns;             // in the order the test lists them
  std::vector<std::vector<ExpectedCell>> rows;  // rows[i].size() == columns.size()
};

struct CompareOptions {
  bool ordered = false;  // compare row by row in order (the query has a top-level ORDER BY)
  bool partial = false;  // compare only the expected columns; the output may have more
};

// Compares `actual` with `expected`. Returns nullopt when they match, else the text that explains
// the difference: a missing or unexpected column (listing the output's columns), or the table
//    row | side     | order_date | total
//   -----+----------+------------+-------
//    1   | expected | 2025-01-01 | 2 ✘
//        | actual   | 2025-01-01 | 3 ✘
//    2   | missing  | 2025-01-02 | 1
//    3   | extra    | 2025-01-03 | 7
// of the rows that differ (cells that differ marked ✘), after a line saying how many rows match.
std::optional<std::string> CompareRows(const engine::QueryResult& actual,
                                       const ExpectedRows& expected, const CompareOptions& options);

// `result` as expected rows (each value's text), for expectations given as a query.
ExpectedRows ExpectedFromResult(const engine::QueryResult& result);

// The canonical text of `text` for a column of `type`, the form CompareRows compares: numbers
// without trailing zeros ("15.00" -> "15"), dates as YYYY-MM-DD, timestamps as
// YYYY-MM-DD HH:MM:SS[.ffffff], booleans in lower case; other text unchanged.
std::string CanonicalCell(const engine::LogicalType& type, const std::string& text);

}  // namespace strata
