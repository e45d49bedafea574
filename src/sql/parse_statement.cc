// Statement grammar: queries, CREATE TABLE/VIEW/SCHEMA, INSERT, DELETE, UPDATE, MERGE,
// ALTER TABLE and DROP. Other statements (and DDL forms strata does not model) are kept as
// opaque statements that generate back verbatim.
#include "sql/parser.h"
#include "sql/parser_internal.h"
#include "sql/pivot_statement.h"

namespace strata::sql {

Result<Node*> Parser::ParseStatement() {
  size_t start = pos_;
  const Token& token = Peek();
  if (IsKeyword(Keyword::kWITH)) {
    // WITH ... SELECT, or WITH ... INSERT/UPDATE/DELETE.
    STRATA_ASSIGN_OR_RETURN(Node * with, ParseWith());
    Result<Node*> statement = Status::Internal("unreachable");
    size_t with_slot = 0;
    if (IsKeyword(Keyword::kINSERT)) {
      statement = ParseInsert();
      with_slot = 6;
    } else if (IsKeyword(Keyword::kUPDATE)) {
      statement = ParseUpdate();
      with_slot = 5;
    } else if (IsKeyword(Keyword::kDELETE)) {
      statement = ParseDelete();
      with_slot = 4;
    } else {
      return ParseQueryWithModifiers(with);
    }
    STRATA_RETURN_IF_ERROR(statement.status());
    statement.value()->slots[with_slot] = with;
    return statement;
  }
  if (token.kind == TokenKind::kLeftParen || IsKeyword(Keyword::kSELECT) ||
      IsKeyword(Keyword::kVALUES) || IsKeyword(Keyword::kFROM)) {
    return ParseQuery();
  }
  if ((IsKeyword(Keyword::kPIVOT) || IsKeyword(Keyword::kUNPIVOT)) &&
      !IsKind(TokenKind::kLeftParen, 1)) {
    // DuckDB's PIVOT and UNPIVOT statements: `PIVOT source ON ... [USING ...] [GROUP BY ...]`,
    // `UNPIVOT source ON ... INTO NAME n VALUE v`. The source is parsed (so the tables it reads
    // are known); what follows it is kept as text.
    const Token& keyword = Next();
    const bool unpivot = keyword.keyword == Keyword::kUNPIVOT;
    STRATA_ASSIGN_OR_RETURN(Node * source, ParseTableFactor());
    if (!IsKeyword(Keyword::kON)) {
      return Expected(unpivot ? "ON and the columns to unpivot" : "ON and the columns to pivot");
    }
    Node* rest = MakeOpaque(pos_);
    Node* pivot = arena_->New(NodeKind::kPivot, {source, rest}, keyword.span);
    pivot->flags = kPivotStatement | (unpivot ? flag::kUnpivot : 0);
    return pivot;
  }
  if (token.kind != TokenKind::kWord) {
    if (token.kind == TokenKind::kMacroVariable) {
      // A statement that is one macro call or variable (`@DEF(x, 1);`, `@hook;`) is that node
      // for the macro layer; anything else starting with a macro (`@IF(cond, ALTER TABLE ...)`)
      // is kept as opaque text.
      Result<Node*> call = ParseExpression();
      if (call.ok() && (AtEnd() || IsKind(TokenKind::kSemicolon)) &&
          ((*call)->kind == NodeKind::kMacroCall || (*call)->kind == NodeKind::kMacroVar)) {
        return call;
      }
      return MakeOpaque(start);
    }
    return Expected("a statement");
  }
  Result<Node*> result = Status::Internal("unreachable");
  switch (token.keyword) {
    case Keyword::kCREATE:
      result = ParseCreate();
      break;
    case Keyword::kINSERT:
      result = ParseInsert();
      break;
    case Keyword::kDELETE:
      result = ParseDelete();
      break;
    case Keyword::kUPDATE:
      result = ParseUpdate();
      break;
    case Keyword::kMERGE:
      result = ParseMerge();
      break;
    case Keyword::kALTER:
      result = ParseAlter();
      break;
    case Keyword::kDROP:
      result = ParseDrop();
      break;
    default:
      return MakeOpaque(start);
  }
  bool complete = result.ok() && (AtEnd() || IsKind(TokenKind::kSemicolon));
  if (complete) {
    return result;
  }
  // DML is what strata emits and models' pre/post statements use: its syntax errors are
  // reported. A DDL form outside what strata models (CREATE INDEX/MACRO/SEQUENCE, ALTER ...
  // SET, DROP FUNCTION, ...) is kept as an opaque statement; the engine is the judge of it.
  bool dml = token.keyword == Keyword::kINSERT || token.keyword == Keyword::kDELETE ||
             token.keyword == Keyword::kUPDATE || token.keyword == Keyword::kMERGE;
  if (dml) {
    if (!result.ok()) {
      return result.status();
    }
    return Expected("';' or end of statement");
  }
  pos_ = start;
  return MakeOpaque(start);
}

Node* Parser::MakeOpaque(size_t start_token) {
  pos_ = start_token;
  // Up to the next ';' (strings and dollar-quoted bodies are single tokens, so a ';' inside
  // them does not end the statement).
  while (!AtEnd() && !IsKind(TokenKind::kSemicolon)) {
    ++pos_;
  }
  const Token& first = tokens_->tokens[start_token];
  const Token& last = tokens_->tokens[pos_ - 1];
  Node* node = arena_->New(NodeKind::kOpaque, 0, first.span);
  node->text = tokens_->source.substr(first.span.offset,
                                      last.span.offset + last.span.length - first.span.offset);
  return node;
}

Result<Node*> Parser::ParseCreate() {
  const Token& start = Next();
  uint32_t flags = 0;
  if (AcceptKeyword(Keyword::kOR)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kREPLACE));
    flags |= flag::kOrReplace;
  }
  if (AcceptKeyword(Keyword::kTEMP) || AcceptKeyword(Keyword::kTEMPORARY)) {
    flags |= flag::kTemporary;
  }
  if (AcceptKeyword(Keyword::kMATERIALIZED)) {
    flags |= flag::kMaterialized;
    if (!IsKeyword(Keyword::kVIEW)) {
      return Expected("VIEW");
    }
  }
  auto if_not_exists = [&]() -> Status {
    if (AcceptKeyword(Keyword::kIF)) {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNOT));
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEXISTS));
      flags |= flag::kIfNotExists;
    }
    return Status::OK();
  };
  if (AcceptKeyword(Keyword::kTABLE)) {
    STRATA_RETURN_IF_ERROR(if_not_exists());
    Node* create = arena_->New(NodeKind::kCreateTable, 3, start.span);
    create->flags = flags;
    STRATA_ASSIGN_OR_RETURN(create->slots[0], ParseName());
    if (IsKind(TokenKind::kLeftParen) && !StartsQuery(0)) {
      const Token& open = Next();
      std::vector<Node*> columns;
      while (true) {
        if (IsKeyword(Keyword::kPRIMARY) || IsKeyword(Keyword::kUNIQUE) ||
            IsKeyword(Keyword::kCHECK) || IsKeyword(Keyword::kFOREIGN) ||
            IsKeyword(Keyword::kCONSTRAINT)) {
          // A table constraint, kept as text.
          size_t begin = pos_;
          int depth = 0;
          while (!AtEnd()) {
            if (IsKind(TokenKind::kLeftParen)) {
              ++depth;
            }
            if (IsKind(TokenKind::kRightParen)) {
              if (depth == 0) {
                break;
              }
              --depth;
            }
            if (IsKind(TokenKind::kComma) && depth == 0) {
              break;
            }
            ++pos_;
          }
          const Token& first = tokens_->tokens[begin];
          const Token& last = tokens_->tokens[pos_ - 1];
          Node* constraint = arena_->New(NodeKind::kConstraint, 0, first.span);
          constraint->text = tokens_->source.substr(
              first.span.offset, last.span.offset + last.span.length - first.span.offset);
          columns.push_back(constraint);
        } else {
          STRATA_ASSIGN_OR_RETURN(Node * column, ParseColumnDef());
          columns.push_back(column);
        }
        if (!AcceptKind(TokenKind::kComma)) {
          break;
        }
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      create->slots[1] = MakeList(columns, open.span);
    }
    if (AcceptKeyword(Keyword::kAS)) {
      STRATA_ASSIGN_OR_RETURN(create->slots[2], ParseQuery());
    }
    if (create->slots[1] == nullptr && create->slots[2] == nullptr) {
      return Expected("'(' or AS");
    }
    return create;
  }
  if (AcceptKeyword(Keyword::kVIEW)) {
    STRATA_RETURN_IF_ERROR(if_not_exists());
    Node* create = arena_->New(NodeKind::kCreateView, 3, start.span);
    create->flags = flags;
    STRATA_ASSIGN_OR_RETURN(create->slots[0], ParseName());
    if (IsKind(TokenKind::kLeftParen)) {
      const Token& open = Next();
      std::vector<Node*> columns;
      while (true) {
        STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
        columns.push_back(column);
        if (!AcceptKind(TokenKind::kComma)) {
          break;
        }
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      create->slots[1] = MakeList(columns, open.span);
    }
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kAS));
    STRATA_ASSIGN_OR_RETURN(create->slots[2], ParseQuery());
    return create;
  }
  if (AcceptKeyword(Keyword::kSCHEMA)) {
    STRATA_RETURN_IF_ERROR(if_not_exists());
    Node* create = arena_->New(NodeKind::kCreateSchema, 1, start.span);
    create->flags = flags;
    STRATA_ASSIGN_OR_RETURN(create->slots[0], ParseName());
    return create;
  }
  return Expected("TABLE, VIEW or SCHEMA");
}

