// `selectors.yml` beside dbt_project.yml: named selections for `--selector NAME`. A definition is
// a selection string (`tag:nightly+`: one spec — a string with spaces is an error, where dbt
// silently selects nothing), a method mapping (`{method: tag, value: nightly,
// children: true, parents: true, children_depth: 2, parents_depth: 1, childrens_parents: true}`),
// `{union: [...]}` or `{intersection: [...]}` of definitions (either may hold one `{exclude:
// [...]}` entry, taken away from the rest), or `{method: selector, value: other}` naming another
// selector; a selector with `default: true` applies when a command gives no selection.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "base/result.h"
#include "dbt/manifest.h"

namespace strata::dbt {

// The unique ids the selector `name` of the project's selectors.yml picks. Fails naming the file,
// line and column of a malformed definition, or an unknown selector (listing the known ones).
Result<std::set<std::string>> SelectBySelector(const Manifest& manifest, const std::string& name);

// The name of the selector marked `default: true`, if the project has one.
Result<std::optional<std::string>> DefaultSelector(const Manifest& manifest);

}  // namespace strata::dbt
