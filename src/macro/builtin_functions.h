// The built-in macro functions (@EACH, @IF, @STAR, ...): a table from name to signature and
// implementation. Each implementation receives the call and its bound (unexpanded) arguments, and
// expands what it needs through the Evaluator — lambdas are applied, not expanded, and @IF expands
// only the branch it takes.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "macro/arguments.h"
#include "macro/evaluator.h"

namespace strata::macro {

using BuiltinHandler = Result<Nodes> (*)(Evaluator& evaluator, const sql::Node* call,
                                         const std::vector<const sql::Node*>& args);

struct BuiltinMacro {
  Signature signature;
  BuiltinHandler handler;
};

// The built-in named `name` (without '@', any case), or nullptr.
const BuiltinMacro* FindBuiltin(std::string_view name);

// Every built-in name, upper-case, without '@'.
std::vector<std::string_view> BuiltinNames();

// Implementations, grouped by file: builtin_functions.cc (list, logic, values, arithmetic) and
// relation_macros.cc (the macros that build queries or need table columns).
Result<Nodes> MacroStar(Evaluator& evaluator, const sql::Node* call,
                        const std::vector<const sql::Node*>& args);
Result<Nodes> MacroUnion(Evaluator& evaluator, const sql::Node* call,
                         const std::vector<const sql::Node*>& args);
Result<Nodes> MacroDeduplicate(Evaluator& evaluator, const sql::Node* call,
                               const std::vector<const sql::Node*>& args);
Result<Nodes> MacroDateSpine(Evaluator& evaluator, const sql::Node* call,
                             const std::vector<const sql::Node*>& args);

}  // namespace strata::macro
