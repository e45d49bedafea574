// Operator binding strengths, shared by the parser (to build trees) and the generator (to
// decide where a tree needs parentheses).
#pragma once

#include <string_view>

#include "sql/ast.h"

namespace strata::sql {

// Binding strength, lowest first (PostgreSQL's order; DuckDB's lambda arrow binds loosest).
enum Precedence : int {
  kPrecLambda = 1,
  kPrecOr = 2,
  kPrecAnd = 3,
  kPrecNot = 4,
  kPrecIs = 5,
  kPrecComparison = 6,
  kPrecLike = 7,   // BETWEEN, IN, LIKE, ILIKE, SIMILAR TO, GLOB
  kPrecOther = 8,  // ||, ->>, @>, &&, and any other operator
  kPrecAdditive = 9,
  kPrecMultiplicative = 10,
  kPrecPower = 11,
  kPrecAtZone = 12,  // AT TIME ZONE, COLLATE
  kPrecUnary = 13,
  kPrecPostfix = 14,  // ::, [], .field
  kPrecAtom = 100,
};

// The precedence of binary operator `op` (as the tokenizer spells it), or 0 when `op` is not a
// binary operator.
int OperatorPrecedence(std::string_view op);

// How tightly `node` binds as an operand: kPrecAtom for literals, names, calls and anything
// bracketed; the operator's precedence for operator nodes.
int ExpressionPrecedence(const Node* node);

}  // namespace strata::sql
