// Constant folding of macro conditions (see constant_folding.h).
#include "macro/constant_folding.h"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/text.h"
#include "sql/generator.h"

namespace strata::macro {

namespace {

using sql::LiteralKind;
using sql::Node;
using sql::NodeKind;

bool IsNull(const ConstantValue& v) { return std::holds_alternative<std::monostate>(v); }
bool IsNumber(const ConstantValue& v) {
  return std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v);
}
double AsDouble(const ConstantValue& v) {
  return std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v))
                                            : std::get<double>(v);
}

std::string SqlOf(const Node* node) {
  Result<std::string> sql = sql::Generate(node);
  return sql.ok() ? *sql : std::string(sql::NodeKindName(node->kind));
}

Status NotConstant(const Node* node, std::string_view why) {
  return Status::InvalidArgument(std::string("cannot evaluate `") + SqlOf(node) +
                                 "` while expanding macros: " + std::string(why));
}

// -1, 0, 1; or an error when the values cannot be ordered against each other.
Result<int> Compare(const ConstantValue& a, const ConstantValue& b, const Node* node) {
  if (IsNumber(a) && IsNumber(b)) {
    if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) {
      int64_t x = std::get<int64_t>(a);
      int64_t y = std::get<int64_t>(b);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    double x = AsDouble(a);
    double y = AsDouble(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b)) {
    int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (std::holds_alternative<bool>(a) && std::holds_alternative<bool>(b)) {
    return static_cast<int>(std::get<bool>(a)) - static_cast<int>(std::get<bool>(b));
  }
  return NotConstant(node, "its operands have different types");
}

// Equality: values of different kinds are unequal (as SQLMesh's Python evaluator).
Result<ConstantValue> Equals(const ConstantValue& a, const ConstantValue& b, const Node* node) {
  if (IsNull(a) || IsNull(b)) {
    return ConstantValue{};
  }
  bool comparable = (IsNumber(a) && IsNumber(b)) || a.index() == b.index();
  if (!comparable) {
    return ConstantValue{false};
  }
  STRATA_ASSIGN_OR_RETURN(int c, Compare(a, b, node));
  return ConstantValue{c == 0};
}

Result<ConstantValue> Arithmetic(std::string_view op, const ConstantValue& a,
                                 const ConstantValue& b, const Node* node) {
  if (IsNull(a) || IsNull(b)) {
    return ConstantValue{};
  }
  if (!IsNumber(a) || !IsNumber(b)) {
    return NotConstant(node, "arithmetic needs numbers");
  }
  bool integers = std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b);
  if ((op == "/" || op == "%" || op == "//") && AsDouble(b) == 0) {
    return NotConstant(node, "division by zero");
  }
  if (integers) {
    int64_t x = std::get<int64_t>(a);
    int64_t y = std::get<int64_t>(b);
    int64_t out = 0;
    if (op == "+" && !__builtin_add_overflow(x, y, &out)) {
      return ConstantValue{out};
    }
    if (op == "-" && !__builtin_sub_overflow(x, y, &out)) {
      return ConstantValue{out};
    }
    if (op == "*" && !__builtin_mul_overflow(x, y, &out)) {
      return ConstantValue{out};
    }
    if ((op == "%" || op == "//") && !(x == INT64_MIN && y == -1)) {
      return ConstantValue{op == "%" ? x % y : x / y};
    }
    if (op == "/") {
      return ConstantValue{static_cast<double>(x) / static_cast<double>(y)};
    }
    if (op == "+" || op == "-" || op == "*" || op == "%" || op == "//") {
      return NotConstant(node, "integer overflow");
    }
  }
  double x = AsDouble(a);
  double y = AsDouble(b);
  double out = 0;
  if (op == "+") {
    out = x + y;
  } else if (op == "-") {
    out = x - y;
  } else if (op == "*") {
    out = x * y;
  } else if (op == "/") {
    out = x / y;
  } else if (op == "%") {
    out = std::fmod(x, y);
  } else {
    return NotConstant(node, std::string("the operator ") + std::string(op) + " is not supported");
  }
  if (!std::isfinite(out)) {
    return NotConstant(node, "the result is not a finite number");
  }
  return ConstantValue{out};
}

