// Change categories: names and the rule for children.
#include "core/change_category.h"

#include <array>
#include <utility>

namespace strata {

namespace {

struct CategoryText {
  ChangeCategory category;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<CategoryText, 6> kCategories = {{
    {ChangeCategory::kBreaking, "BREAKING", "Breaking"},
    {ChangeCategory::kNonBreaking, "NON_BREAKING", "Non-breaking"},
    {ChangeCategory::kMetadata, "METADATA", "Metadata"},
    {ChangeCategory::kForwardOnly, "FORWARD_ONLY", "Forward-only"},
    {ChangeCategory::kIndirectBreaking, "INDIRECT_BREAKING", "Indirect Breaking"},
    {ChangeCategory::kIndirectNonBreaking, "INDIRECT_NON_BREAKING", "Indirect Non-breaking"},
}};

const CategoryText& TextOf(ChangeCategory category) {
  for (const CategoryText& text : kCategories) {
    if (text.category == category) {
      return text;
    }
  }
  return kCategories[0];
}

}  // namespace

std::string_view ChangeCategoryName(ChangeCategory category) { return TextOf(category).name; }

std::string_view ChangeCategoryLabel(ChangeCategory category) { return TextOf(category).label; }

std::optional<ChangeCategory> ParseChangeCategory(std::string_view name) {
  for (const CategoryText& text : kCategories) {
    if (text.name == name) {
      return text.category;
    }
  }
  return std::nullopt;
}

bool BreaksChildren(ChangeCategory category) {
  return category == ChangeCategory::kBreaking || category == ChangeCategory::kIndirectBreaking;
}

}  // namespace strata
