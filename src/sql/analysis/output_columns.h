// The output column names of a query, as DuckDB names them: aliases, column names (with the
// schema's spelling when known), expanded stars, and DuckDB's generated names for common
// expressions ("(a + 1)", "CAST(a AS INTEGER)", "count_star()", "col0" for VALUES).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "sql/analysis/schema.h"
#include "sql/ast.h"

namespace strata::sql {

// Returns the output names of `query` (kSelect, kSetOp, kQueryParen, kValues, or a statement
// wrapping one: CREATE TABLE AS / CREATE VIEW / INSERT ... SELECT). A star over a table whose
// columns are not in `schema` (may be nullptr) is a NotFound error naming the table.
Result<std::vector<std::string>> OutputColumns(const Node* query, const Schema* schema = nullptr);

// DuckDB's generated name for an unaliased select item.
std::string ExpressionName(const Node* expr);

}  // namespace strata::sql
