// Literal-like expression forms: stars (with EXCLUDE/REPLACE/RENAME), list, struct and map
// literals, CASE, CAST/TRY_CAST and INTERVAL.
#include <string>

#include "sql/parser.h"
#include "sql/parser_internal.h"
#include "sql/precedence.h"

namespace strata::sql {

Result<Node*> Parser::ParseStar(Node* qualifier, Span span) {
  Node* exclude = nullptr;
  Node* replace = nullptr;
  Node* rename = nullptr;
  if (AcceptKeyword(Keyword::kEXCLUDE)) {
    std::vector<Node*> items;
    if (AcceptKind(TokenKind::kLeftParen)) {
      STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
    } else {
      STRATA_ASSIGN_OR_RETURN(Node * item, ParsePrimary());
      items.push_back(item);
    }
    exclude = MakeList(items, span);
  }
  if (AcceptKeyword(Keyword::kREPLACE)) {
    std::vector<Node*> items;
    bool parens = AcceptKind(TokenKind::kLeftParen);
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * item, ParseMaybeAliased(false));
      items.push_back(item);
      if (!parens || !AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    if (parens) {
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    }
    replace = MakeList(items, span);
  }
  if (AcceptKeyword(Keyword::kRENAME)) {
    std::vector<Node*> items;
    bool parens = AcceptKind(TokenKind::kLeftParen);
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * item, ParseMaybeAliased(false));
      items.push_back(item);
      if (!parens || !AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    if (parens) {
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    }
    rename = MakeList(items, span);
  }
  if (qualifier == nullptr && exclude == nullptr && replace == nullptr && rename == nullptr) {
    return arena_->New(NodeKind::kStar, 0, span);
  }
  return arena_->New(NodeKind::kStar, {qualifier, exclude, replace, rename}, span);
}

Result<Node*> Parser::ParseArrayLiteral(bool keyword, Span span) {
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftBracket));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> items;
  STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightBracket, &items).status());
  Node* node =
      arena_->New(NodeKind::kArray, std::span<Node* const>(items.data(), items.size()), span);
  if (keyword) {
    node->flags = flag::kArrayKeyword;
  }
  return node;
}

Result<Node*> Parser::ParseStructLiteral(Span span) {
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftBrace));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> fields;
  while (!AcceptKind(TokenKind::kRightBrace)) {
    const Token& key = Peek();
    Node* field = arena_->New(NodeKind::kStructField, 1, key.span);
    if (key.kind == TokenKind::kString) {
      ++pos_;
      field->text = DecodeString(key);
    } else {
      STRATA_ASSIGN_OR_RETURN(Node * id, ParseIdentifier());
      field->text = id->text;
      field->flags = id->flags;
    }
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kColon));
    STRATA_ASSIGN_OR_RETURN(field->slots[0], ParseExpression());
    fields.push_back(field);
    if (!AcceptKind(TokenKind::kComma)) {
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightBrace));
      break;
    }
  }
  return arena_->New(NodeKind::kStruct, std::span<Node* const>(fields.data(), fields.size()), span);
}

Result<Node*> Parser::ParseMapLiteral(Span span) {
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftBrace));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> items;
  while (!AcceptKind(TokenKind::kRightBrace)) {
    STRATA_ASSIGN_OR_RETURN(Node * key, ParseExpression());
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kColon));
    STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpression());
    items.push_back(key);
    items.push_back(value);
    if (!AcceptKind(TokenKind::kComma)) {
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightBrace));
      break;
    }
  }
  return arena_->New(NodeKind::kMap, std::span<Node* const>(items.data(), items.size()), span);
}

Result<Node*> Parser::ParseCaseExpr() {
  const Token& start = Next();
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  Node* operand = nullptr;
  if (!IsKeyword(Keyword::kWHEN)) {
    STRATA_ASSIGN_OR_RETURN(operand, ParseExpression());
  }
  std::vector<Node*> slots{operand, nullptr};
  while (IsKeyword(Keyword::kWHEN)) {
    const Token& when = Next();
    STRATA_ASSIGN_OR_RETURN(Node * condition, ParseExpression());
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTHEN));
    STRATA_ASSIGN_OR_RETURN(Node * result, ParseExpression());
    slots.push_back(arena_->New(NodeKind::kWhen, {condition, result}, when.span));
  }
  if (slots.size() == 2) {
    return Expected("WHEN");
  }
  if (AcceptKeyword(Keyword::kELSE)) {
    STRATA_ASSIGN_OR_RETURN(slots[1], ParseExpression());
  }
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEND));
  return arena_->New(NodeKind::kCase, std::span<Node* const>(slots.data(), slots.size()),
                     start.span);
}

Result<Node*> Parser::ParseCastExpr(bool try_cast) {
  const Token& start = Next();
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  STRATA_ASSIGN_OR_RETURN(Node * expr, ParseExpression());
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAS));
  STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  Node* node = arena_->New(NodeKind::kCast, {expr, type}, start.span);
  if (try_cast) {
    node->flags = flag::kTry;
  }
  return node;
}

Result<Node*> Parser::ParseIntervalExpr() {
  const Token& start = Next();
  Node* value = nullptr;
  const Token& token = Peek();
  if (token.kind == TokenKind::kString || token.kind == TokenKind::kNumber ||
      token.kind == TokenKind::kEscapeString) {
    STRATA_ASSIGN_OR_RETURN(value, ParseLiteralToken());
  } else if (token.kind == TokenKind::kLeftParen) {
    STRATA_ASSIGN_OR_RETURN(value, ParseParenthesized());
  } else if (token.kind == TokenKind::kOperator && Text(token) == "-" &&
             Peek(1).kind == TokenKind::kNumber) {
    ++pos_;
    STRATA_ASSIGN_OR_RETURN(Node * number, ParseLiteralToken());
    value = arena_->New(NodeKind::kUnary, {number}, token.span);
    value->text = "-";
    value = arena_->New(NodeKind::kParen, {value}, token.span);
  } else {
    // INTERVAL x DAY means INTERVAL (x) DAY; the tree says so, as the generator prints it.
    STRATA_ASSIGN_OR_RETURN(value, ParsePrimary());
    value = arena_->New(NodeKind::kParen, {value}, token.span);
  }
  Node* node = arena_->New(NodeKind::kInterval, {value}, start.span);
  if (Peek().kind == TokenKind::kWord && IsIntervalUnit(Text(Peek()))) {
    std::string unit = UpperCase(Text(Next()));
    if (IsKeyword(Keyword::kTO) && Peek(1).kind == TokenKind::kWord &&
        IsIntervalUnit(Text(Peek(1)))) {
      ++pos_;
      unit += " TO " + UpperCase(Text(Next()));
    }
    node->text = Store(unit);
  } else if (value->kind != NodeKind::kLiteral || value->literal != LiteralKind::kString) {
    return Expected("an interval unit (DAY, MONTH, ...)");
  }
  return node;
}

}  // namespace strata::sql
