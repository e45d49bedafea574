// dbt's node selection (`-s/--select`, `--exclude`): space-separated terms are a union, comma-
// separated parts of a term an intersection; a part is `method:value` (fqn, tag, source,
// resource_type, path, file, package, test_name, config.KEY) or a bare value (a path when it has
// a `/`, a file when it ends in .sql/.csv, else fqn), with graph operators `+x` (and its
// ancestors), `x+` (descendants), `n+x` / `x+n` (up to n steps), `@x` (descendants and all their
// ancestors). Values match with Unix wildcards. Tests whose parents are selected are added
// (dbt's eager indirect selection).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/manifest.h"

namespace strata::dbt {

// The unique ids `select` (everything when empty) minus `exclude` pick out of `manifest`. Fails
// for an unknown method or a malformed graph operator, naming it.
Result<std::set<std::string>> SelectNodes(const Manifest& manifest,
                                          const std::vector<std::string>& select,
                                          const std::vector<std::string>& exclude);

}  // namespace strata::dbt
