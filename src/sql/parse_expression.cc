// Expression grammar: a precedence-climbing loop over binary operators (the table below) around
// prefix operators, primaries (literals, names, calls, special forms) and postfix operators
// (::, [], .field).
#include <cctype>
#include <string>

#include "sql/parser.h"
#include "sql/parser_internal.h"
#include "sql/precedence.h"

namespace strata::sql {

namespace {

constexpr std::string_view kTypedLiteralTypes[] = {
    "DATE",    "TIME",    "TIMESTAMP",   "TIMESTAMPTZ",  "TIMETZ",       "DATETIME", "JSON",
    "UUID",    "DECIMAL", "NUMERIC",     "INTEGER",      "INT",          "BIGINT",   "SMALLINT",
    "TINYINT", "HUGEINT", "VARCHAR",     "TEXT",         "BOOLEAN",      "BOOL",     "DOUBLE",
    "FLOAT",   "REAL",    "BLOB",        "BYTEA",        "BIT",          "INT4",     "INT8",
    "FLOAT8",  "FLOAT4",  "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "UBIGINT",  "UINTEGER",
};

constexpr std::string_view kIntervalUnits[] = {
    "YEAR",        "YEARS",        "MONTH",       "MONTHS",       "DAY",         "DAYS",
    "HOUR",        "HOURS",        "MINUTE",      "MINUTES",      "SECOND",      "SECONDS",
    "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "WEEK",        "WEEKS",
    "QUARTER",     "QUARTERS",     "DECADE",      "DECADES",      "CENTURY",     "CENTURIES",
    "MILLENNIUM",  "MILLENNIA",    "MILLENNIUMS", "NANOSECOND",   "NANOSECONDS",
};

}  // namespace

bool IsTypedLiteralType(std::string_view word) {
  for (std::string_view type : kTypedLiteralTypes) {
    if (EqualsIgnoreCase(type, word)) {
      return true;
    }
  }
  return false;
}

bool IsIntervalUnit(std::string_view word) {
  for (std::string_view unit : kIntervalUnits) {
    if (EqualsIgnoreCase(unit, word)) {
      return true;
    }
  }
  return false;
}

Result<Node*> Parser::ParseExpression() { return ParseExpr(0); }

// A left operand that binds looser than the operator now applied to it ("a IS NULL + 1",
// "x IN (1) || y": the IN list or IS test is complete, so the operator takes all of it) gets
// explicit parentheses, so the tree says what the generator will print.
Node* Parser::Closed(Node* left, int precedence) {
  if (ExpressionPrecedence(left) >= precedence) {
    return left;
  }
  return arena_->New(NodeKind::kParen, {left}, left->span);
}

Result<Node*> Parser::ParseExpr(int min_precedence) {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  STRATA_ASSIGN_OR_RETURN(Node * left, ParsePrefix());
  // "0 + NOT x": a loose prefix form inside a tighter context is taken whole.
  left = Closed(left, min_precedence);
  while (true) {
    const Token& token = Peek();
    Span span = token.span;
    if (token.kind == TokenKind::kOperator) {
      std::string_view op = Text(token);
      int precedence = OperatorPrecedence(op);
      if (precedence == 0 || precedence < min_precedence) {
        break;
      }
      ++pos_;
      left = Closed(left, precedence);
      if (precedence == kPrecComparison &&
          (IsKeyword(Keyword::kANY) || IsKeyword(Keyword::kALL) || IsKeyword(Keyword::kSOME)) &&
          IsKind(TokenKind::kLeftParen, 1)) {
        const Token& quantifier = Next();
        STRATA_ASSIGN_OR_RETURN(Node * operand, ParseParenthesized());
        Node* quantified = arena_->New(NodeKind::kQuantified, {operand}, quantifier.span);
        quantified->text = KeywordText(quantifier.keyword);
        left = arena_->New(NodeKind::kBinary, {left, quantified}, span);
        left->text = op;
        continue;
      }
      // The lambda arrow is right-associative; everything else is left-associative.
      int next = precedence == kPrecLambda ? precedence : precedence + 1;
      STRATA_ASSIGN_OR_RETURN(Node * right, ParseExpr(next));
      left = arena_->New(NodeKind::kBinary, {left, right}, span);
      left->text = op;
      continue;
    }
    if (token.kind != TokenKind::kWord) {
      break;
    }
    Keyword keyword = token.keyword;
    bool negated = false;
    if (keyword == Keyword::kNOT) {
      Keyword after = Peek(1).kind == TokenKind::kWord ? Peek(1).keyword : Keyword::kNone;
      if (after != Keyword::kBETWEEN && after != Keyword::kIN && after != Keyword::kLIKE &&
          after != Keyword::kILIKE && after != Keyword::kSIMILAR && after != Keyword::kGLOB) {
        break;
      }
      negated = true;
      keyword = after;
    }
    switch (keyword) {
      case Keyword::kAND:
      case Keyword::kOR: {
        int precedence = keyword == Keyword::kAND ? kPrecAnd : kPrecOr;
        if (precedence < min_precedence) {
          return left;
        }
        ++pos_;
        left = Closed(left, precedence);
        STRATA_ASSIGN_OR_RETURN(Node * right, ParseExpr(precedence + 1));
        left = arena_->New(NodeKind::kBinary, {left, right}, span);
        left->text = KeywordText(keyword);
        continue;
      }
      case Keyword::kIS: {
        if (kPrecIs < min_precedence) {
          return left;
        }
        ++pos_;
        left = Closed(left, kPrecIs);
        uint32_t flags = AcceptKeyword(Keyword::kNOT) ? flag::kNot : 0;
        Node* right = nullptr;
        if (AcceptKeyword(Keyword::kDISTINCT)) {
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kFROM));
          flags |= flag::kDistinctFrom;
          STRATA_ASSIGN_OR_RETURN(right, ParseExpr(kPrecIs + 1));
        } else if (IsKeyword(Keyword::kNULL) || IsKeyword(Keyword::kTRUE) ||
                   IsKeyword(Keyword::kFALSE)) {
          STRATA_ASSIGN_OR_RETURN(right, ParseLiteralToken());
        } else {
          return Expected("NULL, TRUE, FALSE or DISTINCT FROM after IS");
        }
        left = arena_->New(NodeKind::kIs, {left, right}, span);
        left->flags = flags;
        continue;
      }
      case Keyword::kISNULL:
      case Keyword::kNOTNULL: {
        if (kPrecIs < min_precedence) {
          return left;
        }
        ++pos_;
        left = Closed(left, kPrecIs);
        left = arena_->New(NodeKind::kPostfixNull, {left}, span);
        if (keyword == Keyword::kNOTNULL) {
          left->flags = flag::kNot;
        }
        continue;
      }
      case Keyword::kBETWEEN: {
        if (kPrecLike < min_precedence) {
          return left;
        }
        pos_ += negated ? 2 : 1;
        left = Closed(left, kPrecLike);
        uint32_t flags = negated ? flag::kNot : 0;
        if (AcceptKeyword(Keyword::kSYMMETRIC)) {
          flags |= flag::kSymmetric;
        }
        STRATA_ASSIGN_OR_RETURN(Node * low, ParseExpr(kPrecLike + 1));
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAND));
        STRATA_ASSIGN_OR_RETURN(Node * high, ParseExpr(kPrecLike + 1));
        left = arena_->New(NodeKind::kBetween, {left, low, high}, span);
        left->flags = flags;
        continue;
      }
      case Keyword::kIN: {
        if (kPrecLike < min_precedence) {
          return left;
        }
        pos_ += negated ? 2 : 1;
        left = Closed(left, kPrecLike);
        Node* list = nullptr;
        if (!IsKind(TokenKind::kLeftParen)) {
          // DuckDB: x IN list_expression.
          STRATA_ASSIGN_OR_RETURN(list, ParseExpr(kPrecLike + 1));
        } else {
          STRATA_ASSIGN_OR_RETURN(list, ParseParenthesized());
        }
        // A one-element list in parentheses is still a list, not a parenthesized expression.
        if (list->kind == NodeKind::kParen) {
          list = arena_->New(NodeKind::kRow, {list->slots[0]}, list->span);
        }
        left = arena_->New(NodeKind::kIn, {left, list}, span);
        if (negated) {
          left->flags = flag::kNot;
        }
        continue;
      }
      case Keyword::kLIKE:
      case Keyword::kILIKE:
      case Keyword::kGLOB:
      case Keyword::kSIMILAR: {
        if (kPrecLike < min_precedence) {
          return left;
        }
        pos_ += negated ? 2 : 1;
        left = Closed(left, kPrecLike);
        std::string_view text = KeywordText(keyword);
        if (keyword == Keyword::kSIMILAR) {
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTO));
          text = "SIMILAR TO";
        }
        STRATA_ASSIGN_OR_RETURN(Node * pattern, ParseExpr(kPrecLike + 1));
        Node* escape = nullptr;
        if (AcceptKeyword(Keyword::kESCAPE)) {
          STRATA_ASSIGN_OR_RETURN(escape, ParseExpr(kPrecLike + 1));
        }
        left = escape ? arena_->New(NodeKind::kLike, {left, pattern, escape}, span)
                      : arena_->New(NodeKind::kLike, {left, pattern}, span);
        left->text = text;
        if (negated) {
          left->flags = flag::kNot;
        }
        continue;
      }
      case Keyword::kAT: {
        if (kPrecAtZone < min_precedence || !IsKeyword(Keyword::kTIME, 1)) {
          return left;
        }
        pos_ += 2;
        left = Closed(left, kPrecAtZone);
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kZONE));
        STRATA_ASSIGN_OR_RETURN(Node * zone, ParseExpr(kPrecAtZone + 1));
        left = arena_->New(NodeKind::kAtTimeZone, {left, zone}, span);
        continue;
      }
      case Keyword::kCOLLATE: {
        if (kPrecAtZone < min_precedence) {
          return left;
        }
        ++pos_;
        left = Closed(left, kPrecAtZone);
        const Token& name = Peek();
        if (name.kind == TokenKind::kQuotedIdentifier) {
          ++pos_;
          Node* id = MakeQuotedIdentifier(arena_, Text(name), name.span);
          left = arena_->New(NodeKind::kCollate, {left}, span);
          left->text = id->text;
          left->flags = flag::kQuoted;
        } else if (name.kind == TokenKind::kWord) {
          ++pos_;
          left = arena_->New(NodeKind::kCollate, {left}, span);
          left->text = Text(name);
        } else {
          return Expected("a collation name");
        }
        continue;
      }
      default:
        return left;
    }
  }
  return left;
}

