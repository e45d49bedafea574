// FROM clause grammar: table factors (names, table functions, subqueries, VALUES, parenthesized
// joins), aliases, join chains (JOIN binds tighter than the comma), PIVOT/UNPIVOT and samples.
#include "sql/parser.h"
#include "sql/parser_internal.h"

namespace strata::sql {

namespace {

bool StartsJoin(const Parser& p) {
  if (p.IsClauseMacro("@JOIN")) {
    return true;
  }
  switch (p.Peek().kind == TokenKind::kWord ? p.Peek().keyword : Keyword::kNone) {
    case Keyword::kJOIN:
    case Keyword::kINNER:
    case Keyword::kLEFT:
    case Keyword::kRIGHT:
    case Keyword::kFULL:
    case Keyword::kCROSS:
    case Keyword::kNATURAL:
    case Keyword::kASOF:
    case Keyword::kPOSITIONAL:
    case Keyword::kSEMI:
    case Keyword::kANTI:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<Node*> Parser::ParseFrom() {
  STRATA_ASSIGN_OR_RETURN(Node * left, ParseTableFactor());
  STRATA_ASSIGN_OR_RETURN(left, ParseJoinTail(left));
  while (IsKind(TokenKind::kComma)) {
    const Token& comma = Next();
    STRATA_ASSIGN_OR_RETURN(Node * right, ParseTableFactor());
    STRATA_ASSIGN_OR_RETURN(right, ParseJoinTail(right));
    left = arena_->New(NodeKind::kJoin, {left, right, nullptr}, comma.span);
    left->text = ",";
  }
  return left;
}

Result<Node*> Parser::ParseJoinTail(Node* left) {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  while (StartsJoin(*this)) {
    const Token& start = Peek();
    uint32_t flags = 0;
    std::string_view kind;
    if (AcceptKeyword(Keyword::kNATURAL)) {
      flags |= flag::kNatural;
    }
    if (AcceptKeyword(Keyword::kASOF)) {
      flags |= flag::kAsof;
    }
    if (AcceptKeyword(Keyword::kPOSITIONAL)) {
      flags |= flag::kPositional;
    }
    const Token& kind_token = Peek();
    switch (kind_token.kind == TokenKind::kWord ? kind_token.keyword : Keyword::kNone) {
      case Keyword::kINNER:
      case Keyword::kCROSS:
      case Keyword::kSEMI:
      case Keyword::kANTI:
        ++pos_;
        kind = KeywordText(kind_token.keyword);
        break;
      case Keyword::kLEFT:
      case Keyword::kRIGHT:
      case Keyword::kFULL:
        ++pos_;
        kind = KeywordText(kind_token.keyword);
        if (AcceptKeyword(Keyword::kOUTER)) {
          flags |= flag::kOuter;
        }
        if (IsKeyword(Keyword::kSEMI) || IsKeyword(Keyword::kANTI)) {
          // LEFT SEMI / LEFT ANTI are spelled SEMI / ANTI.
          kind = KeywordText(Next().keyword);
        }
        break;
      default:
        break;
    }
    Node* clause = nullptr;  // @JOIN(condition) in place of JOIN
    if (IsClauseMacro("@JOIN")) {
      STRATA_ASSIGN_OR_RETURN(clause, ParseClauseMacroCondition());
    } else {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kJOIN));
    }
    STRATA_ASSIGN_OR_RETURN(Node * right, ParseTableFactor());
    Node* condition = nullptr;
    bool needs_condition = kind != "CROSS" && (flags & (flag::kNatural | flag::kPositional)) == 0;
    if (needs_condition && StartsJoin(*this)) {
      // a JOIN b JOIN c ON ... ON ...: the right side is itself a join.
      STRATA_ASSIGN_OR_RETURN(right, ParseJoinTail(right));
    }
    if (needs_condition) {
      if (AcceptKeyword(Keyword::kON)) {
        STRATA_ASSIGN_OR_RETURN(condition, ParseExpression());
      } else if (AcceptKeyword(Keyword::kUSING)) {
        const Token& open = Peek();
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
        std::vector<Node*> columns;
        while (true) {
          STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
          columns.push_back(column);
          if (!AcceptKind(TokenKind::kComma)) {
            break;
          }
        }
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
        condition = arena_->New(NodeKind::kUsing,
                                std::span<Node* const>(columns.data(), columns.size()), open.span);
      }
    }
    left = arena_->New(NodeKind::kJoin, {left, right, condition}, start.span);
    left->text = kind;
    left->flags = flags;
    if (clause != nullptr) {
      clause->slots[1] = left;
      left = clause;
    }
  }
  return left;
}

Result<Node*> Parser::ParseTableFactor() {
  DepthGuard guard(this);
  STRATA_RETURN_IF_ERROR(guard.Check());
  const Token& start = Peek();
  uint32_t lateral = AcceptKeyword(Keyword::kLATERAL) ? flag::kLateral : 0;
  Node* factor = nullptr;
  const Token& token = Peek();
  if (token.kind == TokenKind::kLeftParen) {
    size_t saved = pos_;
    if (StartsQuery(1) && !QueryFailedAt(saved + 1)) {
      ++pos_;
      Result<Node*> query = ParseQuery();
      if (query.ok() && IsKind(TokenKind::kRightParen)) {
        ++pos_;
        factor = arena_->New(NodeKind::kDerivedTable, {*query, nullptr}, start.span);
      } else if (tokens_->tokens[saved + 1].kind != TokenKind::kLeftParen) {
        if (!query.ok()) {
          return query.status();
        }
        return Expected("')'");
      } else {
        RememberQueryFailure(saved + 1);
        pos_ = saved;  // "((SELECT 1) CROSS JOIN (SELECT 2))": a parenthesized join
      }
    }
    if (factor == nullptr) {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * inner, ParseFrom());
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      factor = arena_->New(NodeKind::kParen, {inner, nullptr}, start.span);
    }
  } else if (IsKeyword(Keyword::kVALUES)) {
    STRATA_ASSIGN_OR_RETURN(Node * values, ParseValues());
    factor = arena_->New(NodeKind::kDerivedTable, {values, nullptr}, start.span);
  } else if (token.kind == TokenKind::kString && Text(token)[0] == '\'') {
    // DuckDB replacement scan: FROM 'file.parquet'.
    STRATA_ASSIGN_OR_RETURN(Node * literal, ParseLiteralToken());
    factor = arena_->New(NodeKind::kTable, {literal, nullptr, nullptr}, start.span);
  } else if (token.kind == TokenKind::kMacroVariable && IsKind(TokenKind::kLeftParen, 1) &&
             !Peek(1).space_before) {
    STRATA_ASSIGN_OR_RETURN(Node * call, ParsePrimary());
    factor = arena_->New(NodeKind::kTableFunction, {call, nullptr}, start.span);
  } else {
    // A name, or a table function name(...).
    size_t name_start = pos_;
    STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
    if (IsKind(TokenKind::kLeftParen)) {
      pos_ = name_start;
      STRATA_ASSIGN_OR_RETURN(Node * call, ParsePrimary());
      if (call->kind != NodeKind::kFunction) {
        return Expected("a table function call");
      }
      factor = arena_->New(NodeKind::kTableFunction, {call, nullptr}, start.span);
      if (IsKeyword(Keyword::kWITH) && Peek(1).kind == TokenKind::kWord &&
          EqualsIgnoreCase(Text(Peek(1)), "ORDINALITY")) {
        pos_ += 2;
        factor->flags |= flag::kWithOrdinality;
      }
    } else {
      factor = arena_->New(NodeKind::kTable, {name, nullptr, nullptr}, start.span);
    }
  }
  factor->flags |= lateral;
  STRATA_ASSIGN_OR_RETURN(factor->slots[1], ParseTableAlias(true));
  if (factor->kind == NodeKind::kTable &&
      (IsKeyword(Keyword::kTABLESAMPLE) ||
       (IsKeyword(Keyword::kUSING) && IsKeyword(Keyword::kSAMPLE, 1)))) {
    STRATA_ASSIGN_OR_RETURN(factor->slots[2], ParseSample());
  }
  while (IsKeyword(Keyword::kPIVOT) || IsKeyword(Keyword::kUNPIVOT)) {
    bool unpivot = Next().keyword == Keyword::kUNPIVOT;
    STRATA_ASSIGN_OR_RETURN(factor, ParsePivot(factor, unpivot));
  }
  return factor;
}

// [AS] alias [(column, ...)]; nullptr when there is none.
Result<Node*> Parser::ParseTableAlias(bool allow_columns) {
  const Token& token = Peek();
  bool has_as = AcceptKeyword(Keyword::kAS);
  if (!has_as) {
    if (token.kind == TokenKind::kWord && BlocksImplicitAlias(token.keyword)) {
      return nullptr;
    }
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kQuotedIdentifier) {
      return nullptr;
    }
    // Not an alias: keywords that start the next clause.
    switch (token.keyword) {
      case Keyword::kWHERE:
      case Keyword::kGROUP:
      case Keyword::kPIVOT:
      case Keyword::kUNPIVOT:
        return nullptr;
      default:
        break;
    }
  }
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
  std::vector<Node*> columns;
  if (allow_columns && IsKind(TokenKind::kLeftParen)) {
    ++pos_;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
      columns.push_back(column);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  }
  Node* alias = arena_->New(NodeKind::kTableAlias,
                            std::span<Node* const>(columns.data(), columns.size()), token.span);
  alias->text = name->text;
  alias->flags = name->flags & flag::kQuoted;
  return alias;
}

