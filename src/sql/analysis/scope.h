// Query scoping shared by the analysis passes: which slot of a node holds its WITH clause, and a
// walk that visits every table reference with the CTE names visible at that point (nested WITH
// clauses shadow outer ones; a RECURSIVE WITH sees all its own CTEs, a plain one only earlier
// ones).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/ast.h"

namespace strata::sql {

// The slot index of `node`'s WITH clause, or -1 when its kind has none.
int WithSlot(const Node* node);

// Lower-cases ASCII letters: how unquoted names compare (both dialects are case-insensitive
// for them).
std::string FoldCase(std::string_view name);

// The names of `name` (a kName) as strings.
std::vector<std::string> NameParts(const Node* name);

// Calls `visit(table, is_cte)` for every kTable node under `root` (subqueries in every clause,
// CTE bodies, DML targets), where `is_cte` tells whether the table's single-part name is a CTE
// visible there. Tables whose name is a file literal are visited with is_cte = false.
void VisitTables(Node* root, const std::function<void(Node* table, bool is_cte)>& visit);

}  // namespace strata::sql