Result<Node*> Parser::ParseColumnDef() {
  const Token& start = Peek();
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseIdentifier());
  std::vector<Node*> slots{nullptr};
  if (!IsKind(TokenKind::kComma) && !IsKind(TokenKind::kRightParen) && !IsKeyword(Keyword::kNOT) &&
      !IsKeyword(Keyword::kPRIMARY) && !IsKeyword(Keyword::kDEFAULT)) {
    STRATA_ASSIGN_OR_RETURN(slots[0], ParseType());
  }
  while (true) {
    const Token& token = Peek();
    Node* constraint = nullptr;
    if (IsKeyword(Keyword::kNOT) && IsKeyword(Keyword::kNULL, 1)) {
      pos_ += 2;
      constraint = NewText(NodeKind::kConstraint, "NOT NULL", token.span);
    } else if (AcceptKeyword(Keyword::kNULL)) {
      constraint = NewText(NodeKind::kConstraint, "NULL", token.span);
    } else if (IsKeyword(Keyword::kPRIMARY) && IsKeyword(Keyword::kKEY, 1)) {
      pos_ += 2;
      constraint = NewText(NodeKind::kConstraint, "PRIMARY KEY", token.span);
    } else if (AcceptKeyword(Keyword::kUNIQUE)) {
      constraint = NewText(NodeKind::kConstraint, "UNIQUE", token.span);
    } else if (AcceptKeyword(Keyword::kDEFAULT)) {
      STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpr(9));
      constraint = arena_->New(NodeKind::kConstraint, {value}, token.span);
      constraint->text = "DEFAULT";
    } else if (IsKeyword(Keyword::kCHECK) && IsKind(TokenKind::kLeftParen, 1)) {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(Node * check, ParseParenthesized());
      constraint = arena_->New(NodeKind::kConstraint, {check}, token.span);
      constraint->text = "CHECK";
    } else if (AcceptKeyword(Keyword::kCOLLATE)) {
      STRATA_ASSIGN_OR_RETURN(Node * collation, ParseIdentifier());
      constraint = arena_->New(NodeKind::kConstraint, {collation}, token.span);
      constraint->text = "COLLATE";
    } else if (AcceptKeyword(Keyword::kREFERENCES)) {
      STRATA_ASSIGN_OR_RETURN(Node * table, ParseName());
      std::vector<Node*> refs{table};
      if (AcceptKind(TokenKind::kLeftParen)) {
        while (true) {
          STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
          refs.push_back(column);
          if (!AcceptKind(TokenKind::kComma)) {
            break;
          }
        }
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      }
      constraint = arena_->New(NodeKind::kConstraint,
                               std::span<Node* const>(refs.data(), refs.size()), token.span);
      constraint->text = "REFERENCES";
    } else {
      break;
    }
    slots.push_back(constraint);
  }
  if (!IsKind(TokenKind::kComma) && !IsKind(TokenKind::kRightParen) && !AtEnd() &&
      !IsKind(TokenKind::kSemicolon)) {
    return Expected("',' or ')' after the column definition");
  }
  Node* column = arena_->New(NodeKind::kColumnDef,
                             std::span<Node* const>(slots.data(), slots.size()), start.span);
  column->text = name->text;
  column->flags = name->flags & flag::kQuoted;
  return column;
}

