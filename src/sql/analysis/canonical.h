// The canonical form of a statement, for fingerprints: whitespace, comments, keyword case,
// unquoted identifier case, redundant parentheses and equivalent spellings (<> / !=, CAST / ::,
// LEFT OUTER JOIN / LEFT JOIN, AS) do not count (an explicit ASC does: DuckDB's
// default_order setting can flip the default); any change that can change the result
// does. The format is documented in docs/sql_canonical_form.md; changing it changes every
// fingerprint.
#pragma once

#include <string>

#include "base/result.h"
#include "sql/ast.h"

namespace strata::sql {

// Returns the canonical text of `statement`: compact DuckDB SQL of a normalized copy. Fails
// only when the statement cannot be generated for DuckDB. Thread-safe.
Result<std::string> CanonicalForm(const Node* statement);

}  // namespace strata::sql
