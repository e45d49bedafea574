// Query grammar: WITH, set operations (INTERSECT binds tighter than UNION/EXCEPT), SELECT
// bodies (also DuckDB's FROM-first form), VALUES, GROUP BY, and the ORDER BY / LIMIT / OFFSET
// modifiers that apply to a whole query.
#include "sql/parser.h"
#include "sql/parser_internal.h"

namespace strata::sql {

bool Parser::StartsQuery(size_t ahead) const {
  while (IsKind(TokenKind::kLeftParen, ahead)) {
    ++ahead;
  }
  return IsKeyword(Keyword::kSELECT, ahead) || IsKeyword(Keyword::kWITH, ahead) ||
         IsKeyword(Keyword::kVALUES, ahead) || IsKeyword(Keyword::kFROM, ahead);
}

Result<Node*> Parser::ParseQuery() {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  Node* with = nullptr;
  if (IsKeyword(Keyword::kWITH)) {
    STRATA_ASSIGN_OR_RETURN(with, ParseWith());
  }
  return ParseQueryWithModifiers(with);
}

Result<Node*> Parser::ParseWith() {
  const Token& start = Next();
  Node* with = nullptr;
  uint32_t flags = AcceptKeyword(Keyword::kRECURSIVE) ? flag::kRecursive : 0;
  std::vector<Node*> ctes;
  while (true) {
    const Token& name_token = Peek();
    STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
    Node* cte = arena_->New(NodeKind::kCte, 2, name_token.span);
    AttachComments(cte, name_token);
    cte->text = name->text;
    cte->flags = name->flags & flag::kQuoted;
    if (AcceptKind(TokenKind::kLeftParen)) {
      std::vector<Node*> columns;
      while (true) {
        STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
        columns.push_back(column);
        if (!AcceptKind(TokenKind::kComma)) {
          break;
        }
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      cte->slots[0] = MakeList(columns, name_token.span);
    }
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAS));
    if (AcceptKeyword(Keyword::kMATERIALIZED)) {
      cte->flags |= flag::kMaterialized;
    } else if (IsKeyword(Keyword::kNOT) && IsKeyword(Keyword::kMATERIALIZED, 1)) {
      pos_ += 2;
      cte->flags |= flag::kNotMaterialized;
    }
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
    STRATA_ASSIGN_OR_RETURN(cte->slots[1], ParseQuery());
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    ctes.push_back(cte);
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  with = arena_->New(NodeKind::kWith, std::span<Node* const>(ctes.data(), ctes.size()), start.span);
  with->flags = flags;
  return with;
}

namespace {

// Reads the set operator at the parser position: UNION/EXCEPT (level 1) or INTERSECT (2).
int SetOpLevel(const Parser& parser) {
  if (parser.IsKeyword(Keyword::kUNION) || parser.IsKeyword(Keyword::kEXCEPT)) {
    return 1;
  }
  if (parser.IsKeyword(Keyword::kINTERSECT)) {
    return 2;
  }
  return 0;
}

}  // namespace

Result<Node*> Parser::ParseQueryWithModifiers(Node* with) {
  // Precedence climbing over set operators: INTERSECT binds tighter.
  struct Frame {
    Node* left;
    Node* op;
  };
  std::vector<Frame> stack;
  STRATA_ASSIGN_OR_RETURN(Node * current, ParseSetOperand());
  while (true) {
    int level = SetOpLevel(*this);
    if (level == 0) {
      break;
    }
    const Token& op_token = Next();
    Node* op = arena_->New(NodeKind::kSetOp, 6, op_token.span);
    op->text = KeywordText(op_token.keyword);
    if (AcceptKeyword(Keyword::kALL)) {
      op->flags |= flag::kAll;
    } else if (AcceptKeyword(Keyword::kDISTINCT)) {
      op->flags |= flag::kDistinct;
    }
    if (IsKeyword(Keyword::kBY) && IsKeyword(Keyword::kNAME, 1)) {
      pos_ += 2;
      op->flags |= flag::kByName;
    }
    // Reduce operators of equal or higher level on the stack (left associativity).
    while (!stack.empty() && (stack.back().op->text == "INTERSECT" ? 2 : 1) >= level) {
      stack.back().op->slots[1] = stack.back().left;
      stack.back().op->slots[2] = current;
      current = stack.back().op;
      stack.pop_back();
    }
    stack.push_back({current, op});
    STRATA_ASSIGN_OR_RETURN(current, ParseSetOperand());
  }
  while (!stack.empty()) {
    stack.back().op->slots[1] = stack.back().left;
    stack.back().op->slots[2] = current;
    current = stack.back().op;
    stack.pop_back();
  }
  // Attach WITH and modifiers to the query node that can hold them.
  if (current->kind == NodeKind::kValues &&
      (with != nullptr || IsKeyword(Keyword::kORDER) || IsKeyword(Keyword::kLIMIT) ||
       IsKeyword(Keyword::kOFFSET))) {
    current = arena_->New(NodeKind::kQueryParen, {nullptr, current, nullptr, nullptr, nullptr},
                          current->span);
  }
  if (current->kind == NodeKind::kQueryParen &&
      (current->slots[0] != nullptr || current->slots[2] != nullptr ||
       current->slots[3] != nullptr || current->slots[4] != nullptr)) {
    if (with != nullptr || IsKeyword(Keyword::kORDER) || IsKeyword(Keyword::kLIMIT) ||
        IsKeyword(Keyword::kOFFSET)) {
      current = arena_->New(NodeKind::kQueryParen, {nullptr, current, nullptr, nullptr, nullptr},
                            current->span);
    }
  }
  switch (current->kind) {
    case NodeKind::kSelect:
      current->slots[kSelectWith] = with;
      STRATA_RETURN_IF_ERROR(
          ParseQueryModifiers(current, kSelectOrderBy, kSelectLimit, kSelectOffset));
      break;
    case NodeKind::kSetOp:
      current->slots[0] = with;
      STRATA_RETURN_IF_ERROR(ParseQueryModifiers(current, 3, 4, 5));
      break;
    case NodeKind::kQueryParen:
      current->slots[0] = with;
      STRATA_RETURN_IF_ERROR(ParseQueryModifiers(current, 2, 3, 4));
      break;
    default:
      break;
  }
  return current;
}

bool Parser::IsClauseMacro(std::string_view name) const {
  const Token& token = Peek();
  return token.kind == TokenKind::kMacroVariable && EqualsIgnoreCase(Text(token), name) &&
         IsKind(TokenKind::kLeftParen, 1) && !Peek(1).space_before;
}

Result<Node*> Parser::ParseClauseMacroCondition() {
  const Token& token = Next();
  Node* name = NewText(NodeKind::kMacroVar, Text(token), token.span);
  STRATA_ASSIGN_OR_RETURN(Node * call, ParseMacroCallArguments(name, token.span));
  if (call->slot_count != 1 || call->slots[0]->kind == NodeKind::kNamedArg) {
    pos_ -= 1;  // point at the ')'
    return Expected("exactly one condition in " + std::string(Text(token)) + "(...)");
  }
  Node* clause = arena_->New(NodeKind::kMacroCall, {call->slots[0], nullptr}, token.span);
  clause->text = call->text;
  clause->flags = flag::kClause;
  return clause;
}

Status Parser::ParseQueryModifiers(Node* query, size_t order_slot, size_t limit_slot,
                                   size_t offset_slot) {
  const Token& order_keyword = Peek();
  if (IsClauseMacro("@ORDER_BY")) {
    STRATA_ASSIGN_OR_RETURN(Node * clause, ParseClauseMacroCondition());
    STRATA_ASSIGN_OR_RETURN(clause->slots[1], ParseOrderedList());
    query->slots[order_slot] = clause;
    AttachComments(clause, order_keyword);
  } else if (IsKeyword(Keyword::kORDER) && IsKeyword(Keyword::kBY, 1)) {
    pos_ += 2;
    if (IsKeyword(Keyword::kALL)) {
      const Token& all = Next();
      Node* ordered = arena_->New(NodeKind::kOrdered, 1, all.span);
      ordered->flags = flag::kAll;
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
      query->slots[order_slot] = arena_->New(NodeKind::kList, {ordered}, all.span);
    } else {
      STRATA_ASSIGN_OR_RETURN(query->slots[order_slot], ParseOrderedList());
    }
    AttachComments(query->slots[order_slot], order_keyword);
  }
  for (int round = 0; round < 2; ++round) {
    if (query->slots[limit_slot] == nullptr && IsClauseMacro("@LIMIT")) {
      const Token& start = Peek();
      STRATA_ASSIGN_OR_RETURN(Node * clause, ParseClauseMacroCondition());
      AttachComments(clause, start);
      Node* limit = arena_->New(NodeKind::kLimit, 1, clause->span);
      STRATA_ASSIGN_OR_RETURN(limit->slots[0], ParseExpression());
      clause->slots[1] = limit;
      query->slots[limit_slot] = clause;
    }
    if (query->slots[limit_slot] == nullptr && IsKeyword(Keyword::kLIMIT)) {
      const Token& start = Next();
      Node* limit = arena_->New(NodeKind::kLimit, 1, start.span);
      AttachComments(limit, start);
      if (AcceptKeyword(Keyword::kALL)) {
        limit->flags |= flag::kLimitAll;
      } else if (IsKind(TokenKind::kNumber) && IsOperator("%", 1) &&
                 (IsKind(TokenKind::kEof, 2) || IsKind(TokenKind::kSemicolon, 2) ||
                  IsKind(TokenKind::kRightParen, 2) || IsKeyword(Keyword::kOFFSET, 2))) {
        // LIMIT 10% (a percentage, not a modulo).
        STRATA_ASSIGN_OR_RETURN(limit->slots[0], ParseLiteralToken());
        ++pos_;
        limit->flags |= flag::kPercent;
      } else {
        STRATA_ASSIGN_OR_RETURN(limit->slots[0], ParseExpression());
        if (AcceptKeyword(Keyword::kPERCENT)) {
          limit->flags |= flag::kPercent;
        }
      }
      query->slots[limit_slot] = limit;
    }
    if (query->slots[offset_slot] == nullptr && AcceptKeyword(Keyword::kOFFSET)) {
      STRATA_ASSIGN_OR_RETURN(query->slots[offset_slot], ParseExpression());
      if (!AcceptKeyword(Keyword::kROWS)) {
        AcceptKeyword(Keyword::kROW);
      }
    }
    if (query->slots[limit_slot] == nullptr && IsKeyword(Keyword::kFETCH)) {
      const Token& start = Next();
      if (!AcceptKeyword(Keyword::kFIRST)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNEXT));
      }
      Node* limit = arena_->New(NodeKind::kLimit, 1, start.span);
      limit->flags = flag::kFetch;
      if (!IsKeyword(Keyword::kROW) && !IsKeyword(Keyword::kROWS)) {
        STRATA_ASSIGN_OR_RETURN(limit->slots[0], ParseExpression());
      }
      if (!AcceptKeyword(Keyword::kROWS)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kROW));
      }
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kONLY));
      query->slots[limit_slot] = limit;
    }
  }
  return Status::OK();
}

