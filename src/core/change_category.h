// Change categories (DESIGN.md §4, docs/environments.md): how a model's change relates to the
// version the environment had, which decides whether its table and its children's tables are
// rebuilt. A directly modified model is BREAKING, NON_BREAKING or METADATA (or FORWARD_ONLY);
// its children are indirectly modified: INDIRECT_BREAKING below a breaking change,
// INDIRECT_NON_BREAKING otherwise. The category is stored with the snapshot (payload key
// `change_category`), so a snapshot planned again in another environment keeps its versions.
#pragma once

#include <optional>
#include <string_view>

namespace strata {

enum class ChangeCategory {
  kBreaking,             // new version; children rebuilt too
  kNonBreaking,          // new version; children keep theirs
  kMetadata,             // same version, nothing rebuilt
  kForwardOnly,          // same version; the new logic applies to new intervals only
  kIndirectBreaking,     // a child of a breaking change: new version
  kIndirectNonBreaking,  // a child of non-breaking changes only: keeps its version
};

// The stored spelling: "BREAKING", "NON_BREAKING", "METADATA", "FORWARD_ONLY",
// "INDIRECT_BREAKING", "INDIRECT_NON_BREAKING".
std::string_view ChangeCategoryName(ChangeCategory category);
// How the plan shows it: "Breaking", "Non-breaking", "Metadata", "Forward-only",
// "Indirect Breaking", "Indirect Non-breaking".
std::string_view ChangeCategoryLabel(ChangeCategory category);
// The category of a stored name; nullopt for anything else.
std::optional<ChangeCategory> ParseChangeCategory(std::string_view name);

// Whether a change of this category gives the model's children new versions.
bool BreaksChildren(ChangeCategory category);

}  // namespace strata
