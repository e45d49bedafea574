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
    "DATE",    "TIME",    "TIMESTAMP", "TIMESTAMPTZ", "TIMETZ",  "DATETIME", "JSON",
    "UUID",    "DECIMAL", "NUMERIC",   "INTEGER",     "INT",     "BIGINT",   "SMALLINT",
    "TINYINT", "HUGEINT", "VARCHAR",   "TEXT",        "BOOLEAN", "BOOL",     "DOUBLE",
    "FLOAT",   "REAL",    "BLOB",      "BYTEA",       "BIT",     "INT4",     "INT8",
    "FLOAT8",  "FLOAT4",  "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "UBIGINT", "UINTEGER",
};

constexpr std::string_view kIntervalUnits[] = {
    "YEAR",         "YEARS",        "MONTH",       "MONTHS",      "DAY",        "DAYS",
    "HOUR",         "HOURS",        "MINUTE",      "MINUTES",     "SECOND",     "SECONDS",
    "MILLISECOND",  "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "WEEK",      "WEEKS",
    "QUARTER",      "QUARTERS",     "DECADE",      "DECADES",     "CENTURY",    "CENTURIES",
    "MILLENNIUM",   "MILLENNIA",    "MILLENNIUMS", "NANOSECOND",  "NANOSECONDS",
};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool IsTypedLiteralType(std::string_view word) {
  for (std::string_view type : kTypedLiteralTypes) {
    if (EqualsIgnoreCase(type, word)) return true;
  }
  return false;
}

bool IsIntervalUnit(std::string_view word) {
  for (std::string_view unit : kIntervalUnits) {
    if (EqualsIgnoreCase(unit, word)) return true;
  }
  return false;
}

Result<Node*> Parser::ParseExpression() { return ParseExpr(0); }