Result<Node*> Parser::ParsePrefix() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kOperator) {
    std::string_view op = Text(token);
    if (op == "-" || op == "+" || op == "~" || op == "@") {
      ++pos_;
      DepthGuard guard(this);
      STRATA_RETURN_IF_ERROR(guard.Check());
      STRATA_ASSIGN_OR_RETURN(Node * operand, ParseExpr(kPrecUnary));
      Node* node = arena_->New(NodeKind::kUnary, {operand}, token.span);
      node->text = op;
      return node;
    }
  }
  if (token.kind == TokenKind::kWord) {
    if (token.keyword == Keyword::kNOT) {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * operand, ParseExpr(kPrecNot));
      Node* node = arena_->New(NodeKind::kUnary, {operand}, token.span);
      node->text = "NOT";
      return node;
    }
    if (token.keyword == Keyword::kEXISTS && IsKind(TokenKind::kLeftParen, 1)) {
      ++pos_;
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * query, ParseQuery());
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      return arena_->New(NodeKind::kExists, {query}, token.span);
    }
  }
  STRATA_ASSIGN_OR_RETURN(Node * primary, ParsePrimary());
  return ParsePostfix(primary);
}

Result<Node*> Parser::ParsePostfix(Node* expr) {
  while (true) {
    const Token& token = Peek();
    if (token.kind == TokenKind::kOperator && Text(token) == "::") {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
      expr = arena_->New(NodeKind::kCast, {expr, type}, token.span);
      expr->flags = flag::kShortCast;
    } else if (token.kind == TokenKind::kLeftBracket) {
      ++pos_;
      Node* start = nullptr;
      if (!IsKind(TokenKind::kColon)) {
        STRATA_ASSIGN_OR_RETURN(start, ParseExpression());
      }
      if (AcceptKind(TokenKind::kRightBracket)) {
        expr = arena_->New(NodeKind::kSubscript, {expr, start}, token.span);
        continue;
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kColon));
      Node* end = nullptr;
      Node* step = nullptr;
      uint32_t flags = 0;
      if (!IsKind(TokenKind::kColon) && !IsKind(TokenKind::kRightBracket)) {
        if (IsOperator("-") &&
            (IsKind(TokenKind::kRightBracket, 1) || IsKind(TokenKind::kColon, 1))) {
          ++pos_;
          // DuckDB's open-ended slice end: x[1:-]
          end = NewText(NodeKind::kParameter, "-", token.span);
        } else {
          STRATA_ASSIGN_OR_RETURN(end, ParseExpression());
        }
      }
      if (AcceptKind(TokenKind::kColon)) {
        flags |= flag::kHasStep;
        STRATA_ASSIGN_OR_RETURN(step, ParseExpression());
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightBracket));
      expr = arena_->New(NodeKind::kSlice, {expr, start, end, step}, token.span);
      expr->flags = flags;
    } else if (token.kind == TokenKind::kDot &&
               (IsKind(TokenKind::kWord, 1) || IsKind(TokenKind::kQuotedIdentifier, 1))) {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * field, ParseIdentifier());
      if (IsKind(TokenKind::kLeftParen) && !Peek().space_before) {
        ++pos_;
        std::vector<Node*> items{expr};
        STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
        expr = arena_->New(NodeKind::kMethodCall,
                           std::span<Node* const>(items.data(), items.size()), token.span);
        expr->text = field->text;
        continue;
      }
      expr = arena_->New(NodeKind::kFieldAccess, {expr}, token.span);
      expr->text = field->text;
      expr->flags = field->flags;
    } else {
      return expr;
    }
  }
}