Result<Node*> Parser::ParseReturning() {
  if (!AcceptKeyword(Keyword::kRETURNING)) {
    return nullptr;
  }
  std::vector<Node*> items;
  Span span = Peek().span;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(Node * item, ParseMaybeAliased(true));
    items.push_back(item);
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  return MakeList(items, span);
}

Result<Node*> Parser::ParseInsert() {
  const Token& start = Next();
  Node* insert = arena_->New(NodeKind::kInsert, 7, start.span);
  if (AcceptKeyword(Keyword::kOR)) {
    if (AcceptKeyword(Keyword::kREPLACE)) {
      insert->flags |= flag::kOrReplace;
    } else {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kIGNORE));
      insert->flags |= flag::kOrIgnore;
    }
  }
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kINTO));
  STRATA_ASSIGN_OR_RETURN(insert->slots[0], ParseName());
  if (AcceptKeyword(Keyword::kAS)) {
    const Token& alias_token = Peek();
    STRATA_ASSIGN_OR_RETURN(Node * alias_name, ParseIdentifier());
    Node* alias = arena_->New(NodeKind::kTableAlias, 0, alias_token.span);
    alias->text = alias_name->text;
    alias->flags = alias_name->flags & flag::kQuoted;
    insert->slots[1] = alias;
  }
  if (IsKind(TokenKind::kLeftParen) && !StartsQuery(0)) {
    const Token& open = Next();
    std::vector<Node*> columns;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
      columns.push_back(column);
      if (!AcceptKind(TokenKind::kComma)) {
        break;
      }
    }
    STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
    insert->slots[2] = MakeList(columns, open.span);
  }
  if (IsKeyword(Keyword::kBY) && IsKeyword(Keyword::kNAME, 1)) {
    pos_ += 2;
    insert->flags |= flag::kByName;
  }
  if (IsKeyword(Keyword::kDEFAULT) && IsKeyword(Keyword::kVALUES, 1)) {
    pos_ += 2;
    insert->flags |= flag::kDefaultValues;
  } else {
    STRATA_ASSIGN_OR_RETURN(insert->slots[3], ParseQuery());
  }
  if (IsKeyword(Keyword::kON) && IsKeyword(Keyword::kCONFLICT, 1)) {
    const Token& on = Next();
    ++pos_;
    Node* conflict = arena_->New(NodeKind::kOnConflict, 3, on.span);
    if (IsKind(TokenKind::kLeftParen)) {
      const Token& open = Next();
      std::vector<Node*> columns;
      while (true) {
        STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
        columns.push_back(column);
        if (!AcceptKind(TokenKind::kComma)) {
          break;
        }
      }
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
      conflict->slots[0] = MakeList(columns, open.span);
    }
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kDO));
    if (!AcceptKeyword(Keyword::kNOTHING)) {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kUPDATE));
      STRATA_ASSIGN_OR_RETURN(conflict->slots[1], ParseUpdateSet());
      if (AcceptKeyword(Keyword::kWHERE)) {
        STRATA_ASSIGN_OR_RETURN(conflict->slots[2], ParseExpression());
      }
    }
    insert->slots[4] = conflict;
  }
  STRATA_ASSIGN_OR_RETURN(insert->slots[5], ParseReturning());
  return insert;
}

