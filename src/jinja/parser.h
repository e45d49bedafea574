// The Jinja parser: tokens to a template AST, following Jinja2 3.1's grammar and operator
// precedence (`~` binds tighter than + and -, `**` is left-associative, filters and tests bind
// tighter than every operator but unary minus).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "jinja/ast.h"
#include "jinja/source_text.h"
#include "jinja/token.h"

namespace strata::jinja {

// Parses `tokens` (from Tokenize of `source`). Fails with a parse error naming the file, line and
// column, with a hint (the nearest known tag for an unknown one; the block left open at the end).
Result<Body> ParseTemplate(const SourceText& source, const std::vector<Token>& tokens);

}  // namespace strata::jinja