Result<Node*> Parser::ParseExpr(int min_precedence) {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  STRATA_ASSIGN_OR_RETURN(Node * left, ParsePrefix());
  while (true) {
    const Token& token = Peek();
    Span span = token.span;
    if (token.kind == TokenKind::kOperator) {
      std::string_view op = Text(token);
      int precedence = OperatorPrecedence(op);
      if (precedence == 0 || precedence < min_precedence) break;
      ++pos_;
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
    if (token.kind != TokenKind::kWord) break;
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
        if (precedence < min_precedence) return left;
        ++pos_;
        STRATA_ASSIGN_OR_RETURN(Node * right, ParseExpr(precedence + 1));
        left = arena_->New(NodeKind::kBinary, {left, right}, span);
        left->text = KeywordText(keyword);
        continue;
      }
      case Keyword::kIS: {
        if (kPrecIs < min_precedence) return left;
        ++pos_;
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
        if (kPrecIs < min_precedence) return left;
        ++pos_;
        left = arena_->New(NodeKind::kPostfixNull, {left}, span);
        if (keyword == Keyword::kNOTNULL) left->flags = flag::kNot;
        continue;
      }
      case Keyword::kBETWEEN: {
        if (kPrecLike < min_precedence) return left;
        pos_ += negated ? 2 : 1;
        uint32_t flags = negated ? flag::kNot : 0;
        if (AcceptKeyword(Keyword::kSYMMETRIC)) flags |= flag::kSymmetric;
        STRATA_ASSIGN_OR_RETURN(Node * low, ParseExpr(kPrecLike + 1));
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAND));
        STRATA_ASSIGN_OR_RETURN(Node * high, ParseExpr(kPrecLike + 1));
        left = arena_->New(NodeKind::kBetween, {left, low, high}, span);
        left->flags = flags;
        continue;
      }
      case Keyword::kIN: {
        if (kPrecLike < min_precedence) return left;
        pos_ += negated ? 2 : 1;
        Node* list = nullptr;
        if (!IsKind(TokenKind::kLeftParen)) {
          // DuckDB: x IN list_expression.
          STRATA_ASSIGN_OR_RETURN(list, ParseExpr(kPrecLike + 1));
        } else {
          STRATA_ASSIGN_OR_RETURN(list, ParseParenthesized());
          // A one-element list in parentheses is still a list, not a parenthesized expression.
          if (list->kind == NodeKind::kParen) {
            list = arena_->New(NodeKind::kRow, {list->slots[0]}, list->span);
          }
        }
        left = arena_->New(NodeKind::kIn, {left, list}, span);
        if (negated) left->flags = flag::kNot;
        continue;
      }
      case Keyword::kLIKE:
      case Keyword::kILIKE:
      case Keyword::kGLOB:
      case Keyword::kSIMILAR: {
        if (kPrecLike < min_precedence) return left;
        pos_ += negated ? 2 : 1;
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
        if (negated) left->flags = flag::kNot;
        continue;
      }
      case Keyword::kAT: {
        if (kPrecAtZone < min_precedence || !IsKeyword(Keyword::kTIME, 1)) return left;
        pos_ += 2;
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kZONE));
        STRATA_ASSIGN_OR_RETURN(Node * zone, ParseExpr(kPrecAtZone + 1));
        left = arena_->New(NodeKind::kAtTimeZone, {left, zone}, span);
        continue;
      }
      case Keyword::kCOLLATE: {
        if (kPrecAtZone < min_precedence) return left;
        ++pos_;
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
        if (IsOperator("-") && (IsKind(TokenKind::kRightBracket, 1) || IsKind(TokenKind::kColon, 1))) {
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
      for (char c : node->text) integer = integer && c >= '0' && c <= '9';
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
  if (StartsQuery()) {
    // "((SELECT 1) + 1)" starts like a query but is an expression: when the query does not
    // parse up to ')', try again as an expression (only when it started with '(').
    size_t saved = pos_;
    Result<Node*> query = ParseQuery();
    if (query.ok() && IsKind(TokenKind::kRightParen)) {
      ++pos_;
      return arena_->New(NodeKind::kSubquery, {*query}, open.span);
    }
    if (tokens_->tokens[saved].kind != TokenKind::kLeftParen) {
      if (!query.ok()) return query.status();
      return Expected("')'");
    }
    pos_ = saved;
  }
  std::vector<Node*> items;
  STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
  if (items.size() == 1 && tokens_->tokens[pos_ - 2].kind != TokenKind::kComma) {
    return arena_->New(NodeKind::kParen, {items[0]}, open.span);
  }
  return arena_->New(NodeKind::kRow, std::span<Node* const>(items.data(), items.size()),
                     open.span);
}

// Parses `expr, expr, ...` up to and including `close`; an empty list is allowed.
Result<Node*> Parser::ParseExpressionList(TokenKind close, std::vector<Node*>* out) {
  if (AcceptKind(close)) return nullptr;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(Node * item, ParseExpression());
    out->push_back(item);
    if (AcceptKind(close)) return nullptr;
    if (!AcceptKind(TokenKind::kComma)) {
      return Expected(close == TokenKind::kRightParen ? "',' or ')'" : "',' or closing bracket");
    }
    if (AcceptKind(close)) return nullptr;  // trailing comma
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
        ++pos_;
        std::vector<Node*> args;
        STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &args).status());
        Node* call = arena_->New(NodeKind::kMacroCall,
                                 std::span<Node* const>(args.data(), args.size()), span);
        call->text = Text(token);
        return call;
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
      case Keyword::kCAST:
      case Keyword::kTRY_CAST:
        if (IsKind(TokenKind::kLeftParen, 1)) return ParseCastExpr(token.keyword == Keyword::kTRY_CAST);
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
          Node* row = arena_->New(NodeKind::kRow,
                                  std::span<Node* const>(items.data(), items.size()), span);
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
          if (!AcceptKind(TokenKind::kComma)) break;
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
    if (!IsReservedKeyword(token.keyword) &&
        (Peek(1).kind == TokenKind::kString || Peek(1).kind == TokenKind::kEscapeString ||
         (IsTypedLiteralType(Text(token)) && IsKeyword(Keyword::kWITH, 1) &&
          IsKeyword(Keyword::kTIME, 2)))) {
      size_t saved = pos_;
      STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
      if (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kEscapeString) {
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
    if (IsReservedKeyword(token.keyword)) return Expected("an expression");
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
    if (after.kind != TokenKind::kWord && after.kind != TokenKind::kQuotedIdentifier) break;
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
        if (i > 0) name.push_back('.');
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
      if (!parens || !AcceptKind(TokenKind::kComma)) break;
    }
    if (parens) STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    replace = MakeList(items, span);
  }
  if (AcceptKeyword(Keyword::kRENAME)) {
    std::vector<Node*> items;
    bool parens = AcceptKind(TokenKind::kLeftParen);
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * item, ParseMaybeAliased(false));
      items.push_back(item);
      if (!parens || !AcceptKind(TokenKind::kComma)) break;
    }
    if (parens) STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
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
  if (keyword) node->flags = flag::kArrayKeyword;
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
  return arena_->New(NodeKind::kStruct, std::span<Node* const>(fields.data(), fields.size()),
                     span);
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
  if (slots.size() == 2) return Expected("WHEN");
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
  if (try_cast) node->flags = flag::kTry;
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
  } else {
    STRATA_ASSIGN_OR_RETURN(value, ParsePrimary());
  }
  Node* node = arena_->New(NodeKind::kInterval, {value}, start.span);
  if (Peek().kind == TokenKind::kWord && IsIntervalUnit(Text(Peek()))) {
    std::string unit = Upper(Text(Next()));
    if (IsKeyword(Keyword::kTO) && Peek(1).kind == TokenKind::kWord &&
        IsIntervalUnit(Text(Peek(1)))) {
      ++pos_;
      unit += " TO " + Upper(Text(Next()));
    }
    node->text = Store(unit);
  } else if (value->kind != NodeKind::kLiteral || value->literal != LiteralKind::kString) {
    return Expected("an interval unit (DAY, MONTH, ...)");
  }
  return node;
}