// SET a = x, (b, c) = (y, z)
Result<Node*> Parser::ParseUpdateSet() {
  const Token& start = Peek();
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kSET));
  std::vector<Node*> assignments;
  while (true) {
    const Token& token = Peek();
    Node* target = nullptr;
    if (IsKind(TokenKind::kLeftParen)) {
      STRATA_ASSIGN_OR_RETURN(target, ParseParenthesized());
    } else {
      std::vector<Node*> parts;
      STRATA_ASSIGN_OR_RETURN(Node * part, ParseIdentifier());
      parts.push_back(part);
      while (AcceptKind(TokenKind::kDot)) {
        STRATA_ASSIGN_OR_RETURN(part, ParseIdentifier());
        parts.push_back(part);
      }
      target = arena_->New(NodeKind::kColumn, std::span<Node* const>(parts.data(), parts.size()),
                           token.span);
    }
    if (!AcceptOperator("=")) {
      return Expected("'='");
    }
    Node* value = nullptr;
    if (IsKeyword(Keyword::kDEFAULT)) {
      value = arena_->New(NodeKind::kDefault, 0, Next().span);
    } else {
      STRATA_ASSIGN_OR_RETURN(value, ParseExpression());
    }
    assignments.push_back(arena_->New(NodeKind::kAssign, {target, value}, token.span));
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  return arena_->New(NodeKind::kUpdateSet,
                     std::span<Node* const>(assignments.data(), assignments.size()), start.span);
}

