// Function calls: special forms (EXTRACT, POSITION, SUBSTRING, TRIM), argument lists with
// DISTINCT / ORDER BY / named arguments, WITHIN GROUP, FILTER, IGNORE NULLS, and OVER with
// window frames; also ORDER BY lists.
#include <string>

#include "sql/parser.h"
#include "sql/parser_internal.h"
#include "sql/precedence.h"

namespace strata::sql {

Result<Node*> Parser::ParseSpecialFunction(Keyword keyword, Span span) {
  pos_ += 2;  // keyword and '('
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  switch (keyword) {
    case Keyword::kEXTRACT: {
      const Token& field = Peek();
      std::string_view text;
      if (field.kind == TokenKind::kWord) {
        text = Store(UpperCase(Text(field)));
      } else if (field.kind == TokenKind::kString) {
        text = Store(UpperCase(DecodeString(field)));
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
          Node* call =
              arena_->New(NodeKind::kFunction,
                          {MakeList(args, span), nullptr, nullptr, nullptr, nullptr}, span);
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

Result<Node*> Parser::ParseCallArgument() {
  const Token& token = Peek();
  const Token& after = Peek(1);
  if ((token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier) &&
      after.kind == TokenKind::kOperator && (Text(after) == ":=" || Text(after) == "=>")) {
    // Any word names an argument here, keywords too: `column := x` (as SQLMesh writes).
    Node* id = nullptr;
    if (token.kind == TokenKind::kWord) {
      ++pos_;
      id = NewText(NodeKind::kIdentifier, Text(token), token.span);
    } else {
      STRATA_ASSIGN_OR_RETURN(id, ParseIdentifier());
    }
    ++pos_;
    STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpression());
    Node* named = arena_->New(NodeKind::kNamedArg, {value}, token.span);
    named->text = id->text;
    named->flags = (id->flags & flag::kQuoted) | (Text(after) == "=>" ? flag::kArrow : 0);
    return named;
  }
  const size_t start = pos_;
  Result<Node*> expression = ParseExpression();
  if (expression.ok() || token.kind != TokenKind::kWord || after.kind != TokenKind::kOperator ||
      Text(after) != "=") {
    return expression;
  }
  // `column = x`, where the keyword cannot start an expression: an argument named like a keyword
  // with `=` (SQLMesh's audit calls: `accepted_range(column=price, min_v=1)`).
  pos_ = start + 2;
  STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpression());
  Node* named = arena_->New(NodeKind::kNamedArg, {value}, token.span);
  named->text = Text(token);
  return named;
}

Result<Node*> Parser::ParseMacroCallArguments(Node* name, Span span) {
  // The '(' was checked by the caller and is consumed here.
  ++pos_;
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> args;
  if (!AcceptKind(TokenKind::kRightParen)) {
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * arg, ParseCallArgument());
      if (arg->kind != NodeKind::kNamedArg && IsKeyword(Keyword::kAS)) {
        // `x -> expr AS name` (SQLMesh's @EACH(cols, c -> c AS total_@c)): the alias belongs
        // to the lambda's body.
        Node* target = arg->kind == NodeKind::kBinary && arg->text == "->" ? arg->slots[1] : arg;
        Node* alias = arena_->New(NodeKind::kAlias, {target}, Peek().span);
        ++pos_;  // AS
        const Token& alias_token = Peek();
        if (alias_token.kind == TokenKind::kString) {
          ++pos_;
          alias->text = DecodeString(alias_token);
        } else {
          STRATA_ASSIGN_OR_RETURN(Node * id, ParseIdentifier());
          alias->text = id->text;
          alias->flags = id->flags & flag::kQuoted;
        }
        if (target == arg) {
          arg = alias;
        } else {
          arg->slots[1] = alias;
        }
      }
      args.push_back(arg);
      if (AcceptKind(TokenKind::kRightParen)) {
        break;
      }
      if (!AcceptKind(TokenKind::kComma)) {
        return Expected("',' or ')'");
      }
      if (AcceptKind(TokenKind::kRightParen)) {
        break;  // trailing comma
      }
    }
  }
  Node* call =
      arena_->New(NodeKind::kMacroCall, std::span<Node* const>(args.data(), args.size()), span);
  call->text = name->text;
  return call;
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
      STRATA_ASSIGN_OR_RETURN(Node * arg, ParseCallArgument());
      args.push_back(arg);
      if (AcceptKind(TokenKind::kComma)) {
        continue;
      }
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
       !IsKeyword(Keyword::kORDER) && !IsKeyword(Keyword::kROWS) && !IsKeyword(Keyword::kRANGE) &&
       !IsKeyword(Keyword::kGROUPS)) ||
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
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
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
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  return MakeList(items, span);
}

}  // namespace strata::sql
