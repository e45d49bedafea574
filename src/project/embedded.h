// EMBEDDED models (DESIGN.md §6): they have no table; a child that reads one gets the embedded
// model's query inlined as a subquery in its place (`FROM db.unique_employees` becomes
// `FROM (SELECT DISTINCT name FROM db.employees) AS unique_employees`). Used by render and by
// the evaluator.
#pragma once

#include <functional>
#include <string>

#include "sql/ast.h"

namespace strata::project {

class Project;

// Returns the query of the EMBEDDED model with normalized name `name`, or nullptr when `name`
// is not an embedded model.
using EmbeddedLookup = std::function<const sql::Node*(const std::string& name)>;

// Replaces, in place, every table reference under `statement` (CTE names excluded) that
// `lookup` resolves with a derived table holding a copy of that query (made in `arena`), aliased
// as the reference's alias or else its last name part. Embedded models reading embedded models
// are inlined recursively (the DAG is acyclic; depth is capped at 64). Returns the number of
// references inlined.
int InlineEmbedded(sql::Node* statement, const EmbeddedLookup& lookup, sql::Arena* arena);

// The lookup over a project's EMBEDDED models.
EmbeddedLookup EmbeddedModelsOf(const Project& project);

}  // namespace strata::project
