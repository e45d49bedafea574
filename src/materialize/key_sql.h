// SQL fragments over a model's unique key (INCREMENTAL_BY_UNIQUE_KEY and SCD type 2): the key
// expressions qualified with a table alias, the condition that matches two rows by key, and the
// `when_matched` clauses made ready for a MERGE statement. Every fragment is generated from the
// AST by the SQL generator in the connection's dialect, never pasted from source text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/dialect.h"

namespace strata {

// `expression` in `dialect` with every unqualified column reference qualified by `alias`
// (`COALESCE("ds", '')` with alias source: `COALESCE(source.ds, '')`); an empty alias leaves it
// as written. Columns inside subqueries are left alone. Fails with the generator's error.
Result<std::string> QualifiedSql(const sql::Node* expression, std::string_view alias,
                                 sql::DialectKind dialect);

// The key expressions of `unique_key`, each qualified by `alias` (see QualifiedSql).
Result<std::vector<std::string>> KeySql(const std::vector<const sql::Node*>& unique_key,
                                        std::string_view alias, sql::DialectKind dialect);

// The condition that two rows have the same key: `l0 = r0 AND l1 = r1 …`, where `nullable[i]`
// makes part i NULL-safe (`l IS NOT DISTINCT FROM r`). Plain equality lets both engines use a
// hash join; callers make a part NULL-safe only when NULLs occur in it (see docs/plan_and_run.md,
// "NULL key parts"). REQUIRES: left, right and nullable have the same size.
std::string KeyMatch(const std::vector<std::string>& left, const std::vector<std::string>& right,
                     const std::vector<bool>& nullable);

// A `when_matched` clause (a kMergeWhen node) as MERGE text in `dialect`, with the `target.`
// qualifier dropped from the columns its UPDATE SET assigns (neither engine accepts a qualified
// column there). Fails for a WHEN NOT MATCHED clause and with the generator's errors.
Result<std::string> WhenMatchedSql(const sql::Node* clause, sql::DialectKind dialect);

// Whether the `when_matched` clause's action is DELETE.
bool DeletesRows(const sql::Node* clause);

}  // namespace strata