Result<Node*> Parser::ParseLiteralToken() {
  const Token& token = Next();
  Node* node = arena_->New(NodeKind::kLiteral, 0, token.span);
  switch (token.kind) {
    case TokenKind::kNumber: {
      node->text = Text(token);
      bool integer = true;
      for (char c : node->text) {
        integer = integer && c >= '0' && c <= '9';
      }
      node->literal = integer ? LiteralKind::kInteger : LiteralKind::kDecimal;
      return node;
    }
    case TokenKind::kString:
    case TokenKind::kEscapeString:
    case TokenKind::kDollarString:
      node->text = DecodeString(token);
      node->literal = LiteralKind::kString;
      if (token.kind == TokenKind::kString && Text(token)[0] != '\'') {
        // N'...' is a VARCHAR literal.
        return arena_->New(NodeKind::kTypedLiteral,
                           {NewText(NodeKind::kType, "VARCHAR", token.span), node}, token.span);
      }
      return node;
    case TokenKind::kBitString:
      node->text = Text(token);
      node->literal = LiteralKind::kBitString;
      return node;
    case TokenKind::kWord:
      switch (token.keyword) {
        case Keyword::kNULL:
          node->literal = LiteralKind::kNull;
          return node;
        case Keyword::kTRUE:
          node->literal = LiteralKind::kTrue;
          return node;
        case Keyword::kFALSE:
          node->literal = LiteralKind::kFalse;
          return node;
        default:
          break;
      }
      break;
    default:
      break;
  }
  --pos_;
  return Expected("a literal");
}