Result<Node*> Parser::ParseSpecialFunction(Keyword keyword, Span span) {
  pos_ += 2;  // keyword and '('
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  switch (keyword) {
    case Keyword::kEXTRACT: {
      const Token& field = Peek();
      std::string_view text;
      if (field.kind == TokenKind::kWord) {
        text = Store(Upper(Text(field)));
      } else if (field.kind == TokenKind::kString) {
        text = Store(Upper(DecodeString(field)));
      } else {
        return Expected("a date part (YEAR, MONTH, ...)");
      }
      ++pos_;
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kFROM));
      STRATA_ASSIGN_OR_RETURN(Node * expr, ParseExpression());
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      Node* node = arena_->New(NodeKind::kExtract, {expr}, span);
      node->text = text;
      return node;
    }
    case Keyword::kPOSITION: {
      STRATA_ASSIGN_OR_RETURN(Node * needle, ParseExpr(kPrecLike + 1));
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kIN));
      STRATA_ASSIGN_OR_RETURN(Node * haystack, ParseExpression());
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      return arena_->New(NodeKind::kPosition, {needle, haystack}, span);
    }
    case Keyword::kSUBSTRING: {
      STRATA_ASSIGN_OR_RETURN(Node * string, ParseExpression());
      if (AcceptKind(TokenKind::kComma)) {
        // Plain call syntax: substring(s, a[, b]).
        std::vector<Node*> args{string};
        STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &args).status());
        Node* call = arena_->New(NodeKind::kFunction,
                                 {MakeList(args, span), nullptr, nullptr, nullptr, nullptr}, span);
        call->text = "substring";
        return call;
      }
      Node* from = nullptr;
      Node* length = nullptr;
      if (AcceptKeyword(Keyword::kFROM)) {
        STRATA_ASSIGN_OR_RETURN(from, ParseExpression());
      }
      if (AcceptKeyword(Keyword::kFOR)) {
        STRATA_ASSIGN_OR_RETURN(length, ParseExpression());
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      return arena_->New(NodeKind::kSubstring, {string, from, length}, span);
    }
    case Keyword::kTRIM: {
      std::string_view side;
      if (IsKeyword(Keyword::kLEADING) || IsKeyword(Keyword::kTRAILING) ||
          IsKeyword(Keyword::kBOTH)) {
        side = KeywordText(Next().keyword);
      }
      Node* chars = nullptr;
      Node* string = nullptr;
      if (AcceptKeyword(Keyword::kFROM)) {
        STRATA_ASSIGN_OR_RETURN(string, ParseExpression());
      } else {
        STRATA_ASSIGN_OR_RETURN(Node * first, ParseExpression());
        if (AcceptKeyword(Keyword::kFROM)) {
          chars = first;
          STRATA_ASSIGN_OR_RETURN(string, ParseExpression());
        } else if (side.empty() && AcceptKind(TokenKind::kComma)) {
          // trim(s, chars) call syntax.
          std::vector<Node*> args{first};
          STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &args).status());
          Node* call = arena_->New(NodeKind::kFunction,
                                   {MakeList(args, span), nullptr, nullptr, nullptr, nullptr},
                                   span);
          call->text = "trim";
          return call;
        } else {
          string = first;
        }
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      Node* node = arena_->New(NodeKind::kTrim, {chars, string}, span);
      node->text = side;
      return node;
    }
    default:
      return Expected("a function");
  }
}

