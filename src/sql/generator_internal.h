// The generator's internal class, shared by generator.cc (expressions and the exhaustive
// switch), generator_query.cc and generator_statement.cc. Not part of the public API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/dialect.h"
#include "sql/generator.h"
#include "sql/precedence.h"

namespace strata::sql::internal {

// True when `name` can be written without quotes (no keyword that must be quoted, plain
// characters, or one of strata's macro forms).
bool IsBareIdentifier(std::string_view name);

class Generator {
 public:
  Generator(const GenerateOptions& options, std::string* out)
      : options_(options), dialect_(GetDialect(options.dialect)), out_(*out) {}

  Status Gen(const Node* node);

 private:
  bool duckdb() const { return dialect_.duckdb_extensions; }
  Status Unsupported(std::string_view what) const {
    return Status::Unsupported(std::string(what) + " cannot be expressed in " +
                               std::string(dialect_.name));
  }
  Status Require(bool ok, std::string_view what) const {
    return ok ? Status::OK() : Unsupported(what);
  }
  void Put(std::string_view text) { out_.append(text); }
  void Ident(std::string_view name, uint32_t flags) {
    if ((flags & flag::kQuoted) == 0 && IsBareIdentifier(name)) {
      out_.append(name);  // the common case, without a temporary string
      return;
    }
    out_.append(FormatIdentifier(name, (flags & flag::kQuoted) != 0));
  }
  // A line break at the current indentation (pretty) or a space (compact).
  void Break() {
    if (options_.pretty) {
      out_.push_back('\n');
      out_.append(static_cast<size_t>(indent_) * 2, ' ');
    } else {
      out_.push_back(' ');
    }
  }
  bool WritesComments() const { return options_.comments && options_.pretty; }
  // Whether `node` has comments to write that are not written yet; marks them written.
  bool TakeComments(const Node* node) {
    if (node == nullptr || node->comments.empty() || !WritesComments()) {
      return false;
    }
    for (const Node* written : commented_) {
      if (written == node) {
        return false;
      }
    }
    commented_.push_back(node);
    return true;
  }
  // With comments on: the comments attached to `node` (a select item, clause or CTE), each on
  // its own line, then a line break.
  void LeadingComments(const Node* node) {
    if (!TakeComments(node)) {
      return;
    }
    for (char c : node->comments) {
      if (c == '\n') {
        Break();
      } else {
        out_.push_back(c);
      }
    }
    Break();
  }
  // With comments on: the comments attached to any other node, in line before it (Gen does
  // this, and so do the helpers that write a node's children without Gen); a line comment
  // ends its line.
  void InlineComments(const Node* node) {
    if (TakeComments(node)) {
      WriteInlineComments(node->comments);
    }
  }
  void WriteInlineComments(std::string_view comments);
  // Generates `node`, parenthesized when it binds looser than `min_precedence`.
  Status Expr(const Node* node, int min_precedence) {
    if (ExpressionPrecedence(node) < min_precedence) {
      Put("(");
      STRATA_RETURN_IF_ERROR(Gen(node));
      Put(")");
      return Status::OK();
    }
    return Gen(node);
  }
  // Items of `list` (any node's slots from `first`) separated by ", ".
  Status Items(const Node* node, size_t first = 0) {
    InlineComments(node);
    for (size_t i = first; i < node->slot_count; ++i) {
      if (i > first) {
        Put(", ");
      }
      STRATA_RETURN_IF_ERROR(Gen(node->slots[i]));
    }
    return Status::OK();
  }
  // A clause's items: pretty puts each on its own indented line.
  Status ClauseItems(const Node* list) {
    InlineComments(list);
    if (!options_.pretty) {
      Put(" ");
      return Items(list);
    }
    ++indent_;
    for (size_t i = 0; i < list->slot_count; ++i) {
      Break();
      LeadingComments(list->slots[i]);
      STRATA_RETURN_IF_ERROR(Gen(list->slots[i]));
      if (i + 1 < list->slot_count) {
        Put(",");
      }
    }
    --indent_;
    return Status::OK();
  }
  // A clause with a single expression: WHERE x.
  Status ClauseExpr(std::string_view keyword, const Node* expr) {
    Break();
    LeadingComments(expr);
    Put(keyword);
    if (options_.pretty) {
      ++indent_;
      Break();
      STRATA_RETURN_IF_ERROR(Gen(expr));
      --indent_;
      return Status::OK();
    }
    Put(" ");
    return Gen(expr);
  }
  // "(query)" with the query indented in pretty mode.
  Status Bracketed(const Node* query) {
    Put("(");
    if (options_.pretty) {
      ++indent_;
      Break();
      STRATA_RETURN_IF_ERROR(Gen(query));
      --indent_;
      Break();
    } else {
      STRATA_RETURN_IF_ERROR(Gen(query));
    }
    Put(")");
    return Status::OK();
  }
  Status Modifiers(const Node* order, const Node* limit, const Node* offset) {
    if (IsClauseMacro(order) || IsClauseMacro(limit)) {
      // Conditional clauses (@ORDER_BY(c) x, @LIMIT(c) n) are unexpanded macros: as written.
      if (IsClauseMacro(order)) {
        Break();
        LeadingComments(order);
        STRATA_RETURN_IF_ERROR(Gen(order));
      } else {
        STRATA_RETURN_IF_ERROR(Modifiers(order, nullptr, nullptr));
      }
      if (IsClauseMacro(limit)) {
        Break();
        LeadingComments(limit);
        STRATA_RETURN_IF_ERROR(Gen(limit));
      } else {
        STRATA_RETURN_IF_ERROR(Modifiers(nullptr, limit, nullptr));
      }
      return Modifiers(nullptr, nullptr, offset);
    }
    if (order != nullptr) {
      Break();
      LeadingComments(order);
      Put("ORDER BY");
      STRATA_RETURN_IF_ERROR(ClauseItems(order));
    }
    if (limit != nullptr && !limit->Has(flag::kFetch)) {
      Break();
      LeadingComments(limit);
      STRATA_RETURN_IF_ERROR(Gen(limit));
    }
    if (offset != nullptr) {
      Break();
      Put("OFFSET ");
      STRATA_RETURN_IF_ERROR(Gen(offset));
    }
    if (limit != nullptr && limit->Has(flag::kFetch)) {
      Break();
      STRATA_RETURN_IF_ERROR(Gen(limit));
    }
    return Status::OK();
  }
  Status OptionalWith(const Node* with) {
    if (with == nullptr) {
      return Status::OK();
    }
    STRATA_RETURN_IF_ERROR(Gen(with));
    Break();
    return Status::OK();
  }
  Status IdentifierList(const Node* list, size_t first = 0) {
    InlineComments(list);
    Put("(");
    STRATA_RETURN_IF_ERROR(Items(list, first));
    Put(")");
    return Status::OK();
  }
  // The name after CREATE TABLE/VIEW/SCHEMA [IF NOT EXISTS]: a first part spelled "if" must be
  // quoted there, or it would read as IF NOT EXISTS.
  Status CreatedName(const Node* name) {
    if (name->slot_count > 0 && name->slots[0]->kind == NodeKind::kIdentifier &&
        EqualsIgnoreCase(name->slots[0]->text, "if")) {
      out_.append("\"").append(name->slots[0]->text).append("\"");
      for (uint32_t i = 1; i < name->slot_count; ++i) {
        Put(".");
        out_.append(FormatLabel(name->slots[i]->text, name->slots[i]->Has(flag::kQuoted)));
      }
      return Status::OK();
    }
    return Gen(name);
  }
  Status GenSelect(const Node* node);
  // generator_query.cc: queries, clauses and FROM items.
  Status GenQuery(const Node* node);
  // generator_statement.cc: DDL and DML statements.
  Status GenStatement(const Node* node);
  Status GenFunction(const Node* node);
  Status GenBinary(const Node* node);
  Status GenType(const Node* node);
  // `clause_macro`: the @JOIN(cond) kMacroCall standing for this join, written in place of JOIN.
  Status GenJoin(const Node* node, const Node* clause_macro = nullptr);
  // An unexpanded conditional clause: @WHERE(cond) expr, @GROUP_BY(cond) a, b, ...
  Status GenClauseMacro(const Node* node);
  static bool IsClauseMacro(const Node* node) {
    return node != nullptr && node->kind == NodeKind::kMacroCall && node->Has(flag::kClause);
  }
  Status GenLiteral(const Node* node);

  const GenerateOptions& options_;
  const Dialect& dialect_;
  std::string& out_;
  int indent_ = 0;
  std::vector<const Node*> commented_;  // nodes whose comments are written (comments are rare)
};

}  // namespace strata::sql::internal