Result<Node*> Parser::ParseParenthesized() {
  const Token& open = Peek();
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  if (StartsQuery() && !QueryFailedAt(pos_)) {
    // "((SELECT 1) + 1)" starts like a query but is an expression: when the query does not
    // parse up to ')', try again as an expression (only when it started with '('). Failed
    // attempts are remembered, so nested cases stay linear instead of exponential.
    size_t saved = pos_;
    Result<Node*> query = ParseQuery();
    if (query.ok() && IsKind(TokenKind::kRightParen)) {
      ++pos_;
      return arena_->New(NodeKind::kSubquery, {*query}, open.span);
    }
    if (tokens_->tokens[saved].kind != TokenKind::kLeftParen) {
      if (!query.ok()) {
        return query.status();
      }
      return Expected("')'");
    }
    RememberQueryFailure(saved);
    pos_ = saved;
  }
  std::vector<Node*> items;
  STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
  if (items.size() == 1 && tokens_->tokens[pos_ - 2].kind != TokenKind::kComma) {
    return arena_->New(NodeKind::kParen, {items[0]}, open.span);
  }
  return arena_->New(NodeKind::kRow, std::span<Node* const>(items.data(), items.size()), open.span);
}

// Parses `expr, expr, ...` up to and including `close`; an empty list is allowed.
Result<Node*> Parser::ParseExpressionList(TokenKind close, std::vector<Node*>* out) {
  if (AcceptKind(close)) {
    return nullptr;
  }
  while (true) {
    STRATA_ASSIGN_OR_RETURN(Node * item, ParseExpression());
    out->push_back(item);
    if (AcceptKind(close)) {
      return nullptr;
    }
    if (!AcceptKind(TokenKind::kComma)) {
      return Expected(close == TokenKind::kRightParen ? "',' or ')'" : "',' or closing bracket");
    }
    if (AcceptKind(close)) {
      return nullptr;  // trailing comma
    }
  }
}

