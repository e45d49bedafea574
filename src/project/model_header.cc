// Parsing `MODEL (...)` / `AUDIT (...)` headers over the SQL token stream.
#include "project/model_header.h"

#include <string>

#include "base/text.h"

namespace strata::project {

namespace {

using sql::Node;
using sql::NodeKind;
using sql::Parser;
using sql::TokenKind;

class HeaderParser {
 public:
  HeaderParser(Parser& parser, const sql::TokenStream& tokens, std::string_view file,
               sql::Arena* arena)
      : p_(parser), tokens_(tokens), file_(file), arena_(arena) {}

  // Parses `( property, ... )`; `top_level` enables `columns (a INT)`.
  Status Properties(std::vector<HeaderProperty>* out, bool top_level, int depth) {
    if (depth > 8) {
      return p_.Expected("a value (properties nest too deeply)");
    }
    STRATA_RETURN_IF_ERROR(p_.ExpectKind(TokenKind::kLeftParen));
    while (!p_.AcceptKind(TokenKind::kRightParen)) {
      HeaderProperty property;
      STRATA_RETURN_IF_ERROR(Property(&property, top_level, depth));
      out->push_back(std::move(property));
      if (p_.AcceptKind(TokenKind::kRightParen)) {
        break;
      }
      if (!p_.AcceptKind(TokenKind::kComma)) {
        return p_.Expected("',' or ')'");
      }
    }
    return Status::OK();
  }

 private:
  Status Property(HeaderProperty* property, bool top_level, int depth) {
    const sql::Token& name = p_.Peek();
    if (name.kind != TokenKind::kWord) {
      return p_.Expected("a property name");
    }
    property->name = p_.Text(name);
    property->name_span = name.span;
    property->first_token = p_.position();
    p_.Next();
    const std::string key = ToLower(property->name);
    if (p_.IsKind(TokenKind::kComma) || p_.IsKind(TokenKind::kRightParen)) {
      return p_.Expected("a value for " + std::string(property->name));
    }
    if (key == "kind" && top_level) {
      STRATA_RETURN_IF_ERROR(Kind(property, depth));
    } else if (key == "columns" && top_level && p_.IsKind(TokenKind::kLeftParen)) {
      STRATA_RETURN_IF_ERROR(ColumnList(property));
    } else if (key == "csv_settings" && p_.IsKind(TokenKind::kLeftParen)) {
      property->has_nested = true;
      STRATA_RETURN_IF_ERROR(Properties(&property->nested, false, depth + 1));
    } else if (key == "defaults" && p_.IsKind(TokenKind::kLeftParen)) {
      STRATA_RETURN_IF_ERROR(Defaults(property));
    } else if (key == "when_matched") {
      STRATA_RETURN_IF_ERROR(MergeClauses(property));
    } else if (p_.IsOperator("*") &&
               (p_.IsKind(TokenKind::kComma, 1) || p_.IsKind(TokenKind::kRightParen, 1))) {
      property->value = arena_->New(NodeKind::kStar, 0, p_.Next().span);
    } else {
      STRATA_ASSIGN_OR_RETURN(property->value, p_.ParseExpression());
    }
    property->end_token = p_.position();
    return Status::OK();
  }

  // An AUDIT's `defaults (name = value, ...)`: any word names a parameter, SQL keywords too
  // (`column = id`, as SQLMesh writes it). Each becomes a `name = value` comparison node.
  Status Defaults(HeaderProperty* property) {
    const sql::Token& open = p_.Next();
    std::vector<Node*> items;
    while (!p_.AcceptKind(TokenKind::kRightParen)) {
      const sql::Token& name = p_.Peek();
      if (name.kind != TokenKind::kWord || !(p_.IsOperator("=", 1) || p_.IsOperator(":=", 1))) {
        return p_.Expected("a default such as threshold = 10");
      }
      p_.Next();
      p_.Next();
      STRATA_ASSIGN_OR_RETURN(Node * value, p_.ParseExpression());
      Node* identifier = arena_->New(NodeKind::kIdentifier, 0, name.span);
      identifier->text = p_.Text(name);
      Node* column = arena_->New(NodeKind::kColumn, {identifier}, name.span);
      Node* item = arena_->New(NodeKind::kBinary, {column, value}, name.span);
      item->text = "=";
      items.push_back(item);
      if (p_.AcceptKind(TokenKind::kRightParen)) {
        break;
      }
      if (!p_.AcceptKind(TokenKind::kComma)) {
        return p_.Expected("',' or ')'");
      }
    }
    property->value =
        arena_->New(NodeKind::kRow, std::span<Node* const>(items.data(), items.size()), open.span);
    return Status::OK();
  }

  Status Kind(HeaderProperty* property, int depth) {
    const sql::Token& token = p_.Peek();
    if (token.kind != TokenKind::kWord) {
      return p_.Expected("a model kind such as FULL or INCREMENTAL_BY_TIME_RANGE");
    }
    p_.Next();
    Node* name = arena_->New(NodeKind::kIdentifier, 0, token.span);
    name->text = p_.Text(token);
    property->value = name;
    if (p_.IsKind(TokenKind::kLeftParen)) {
      property->has_nested = true;
      STRATA_RETURN_IF_ERROR(Properties(&property->nested, false, depth + 1));
    }
    return Status::OK();
  }

