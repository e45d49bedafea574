// Macro expansion, the macro layer's entry point (DESIGN.md §3): turns a model file's statements
// (or one expression) into SQL without any macro, SQLMesh-compatible. What each variable and macro
// does is in docs/macros.md.
#pragma once

#include <memory>
#include <vector>

#include "base/result.h"
#include "macro/macro_context.h"
#include "sql/ast.h"

namespace strata::macro {

// Expands every macro in `statements` (a model file's statements in order — pre-statements, the
// query, post-statements — so that `@DEF(...)` statements define names for everything after
// them; @DEF statements themselves are removed from the output, and `@IF(cond, statement);`
// becomes the statement or nothing). Returns new statements without any macro node, allocated
// in `arena` (they share no node or text with the input). Fails with the first error, a
// ProjectError located at the macro call (file, line, column, line text) with a hint. The input
// is not modified. Thread-compatible: concurrent calls need distinct arenas.
Result<std::vector<sql::Node*>> ExpandMacros(const std::vector<sql::Node*>& statements,
                                             const MacroContext& context, sql::Arena* arena);

// Expands the macros of one expression or statement (an audit query, a MODEL header value, ...)
// with the context's variables; a @DEF here is an error. Returns one node allocated in `arena`;
// fails as ExpandMacros, and also when the macros produce no node or several (for example
// `@EACH` used where a single value is needed).
Result<sql::Node*> ExpandMacrosIn(sql::Node* node, const MacroContext& context, sql::Arena* arena);

class Evaluator;

// The stateful form of the two functions above, for a caller that expands a model file's
// statements and then other expressions (audits, MODEL header values) with the @DEF definitions
// the file made. Not thread-safe.
class MacroExpander {
 public:
  // REQUIRES: `context` and `arena` outlive the expander and the nodes it returns.
  MacroExpander(const MacroContext& context, sql::Arena* arena);
  ~MacroExpander();
  MacroExpander(const MacroExpander&) = delete;
  MacroExpander& operator=(const MacroExpander&) = delete;

  // As ExpandMacros; definitions made here stay for later calls.
  Result<std::vector<sql::Node*>> ExpandStatements(const std::vector<sql::Node*>& statements);
  // As ExpandMacrosIn, with the definitions made so far.
  Result<sql::Node*> ExpandIn(const sql::Node* node);

 private:
  std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace strata::macro
