// ReferencedTables over the scoped table walk.
#include "sql/analysis/table_references.h"

#include <set>

#include "sql/analysis/scope.h"

namespace strata::sql {

std::vector<TableReference> ReferencedTables(const Node* statement) {
  std::vector<TableReference> out;
  std::set<std::vector<std::string>> seen;
  // The walk does not modify the tree; it takes Node* so rewriting passes can share it.
  VisitTables(const_cast<Node*>(statement), [&](Node* table, bool is_cte) {
    if (is_cte || table->slots[0]->kind != NodeKind::kName) {
      return;
    }
    std::vector<std::string> parts = NameParts(table->slots[0]);
    std::vector<std::string> folded;
    for (const std::string& part : parts) {
      folded.push_back(FoldCase(part));
    }
    if (!seen.insert(folded).second) {
      return;
    }
    out.push_back(TableReference{std::move(parts), table});
  });
  return out;
}

}  // namespace strata::sql
