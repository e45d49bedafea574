// MacroContext: everything the macro evaluator reads from outside a model file — the interval's
// time variables, the project's `variables`, the physical table being written, the gateway, the
// dialect, a way to look up a table's columns (for @STAR and @UNION), and the file text for error
// carets. The project loader fills one per model (and per interval when rendering).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "macro/time_variables.h"
#include "sql/ast.h"
#include "sql/dialect.h"

namespace strata::macro {

struct MacroContext {
  // The interval's time variables; null: using a time variable is an error naming it.
  const TimeVariables* time = nullptr;
  // Config `variables` as AST values, keyed by lower-case name; @VAR('x') and @x read them. The
  // nodes must outlive the expansion; they are copied into the output, never referenced.
  std::map<std::string, sql::Node*> variables;
  // Rendered for @this_model: the SQL text of the physical table, already quoted as needed
  // ("strata__sales.sales__daily__123"). Empty: using @this_model is an error.
  std::string this_model;
  std::string gateway;  // @gateway (a string literal)
  sql::DialectKind dialect = sql::DialectKind::kDuckDb;
  // Column names of a table, as written in the macro call ("raw.orders"); may be empty (then
  // @STAR and @UNION fail clearly).
  std::function<Result<std::vector<std::string>>(const std::string& table)> columns_of;
  std::string_view source;     // the file text the nodes' spans point into, for error carets
  std::string_view file_name;  // for error locations
};

}  // namespace strata::macro
