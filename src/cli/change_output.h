// How `plan` and `diff` show changes: the category of a change and a unified, coloured diff of a
// model file (docs/environments.md).
#pragma once

#include <string>
#include <string_view>

#include "cli/console.h"
#include "core/change_category.h"

namespace strata::cli {

// `name (Category)`, e.g. "sales.daily_sales (Non-breaking)".
std::string NameWithCategory(const std::string& name, ChangeCategory category);

// Prints the unified diff of `before` and `after` (labelled) with removed lines red, added
// lines green and hunk headers cyan when the console has colour; prints nothing when the texts
// have the same lines.
void PrintDiff(Console& console, std::string_view before, std::string_view after,
               std::string_view before_label, std::string_view after_label);

}  // namespace strata::cli
