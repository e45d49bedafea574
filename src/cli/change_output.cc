// Change categories and diffs on the console.
#include "cli/change_output.h"

#include <fmt/format.h>

#include "base/text.h"
#include "core/text_diff.h"

namespace strata::cli {

std::string NameWithCategory(const std::string& name, ChangeCategory category) {
  return fmt::format("{} ({})", name, ChangeCategoryLabel(category));
}

void PrintDiff(Console& console, std::string_view before, std::string_view after,
               std::string_view before_label, std::string_view after_label) {
  const std::string diff = UnifiedDiff(before, after, before_label, after_label);
  for (std::string_view line : Split(diff, '\n')) {
    if (line.empty()) {
      continue;
    }
    Style style = Style::kPlain;
    if (line.starts_with("---") || line.starts_with("+++")) {
      style = Style::kBold;
    } else if (line.starts_with("@@")) {
      style = Style::kCyan;
    } else if (line.front() == '-') {
      style = Style::kRed;
    } else if (line.front() == '+') {
      style = Style::kGreen;
    }
    console.Line(console.Styled(line, style));
  }
}

}  // namespace strata::cli
