// The tables a statement reads or writes: every table reference that is not a CTE in scope,
// with its qualified name. strata finds model dependencies with it (never with regexes).
#pragma once

#include <string>
#include <vector>

#include "sql/ast.h"

namespace strata::sql {

struct TableReference {
  std::vector<std::string> parts;  // as written, e.g. {"analytics", "orders"}
  const Node* node = nullptr;      // the kTable node (for its span and alias)
};

// The table references under `statement` in source order, deduplicated by case-folded name.
// CTE names are excluded where they are in scope (nested WITH clauses and shadowing respected);
// table functions and file names (FROM 'x.csv') are not tables. Thread-safe.
std::vector<TableReference> ReferencedTables(const Node* statement);

}  // namespace strata::sql
