// Star expansion and column qualification of queries, given known table schemas.
#pragma once

#include "base/result.h"
#include "sql/analysis/schema.h"
#include "sql/ast.h"

namespace strata::sql {

// Replaces every `*` and `t.*` in the select lists under `query` with the qualified columns of
// the FROM sources (tables from `schema`, CTEs and subqueries from their output columns),
// honouring EXCLUDE. Fails with NotFound when a source's columns are unknown. New nodes go into
// `arena`.
Status ExpandStars(Node* query, const Schema& schema, Arena* arena);

// Prefixes every unqualified column reference with the FROM source that has it (alias, or the
// table's last name part), in every scope (subqueries see outer scopes; lambda parameters and
// select-list aliases are left alone). A name two sources have is an InvalidArgument error;
// a name no source has is left as written.
Status QualifyColumns(Node* query, const Schema& schema, Arena* arena);

}  // namespace strata::sql
