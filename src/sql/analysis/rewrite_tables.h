// Rewriting table references through a caller-supplied mapping: how strata points a model's
// references at the versioned physical tables of the snapshots it depends on.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast.h"

namespace strata::sql {

// Returns the new name parts for a table reference, or nullopt to leave it unchanged.
using TableMapping =
    std::function<std::optional<std::vector<std::string>>(const std::vector<std::string>& parts)>;

// Replaces, in place, the name of every non-CTE table reference under `statement` that
// `mapping` maps. A rewritten reference without an alias gets its old last name part as alias,
// so qualified columns (orders.id) keep resolving. New nodes are allocated in `arena`.
// Returns the number of references rewritten. Not thread-safe for the same tree.
int RewriteTables(Node* statement, const TableMapping& mapping, Arena* arena);

}  // namespace strata::sql