Result<Node*> Parser::ParseDelete() {
  const Token& start = Next();
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kFROM));
  Node* del = arena_->New(NodeKind::kDelete, 5, start.span);
  const Token& table_token = Peek();
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
  STRATA_ASSIGN_OR_RETURN(Node * alias, ParseTableAlias(false));
  del->slots[0] = arena_->New(NodeKind::kTable, {name, alias, nullptr}, table_token.span);
  if (AcceptKeyword(Keyword::kUSING)) {
    STRATA_ASSIGN_OR_RETURN(del->slots[1], ParseFrom());
  }
  if (AcceptKeyword(Keyword::kWHERE)) {
    STRATA_ASSIGN_OR_RETURN(del->slots[2], ParseExpression());
  }
  STRATA_ASSIGN_OR_RETURN(del->slots[3], ParseReturning());
  return del;
}

Result<Node*> Parser::ParseUpdate() {
  const Token& start = Next();
  Node* update = arena_->New(NodeKind::kUpdate, 6, start.span);
  const Token& table_token = Peek();
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
  STRATA_ASSIGN_OR_RETURN(Node * alias, ParseTableAlias(false));
  update->slots[0] = arena_->New(NodeKind::kTable, {name, alias, nullptr}, table_token.span);
  STRATA_ASSIGN_OR_RETURN(update->slots[1], ParseUpdateSet());
  if (AcceptKeyword(Keyword::kFROM)) {
    STRATA_ASSIGN_OR_RETURN(update->slots[2], ParseFrom());
  }
  if (AcceptKeyword(Keyword::kWHERE)) {
    STRATA_ASSIGN_OR_RETURN(update->slots[3], ParseExpression());
  }
  STRATA_ASSIGN_OR_RETURN(update->slots[4], ParseReturning());
  return update;
}

Result<Node*> Parser::ParseMerge() {
  const Token& start = Next();
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kINTO));
  const Token& table_token = Peek();
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
  STRATA_ASSIGN_OR_RETURN(Node * alias, ParseTableAlias(false));
  std::vector<Node*> slots{arena_->New(NodeKind::kTable, {name, alias, nullptr}, table_token.span)};
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kUSING));
  STRATA_ASSIGN_OR_RETURN(Node * source, ParseTableFactor());
  slots.push_back(source);
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kON));
  STRATA_ASSIGN_OR_RETURN(Node * on, ParseExpression());
  slots.push_back(on);
  while (IsKeyword(Keyword::kWHEN)) {
    STRATA_ASSIGN_OR_RETURN(Node * when, ParseMergeWhen());
    slots.push_back(when);
  }
  if (slots.size() == 3) {
    return Expected("WHEN");
  }
  return arena_->New(NodeKind::kMerge, std::span<Node* const>(slots.data(), slots.size()),
                     start.span);
}

