// The public entry points of macro expansion (see expand_macros.h).
#include "macro/expand_macros.h"

#include "macro/evaluator.h"

namespace strata::macro {

MacroExpander::MacroExpander(const MacroContext& context, sql::Arena* arena)
    : evaluator_(std::make_unique<Evaluator>(context, arena)) {}

MacroExpander::~MacroExpander() = default;

Result<std::vector<sql::Node*>> MacroExpander::ExpandStatements(
    const std::vector<sql::Node*>& statements) {
  std::vector<sql::Node*> out;
  for (const sql::Node* statement : statements) {
    STRATA_ASSIGN_OR_RETURN(Nodes expanded, evaluator_->ExpandStatement(statement));
    for (sql::Node* node : expanded) {
      if (node != nullptr) {
        out.push_back(node);
      }
    }
  }
  return out;
}

Result<sql::Node*> MacroExpander::ExpandIn(const sql::Node* node) {
  STRATA_ASSIGN_OR_RETURN(Nodes expanded, evaluator_->Expand(node));
  if (expanded.size() != 1 || expanded[0] == nullptr) {
    return evaluator_->Error(node, "the macros here produced " + std::to_string(expanded.size()) +
                                       " values where one is needed");
  }
  return expanded[0];
}

Result<std::vector<sql::Node*>> ExpandMacros(const std::vector<sql::Node*>& statements,
                                             const MacroContext& context, sql::Arena* arena) {
  return MacroExpander(context, arena).ExpandStatements(statements);
}

Result<sql::Node*> ExpandMacrosIn(sql::Node* node, const MacroContext& context, sql::Arena* arena) {
  return MacroExpander(context, arena).ExpandIn(node);
}

}  // namespace strata::macro
