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

// The rows one under the other, each as `column | value` lines under a `-[ RECORD n ]-` rule
// (psql's expanded display), for results wider than the terminal.
void WriteExpanded(const engine::QueryResult& result, std::ostream& out);

// WriteTable when its widest line fits in `width` display columns, else WriteExpanded.
void WriteFitting(const engine::QueryResult& result, size_t width, std::ostream& out);

// The width of the terminal standard output is on, else $COLUMNS, else 120.
size_t TerminalWidth();

}  // namespace strata::cli