Result<Node*> Parser::ParseMergeWhen() {
  if (!IsKeyword(Keyword::kWHEN)) {
    return Expected("WHEN");
  }
  const Token& when_token = Next();
  Node* when = arena_->New(NodeKind::kMergeWhen, 2, when_token.span);
  if (AcceptKeyword(Keyword::kNOT)) {
    when->flags |= flag::kNot;
  }
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kMATCHED));
  if (AcceptKeyword(Keyword::kBY)) {
    if (AcceptKeyword(Keyword::kSOURCE)) {
      when->flags |= flag::kBySource;
    } else {
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTARGET));
      when->flags |= flag::kByTarget;
    }
  }
  if (AcceptKeyword(Keyword::kAND)) {
    STRATA_ASSIGN_OR_RETURN(when->slots[0], ParseExpression());
  }
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTHEN));
  const Token& action_token = Peek();
  Node* action = arena_->New(NodeKind::kMergeAction, 2, action_token.span);
  if (AcceptKeyword(Keyword::kUPDATE)) {
    action->text = "UPDATE";
    if (IsKeyword(Keyword::kSET) && IsOperator("*", 1)) {
      pos_ += 2;
      action->flags |= flag::kStarAction;
    } else if (IsKeyword(Keyword::kBY) && IsKeyword(Keyword::kNAME, 1)) {
      pos_ += 2;
      action->flags |= flag::kByName;
    } else {
      STRATA_ASSIGN_OR_RETURN(action->slots[0], ParseUpdateSet());
    }
  } else if (AcceptKeyword(Keyword::kDELETE)) {
    action->text = "DELETE";
  } else if (AcceptKeyword(Keyword::kINSERT)) {
    action->text = "INSERT";
    if (AcceptOperator("*")) {
      action->flags |= flag::kStarAction;
    } else if (IsKeyword(Keyword::kBY) && IsKeyword(Keyword::kNAME, 1)) {
      pos_ += 2;
      action->flags |= flag::kByName;
    } else if (IsKeyword(Keyword::kDEFAULT) && IsKeyword(Keyword::kVALUES, 1)) {
      pos_ += 2;
      action->flags |= flag::kDefaultValues;
    } else {
      if (IsKind(TokenKind::kLeftParen)) {
        const Token& open = Next();
        std::vector<Node*> columns;
        while (true) {
          STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
          columns.push_back(column);
          if (!AcceptKind(TokenKind::kComma)) {
            break;
          }
        }
        STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kRightParen));
        action->slots[0] = MakeList(columns, open.span);
      }
      STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kVALUES));
      const Token& open = Peek();
      STRATA_RETURN_IF_ERROR(ExpectKind(TokenKind::kLeftParen));
      std::vector<Node*> values;
      STRATA_RETURN_IF_ERROR(ParseExpressionList(TokenKind::kRightParen, &values).status());
      action->slots[1] = MakeList(values, open.span);
    }
  } else if (AcceptKeyword(Keyword::kDO)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNOTHING));
    action->text = "DO NOTHING";
  } else {
    return Expected("UPDATE, DELETE, INSERT or DO NOTHING");
  }
  when->slots[1] = action;
  return when;
}

