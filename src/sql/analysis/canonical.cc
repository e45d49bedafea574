// Canonical form: normalize a copy of the tree, then generate it compactly.
#include "sql/analysis/canonical.h"

#include "sql/analysis/scope.h"
#include "sql/generator.h"

namespace strata::sql {

namespace {

// Normalizes `node` in place (it is a private copy) and returns the node to use in its place.
Node* Normalize(Node* node, Arena* arena) {
  if (node == nullptr) {
    return nullptr;
  }
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    node->slots[i] = Normalize(node->slots[i], arena);
  }
  switch (node->kind) {
    case NodeKind::kIdentifier:
      // Unquoted names are case-insensitive; quoted ones with upper case are not.
      if (!node->Has(flag::kQuoted)) {
        node->text = arena->Store(FoldCase(node->text));
      }
      return node;
    case NodeKind::kAlias:
    case NodeKind::kTableAlias:
    case NodeKind::kCte:
    case NodeKind::kNamedWindow:
    case NodeKind::kColumnDef:
    case NodeKind::kNamedArg:
    case NodeKind::kFieldAccess:
    case NodeKind::kStructField:
      // Output names keep their spelling: DuckDB shows them as written.
      if (node->kind != NodeKind::kAlias && node->kind != NodeKind::kStructField &&
          !node->Has(flag::kQuoted)) {
        node->text = arena->Store(FoldCase(node->text));
      }
      return node;
    case NodeKind::kFunction:
      if (!node->Has(flag::kQuoted)) {
        node->text = arena->Store(FoldCase(node->text));
      }
      return node;
    case NodeKind::kParen:
      // Redundant expression parentheses; the generator re-adds the ones precedence needs.
      if (node->slot_count == 1) {
        return node->slots[0];
      }
      return node;
    case NodeKind::kBinary:
      if (node->text == "!=") {
        node->text = "<>";
      }
      if (node->text == "==") {
        node->text = "=";
      }
      return node;
    case NodeKind::kCast:
      node->flags &= ~flag::kShortCast;
      return node;
    case NodeKind::kJoin:
      node->flags &= ~flag::kOuter;
      if (node->text.empty()) {
        node->text = "INNER";
      }
      return node;
    default:
      return node;
  }
}

}  // namespace

Result<std::string> CanonicalForm(const Node* statement) {
  Arena arena;
  Node* copy = Normalize(Clone(statement, &arena), &arena);
  return Generate(copy);
}

}  // namespace strata::sql
