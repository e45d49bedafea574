// RewriteTables over the scoped table walk.
#include "sql/analysis/rewrite_tables.h"

#include "sql/analysis/scope.h"

namespace strata::sql {

int RewriteTables(Node* statement, const TableMapping& mapping, Arena* arena) {
  int rewritten = 0;
  VisitTables(statement, [&](Node* table, bool is_cte) {
    Node* name = table->slots[0];
    if (is_cte || name->kind != NodeKind::kName) {
      return;
    }
    std::optional<std::vector<std::string>> target = mapping(NameParts(name));
    if (!target.has_value() || target->empty()) {
      return;
    }
    std::vector<Node*> parts;
    for (const std::string& part : *target) {
      Node* identifier = arena->New(NodeKind::kIdentifier, 0, name->span);
      identifier->text = arena->Store(part);
      // The mapped names are exact (a physical table "strata__Raw"."Raw__Events__…"): the
      // generator quotes a part whose case or characters need it.
      identifier->flags |= flag::kQuoted;
      parts.push_back(identifier);
    }
    Node* old_last = name->slots[name->slot_count - 1];
    table->slots[0] = arena->New(NodeKind::kName, std::span<Node* const>(parts), name->span);
    if (table->slots[1] == nullptr) {
      Node* alias = arena->New(NodeKind::kTableAlias, 0, name->span);
      alias->text = arena->Store(old_last->text);
      alias->flags = old_last->flags & flag::kQuoted;
      table->slots[1] = alias;
    }
    ++rewritten;
  });
  return rewritten;
}

}  // namespace strata::sql
