// Unique-key SQL fragments: qualification and MERGE clauses, on cloned ASTs.
#include "materialize/key_sql.h"

#include <fmt/format.h>

#include <cassert>

#include "base/text.h"
#include "sql/generator.h"

namespace strata {
namespace {

using sql::Node;
using sql::NodeKind;

// Qualifies the unqualified columns under `node` (in place; `node` is a clone in `arena`).
void Qualify(Node* node, std::string_view alias, sql::Arena* arena) {
  if (node == nullptr) {
    return;
  }
  switch (node->kind) {
    case NodeKind::kSubquery:
    case NodeKind::kExists:
    case NodeKind::kArraySubquery:
    case NodeKind::kLambda:
      return;
    default:
      break;
  }
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    Node* child = node->slots[i];
    if (child != nullptr && child->kind == NodeKind::kColumn && child->slot_count == 1) {
      Node* qualifier = arena->New(NodeKind::kIdentifier, 0, child->span);
      qualifier->text = arena->Store(alias);
      node->slots[i] = arena->New(NodeKind::kColumn, {qualifier, child->slots[0]}, child->span);
    } else {
      Qualify(child, alias, arena);
    }
  }
}

sql::GenerateOptions Options(sql::DialectKind dialect) {
  sql::GenerateOptions options;
  options.dialect = dialect;
  return options;
}

}  // namespace

Result<std::string> QualifiedSql(const sql::Node* expression, std::string_view alias,
                                 sql::DialectKind dialect) {
  if (alias.empty()) {
    return sql::Generate(expression, Options(dialect));
  }
  sql::Arena arena;
  // A wrapper so that a bare column at the top is qualified like any other.
  Node* wrapper = arena.New(NodeKind::kParen, {sql::Clone(expression, &arena)});
  Qualify(wrapper, alias, &arena);
  return sql::Generate(wrapper->slots[0], Options(dialect));
}

Result<std::vector<std::string>> KeySql(const std::vector<const sql::Node*>& unique_key,
                                        std::string_view alias, sql::DialectKind dialect) {
  std::vector<std::string> out;
  out.reserve(unique_key.size());
  for (const sql::Node* key : unique_key) {
    STRATA_ASSIGN_OR_RETURN(std::string text, QualifiedSql(key, alias, dialect));
    out.push_back(std::move(text));
  }
  return out;
}

std::string KeyMatch(const std::vector<std::string>& left, const std::vector<std::string>& right,
                     const std::vector<bool>& nullable) {
  assert(left.size() == right.size() && left.size() == nullable.size());
  std::vector<std::string> parts;
  for (size_t i = 0; i < left.size(); ++i) {
    parts.push_back(
        fmt::format("({}) {} ({})", left[i], nullable[i] ? "IS NOT DISTINCT FROM" : "=", right[i]));
  }
  return Join(parts, " AND ");
}

Result<std::string> WhenMatchedSql(const sql::Node* clause, sql::DialectKind dialect) {
  if (clause->kind != NodeKind::kMergeWhen || clause->Has(sql::flag::kNot)) {
    return Status::InvalidArgument("when_matched takes WHEN MATCHED clauses only");
  }
  sql::Arena arena;
  Node* copy = sql::Clone(clause, &arena);
  Node* action = copy->slot(1);
  Node* set = action != nullptr && action->text == "UPDATE" && action->slot_count > 0
                  ? action->slot(0)
                  : nullptr;
  if (set != nullptr) {
    for (Node* assign : set->children()) {
      Node* column = assign != nullptr && assign->slot_count > 0 ? assign->slot(0) : nullptr;
      if (column != nullptr && column->kind == NodeKind::kColumn && column->slot_count == 2 &&
          EqualsIgnoreCase(column->slot(0)->text, "target")) {
        assign->slots[0] = arena.New(NodeKind::kColumn, {column->slot(1)}, column->span);
      }
    }
  }
  return sql::Generate(copy, Options(dialect));
}

bool DeletesRows(const sql::Node* clause) {
  const sql::Node* action = clause->SlotOrNull(1);
  return action != nullptr && action->text == "DELETE";
}

}  // namespace strata