Result<Node*> Parser::ParseFunctionCall(Node* name_node, Span span) {
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  Node* call = arena_->New(NodeKind::kFunction, 5, span);
  call->text = name_node->text;
  call->flags = name_node->flags & flag::kQuoted;
  std::vector<Node*> args;
  if (AcceptKeyword(Keyword::kDISTINCT)) {
    call->flags |= flag::kDistinct;
  } else if (IsKeyword(Keyword::kALL) && !IsKind(TokenKind::kRightParen, 1)) {
    ++pos_;
  }
  if (IsOperator("*") && IsKind(TokenKind::kRightParen, 1)) {
    pos_ += 2;
    call->flags |= flag::kStarArg;
  } else if (!AcceptKind(TokenKind::kRightParen)) {
    while (true) {
      const Token& token = Peek();
      const Token& after = Peek(1);
      if ((token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier) &&
          after.kind == TokenKind::kOperator && (Text(after) == ":=" || Text(after) == "=>")) {
        STRATA_ASSIGN_OR_RETURN(Node * id, ParseIdentifier());
        ++pos_;
        STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpression());
        Node* named = arena_->New(NodeKind::kNamedArg, {value}, token.span);
        named->text = id->text;
        named->flags = (id->flags & flag::kQuoted) | (Text(after) == "=>" ? flag::kArrow : 0);
        args.push_back(named);
      } else {
        STRATA_ASSIGN_OR_RETURN(Node * arg, ParseExpression());
        args.push_back(arg);
      }
      if (AcceptKind(TokenKind::kComma)) continue;
      if (IsKeyword(Keyword::kORDER)) {
        pos_ += 1;
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kBY));
        STRATA_ASSIGN_OR_RETURN(call->slots[1], ParseOrderedList());
      }
      if (AcceptKeyword(Keyword::kIGNORE)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULLS));
        call->flags |= flag::kIgnoreNulls;
      } else if (AcceptKeyword(Keyword::kRESPECT)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULLS));
        call->flags |= flag::kRespectNulls;
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      break;
    }
  }
  call->slots[0] = MakeList(args, span);
  return ParseFunctionTail(call);
}

Result<Node*> Parser::ParseFunctionTail(Node* call) {
  if (IsKeyword(Keyword::kWITHIN) && IsKeyword(Keyword::kGROUP, 1)) {
    pos_ += 2;
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kORDER));
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kBY));
    STRATA_ASSIGN_OR_RETURN(call->slots[4], ParseOrderedList());
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  }
  if (IsKeyword(Keyword::kFILTER) && IsKind(TokenKind::kLeftParen, 1)) {
    pos_ += 2;
    AcceptKeyword(Keyword::kWHERE);
    STRATA_ASSIGN_OR_RETURN(call->slots[2], ParseExpression());
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  }
  if (IsKeyword(Keyword::kIGNORE) && IsKeyword(Keyword::kNULLS, 1)) {
    pos_ += 2;
    call->flags |= flag::kIgnoreNulls;
  } else if (IsKeyword(Keyword::kRESPECT) && IsKeyword(Keyword::kNULLS, 1)) {
    pos_ += 2;
    call->flags |= flag::kRespectNulls;
  }
  if (AcceptKeyword(Keyword::kOVER)) {
    STRATA_ASSIGN_OR_RETURN(call->slots[3], ParseWindowSpec(false));
  }
  return call;
}

