// A line diff of two texts (the model files of two snapshots) and its unified rendering, for the
// plan's difference and `strata diff` (docs/environments.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata {

struct DiffLine {
  enum class Op { kKeep, kRemove, kAdd };
  Op op = Op::kKeep;
  std::string_view text;  // the line without its newline; views into the compared texts
};

// The lines of `before` and `after` as an edit script: kept lines (a longest common subsequence
// of lines, after the common prefix and suffix), removed lines of `before` and added lines of
// `after`, in order. When the changed middle exceeds 4,000 x 4,000 lines the script is still
// correct but not minimal (it removes then adds the whole middle).
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

// A unified diff of `before` and `after` with `context` lines around each change: `--- label`,
// `+++ label`, then hunks headed `@@ -l,c +l,c @@` whose lines start with ' ', '-' or '+'.
// Every line ends with '\n'. Empty when the texts have the same lines.
std::string UnifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_label, std::string_view after_label,
                        int context = 3);

}  // namespace strata