Result<Node*> Parser::ParseAlter() {
  const Token& start = Next();
  STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTABLE));
  std::vector<Node*> slots;
  uint32_t flags = 0;
  if (AcceptKeyword(Keyword::kIF)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEXISTS));
    flags |= flag::kIfExists;
  }
  STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
  slots.push_back(name);
  while (true) {
    const Token& token = Peek();
    Node* action = nullptr;
    if (AcceptKeyword(Keyword::kADD)) {
      AcceptKeyword(Keyword::kCOLUMN);
      uint32_t action_flags = 0;
      if (AcceptKeyword(Keyword::kIF)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNOT));
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEXISTS));
        action_flags |= flag::kIfNotExists;
      }
      STRATA_ASSIGN_OR_RETURN(Node * column, ParseColumnDef());
      action = arena_->New(NodeKind::kAlterAction, {column}, token.span);
      action->flags = action_flags;
      action->text = "ADD COLUMN";
    } else if (AcceptKeyword(Keyword::kDROP)) {
      AcceptKeyword(Keyword::kCOLUMN);
      uint32_t action_flags = 0;
      if (AcceptKeyword(Keyword::kIF)) {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEXISTS));
        action_flags |= flag::kIfExists;
      }
      STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
      if (AcceptKeyword(Keyword::kCASCADE)) {
        action_flags |= flag::kCascade;
      }
      action = arena_->New(NodeKind::kAlterAction, {column}, token.span);
      action->flags = action_flags;
      action->text = "DROP COLUMN";
    } else if (AcceptKeyword(Keyword::kALTER)) {
      AcceptKeyword(Keyword::kCOLUMN);
      STRATA_ASSIGN_OR_RETURN(Node * column, ParseIdentifier());
      if (AcceptKeyword(Keyword::kSET)) {
        if (AcceptKeyword(Keyword::kDATA)) {
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTYPE));
          STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
          action = arena_->New(NodeKind::kAlterAction, {column, type, nullptr}, token.span);
          action->text = "ALTER COLUMN TYPE";
        } else if (AcceptKeyword(Keyword::kDEFAULT)) {
          STRATA_ASSIGN_OR_RETURN(Node * value, ParseExpression());
          action = arena_->New(NodeKind::kAlterAction, {column, value}, token.span);
          action->text = "ALTER COLUMN SET DEFAULT";
        } else {
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNOT));
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULL));
          action = arena_->New(NodeKind::kAlterAction, {column}, token.span);
          action->text = "ALTER COLUMN SET NOT NULL";
        }
      } else if (AcceptKeyword(Keyword::kDROP)) {
        if (AcceptKeyword(Keyword::kDEFAULT)) {
          action = arena_->New(NodeKind::kAlterAction, {column}, token.span);
          action->text = "ALTER COLUMN DROP DEFAULT";
        } else {
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNOT));
          STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kNULL));
          action = arena_->New(NodeKind::kAlterAction, {column}, token.span);
          action->text = "ALTER COLUMN DROP NOT NULL";
        }
      } else {
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTYPE));
        STRATA_ASSIGN_OR_RETURN(Node * type, ParseType());
        Node* using_expr = nullptr;
        if (AcceptKeyword(Keyword::kUSING)) {
          STRATA_ASSIGN_OR_RETURN(using_expr, ParseExpression());
        }
        action = arena_->New(NodeKind::kAlterAction, {column, type, using_expr}, token.span);
        action->text = "ALTER COLUMN TYPE";
      }
    } else if (AcceptKeyword(Keyword::kRENAME)) {
      if (AcceptKeyword(Keyword::kTO)) {
        STRATA_ASSIGN_OR_RETURN(Node * new_name, ParseIdentifier());
        action = arena_->New(NodeKind::kAlterAction, {new_name}, token.span);
        action->text = "RENAME TO";
      } else {
        AcceptKeyword(Keyword::kCOLUMN);
        STRATA_ASSIGN_OR_RETURN(Node * old_name, ParseIdentifier());
        STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kTO));
        STRATA_ASSIGN_OR_RETURN(Node * new_name, ParseIdentifier());
        action = arena_->New(NodeKind::kAlterAction, {old_name, new_name}, token.span);
        action->text = "RENAME COLUMN";
      }
    } else {
      return Expected("ADD, DROP, ALTER or RENAME");
    }
    slots.push_back(action);
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  Node* alter = arena_->New(NodeKind::kAlterTable,
                            std::span<Node* const>(slots.data(), slots.size()), start.span);
  alter->flags = flags;
  return alter;
}

Result<Node*> Parser::ParseDrop() {
  const Token& start = Next();
  std::string_view what;
  if (IsKeyword(Keyword::kTABLE) || IsKeyword(Keyword::kVIEW) || IsKeyword(Keyword::kSCHEMA)) {
    what = KeywordText(Next().keyword);
  } else if (IsKeyword(Keyword::kMATERIALIZED) && IsKeyword(Keyword::kVIEW, 1)) {
    pos_ += 2;
    what = "MATERIALIZED VIEW";
  } else {
    return Expected("TABLE, VIEW or SCHEMA");
  }
  uint32_t flags = 0;
  if (AcceptKeyword(Keyword::kIF)) {
    STRATA_RETURN_IF_ERROR(ExpectKeyword(Keyword::kEXISTS));
    flags |= flag::kIfExists;
  }
  std::vector<Node*> names;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(Node * name, ParseName());
    names.push_back(name);
    if (!AcceptKind(TokenKind::kComma)) {
      break;
    }
  }
  if (AcceptKeyword(Keyword::kCASCADE)) {
    flags |= flag::kCascade;
  } else if (AcceptKeyword(Keyword::kRESTRICT)) {
    flags |= flag::kRestrict;
  }
  Node* drop =
      arena_->New(NodeKind::kDrop, std::span<Node* const>(names.data(), names.size()), start.span);
  drop->text = what;
  drop->flags = flags;
  return drop;
}

}  // namespace strata::sql
