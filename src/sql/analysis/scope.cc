// The scoped walk over table references.
#include "sql/analysis/scope.h"

#include <cctype>

namespace strata::sql {

int WithSlot(const Node* node) {
  switch (node->kind) {
    case NodeKind::kSelect:
      return kSelectWith;
    case NodeKind::kSetOp:
    case NodeKind::kQueryParen:
      return 0;
    case NodeKind::kInsert:
      return 6;
    case NodeKind::kUpdate:
      return 5;
    case NodeKind::kDelete:
      return 4;
    default:
      return -1;
  }
}

std::string FoldCase(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> NameParts(const Node* name) {
  std::vector<std::string> parts;
  for (const Node* part : name->children()) {
    parts.emplace_back(part->text);
  }
  return parts;
}

namespace {

class TableWalker {
 public:
  explicit TableWalker(const std::function<void(Node*, bool)>& visit) : visit_(visit) {}

  void Walk(Node* node) {
    if (node == nullptr) {
      return;
    }
    if (node->kind == NodeKind::kTable) {
      Node* name = node->slots[0];
      bool is_cte = false;
      if (name->kind == NodeKind::kName && name->slot_count == 1) {
        std::string folded = FoldCase(name->slots[0]->text);
        for (const std::string& cte : ctes_) {
          is_cte = is_cte || cte == folded;
        }
      }
      visit_(node, is_cte);
      for (uint32_t i = 1; i < node->slot_count; ++i) {
        Walk(node->slots[i]);
      }
      return;
    }
    int with_slot = WithSlot(node);
    Node* with = with_slot >= 0 ? node->slots[with_slot] : nullptr;
    size_t mark = ctes_.size();
    if (with != nullptr) {
      bool recursive = with->Has(flag::kRecursive);
      if (recursive) {
        for (const Node* cte : with->children()) {
          ctes_.push_back(FoldCase(cte->text));
        }
      }
      for (Node* cte : with->children()) {
        Walk(cte->slots[1]);
        if (!recursive) {
          ctes_.push_back(FoldCase(cte->text));
        }
      }
    }
    for (uint32_t i = 0; i < node->slot_count; ++i) {
      if (static_cast<int>(i) != with_slot) {
        Walk(node->slots[i]);
      }
    }
    ctes_.resize(mark);
  }

 private:
  const std::function<void(Node*, bool)>& visit_;
  std::vector<std::string> ctes_;
};

}  // namespace

void VisitTables(Node* root, const std::function<void(Node* table, bool is_cte)>& visit) {
  TableWalker walker(visit);
  walker.Walk(root);
}

}  // namespace strata::sql