std::string ToText(const ConstantValue& v) {
  if (std::holds_alternative<std::string>(v)) {
    return std::get<std::string>(v);
  }
  if (std::holds_alternative<int64_t>(v)) {
    return std::to_string(std::get<int64_t>(v));
  }
  if (std::holds_alternative<bool>(v)) {
    return std::get<bool>(v) ? "true" : "false";
  }
  if (std::holds_alternative<double>(v)) {
    char buffer[64];
    snprintf(buffer, sizeof(buffer), "%.17g", std::get<double>(v));
    return buffer;
  }
  return "";
}

Result<ConstantValue> Fold(const Node* node, int depth);

Result<ConstantValue> FoldLogic(const Node* node, bool is_and, int depth) {
  STRATA_ASSIGN_OR_RETURN(ConstantValue left, Fold(node->slot(0), depth));
  STRATA_ASSIGN_OR_RETURN(ConstantValue right, Fold(node->slot(1), depth));
  auto truth = [&](const ConstantValue& v) -> Result<int> {  // -1 NULL, 0, 1
    if (IsNull(v)) {
      return -1;
    }
    STRATA_ASSIGN_OR_RETURN(bool b, IsTrue(v));
    return b ? 1 : 0;
  };
  STRATA_ASSIGN_OR_RETURN(int l, truth(left));
  STRATA_ASSIGN_OR_RETURN(int r, truth(right));
  if (is_and) {
    if (l == 0 || r == 0) {
      return ConstantValue{false};
    }
    if (l == -1 || r == -1) {
      return ConstantValue{};
    }
    return ConstantValue{true};
  }
  if (l == 1 || r == 1) {
    return ConstantValue{true};
  }
  if (l == -1 || r == -1) {
    return ConstantValue{};
  }
  return ConstantValue{false};
}