// OVER name | OVER ( [base] [PARTITION BY ...] [ORDER BY ...] [frame] ); also the body of a
// WINDOW clause definition when `inside_parens_only`.
Result<Node*> Parser::ParseWindowSpec(bool inside_parens_only) {
  const Token& start = Peek();
  Node* spec = arena_->New(NodeKind::kWindowSpec, 3, start.span);
  if (!inside_parens_only && !IsKind(TokenKind::kLeftParen)) {
    STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
    spec->text = name->text;
    spec->flags = flag::kNamedOnly;
    return spec;
  }
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
  if ((Peek().kind == TokenKind::kWord && !IsKeyword(Keyword::kPARTITION) &&
       !IsKeyword(Keyword::kORDER) && !IsKeyword(Keyword::kROWS) &&
       !IsKeyword(Keyword::kRANGE) && !IsKeyword(Keyword::kGROUPS)) ||
      Peek().kind == TokenKind::kQuotedIdentifier) {
    STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
    spec->text = name->text;
  }
  if (AcceptKeyword(Keyword::kPARTITION)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kBY));
    std::vector<Node*> items;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * item, ParseExpression());
      items.push_back(item);
      if (!AcceptKind(TokenKind::kComma)) break;
    }
    spec->slots[0] = MakeList(items, start.span);
  }
  if (AcceptKeyword(Keyword::kORDER)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kBY));
    STRATA_ASSIGN_OR_RETURN(spec->slots[1], ParseOrderedList());
  }
  if (IsKeyword(Keyword::kROWS) || IsKeyword(Keyword::kRANGE) || IsKeyword(Keyword::kGROUPS)) {
    const Token& unit = Next();
    Node* frame = arena_->New(NodeKind::kFrame, 2, unit.span);
    frame->text = KeywordText(unit.keyword);
    if (AcceptKeyword(Keyword::kBETWEEN)) {
      STRATA_ASSIGN_OR_RETURN(frame->slots[0], ParseFrameBound());
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAND));
      STRATA_ASSIGN_OR_RETURN(frame->slots[1], ParseFrameBound());
    } else {
      STRATA_ASSIGN_OR_RETURN(frame->slots[0], ParseFrameBound());
    }
    if (AcceptKeyword(Keyword::kEXCLUDE)) {
      if (AcceptKeyword(Keyword::kCURRENT)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kROW));
        frame->flags |= flag::kExcludeCurrentRow;
      } else if (AcceptKeyword(Keyword::kGROUP)) {
        frame->flags |= flag::kExcludeGroup;
      } else if (AcceptKeyword(Keyword::kTIES)) {
        frame->flags |= flag::kExcludeTies;
      } else if (AcceptKeyword(Keyword::kNO)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kOTHERS));
        frame->flags |= flag::kExcludeNoOthers;
      } else {
        return Expected("CURRENT ROW, GROUP, TIES or NO OTHERS");
      }
    }
    spec->slots[2] = frame;
  }
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  return spec;
}

Result<Node*> Parser::ParseFrameBound() {
  const Token& start = Peek();
  Node* bound = arena_->New(NodeKind::kFrameBound, 1, start.span);
  if (AcceptKeyword(Keyword::kUNBOUNDED)) {
    if (AcceptKeyword(Keyword::kPRECEDING)) {
      bound->text = "UNBOUNDED PRECEDING";
    } else {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kFOLLOWING));
      bound->text = "UNBOUNDED FOLLOWING";
    }
    return bound;
  }
  if (AcceptKeyword(Keyword::kCURRENT)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kROW));
    bound->text = "CURRENT ROW";
    return bound;
  }
  STRATA_ASSIGN_OR_RETURN(bound->slots[0], ParseExpr(kPrecAnd + 1));
  if (AcceptKeyword(Keyword::kPRECEDING)) {
    bound->text = "PRECEDING";
  } else {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kFOLLOWING));
    bound->text = "FOLLOWING";
  }
  return bound;
}

Result<Node*> Parser::ParseOrderedList() {
  std::vector<Node*> items;
  Span span = Peek().span;
  while (true) {
    const Token& start = Peek();
    STRATA_ASSIGN_OR_RETURN(Node * expr, ParseExpression());
    Node* ordered = arena_->New(NodeKind::kOrdered, {expr}, start.span);
    if (AcceptKeyword(Keyword::kDESC)) {
      ordered->flags |= flag::kDesc;
    } else if (AcceptKeyword(Keyword::kASC)) {
      ordered->flags |= flag::kAsc;
    }
    if (AcceptKeyword(Keyword::kNULLS)) {
      if (AcceptKeyword(Keyword::kFIRST)) {
        ordered->flags |= flag::kNullsFirst;
      } else {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kLAST));
        ordered->flags |= flag::kNullsLast;
      }
    }
    items.push_back(ordered);
    if (!AcceptKind(TokenKind::kComma)) break;
  }
  return MakeList(items, span);
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