  Status ColumnList(HeaderProperty* property) {
    const sql::Token& open = p_.Next();
    std::vector<Node*> columns;
    while (!p_.AcceptKind(TokenKind::kRightParen)) {
      const sql::Token& name_token = p_.Peek();
      if (name_token.kind != TokenKind::kWord && name_token.kind != TokenKind::kQuotedIdentifier) {
        return p_.Expected("a column name");
      }
      STRATA_ASSIGN_OR_RETURN(Node * name, p_.ParseName());
      if (name->slot_count != 1) {
        return sql::ErrorAt(tokens_.source, file_, name_token.span,
                            "a declared column name cannot be qualified");
      }
      if (p_.IsKind(TokenKind::kComma) || p_.IsKind(TokenKind::kRightParen)) {
        return p_.Expected("a type for column " + std::string(name->slots[0]->text));
      }
      STRATA_ASSIGN_OR_RETURN(Node * type, p_.ParseType());
      Node* column = arena_->New(NodeKind::kColumnDef, {type}, name_token.span);
      column->text = name->slots[0]->text;
      column->flags = name->slots[0]->flags;
      columns.push_back(column);
      if (p_.AcceptKind(TokenKind::kRightParen)) {
        break;
      }
      if (!p_.AcceptKind(TokenKind::kComma)) {
        return p_.Expected("',' or ')'");
      }
    }
    property->value = arena_->New(
        NodeKind::kList, std::span<Node* const>(columns.data(), columns.size()), open.span);
    return Status::OK();
  }

  // The index of the token that ends a value starting at `start`: a ')' closing the property
  // list, or a ',' followed by the next property (`name value`, not `target.x = ...`).
  size_t ValueEnd(size_t start) const {
    const auto& tokens = tokens_.tokens;
    int depth = 0;
    for (size_t i = start; i < tokens.size(); ++i) {
      const TokenKind kind = tokens[i].kind;
      if (kind == TokenKind::kEof) {
        return i;
      }
      if (kind == TokenKind::kLeftParen || kind == TokenKind::kLeftBracket) {
        ++depth;
      } else if (kind == TokenKind::kRightParen || kind == TokenKind::kRightBracket) {
        if (depth == 0) {
          return i;
        }
        --depth;
      } else if (kind == TokenKind::kComma && depth == 0 && i + 2 < tokens.size() &&
                 tokens[i + 1].kind == TokenKind::kWord && tokens[i + 2].kind != TokenKind::kDot &&
                 !(tokens[i + 2].kind == TokenKind::kOperator &&
                   tokens_.Text(tokens[i + 2]) == "=")) {
        return i;
      }
    }
    return tokens.size() - 1;
  }

  // WHEN clauses; UPDATE SET lists are comma-separated, so the clauses are parsed from a copy of
  // their own tokens, ended where the next property starts.
  Status MergeClauses(HeaderProperty* property) {
    const sql::Token& first = p_.Peek();
    const size_t start = p_.position();
    const size_t end = ValueEnd(start);
    sql::TokenStream clause_tokens;
    clause_tokens.source = tokens_.source;
    clause_tokens.tokens.assign(tokens_.tokens.begin() + static_cast<std::ptrdiff_t>(start),
                                tokens_.tokens.begin() + static_cast<std::ptrdiff_t>(end));
    sql::Token eof = tokens_.tokens[end];
    eof.kind = TokenKind::kEof;
    clause_tokens.tokens.push_back(eof);
    for (sql::Token& token : clause_tokens.tokens) {
      token.comment_count = 0;
    }
    sql::ParseOptions options;
    options.file_name = file_;
    Parser clauses_parser(&clause_tokens, arena_, options);
    const bool parenthesized = clauses_parser.IsKind(TokenKind::kLeftParen);
    if (parenthesized) {
      clauses_parser.Next();
    }
    std::vector<Node*> clauses;
    do {
      STRATA_ASSIGN_OR_RETURN(Node * clause, clauses_parser.ParseMergeWhen());
      clauses.push_back(clause);
    } while (clauses_parser.IsKeyword(sql::Keyword::kWHEN));
    if (parenthesized) {
      STRATA_RETURN_IF_ERROR(clauses_parser.ExpectKind(TokenKind::kRightParen));
    }
    if (!clauses_parser.AtEnd()) {
      return clauses_parser.Expected("WHEN, ',' or ')'");
    }
    p_.set_position(end);
    property->value = arena_->New(
        NodeKind::kList, std::span<Node* const>(clauses.data(), clauses.size()), first.span);
    return Status::OK();
  }

  Parser& p_;
  const sql::TokenStream& tokens_;
  std::string_view file_;
  sql::Arena* arena_;
};

}  // namespace

bool AtHeader(const sql::Parser& parser, std::string_view keyword) {
  const sql::Token& token = parser.Peek();
  return token.kind == TokenKind::kWord && EqualsIgnoreCase(parser.Text(token), keyword) &&
         parser.IsKind(TokenKind::kLeftParen, 1);
}

Result<Header> ParseHeader(sql::Parser& parser, const sql::TokenStream& tokens,
                           std::string_view file, sql::Arena* arena) {
  Header header;
  header.first_token = parser.position();
  const sql::Token& keyword = parser.Next();
  header.keyword = parser.Text(keyword);
  header.span = keyword.span;
  HeaderParser header_parser(parser, tokens, file, arena);
  STRATA_RETURN_IF_ERROR(header_parser.Properties(&header.properties, true, 0));
  header.end_token = parser.position();
  return header;
}

const HeaderProperty* FindProperty(const std::vector<HeaderProperty>& properties,
                                   std::string_view name) {
  for (const HeaderProperty& property : properties) {
    if (EqualsIgnoreCase(property.name, name)) {
      return &property;
    }
  }
  return nullptr;
}

}  // namespace strata::project