// PIVOT (aggregates FOR column IN (values) ... [GROUP BY ...]) [alias]
// UNPIVOT [INCLUDE NULLS] (value_column FOR name_column IN (columns)) [alias]
Result<Node*> Parser::ParsePivot(Node* source, bool unpivot) {
  const Token& start = Peek();
  Node* pivot = nullptr;
  std::vector<Node*> slots{source, nullptr, nullptr, nullptr};
  uint32_t flags = unpivot ? flag::kUnpivot : 0;
  if (unpivot && AcceptKeyword(Keyword::kINCLUDE)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULLS));
    flags |= flag::kIncludeNulls;
  } else if (unpivot && IsKeyword(Keyword::kEXCLUDE)) {
    ++pos_;
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULLS));
  }
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
  std::vector<Node*> values;
  if (unpivot) {
    // value column(s): a name or (a, b)
    if (IsKind(TokenKind::kLeftParen)) {
      ++pos_;
      std::vector<Node*> items;
      STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &items).status());
      slots[1] = MakeList(items, start.span);
    } else {
      STRATA_ASSIGN_OR_RETURN(Node * value, ParsePrimary());
      slots[1] = MakeList({value}, start.span);
    }
  } else {
    std::vector<Node*> aggregates;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * aggregate, ParseMaybeAliased(true));
      aggregates.push_back(aggregate);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    slots[1] = MakeList(aggregates, start.span);
  }
  while (AcceptKeyword(Keyword::kFOR)) {
    const Token& for_token = Peek();
    std::vector<Node*> columns;
    if (IsKind(TokenKind::kLeftParen)) {
      ++pos_;
      STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &columns).status());
    } else {
      STRATA_ASSIGN_OR_RETURN(Node * column, ParsePrimary());
      columns.push_back(column);
    }
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kIN));
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
    std::vector<Node*> in_values;
    while (!AcceptKind(TokenKind::kRightParen)) {
      STRATA_ASSIGN_OR_RETURN(Node * value, ParseMaybeAliased(false));
      in_values.push_back(value);
      if (!AcceptKind(TokenKind::kComma)) {
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
        break;
      }
    }
    values.push_back(arena_->New(
        NodeKind::kPivotOn,
        {MakeList(columns, for_token.span), MakeList(in_values, for_token.span)}, for_token.span));
  }
  if (values.empty()) {
    return Expected("FOR");
  }
  if (IsKeyword(Keyword::kGROUP) && IsKeyword(Keyword::kBY, 1)) {
    pos_ += 2;
    std::vector<Node*> groups;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * group, ParseExpression());
      groups.push_back(group);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    slots[2] = MakeList(groups, start.span);
  }
  STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
  STRATA_ASSIGN_OR_RETURN(slots[3], ParseTableAlias(true));
  slots.insert(slots.end(), values.begin(), values.end());
  pivot =
      arena_->New(NodeKind::kPivot, std::span<Node* const>(slots.data(), slots.size()), start.span);
  pivot->flags = flags;
  return pivot;
}

