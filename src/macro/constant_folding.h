// Constant folding: evaluates a macro-expanded SQL expression made only of literals at expansion
// time, for @IF, @FILTER, @EVAL and the conditional clauses (@WHERE(cond) ...). Supports literals,
// parentheses, arithmetic (+ - * / %), string concatenation (||), comparisons (= == != <> < > <=
// >=), AND / OR / NOT, IN (list), BETWEEN, IS [NOT] NULL / TRUE / FALSE, and CASE. Anything else
// (a column, a function call) cannot be known before the query runs and is an error naming it.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "base/result.h"
#include "sql/ast.h"

namespace strata::macro {

// A folded value. std::monostate is SQL NULL.
using ConstantValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

// Evaluates `expression`. Fails (InvalidArgument, message naming the offending sub-expression
// as SQL) when part of it is not a constant, on division by zero, or on comparing values of
// different types for order. REQUIRES: `expression` contains no macro node. Thread-safe.
Result<ConstantValue> FoldConstant(const sql::Node* expression);

// The truth of a folded condition: TRUE is true; FALSE and NULL are false; a number is true
// when non-zero. A string is an error (InvalidArgument).
Result<bool> IsTrue(const ConstantValue& value);

// `value` as an AST literal allocated in `arena` (NULL, TRUE/FALSE, a number, a string).
sql::Node* ConstantToNode(const ConstantValue& value, sql::Arena* arena);

}  // namespace strata::macro