Result<Node*> Parser::ParsePrimary() {
  const Token& token = Peek();
  Span span = token.span;
  switch (token.kind) {
    case TokenKind::kNumber:
    case TokenKind::kString:
    case TokenKind::kEscapeString:
    case TokenKind::kDollarString:
    case TokenKind::kBitString:
      return ParseLiteralToken();
    case TokenKind::kParameter:
      ++pos_;
      return NewText(NodeKind::kParameter, Text(token), span);
    case TokenKind::kMacroVariable: {
      ++pos_;
      if (IsKind(TokenKind::kLeftParen) && !Peek().space_before) {
        Node* name = NewText(NodeKind::kMacroVar, Text(token), span);
        return ParseMacroCallArguments(name, span);
      }
      return NewText(NodeKind::kMacroVar, Text(token), span);
    }
    case TokenKind::kMacroBrace:
      ++pos_;
      return NewText(NodeKind::kMacroBrace, Text(token), span);
    case TokenKind::kLeftParen:
      return ParseParenthesized();
    case TokenKind::kLeftBracket:
      return ParseArrayLiteral(false, span);
    case TokenKind::kLeftBrace:
      return ParseStructLiteral(span);
    case TokenKind::kOperator:
      if (Text(token) == "*") {
        ++pos_;
        return ParseStar(nullptr, span);
      }
      return Expected("an expression");
    case TokenKind::kQuotedIdentifier:
    case TokenKind::kWord:
      break;
    default:
      return Expected("an expression");
  }
  if (token.kind == TokenKind::kWord) {
    switch (token.keyword) {
      case Keyword::kNULL:
      case Keyword::kTRUE:
      case Keyword::kFALSE:
        return ParseLiteralToken();
      case Keyword::kCASE:
        return ParseCaseExpr();
      case Keyword::kDEFAULT:
        // DEFAULT in INSERT ... VALUES and UPDATE ... SET.
        ++pos_;
        return arena_->New(NodeKind::kDefault, 0, span);
      case Keyword::kCAST:
      case Keyword::kTRY_CAST:
        if (IsKind(TokenKind::kLeftParen, 1)) {
          return ParseCastExpr(token.keyword == Keyword::kTRY_CAST);
        }
        break;
      case Keyword::kINTERVAL: {
        const Token& next = Peek(1);
        if (next.kind == TokenKind::kString || next.kind == TokenKind::kNumber ||
            next.kind == TokenKind::kEscapeString || next.kind == TokenKind::kLeftParen ||
            (next.kind == TokenKind::kOperator && Text(next) == "-") ||
            (next.kind == TokenKind::kWord && !IsReservedKeyword(next.keyword) &&
             !BlocksImplicitAlias(next.keyword) && !IsIntervalUnit(Text(next)))) {
          return ParseIntervalExpr();
        }
        break;
      }
      case Keyword::kARRAY:
        if (IsKind(TokenKind::kLeftBracket, 1)) {
          ++pos_;
          return ParseArrayLiteral(true, span);
        }
        if (IsKind(TokenKind::kLeftParen, 1) && StartsQuery(2)) {
          ++pos_;
          ++pos_;
          STRATA_ASSIGN_OR_RETURN(Node * query, ParseQuery());
          STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
          return arena_->New(NodeKind::kArraySubquery, {query}, span);
        }
        break;
      case Keyword::kMAP:
        if (IsKind(TokenKind::kLeftBrace, 1)) {
          ++pos_;
          return ParseMapLiteral(span);
        }
        break;
      case Keyword::kROW:
        if (IsKind(TokenKind::kLeftParen, 1)) {
          pos_ += 2;
          std::vector<Node*> items;
          STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
          Node* row =
              arena_->New(NodeKind::kRow, std::span<Node* const>(items.data(), items.size()), span);
          row->flags = flag::kRowKeyword;
          return row;
        }
        break;
      case Keyword::kEXTRACT:
      case Keyword::kPOSITION:
      case Keyword::kSUBSTRING:
      case Keyword::kTRIM:
        if (IsKind(TokenKind::kLeftParen, 1)) {
          return ParseSpecialFunction(token.keyword, span);
        }
        break;
      case Keyword::kCOLUMNS:
        if (IsKind(TokenKind::kLeftParen, 1)) {
          pos_ += 2;
          STRATA_ASSIGN_OR_RETURN(Node * inner, ParseExpression());
          STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
          return arena_->New(NodeKind::kColumns, {inner}, span);
        }
        break;
      case Keyword::kLAMBDA: {
        ++pos_;
        std::vector<Node*> params;
        while (true) {
          STRATA_ASSIGN_OR_RETURN(Node * param, ParseIdentifier());
          params.push_back(param);
          if (!AcceptKind(TokenKind::kComma)) {
            break;
          }
        }
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kColon));
        STRATA_ASSIGN_OR_RETURN(Node * body, ParseExpr(kPrecLambda + 1));
        return arena_->New(NodeKind::kLambda, {MakeList(params, span), body}, span);
      }
      default:
        break;
    }
    // Typed literal: DATE '2020-01-01', TIMESTAMP WITH TIME ZONE '...'.
    // Any type name followed by a string is a typed literal (PostgreSQL's `type 'string'`).
    if (!CannotBeBareName(token.keyword) &&
        ((Peek(1).kind == TokenKind::kString && Text(Peek(1))[0] == '\'') ||
         Peek(1).kind == TokenKind::kEscapeString ||
         (IsKeyword(Keyword::kWITH, 1) && IsKeyword(Keyword::kTIME, 2) &&
          IsTypedLiteralType(Text(token))))) {
      size_t saved = pos_;
      STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
      if ((Peek().kind == TokenKind::kString && Text(Peek())[0] == '\'') ||
          Peek().kind == TokenKind::kEscapeString) {
        STRATA_ASSIGN_OR_RETURN(Node * value, ParseLiteralToken());
        return arena_->New(NodeKind::kTypedLiteral, {type, value}, span);
      }
      pos_ = saved;
    }
    // A function call: name( — any non-reserved word, and a few keywords that double as
    // function names (LEFT, RIGHT, REPLACE, IF, GROUPING, ...).
    if (IsKind(TokenKind::kLeftParen, 1) &&
        (!IsReservedKeyword(token.keyword) || token.keyword == Keyword::kANY)) {
      ++pos_;
      Node* name = NewText(NodeKind::kIdentifier, Text(token), span);
      return ParseFunctionCall(name, span);
    }
    if (IsReservedKeyword(token.keyword)) {
      return Expected("an expression");
    }
  }
  // A column reference a.b.c, a qualified star a.*, or a qualified function call s.f(...).
  std::vector<Node*> parts;
  STRATA_ASSIGN_OR_RETURN(Node * first, ParseIdentifier());
  parts.push_back(first);
  while (IsKind(TokenKind::kDot)) {
    const Token& after = Peek(1);
    if (after.kind == TokenKind::kOperator && Text(after) == "*") {
      pos_ += 2;
      Node* qualifier =
          arena_->New(NodeKind::kName, std::span<Node* const>(parts.data(), parts.size()), span);
      return ParseStar(qualifier, span);
    }
    if (after.kind != TokenKind::kWord && after.kind != TokenKind::kQuotedIdentifier) {
      break;
    }
    // Column parts beyond three are field accesses; keep parsing them as parts (DuckDB does).
    ++pos_;
    const Token& part = Next();
    if (part.kind == TokenKind::kQuotedIdentifier) {
      parts.push_back(MakeQuotedIdentifier(arena_, Text(part), part.span));
    } else {
      parts.push_back(NewText(NodeKind::kIdentifier, Text(part), part.span));
    }
    if (IsKind(TokenKind::kLeftParen) && !Peek().space_before && part.kind == TokenKind::kWord) {
      // schema.function(...) or column.method(...): DuckDB treats a.b(...) as a qualified
      // function when it has two parts; keep the dotted name.
      std::string name;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
          name.push_back('.');
        }
        name.append(parts[i]->text);
      }
      Node* id = NewText(NodeKind::kIdentifier, Store(name), span);
      return ParseFunctionCall(id, span);
    }
  }
  if (parts.size() == 1 && first->kind == NodeKind::kIdentifier && IsKind(TokenKind::kLeftParen) &&
      token.kind == TokenKind::kQuotedIdentifier) {
    return ParseFunctionCall(first, span);
  }
  return arena_->New(NodeKind::kColumn, std::span<Node* const>(parts.data(), parts.size()), span);
}