Result<ConstantValue> Fold(const Node* node, int depth) {
  if (depth > 200) {
    return NotConstant(node, "it is nested too deeply");
  }
  ++depth;
  switch (node->kind) {
    case NodeKind::kLiteral:
      switch (node->literal) {
        case LiteralKind::kNull:
          return ConstantValue{};
        case LiteralKind::kTrue:
          return ConstantValue{true};
        case LiteralKind::kFalse:
          return ConstantValue{false};
        case LiteralKind::kString:
          return ConstantValue{std::string(node->text)};
        case LiteralKind::kInteger: {
          std::string text(node->text);
          errno = 0;
          char* end = nullptr;
          long long value = std::strtoll(text.c_str(), &end, 10);
          if (errno == 0 && end != nullptr && *end == '\0') {
            return ConstantValue{static_cast<int64_t>(value)};
          }
          return ConstantValue{std::strtod(text.c_str(), nullptr)};
        }
        case LiteralKind::kDecimal: {
          std::string text;
          for (char c : node->text) {
            if (c != '_') {
              text += c;
            }
          }
          char* end = nullptr;
          double value = std::strtod(text.c_str(), &end);
          if (end == nullptr || *end != '\0') {
            return NotConstant(node, "unsupported number spelling");
          }
          return ConstantValue{value};
        }
        default:
          return NotConstant(node, "unsupported literal");
      }
    case NodeKind::kTypedLiteral:
      // DATE '2024-01-01' and friends compare as their text (ISO formats order correctly).
      return Fold(node->slot(1), depth);
    case NodeKind::kParen:
      return Fold(node->slot(0), depth);
    case NodeKind::kUnary: {
      STRATA_ASSIGN_OR_RETURN(ConstantValue v, Fold(node->slot(0), depth));
      if (node->text == "NOT") {
        if (IsNull(v)) {
          return v;
        }
        STRATA_ASSIGN_OR_RETURN(bool b, IsTrue(v));
        return ConstantValue{!b};
      }
      if (node->text == "-" || node->text == "+") {
        if (IsNull(v)) {
          return v;
        }
        if (!IsNumber(v)) {
          return NotConstant(node, "a sign needs a number");
        }
        if (node->text == "+") {
          return v;
        }
        if (std::holds_alternative<int64_t>(v) && std::get<int64_t>(v) != INT64_MIN) {
          return ConstantValue{-std::get<int64_t>(v)};
        }
        return ConstantValue{-AsDouble(v)};
      }
      return NotConstant(
          node, std::string("the operator ") + std::string(node->text) + " is not supported");
    }
    case NodeKind::kBinary: {
      std::string_view op = node->text;
      if (op == "AND" || op == "OR") {
        return FoldLogic(node, op == "AND", depth);
      }
      STRATA_ASSIGN_OR_RETURN(ConstantValue a, Fold(node->slot(0), depth));
      STRATA_ASSIGN_OR_RETURN(ConstantValue b, Fold(node->slot(1), depth));
      if (op == "=" || op == "==") {
        return Equals(a, b, node);
      }
      if (op == "!=" || op == "<>") {
        STRATA_ASSIGN_OR_RETURN(ConstantValue eq, Equals(a, b, node));
        if (IsNull(eq)) {
          return eq;
        }
        return ConstantValue{!std::get<bool>(eq)};
      }
      if (op == "<" || op == ">" || op == "<=" || op == ">=") {
        if (IsNull(a) || IsNull(b)) {
          return ConstantValue{};
        }
        STRATA_ASSIGN_OR_RETURN(int c, Compare(a, b, node));
        if (op == "<") {
          return ConstantValue{c < 0};
        }
        if (op == ">") {
          return ConstantValue{c > 0};
        }
        if (op == "<=") {
          return ConstantValue{c <= 0};
        }
        return ConstantValue{c >= 0};
      }
      if (op == "||") {
        if (IsNull(a) || IsNull(b)) {
          return ConstantValue{};
        }
        return ConstantValue{ToText(a) + ToText(b)};
      }
      if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "//") {
        return Arithmetic(op, a, b, node);
      }
      return NotConstant(node,
                         std::string("the operator ") + std::string(op) + " is not supported");
    }
    case NodeKind::kIs: {
      STRATA_ASSIGN_OR_RETURN(ConstantValue left, Fold(node->slot(0), depth));
      const Node* right = node->slot(1);
      bool result = false;
      if (node->Has(sql::flag::kDistinctFrom)) {
        STRATA_ASSIGN_OR_RETURN(ConstantValue r, Fold(right, depth));
        if (IsNull(left) || IsNull(r)) {
          result = !(IsNull(left) && IsNull(r));
        } else {
          STRATA_ASSIGN_OR_RETURN(ConstantValue eq, Equals(left, r, node));
          result = !std::get<bool>(eq);
        }
      } else if (right->kind == NodeKind::kLiteral && right->literal == LiteralKind::kNull) {
        result = IsNull(left);
      } else if (right->kind == NodeKind::kLiteral &&
                 (right->literal == LiteralKind::kTrue || right->literal == LiteralKind::kFalse)) {
        result = std::holds_alternative<bool>(left) &&
                 std::get<bool>(left) == (right->literal == LiteralKind::kTrue);
      } else {
        return NotConstant(node, "unsupported IS form");
      }
      return ConstantValue{node->Has(sql::flag::kNot) ? !result : result};
    }
    case NodeKind::kPostfixNull: {
      STRATA_ASSIGN_OR_RETURN(ConstantValue v, Fold(node->slot(0), depth));
      return ConstantValue{node->Has(sql::flag::kNot) ? !IsNull(v) : IsNull(v)};
    }
    case NodeKind::kBetween: {
      STRATA_ASSIGN_OR_RETURN(ConstantValue v, Fold(node->slot(0), depth));
      STRATA_ASSIGN_OR_RETURN(ConstantValue low, Fold(node->slot(1), depth));
      STRATA_ASSIGN_OR_RETURN(ConstantValue high, Fold(node->slot(2), depth));
      if (IsNull(v) || IsNull(low) || IsNull(high)) {
        return ConstantValue{};
      }
      STRATA_ASSIGN_OR_RETURN(int c1, Compare(v, low, node));
      STRATA_ASSIGN_OR_RETURN(int c2, Compare(v, high, node));
      bool inside = c1 >= 0 && c2 <= 0;
      if (node->Has(sql::flag::kSymmetric) && !inside) {
        inside = c1 <= 0 && c2 >= 0;
      }
      return ConstantValue{node->Has(sql::flag::kNot) ? !inside : inside};
    }
    case NodeKind::kIn: {
      STRATA_ASSIGN_OR_RETURN(ConstantValue v, Fold(node->slot(0), depth));
      bool found = false;
      bool saw_null = false;
      // x IN (a, b) holds its items in a kRow; IN [a, b] in an array.
      const Node* list = node;
      uint32_t first = 1;
      if (node->slot_count == 2 &&
          (node->slot(1)->kind == NodeKind::kRow || node->slot(1)->kind == NodeKind::kArray)) {
        list = node->slot(1);
        first = 0;
      }
      for (uint32_t i = first; i < list->slot_count; ++i) {
        if (list->slot(i)->kind == NodeKind::kSubquery) {
          return NotConstant(node, "IN (subquery) needs the database");
        }
        STRATA_ASSIGN_OR_RETURN(ConstantValue item, Fold(list->slot(i), depth));
        STRATA_ASSIGN_OR_RETURN(ConstantValue eq, Equals(v, item, node));
        if (IsNull(eq)) {
          saw_null = true;
        } else if (std::get<bool>(eq)) {
          found = true;
        }
      }
      if (!found && (saw_null || IsNull(v))) {
        return ConstantValue{};
      }
      return ConstantValue{node->Has(sql::flag::kNot) ? !found : found};
    }
    case NodeKind::kCase: {
      const Node* operand = node->slot(0);
      ConstantValue subject;
      if (operand != nullptr) {
        STRATA_ASSIGN_OR_RETURN(subject, Fold(operand, depth));
      }
      for (uint32_t i = 2; i < node->slot_count; ++i) {
        const Node* when = node->slot(i);
        STRATA_ASSIGN_OR_RETURN(ConstantValue c, Fold(when->slot(0), depth));
        bool hit = false;
        if (operand != nullptr) {
          STRATA_ASSIGN_OR_RETURN(ConstantValue eq, Equals(subject, c, node));
          hit = !IsNull(eq) && std::get<bool>(eq);
        } else if (!IsNull(c)) {
          STRATA_ASSIGN_OR_RETURN(hit, IsTrue(c));
        }
        if (hit) {
          return Fold(when->slot(1), depth);
        }
      }
      if (node->slot(1) != nullptr) {
        return Fold(node->slot(1), depth);
      }
      return ConstantValue{};
    }
    case NodeKind::kColumn:
      return NotConstant(node, "a column's value is only known when the query runs");
    default:
      return NotConstant(node, "only literals, operators, IN, BETWEEN, IS and CASE are evaluated");
  }
}

}  // namespace

