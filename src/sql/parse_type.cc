// Type names: INT, DECIMAL(10, 2), DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE, VARCHAR[],
// INT[3], STRUCT(a INT, b VARCHAR), MAP(VARCHAR, INT), UNION(a INT), ENUM('x', 'y').
#include <cctype>
#include <string>

#include "sql/parser.h"
#include "sql/parser_internal.h"

namespace strata::sql {

Result<Node*> Parser::ParseType() {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  const Token& start = Peek();
  if (start.kind != TokenKind::kWord && start.kind != TokenKind::kQuotedIdentifier) {
    return Expected("a type name");
  }
  ++pos_;
  std::string name;
  // Type names are case-insensitive, quoted or not: keep them upper-case.
  std::string_view spelling = start.kind == TokenKind::kQuotedIdentifier
                                  ? MakeQuotedIdentifier(arena_, Text(start), start.span)->text
                                  : Text(start);
  for (char c : spelling) {
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  // Qualified type names (schema.type).
  while (IsKind(TokenKind::kDot) && IsKind(TokenKind::kWord, 1)) {
    ++pos_;
    name.push_back('.');
    for (char c : Text(Next())) {
      name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  if (name == "DOUBLE" && Peek().kind == TokenKind::kWord &&
      EqualsIgnoreCase(Text(Peek()), "PRECISION")) {
    ++pos_;
    name = "DOUBLE PRECISION";
  } else if ((name == "CHARACTER" || name == "BIT") && Peek().kind == TokenKind::kWord &&
             EqualsIgnoreCase(Text(Peek()), "VARYING")) {
    ++pos_;
    name += " VARYING";
  }
  if (name == "INTERVAL" && Peek().kind == TokenKind::kWord && IsIntervalUnit(Text(Peek()))) {
    name += " ";
    for (char c : Text(Next())) {
      name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  Node* type = arena_->New(NodeKind::kType, 0, start.span);
  std::vector<Node*> params;
  if (IsKind(TokenKind::kLeftParen)) {
    ++pos_;
    bool fields = name == "STRUCT" || name == "ROW" || name == "UNION";
    while (!AcceptKind(TokenKind::kRightParen)) {
      const Token& token = Peek();
      if (fields) {
        STRATA_ASSIGN_OR_RETURN(Node * field_name, ParseIdentifier());
        STRATA_ASSIGN_OR_RETURN(Node * field_type, ParseType());
        Node* field = arena_->New(NodeKind::kTypeField, {field_type}, token.span);
        field->text = field_name->text;
        field->flags = field_name->flags & flag::kQuoted;
        params.push_back(field);
      } else if (token.kind == TokenKind::kNumber || token.kind == TokenKind::kString) {
        STRATA_ASSIGN_OR_RETURN(Node * literal, ParseLiteralToken());
        params.push_back(literal);
      } else {
        STRATA_ASSIGN_OR_RETURN(Node * inner, ParseType());
        params.push_back(inner);
      }
      if (!AcceptKind(TokenKind::kComma)) {
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
        break;
      }
    }
  }
  if ((name == "TIMESTAMP" || name == "TIME") &&
      (IsKeyword(Keyword::kWITH) || IsKeyword(Keyword::kWITHOUT)) && IsKeyword(Keyword::kTIME, 1) &&
      IsKeyword(Keyword::kZONE, 2)) {
    name += IsKeyword(Keyword::kWITH) ? " WITH TIME ZONE" : " WITHOUT TIME ZONE";
    pos_ += 3;
  }
  if (!params.empty()) {
    type = arena_->New(NodeKind::kType, std::span<Node* const>(params.data(), params.size()),
                       start.span);
  }
  type->text = Store(name);
  while (IsKind(TokenKind::kLeftBracket)) {
    const Token& open = Next();
    Node* size = nullptr;
    if (IsKind(TokenKind::kNumber)) {
      STRATA_ASSIGN_OR_RETURN(size, ParseLiteralToken());
    }
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightBracket));
    type = size ? arena_->New(NodeKind::kType, {type, size}, open.span)
                : arena_->New(NodeKind::kType, {type}, open.span);
    type->text = "[]";
  }
  return type;
}

}  // namespace strata::sql
