// The operator precedence table.
#include "sql/precedence.h"

namespace strata::sql {

namespace {

struct OperatorInfo {
  std::string_view text;
  int precedence;
};

constexpr OperatorInfo kOperatorTable[] = {
    {"->", kPrecLambda},         {"=", kPrecComparison},
    {"==", kPrecComparison},     {"<>", kPrecComparison},
    {"!=", kPrecComparison},     {"<", kPrecComparison},
    {">", kPrecComparison},      {"<=", kPrecComparison},
    {">=", kPrecComparison},     {"+", kPrecAdditive},
    {"-", kPrecAdditive},        {"*", kPrecMultiplicative},
    {"/", kPrecMultiplicative},  {"%", kPrecMultiplicative},
    {"//", kPrecMultiplicative}, {"^", kPrecPower},
    {"**", kPrecPower},          {"||", kPrecOther},
    {"->>", kPrecOther},         {"@>", kPrecOther},
    {"<@", kPrecOther},          {"&&", kPrecOther},
    {"^@", kPrecOther},          {"<<", kPrecOther},
    {">>", kPrecOther},          {"&", kPrecOther},
    {"|", kPrecOther},           {"#", kPrecOther},
    {"~", kPrecOther},           {"!~", kPrecOther},
    {"~*", kPrecOther},          {"!~*", kPrecOther},
    {"~~", kPrecOther},          {"!~~", kPrecOther},
    {"~~*", kPrecOther},         {"!~~*", kPrecOther},
    {"<=>", kPrecComparison},    {"-|-", kPrecOther},
    {"AND", kPrecAnd},           {"OR", kPrecOr},
};

}  // namespace

int OperatorPrecedence(std::string_view op) {
  for (const OperatorInfo& info : kOperatorTable) {
    if (info.text == op) {
      return info.precedence;
    }
  }
  return 0;
}

int ExpressionPrecedence(const Node* node) {
  switch (node->kind) {
    case NodeKind::kBinary:
      return OperatorPrecedence(node->text);
    case NodeKind::kUnary:
      return node->text == "NOT" ? kPrecNot : kPrecUnary;
    case NodeKind::kIs:
    case NodeKind::kPostfixNull:
      return kPrecIs;
    case NodeKind::kBetween:
    case NodeKind::kIn:
    case NodeKind::kLike:
      return kPrecLike;
    case NodeKind::kAtTimeZone:
    case NodeKind::kCollate:
      return kPrecAtZone;
    case NodeKind::kCast:
      return node->Has(flag::kShortCast) ? kPrecPostfix : kPrecAtom;
    case NodeKind::kSubscript:
    case NodeKind::kSlice:
    case NodeKind::kFieldAccess:
    case NodeKind::kMethodCall:
      return kPrecPostfix;
    case NodeKind::kLambda:
    case NodeKind::kAlias:
      return kPrecLambda;
    default:
      return kPrecAtom;
  }
}

}  // namespace strata::sql