Result<Node*> Parser::ParseSetOperand() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kLeftParen) {
    ++pos_;
    STRATA_ASSIGN_OR_RETURN(Node * inner, ParseQuery());
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    return arena_->New(NodeKind::kQueryParen, {nullptr, inner, nullptr, nullptr, nullptr},
                       token.span);
  }
  if (IsKeyword(Keyword::kSELECT)) {
    return ParseSelectBody(nullptr, nullptr);
  }
  if (IsKeyword(Keyword::kVALUES)) {
    return ParseValues();
  }
  if (IsKeyword(Keyword::kFROM)) {
    ++pos_;
    STRATA_ASSIGN_OR_RETURN(Node * from, ParseFrom());
    return ParseSelectBody(nullptr, from);
  }
  if (IsKeyword(Keyword::kWITH)) {
    return ParseQuery();
  }
  if (token.kind == TokenKind::kMacroVariable && IsKind(TokenKind::kLeftParen, 1) &&
      !Peek(1).space_before) {
    // A macro that builds a query: WITH d AS (@DATE_SPINE('day', a, b)) ...
    return ParsePrimary();
  }
  return Expected("SELECT, VALUES, FROM or '('");
}

Result<Node*> Parser::ParseValues() {
  const Token& start = Next();
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> rows;
  while (true) {
    const Token& open = Peek();
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
    std::vector<Node*> items;
    STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
    rows.push_back(
        arena_->New(NodeKind::kRow, std::span<Node* const>(items.data(), items.size()), open.span));
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  return arena_->New(NodeKind::kValues, std::span<Node* const>(rows.data(), rows.size()),
                     start.span);
}

// SELECT body without ORDER BY / LIMIT (those belong to the whole query). With `from_first`,
// the FROM clause was already read (DuckDB: FROM t [SELECT ...]).
Result<Node*> Parser::ParseSelectBody(Node* with, Node* from_first) {
  const Token& start = Peek();
  Node* select = arena_->New(NodeKind::kSelect, kSelectSlotCount, start.span);
  select->slots[kSelectWith] = with;
  if (from_first != nullptr) {
    select->flags |= flag::kFromFirst;
    select->slots[kSelectFrom] = from_first;
  }
  if (AcceptKeyword(Keyword::kSELECT)) {
    if (AcceptKeyword(Keyword::kDISTINCT)) {
      select->flags |= flag::kDistinct;
      if (AcceptKeyword(Keyword::kON)) {
        const Token& open = Peek();
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
        std::vector<Node*> items;
        STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
        select->slots[kSelectDistinctOn] = MakeList(items, open.span);
      }
    } else {
      AcceptKeyword(Keyword::kALL);
    }
    std::vector<Node*> items;
    Span items_span = Peek().span;
    while (true) {
      const Token& item_start = Peek();
      STRATA_ASSIGN_OR_RETURN(Node * item, ParseMaybeAliased(true));
      AttachComments(item, item_start);
      items.push_back(item);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
      // Trailing comma before FROM is allowed by DuckDB.
      if (IsKeyword(Keyword::kFROM) || AtEnd() || IsKind(TokenKind::kRightParen)) {
        break;
      }
    }
    select->slots[kSelectItems] = MakeList(items, items_span);
    const Token& from_keyword = Peek();
    if (from_first == nullptr && AcceptKeyword(Keyword::kFROM)) {
      STRATA_ASSIGN_OR_RETURN(select->slots[kSelectFrom], ParseFrom());
      AttachComments(select->slots[kSelectFrom], from_keyword);
    }
  } else if (from_first == nullptr) {
    return Expected("SELECT");
  }
  const Token* clause = &Peek();
  if (AcceptKeyword(Keyword::kWHERE)) {
    STRATA_ASSIGN_OR_RETURN(select->slots[kSelectWhere], ParseExpression());
    AttachComments(select->slots[kSelectWhere], *clause);
  } else if (IsClauseMacro("@WHERE")) {
    STRATA_ASSIGN_OR_RETURN(Node * macro, ParseClauseMacroCondition());
    STRATA_ASSIGN_OR_RETURN(macro->slots[1], ParseExpression());
    select->slots[kSelectWhere] = macro;
    AttachComments(macro, *clause);
  }
  clause = &Peek();
  if (IsKeyword(Keyword::kGROUP) && IsKeyword(Keyword::kBY, 1)) {
    STRATA_ASSIGN_OR_RETURN(select->slots[kSelectGroupBy], ParseGroupBy(true));
    AttachComments(select->slots[kSelectGroupBy], *clause);
  } else if (IsClauseMacro("@GROUP_BY")) {
    STRATA_ASSIGN_OR_RETURN(Node * macro, ParseClauseMacroCondition());
    STRATA_ASSIGN_OR_RETURN(macro->slots[1], ParseGroupBy(false));
    select->slots[kSelectGroupBy] = macro;
    AttachComments(macro, *clause);
  }
  clause = &Peek();
  if (AcceptKeyword(Keyword::kHAVING)) {
    STRATA_ASSIGN_OR_RETURN(select->slots[kSelectHaving], ParseExpression());
    AttachComments(select->slots[kSelectHaving], *clause);
  } else if (IsClauseMacro("@HAVING")) {
    STRATA_ASSIGN_OR_RETURN(Node * macro, ParseClauseMacroCondition());
    STRATA_ASSIGN_OR_RETURN(macro->slots[1], ParseExpression());
    select->slots[kSelectHaving] = macro;
    AttachComments(macro, *clause);
  }
  if (AcceptKeyword(Keyword::kWINDOW)) {
    std::vector<Node*> windows;
    while (true) {
      const Token& name_token = Peek();
      STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAS));
      STRATA_ASSIGN_OR_RETURN(Node * spec, ParseWindowSpec(true));
      Node* window = arena_->New(NodeKind::kNamedWindow, {spec}, name_token.span);
      window->text = name->text;
      window->flags = name->flags & flag::kQuoted;
      windows.push_back(window);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    select->slots[kSelectWindows] = MakeList(windows, start.span);
  }
  clause = &Peek();
  if (AcceptKeyword(Keyword::kQUALIFY)) {
    STRATA_ASSIGN_OR_RETURN(select->slots[kSelectQualify], ParseExpression());
    AttachComments(select->slots[kSelectQualify], *clause);
  }
  if (IsKeyword(Keyword::kUSING) && IsKeyword(Keyword::kSAMPLE, 1)) {
    STRATA_ASSIGN_OR_RETURN(select->slots[kSelectSample], ParseSample());
  }
  if (select->slots[kSelectItems] == nullptr) {
    // FROM t alone means SELECT *.
    select->slots[kSelectItems] =
        arena_->New(NodeKind::kList, {arena_->New(NodeKind::kStar, 0, start.span)}, start.span);
  }
  return select;
}

