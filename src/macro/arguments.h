// Binding a macro call's arguments to the macro's parameters: positional arguments in order, then
// named ones (`name := value` or `name => value`, any order), as SQLMesh's macro functions take
// them. Errors name the macro and show its signature.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "macro/evaluator.h"
#include "sql/ast.h"

namespace strata::macro {

// A macro's parameter list. `parameters` is comma-separated; a name may list aliases with '|'
// ("exclude|except_"), and a final "..." makes the last parameter take any number of values.
// The first `required` parameters must be given.
struct Signature {
  std::string_view name;  // upper-case, without '@': "STAR"
  std::string_view parameters;
  int required = 0;
};

// "@IF(condition, true_value[, false_value])", "@AND(conditions...)".
std::string SignatureText(const Signature& signature);

// The arguments of `call` by parameter: one entry per parameter (nullptr when not given; for a
// variadic last parameter, one entry per value given, possibly none). Named arguments are
// matched ignoring case. Fails, located at the call, on too many or too few arguments, an
// unknown or repeated name, or a positional argument after a named one.
Result<std::vector<const sql::Node*>> BindArguments(const Evaluator& evaluator,
                                                    const sql::Node* call,
                                                    const Signature& signature);

}  // namespace strata::macro