// expr [[AS] alias]; an implicit alias (no AS) only when `implicit_alias`.
Result<Node*> Parser::ParseMaybeAliased(bool implicit_alias) {
  STRATA_ASSIGN_OR_RETURN(Node * expr, ParseExpression());
  const Token& token = Peek();
  bool has_as = false;
  if (token.kind == TokenKind::kWord && token.keyword == Keyword::kAS) {
    ++pos_;
    has_as = true;
  } else if (!implicit_alias) {
    return expr;
  } else if (token.kind == TokenKind::kWord && BlocksImplicitAlias(token.keyword)) {
    return expr;
  } else if (token.kind != TokenKind::kWord && token.kind != TokenKind::kQuotedIdentifier) {
    return expr;
  }
  const Token& name = Peek();
  Node* id = nullptr;
  if (has_as && name.kind == TokenKind::kString) {
    ++pos_;
    id = NewText(NodeKind::kIdentifier, DecodeString(name), name.span);
  } else if (has_as && name.kind == TokenKind::kWord) {
    // After AS any word is a name, even a keyword (SELECT x AS any).
    ++pos_;
    id = NewText(NodeKind::kIdentifier, Text(name), name.span);
  } else {
    STRATA_ASSIGN_OR_RETURN(id, ParseIdentifier());
  }
  Node* alias = arena_->New(NodeKind::kAlias, {expr}, token.span);
  alias->text = id->text;
  alias->flags = id->flags & flag::kQuoted;
  return alias;
}

}  // namespace strata::sql