Result<ConstantValue> FoldConstant(const Node* expression) { return Fold(expression, 0); }

Result<bool> IsTrue(const ConstantValue& value) {
  if (IsNull(value)) {
    return false;
  }
  if (std::holds_alternative<bool>(value)) {
    return std::get<bool>(value);
  }
  if (IsNumber(value)) {
    return AsDouble(value) != 0;
  }
  return Status::InvalidArgument(std::string("the string '") + std::get<std::string>(value) +
                                 "' is not a condition");
}

Node* ConstantToNode(const ConstantValue& value, sql::Arena* arena) {
  Node* node = arena->New(NodeKind::kLiteral);
  if (IsNull(value)) {
    node->literal = LiteralKind::kNull;
  } else if (std::holds_alternative<bool>(value)) {
    node->literal = std::get<bool>(value) ? LiteralKind::kTrue : LiteralKind::kFalse;
  } else if (std::holds_alternative<int64_t>(value)) {
    node->literal = LiteralKind::kInteger;
    node->text = arena->Store(std::to_string(std::get<int64_t>(value)));
  } else if (std::holds_alternative<double>(value)) {
    node->literal = LiteralKind::kDecimal;
    std::string text = ToText(value);
    if (text.find_first_of(".eE") == std::string::npos &&
        text.find_first_not_of("-0123456789") == std::string::npos) {
      text += ".0";
    }
    node->text = arena->Store(text);
  } else {
    node->literal = LiteralKind::kString;
    node->text = arena->Store(std::get<std::string>(value));
  }
  return node;
}

}  // namespace strata::macro
