// Automatic change categorization (DESIGN.md §4, docs/environments.md "Change categories"): a
// model whose data changed is NON_BREAKING when the only change adds projections to its outer
// SELECT that nothing else in the query refers to; in every other case strata cannot be sure
// and the plan asks (or applies its default, BREAKING).
#pragma once

#include <cstdint>
#include <optional>

#include "core/change_category.h"
#include "core/snapshot.h"
#include "project/project.h"
#include "sql/ast.h"

namespace strata {

// Whether `after` differs from `before` only by projections added to the outer SELECT's list:
// both are SELECTs equal in every clause but the select list; the old items are a subsequence of
// the new ones; each added item is not `*`, names no column the query already outputs, is not
// referred to by name elsewhere in the query, adds no aggregate to a query that does not
// aggregate, and calls no set-returning function; the SELECT is not DISTINCT and not
// GROUP BY ALL (an added column would change the rows).
bool OnlyAddsProjections(const sql::Node* before, const sql::Node* after);

// The automatic category of `model` (of `project`) whose data hash differs from `previous`'s:
// kNonBreaking when every data property but the query is unchanged and OnlyAddsProjections holds
// for the queries; nullopt when unsure (including when the previous definition no longer loads).
std::optional<ChangeCategory> AutoCategorize(const project::Project& project,
                                             const project::Model& model, const Snapshot& previous,
                                             int64_t execution_time);

}  // namespace strata
