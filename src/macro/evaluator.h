// The macro evaluator: walks an AST and returns a copy in which every macro node (@var, @call(...),
// @{name}, identifiers with @ in them, conditional clauses) is replaced by what it stands for. One
// Evaluator holds the @DEF definitions of one model file, in the order the file makes them.
// Internal to the macro layer: the project loader uses expand_macros.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "macro/macro_context.h"
#include "sql/ast.h"

namespace strata::macro {

// An anonymous function `x -> body` or `(a, b) -> body`, as written in a macro argument or @DEF.
struct Lambda {
  std::vector<std::string> parameters;  // lower-case
  const sql::Node* body = nullptr;
};

// The nodes an expansion produced: usually one; none (@IF without an else branch, a false
// conditional clause) or several (@EACH, @STAR), which the enclosing list splices in.
using Nodes = std::vector<sql::Node*>;

class Evaluator {
 public:
  // REQUIRES: `context` and `arena` outlive the evaluator and every node it returns.
  Evaluator(const MacroContext& context, sql::Arena* arena);

  // Expands one statement of a model file. A `@DEF(name, value)` statement records the
  // definition and returns no statement; `@IF(cond, statement)` returns zero or one statement.
  Result<Nodes> ExpandStatement(const sql::Node* statement);

  // Expands `node` into zero or more nodes allocated in the arena (never sharing nodes or text
  // with the input). Fails at the first macro error, located at the macro call.
  Result<Nodes> Expand(const sql::Node* node);
  // Expands `node`, which must produce exactly one node (`what` names the place for the error).
  Result<sql::Node*> ExpandOne(const sql::Node* node, std::string_view what);
  // Expands `node` as a list: the items of an array or tuple, the several nodes a macro
  // produced, or the single node as a list of one.
  Result<Nodes> ExpandList(const sql::Node* node);

  // Expands `condition` and folds it to true or false; an error names a part that is not a
  // constant. `macro` is the call the condition belongs to (for the error).
  Result<bool> EvaluateCondition(const sql::Node* condition, const sql::Node* macro);

  // Whether `node` is a lambda (x -> body, (a, b) -> body); fills `lambda` when it is.
  static bool AsLambda(const sql::Node* node, Lambda* lambda);
  // Calls `lambda` with `arguments` (already expanded): substitutes the parameters in the body
  // (as columns `x`, macro variables `@x`, and inside identifiers `col_@x`, `@{x}_col`), then
  // expands the result. Fails when the argument count differs from the parameter count.
  Result<Nodes> Apply(const Lambda& lambda, std::span<sql::Node* const> arguments,
                      const sql::Node* call);

  // Builds SQL from `sql_template`, in which `@__0`, `@__1`, ... stand for `arguments` (copied
  // in as AST nodes, never as text, so no value can inject SQL). Spans are set to `call`'s.
  Result<sql::Node*> FromTemplate(std::string_view sql_template,
                                  std::span<sql::Node* const> arguments, const sql::Node* call,
                                  bool statement = false);

  // A macro error located at `node` (or the innermost located macro call when `node` has no
  // position in the file), with an optional hint.
  Status Error(const sql::Node* node, std::string message, std::string hint = "") const;

  // The text an identifier gets from a value: a string's value, a number's spelling, a column's
  // or identifier's name. Fails for other nodes.
  Result<std::string> IdentifierText(const sql::Node* value, const sql::Node* at) const;

  // Records `@DEF(name, value)`; later definitions shadow earlier ones.
  void Define(std::string name, sql::Node* value);
  // The value of @DEF `name` (lower-case), or nullptr.
  sql::Node* Definition(std::string_view name) const;
  // Every @DEF name (for "did you mean" hints).
  std::vector<std::string> DefinitionNames() const;

  const MacroContext& context() const { return context_; }
  sql::Arena* arena() const { return arena_; }
  // A copy of `node` into the arena with every span set to `at`'s (for values that come from
  // another text: variables, @SQL strings, templates).
  sql::Node* CopyAt(const sql::Node* node, const sql::Node* at) const;

 private:
  friend class CallGuard;

  Result<Nodes> ExpandChildren(const sql::Node* node);
  Result<Nodes> ExpandMacroCall(const sql::Node* call);
  Result<Nodes> ExpandClause(const sql::Node* clause);
  Result<sql::Node*> ResolveVariable(std::string_view name, const sql::Node* at);
  Result<std::string> InterpolateText(std::string_view text, const sql::Node* at);
  Result<Nodes> ExpandName(const sql::Node* name);
  Result<Nodes> ExpandOpaque(const sql::Node* opaque);
  Result<Nodes> ExpandOpaqueIf(const sql::Node* opaque);
  Result<std::string> ExpandOpaqueText(const sql::Node* opaque);
  Result<sql::Node*> ThisModel(const sql::Node* at);
  sql::Node* CopyNode(const sql::Node* node) const;  // shallow: kind, flags, text, span

  const MacroContext& context_;
  sql::Arena* arena_;
  std::vector<std::pair<std::string, sql::Node*>> definitions_;
  int depth_ = 0;      // nesting of macro calls and lambda applications
  int64_t steps_ = 0;  // macro calls evaluated, to bound runaway expansions
  std::vector<const sql::Node*> located_calls_;  // macro calls being evaluated, outermost first
};

// Nesting limit of macro calls (a @DEF function calling itself ends here with an error).
inline constexpr int kMaxMacroDepth = 64;
// Limit on macro calls evaluated per Evaluator (an expansion that would explode ends here).
inline constexpr int64_t kMaxMacroSteps = 200000;

}  // namespace strata::macro