Result<Node*> Parser::ParseGroupBy(bool keywords) {
  const Token& start = Peek();
  if (keywords) {
    pos_ += 2;  // GROUP BY
  }
  Node* group = nullptr;
  if (IsKeyword(Keyword::kALL)) {
    ++pos_;
    group = arena_->New(NodeKind::kGroupBy, 0, start.span);
    group->flags = flag::kAll;
    return group;
  }
  std::vector<Node*> items;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(Node * item, ParseGroupingElement());
    items.push_back(item);
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  return arena_->New(NodeKind::kGroupBy, std::span<Node* const>(items.data(), items.size()),
                     start.span);
}

Result<Node*> Parser::ParseGroupingElement() {
  const Token& start = Peek();
  NodeKind kind = NodeKind::kList;
  if (IsKeyword(Keyword::kROLLUP) && IsKind(TokenKind::kLeftParen, 1)) {
    kind = NodeKind::kRollup;
  } else if (IsKeyword(Keyword::kCUBE) && IsKind(TokenKind::kLeftParen, 1)) {
    kind = NodeKind::kCube;
  } else if (IsKeyword(Keyword::kGROUPING) && IsKeyword(Keyword::kSETS, 1)) {
    kind = NodeKind::kGroupingSets;
    ++pos_;
  } else {
    return ParseExpression();
  }
  pos_ += 2;
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  std::vector<Node*> items;
  if (!AcceptKind(TokenKind::kRightParen)) {
    while (true) {
      if (kind == NodeKind::kGroupingSets) {
        STRATA_ASSIGN_OR_RETURN(Node * item, ParseGroupingElement());
        items.push_back(item);
      } else {
        STRATA_ASSIGN_OR_RETURN(Node * item, ParseExpression());
        items.push_back(item);
      }
      if (AcceptKind(TokenKind::kRightParen)) {
        break;
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kComma));
    }
  }
  return arena_->New(kind, std::span<Node* const>(items.data(), items.size()), start.span);
}

}  // namespace strata::sql