// USING SAMPLE 10% (bernoulli, 42) / TABLESAMPLE reservoir(100 ROWS) REPEATABLE (1): kept as
// source text, after checking it is made of the simple tokens these clauses use.
Result<Node*> Parser::ParseSample() {
  const Token& start = Peek();
  size_t begin = pos_;
  if (AcceptKeyword(Keyword::kUSING)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kSAMPLE));
  } else {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTABLESAMPLE));
  }
  // A group "( simple, tokens )".
  auto group = [&]() -> Status {
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
    while (!AcceptKind(TokenKind::kRightParen)) {
      const Token& token = Peek();
      bool simple = token.kind == TokenKind::kNumber || token.kind == TokenKind::kComma ||
                    (token.kind == TokenKind::kWord && !IsReservedKeyword(token.keyword)) ||
                    (token.kind == TokenKind::kOperator && Text(token) == "%");
      if (!simple) {
        return Expected("a sample size, method or seed");
      }
      ++pos_;
    }
    return Status::OK();
  };
  auto size_unit = [&] {
    if (!AcceptOperator("%") && !AcceptKeyword(Keyword::kPERCENT)) {
      AcceptKeyword(Keyword::kROWS);
    }
  };
  if (IsKind(TokenKind::kNumber)) {
    ++pos_;
    size_unit();
    if (IsKind(TokenKind::kLeftParen)) {
      STRATA_RETURN_IF_ERROR(group());
    }
  } else if (IsKind(TokenKind::kWord) && IsKind(TokenKind::kLeftParen, 1)) {
    ++pos_;
    STRATA_RETURN_IF_ERROR(group());
  } else if (IsKind(TokenKind::kLeftParen)) {
    STRATA_RETURN_IF_ERROR(group());
  } else {
    return Expected("a sample size");
  }
  if (IsKind(TokenKind::kWord) && EqualsIgnoreCase(Text(Peek()), "REPEATABLE")) {
    ++pos_;
    STRATA_RETURN_IF_ERROR(group());
  }
  const Token& first = tokens_->tokens[begin];
  const Token& last = tokens_->tokens[pos_ - 1];
  Node* sample = arena_->New(NodeKind::kSample, 0, start.span);
  sample->text = tokens_->source.substr(first.span.offset,
                                        last.span.offset + last.span.length - first.span.offset);
  return sample;
}

}  // namespace strata::sql
