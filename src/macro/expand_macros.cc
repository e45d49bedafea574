// The public entry points of macro expansion (see expand_macros.h).
#include "macro/expand_macros.h"

#include "macro/evaluator.h"

namespace strata::macro {

Result<std::vector<sql::Node*>> ExpandMacros(const std::vector<sql::Node*>& statements,
                                             const MacroContext& context, sql::Arena* arena) {
  Evaluator evaluator(context, arena);
  std::vector<sql::Node*> out;
  for (const sql::Node* statement : statements) {
    STRATA_ASSIGN_OR_RETURN(Nodes expanded, evaluator.ExpandStatement(statement));
    for (sql::Node* node : expanded) {
      if (node != nullptr) {
        out.push_back(node);
      }
    }
  }
  return out;
}

Result<sql::Node*> ExpandMacrosIn(sql::Node* node, const MacroContext& context, sql::Arena* arena) {
  Evaluator evaluator(context, arena);
  STRATA_ASSIGN_OR_RETURN(Nodes expanded, evaluator.Expand(node));
  if (expanded.size() != 1 || expanded[0] == nullptr) {
    return evaluator.Error(node, std::string("the macros here produced ") +
                                     std::to_string(expanded.size()) +
                                     " values where one is needed");
  }
  return expanded[0];
}

}  // namespace strata::macro
