// Generator implementation: Gen() is the one exhaustive switch over NodeKind (no default, so the
// compiler flags a forgotten kind). Expressions are generated here; query and statement kinds
// are delegated to generator_query.cc and generator_statement.cc.
#include "sql/generator.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "sql/generator_internal.h"

#include "sql/keywords.h"
#include "sql/precedence.h"

namespace strata::sql {

namespace internal {

// True for the names the tokenizer reads as one macro-bearing word: @name, or word characters
// with @{...} pieces (t_@{suffix}) or @name pieces after a word character (column_@x).
bool IsMacroName(std::string_view name) {
  auto word = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c >= 0x80;
  };
  auto word_start = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  size_t i = 0;
  if (name[0] == '@' && name.size() > 1 && name[1] != '{') {
    unsigned char first = static_cast<unsigned char>(name[1]);
    if (!word(first) || (first >= '0' && first <= '9') || first == '$') {
      return false;
    }
    for (i = 2; i < name.size(); ++i) {
      if (!word(static_cast<unsigned char>(name[i]))) {
        return false;
      }
    }
    return true;
  }
  bool has_macro = false;
  while (i < name.size()) {
    if (name[i] == '@' && i + 1 < name.size() && name[i + 1] == '{') {
      size_t close = name.find('}', i + 2);
      if (close == std::string_view::npos) {
        return false;
      }
      // Like the tokenizer: anything up to the first '}'.
      has_macro = true;
      i = close + 1;
    } else if (name[i] == '@' && i > 0 && word(static_cast<unsigned char>(name[i - 1])) &&
               i + 1 < name.size() && word_start(static_cast<unsigned char>(name[i + 1]))) {
      has_macro = true;
      ++i;
    } else if (word(static_cast<unsigned char>(name[i]))) {
      ++i;
    } else {
      return false;
    }
  }
  return has_macro;
}

// True when `name` can be written bare before "(": plain characters, not a reserved word (ANY
// is allowed: DuckDB has an any() function).
bool FunctionNameIsBare(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '$' || c >= 0x80;
    if (!plain) {
      return false;
    }
  }
  Keyword keyword = LookupKeyword(name);
  return !IsReservedKeyword(keyword) || keyword == Keyword::kANY;
}

bool IsBareIdentifier(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  // Macro forms (@name, t_@{suffix}, column_@x) are strata's own syntax, rendered as written.
  if (name.find('@') != std::string_view::npos && IsMacroName(name)) {
    return true;
  }
  auto letter = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  if (!letter(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (!(letter(c) || (c >= '0' && c <= '9') || c == '$')) {
      return false;
    }
  }
  Keyword keyword = LookupKeyword(name);
  return keyword == Keyword::kNone || !CannotBeBareName(keyword);
}

// A type name the parser could only have read from a quoted identifier ("my type", "k,e").
bool TypeNameNeedsQuotes(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return true;
  }
  bool space = false;
  for (char c : name) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
                 c == '.' || static_cast<unsigned char>(c) >= 0x80;
    if (c == ' ') {
      space = true;
    } else if (!plain) {
      return true;
    }
  }
  if (!space) {
    return false;
  }
  static constexpr std::string_view kMultiWord[] = {
      "DOUBLE PRECISION",         "CHARACTER VARYING",           "BIT VARYING",
      "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE", "TIME WITH TIME ZONE",
      "TIME WITHOUT TIME ZONE"};
  for (std::string_view known : kMultiWord) {
    if (name == known) {
      return false;
    }
  }
  // INTERVAL DAY, INTERVAL YEAR TO MONTH
  return name.substr(0, 9) != "INTERVAL ";
}

}  // namespace internal

using internal::IsBareIdentifier;
using internal::TypeNameNeedsQuotes;

std::string FormatIdentifier(std::string_view name, bool case_sensitive) {
  bool needs_quotes = !IsBareIdentifier(name);
  if (case_sensitive && name.find('@') != std::string_view::npos) {
    needs_quotes = true;  // a quoted "a@b" or "t@{z}", not the macro form a_@x
  }
  if (!needs_quotes && case_sensitive) {
    for (char c : name) {
      needs_quotes = needs_quotes || std::isupper(static_cast<unsigned char>(c));
    }
  }
  if (!needs_quotes) {
    return std::string(name);
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// A name in a position where any keyword is a plain name (after AS, after a dot): bare unless
// its characters or its case need quotes.
std::string FormatLabel(std::string_view name, bool case_sensitive) {
  if (!case_sensitive && LookupKeyword(name) != Keyword::kNone) {
    return std::string(name);
  }
  return FormatIdentifier(name, case_sensitive);
}

std::string FormatString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out.push_back('\'');
    }
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

namespace internal {

Status Generator::GenLiteral(const Node* node) {
  switch (node->literal) {
    case LiteralKind::kInteger:
    case LiteralKind::kDecimal:
      if (!duckdb() && node->text.find('_') != std::string_view::npos) {
        return Unsupported("a number with '_' separators");
      }
      Put(node->text);
      return Status::OK();
    case LiteralKind::kString:
      out_.append(FormatString(node->text));
      return Status::OK();
    case LiteralKind::kBitString:
      Put(node->text);
      return Status::OK();
    case LiteralKind::kNull:
      Put("NULL");
      return Status::OK();
    case LiteralKind::kTrue:
      Put("TRUE");
      return Status::OK();
    case LiteralKind::kFalse:
      Put("FALSE");
      return Status::OK();
    case LiteralKind::kNone:
      break;
  }
  return Status::Internal("literal without a literal kind");
}

Status Generator::GenType(const Node* node) {
  if (node->text == "[]") {
    STRATA_RETURN_IF_ERROR(Gen(node->slots[0]));
    Put("[");
    if (node->slot_count > 1) {
      STRATA_RETURN_IF_ERROR(Gen(node->slots[1]));
    }
    Put("]");
    return Status::OK();
  }
  bool unsupported = false;
  std::string_view name = Renamed(dialect_.type_renames, node->text, &unsupported);
  if (unsupported) {
    return Unsupported("type " + std::string(node->text));
  }
  if (TypeNameNeedsQuotes(name)) {
    out_.append(FormatIdentifier(name, true));
  } else {
    Put(name);
  }
  if (node->slot_count > 0) {
    Put("(");
    STRATA_RETURN_IF_ERROR(Items(node));
    Put(")");
  }
  return Status::OK();
}

Status Generator::GenFunction(const Node* node) {
  bool unsupported = false;
  std::string_view name = Renamed(dialect_.function_renames, node->text, &unsupported);
  if (unsupported) {
    return Unsupported("function " + std::string(node->text));
  }
  if (node->Has(flag::kQuoted)) {
    Ident(name, node->flags);
  } else if (name.find('.') == std::string_view::npos && !FunctionNameIsBare(name)) {
    // A name read from quotes ("my func", "select"): quote it again. Keywords such as LEFT
    // and REPLACE stay bare: they are function names.
    out_.append(FormatIdentifier(name, true));
  } else {
    Put(name);
  }
  Put("(");
  if (node->Has(flag::kDistinct)) {
    Put("DISTINCT ");
  }
  if (node->Has(flag::kStarArg)) {
    Put("*");
  } else {
    STRATA_RETURN_IF_ERROR(Items(node->slots[0]));
  }
  if (node->slots[1] != nullptr) {
    Put(" ORDER BY ");
    STRATA_RETURN_IF_ERROR(Items(node->slots[1]));
  }
  // DuckDB accepts IGNORE/RESPECT NULLS only inside the parentheses.
  if (node->Has(flag::kIgnoreNulls)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "IGNORE NULLS"));
    Put(" IGNORE NULLS");
  } else if (node->Has(flag::kRespectNulls)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "RESPECT NULLS"));
    Put(" RESPECT NULLS");
  }
  Put(")");
  if (node->slots[4] != nullptr) {
    Put(" WITHIN GROUP (ORDER BY ");
    STRATA_RETURN_IF_ERROR(Items(node->slots[4]));
    Put(")");
  }
  if (node->slots[2] != nullptr) {
    Put(" FILTER (WHERE ");
    STRATA_RETURN_IF_ERROR(Gen(node->slots[2]));
    Put(")");
  }
  if (node->slots[3] != nullptr) {
    Put(" OVER ");
    STRATA_RETURN_IF_ERROR(Gen(node->slots[3]));
  }
  return Status::OK();
}

// Left-deep chains of one precedence level (a + b - c, x AND y AND z) are walked iteratively, so
// a generated filter with thousands of terms does not recurse once per term.
Status Generator::GenBinary(const Node* node) {
  int precedence = OperatorPrecedence(node->text);
  if (precedence == kPrecLambda) {  // right-associative
    STRATA_RETURN_IF_ERROR(Expr(node->slots[0], precedence + 1));
    Put(" -> ");
    return Expr(node->slots[1], precedence);
  }
  std::vector<const Node*> chain{node};
  while (chain.back()->slots[0]->kind == NodeKind::kBinary &&
         OperatorPrecedence(chain.back()->slots[0]->text) == precedence) {
    chain.push_back(chain.back()->slots[0]);
  }
  // The inner links of the chain start where the first operand does; Gen() does not visit them.
  for (size_t i = 1; i < chain.size(); ++i) {
    InlineComments(chain[i]);
  }
  STRATA_RETURN_IF_ERROR(Expr(chain.back()->slots[0], precedence));
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    bool unsupported = false;
    std::string_view op = Renamed(dialect_.operator_renames, (*it)->text, &unsupported);
    if (unsupported) {
      return Unsupported("operator " + std::string((*it)->text));
    }
    Put(" ");
    Put(op);
    Put(" ");
    STRATA_RETURN_IF_ERROR(Expr((*it)->slots[1], precedence + 1));
  }
  return Status::OK();
}

void Generator::WriteInlineComments(std::string_view comments) {
  // The comments joined by '\n'; a block comment may hold newlines itself.
  std::string_view rest = comments;
  while (!rest.empty()) {
    size_t end = rest.size();
    if (rest.starts_with("/*")) {
      int depth = 0;
      for (size_t i = 0; i + 1 < rest.size(); ++i) {
        if (rest[i] == '/' && rest[i + 1] == '*') {
          ++depth;
          ++i;
        } else if (rest[i] == '*' && rest[i + 1] == '/') {
          ++i;
          if (--depth == 0) {
            end = i + 1;
            break;
          }
        }
      }
    } else {
      end = std::min(rest.find('\n'), rest.size());
    }
    std::string_view comment = rest.substr(0, end);
    rest = rest.substr(std::min(end + 1, rest.size()));
    Put(comment);
    if (comment.starts_with("--")) {
      out_.push_back('\n');
      out_.append(static_cast<size_t>(indent_) * 2, ' ');
    } else {
      Put(" ");
    }
  }
}

Status Generator::Gen(const Node* node) {
  if (!node->comments.empty()) {
    InlineComments(node);
  }
  const Node* const* s = node->slots;
  switch (node->kind) {
    case NodeKind::kList:
      return Items(node);
    case NodeKind::kIdentifier:
      Ident(node->text, node->flags);
      return Status::OK();
    case NodeKind::kName:
    case NodeKind::kColumn:
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(".");
          if (s[i]->kind == NodeKind::kIdentifier) {
            out_.append(FormatLabel(s[i]->text, s[i]->Has(flag::kQuoted)));
            continue;
          }
        }
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kStar:
      if (node->slot_count > 0 && s[0] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(".");
      }
      Put("*");
      if (node->slot_count > 0) {
        if (s[1] != nullptr || s[2] != nullptr || s[3] != nullptr) {
          STRATA_RETURN_IF_ERROR(Require(duckdb(), "* EXCLUDE/REPLACE/RENAME"));
        }
        if (s[1] != nullptr) {
          Put(" EXCLUDE ");
          STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
        }
        if (s[2] != nullptr) {
          Put(" REPLACE ");
          STRATA_RETURN_IF_ERROR(IdentifierList(s[2]));
        }
        if (s[3] != nullptr) {
          Put(" RENAME ");
          STRATA_RETURN_IF_ERROR(IdentifierList(s[3]));
        }
      }
      return Status::OK();
    case NodeKind::kColumns:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "COLUMNS(...)"));
      Put("COLUMNS(");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(")");
      return Status::OK();
    case NodeKind::kLiteral:
      return GenLiteral(node);
    case NodeKind::kTypedLiteral:
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(" ");
      return Gen(s[1]);
    case NodeKind::kInterval: {
      Put("INTERVAL ");
      const Node* value = s[0];
      if (!duckdb() && value->kind == NodeKind::kLiteral &&
          value->literal != LiteralKind::kString) {
        out_.append(FormatString(value->text));
      } else if (!duckdb() && value->kind != NodeKind::kLiteral) {
        return Unsupported("INTERVAL with a non-literal value");
      } else if (value->kind != NodeKind::kLiteral && value->kind != NodeKind::kParen &&
                 value->kind != NodeKind::kSubquery && value->kind != NodeKind::kRow) {
        Put("(");
        STRATA_RETURN_IF_ERROR(Gen(value));
        Put(")");
      } else {
        STRATA_RETURN_IF_ERROR(Gen(value));
      }
      if (!node->text.empty()) {
        Put(" ");
        Put(node->text);
      }
      return Status::OK();
    }
    case NodeKind::kParameter:
    case NodeKind::kMacroVar:
    case NodeKind::kMacroBrace:
      Put(node->text);
      return Status::OK();
    case NodeKind::kMacroCall:
      if (node->Has(flag::kClause)) {
        return GenClauseMacro(node);
      }
      Put(node->text);
      Put("(");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kUnary:
      if (node->text == "NOT") {
        Put("NOT ");
        return Expr(s[0], kPrecNot);
      }
      Put(node->text);
      // "- -x" must not become a comment; "@ x" must not become a macro.
      if (s[0]->kind == NodeKind::kUnary || node->text == "@") {
        Put(" ");
      }
      return Expr(s[0], kPrecUnary);
    case NodeKind::kBinary:
      return GenBinary(node);
    case NodeKind::kIs:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecIs));
      Put(node->Has(flag::kNot) ? " IS NOT " : " IS ");
      if (node->Has(flag::kDistinctFrom)) {
        Put("DISTINCT FROM ");
      }
      return Expr(s[1], kPrecIs + 1);
    case NodeKind::kPostfixNull:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecIs));
      Put(node->Has(flag::kNot) ? " NOTNULL" : " ISNULL");
      return Status::OK();
    case NodeKind::kBetween:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecLike));
      Put(node->Has(flag::kNot) ? " NOT BETWEEN " : " BETWEEN ");
      if (node->Has(flag::kSymmetric)) {
        Put("SYMMETRIC ");
      }
      STRATA_RETURN_IF_ERROR(Expr(s[1], kPrecLike + 1));
      Put(" AND ");
      return Expr(s[2], kPrecLike + 1);
    case NodeKind::kIn:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecLike));
      Put(node->Has(flag::kNot) ? " NOT IN " : " IN ");
      if (s[1]->kind == NodeKind::kRow && !s[1]->Has(flag::kRowKeyword)) {
        Put("(");
        STRATA_RETURN_IF_ERROR(Items(s[1]));
        Put(")");
        return Status::OK();
      }
      if (s[1]->kind != NodeKind::kSubquery) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "IN with a list expression"));
      }
      return Expr(s[1], kPrecLike + 1);
    case NodeKind::kLike:
      if (node->text == "GLOB") {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "GLOB"));
      }
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecLike));
      Put(node->Has(flag::kNot) ? " NOT " : " ");
      Put(node->text);
      Put(" ");
      STRATA_RETURN_IF_ERROR(Expr(s[1], kPrecLike + 1));
      if (node->slot_count > 2 && s[2] != nullptr) {
        Put(" ESCAPE ");
        STRATA_RETURN_IF_ERROR(Expr(s[2], kPrecLike + 1));
      }
      return Status::OK();
    case NodeKind::kQuantified:
      Put(node->text);
      if (s[0]->kind == NodeKind::kSubquery || s[0]->kind == NodeKind::kParen ||
          (s[0]->kind == NodeKind::kRow && !s[0]->Has(flag::kRowKeyword))) {
        return Gen(s[0]);
      }
      Put("(");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(")");
      return Status::OK();
    case NodeKind::kCase:
      Put("CASE");
      if (s[0] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      for (uint32_t i = 2; i < node->slot_count; ++i) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      if (s[1] != nullptr) {
        Put(" ELSE ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      Put(" END");
      return Status::OK();
    case NodeKind::kWhen:
      Put("WHEN ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(" THEN ");
      return Gen(s[1]);
    case NodeKind::kCast:
      if (node->Has(flag::kShortCast)) {
        STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecPostfix));
        Put("::");
        return Gen(s[1]);
      }
      if (node->Has(flag::kTry)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "TRY_CAST"));
      }
      Put(node->Has(flag::kTry) ? "TRY_CAST(" : "CAST(");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(" AS ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Put(")");
      return Status::OK();
    case NodeKind::kType:
      return GenType(node);
    case NodeKind::kTypeField:
      Ident(node->text, node->flags);
      Put(" ");
      return Gen(s[0]);
    case NodeKind::kFunction:
      return GenFunction(node);
    case NodeKind::kNamedArg:
      // Any word names an argument before := or => (`column := x`), keywords included.
      out_.append(FormatLabel(node->text, node->Has(flag::kQuoted)));
      Put(node->Has(flag::kArrow) ? " => " : " := ");
      return Gen(s[0]);
    case NodeKind::kWindowSpec: {
      if (node->Has(flag::kNamedOnly)) {
        Ident(node->text, 0);
        return Status::OK();
      }
      Put("(");
      bool space = false;
      if (!node->text.empty()) {
        Ident(node->text, 0);
        space = true;
      }
      if (s[0] != nullptr) {
        Put(space ? " PARTITION BY " : "PARTITION BY ");
        STRATA_RETURN_IF_ERROR(Items(s[0]));
        space = true;
      }
      if (s[1] != nullptr) {
        Put(space ? " ORDER BY " : "ORDER BY ");
        STRATA_RETURN_IF_ERROR(Items(s[1]));
        space = true;
      }
      if (s[2] != nullptr) {
        if (space) {
          Put(" ");
        }
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      Put(")");
      return Status::OK();
    }
    case NodeKind::kFrame:
      Put(node->text);
      if (s[1] != nullptr) {
        Put(" BETWEEN ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(" AND ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      } else {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      if (node->Has(flag::kExcludeCurrentRow)) {
        Put(" EXCLUDE CURRENT ROW");
      }
      if (node->Has(flag::kExcludeGroup)) {
        Put(" EXCLUDE GROUP");
      }
      if (node->Has(flag::kExcludeTies)) {
        Put(" EXCLUDE TIES");
      }
      if (node->Has(flag::kExcludeNoOthers)) {
        Put(" EXCLUDE NO OTHERS");
      }
      return Status::OK();
    case NodeKind::kFrameBound:
      if (s[0] != nullptr) {
        STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecAnd + 1));
        Put(" ");
      }
      Put(node->text);
      return Status::OK();
    case NodeKind::kExtract:
      Put("EXTRACT(");
      Put(node->text);
      Put(" FROM ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(")");
      return Status::OK();
    case NodeKind::kPosition:
      Put("POSITION(");
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecLike + 1));
      Put(" IN ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Put(")");
      return Status::OK();
    case NodeKind::kSubstring:
      Put("SUBSTRING(");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        Put(" FROM ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" FOR ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      Put(")");
      return Status::OK();
    case NodeKind::kTrim:
      Put("TRIM(");
      if (!node->text.empty()) {
        Put(node->text);
        Put(" ");
      }
      if (s[0] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(" ");
      }
      if (s[0] != nullptr || !node->text.empty()) {
        Put("FROM ");
      }
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Put(")");
      return Status::OK();
    case NodeKind::kAtTimeZone:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecAtZone));
      Put(" AT TIME ZONE ");
      return Expr(s[1], kPrecAtZone + 1);
    case NodeKind::kCollate:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecAtZone));
      Put(" COLLATE ");
      Ident(node->text, node->flags);
      return Status::OK();
    case NodeKind::kArray:
      Put(node->Has(flag::kArrayKeyword) || !duckdb() ? "ARRAY[" : "[");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put("]");
      return Status::OK();
    case NodeKind::kArraySubquery:
      Put("ARRAY");
      return Bracketed(s[0]);
    case NodeKind::kStruct:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "a struct literal"));
      Put("{");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put("}");
      return Status::OK();
    case NodeKind::kStructField:
      // A case-sensitive key written as "Key" stays a quoted name; others are string keys.
      if (node->Has(flag::kQuoted)) {
        Ident(node->text, node->flags);
      } else {
        out_.append(FormatString(node->text));
      }
      Put(": ");
      return Gen(s[0]);
    case NodeKind::kMap:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "a MAP literal"));
      Put("MAP {");
      for (uint32_t i = 0; i + 1 < node->slot_count; i += 2) {
        if (i > 0) {
          Put(", ");
        }
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
        Put(": ");
        STRATA_RETURN_IF_ERROR(Gen(s[i + 1]));
      }
      Put("}");
      return Status::OK();
    case NodeKind::kRow:
      Put(node->Has(flag::kRowKeyword) ? "ROW(" : "(");
      STRATA_RETURN_IF_ERROR(Items(node));
      // A one-element tuple needs its trailing comma to stay a tuple.
      Put(node->slot_count == 1 && !node->Has(flag::kRowKeyword) ? ",)" : ")");
      return Status::OK();
    case NodeKind::kSubscript:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecPostfix));
      Put("[");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Put("]");
      return Status::OK();
    case NodeKind::kSlice:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecPostfix));
      Put("[");
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      Put(":");
      if (s[2] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      if (node->Has(flag::kHasStep)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "a slice step"));
        Put(":");
        STRATA_RETURN_IF_ERROR(Gen(s[3]));
      }
      Put("]");
      return Status::OK();
    case NodeKind::kFieldAccess:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecPostfix));
      // "1 .x": without the space the dot would belong to the number.
      if (s[0]->kind == NodeKind::kLiteral && s[0]->literal != LiteralKind::kString) {
        Put(" ");
      }
      Put(".");
      out_.append(FormatLabel(node->text, node->Has(flag::kQuoted)));
      return Status::OK();
    case NodeKind::kMethodCall:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "method-call syntax x.f()"));
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecPostfix));
      if (s[0]->kind == NodeKind::kLiteral && s[0]->literal != LiteralKind::kString) {
        Put(" ");
      }
      Put(".");
      Put(node->text);
      Put("(");
      STRATA_RETURN_IF_ERROR(Items(node, 1));
      Put(")");
      return Status::OK();
    case NodeKind::kLambda:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "a lambda"));
      Put("lambda ");
      STRATA_RETURN_IF_ERROR(Items(s[0]));
      Put(": ");
      return Expr(s[1], kPrecLambda + 1);
    case NodeKind::kParen:
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      Put("(");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(")");
      // A parenthesized join in FROM may carry an alias.
      if (node->slot_count > 1 && s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      return Status::OK();
    case NodeKind::kSubquery:
      return Bracketed(s[0]);
    case NodeKind::kExists:
      Put("EXISTS ");
      return Bracketed(s[0]);
    case NodeKind::kAlias:
      STRATA_RETURN_IF_ERROR(Expr(s[0], kPrecLambda));
      Put(" AS ");
      // After AS a keyword is a plain name, so keep its spelling (quotes would make an
      // upper-case keyword case-sensitive).
      out_.append(FormatLabel(node->text, node->Has(flag::kQuoted)));
      return Status::OK();
    case NodeKind::kDefault:
      Put("DEFAULT");
      return Status::OK();
    case NodeKind::kSelect:
    case NodeKind::kSetOp:
    case NodeKind::kValues:
    case NodeKind::kQueryParen:
    case NodeKind::kWith:
    case NodeKind::kCte:
    case NodeKind::kOrdered:
    case NodeKind::kGroupBy:
    case NodeKind::kGroupingSets:
    case NodeKind::kRollup:
    case NodeKind::kCube:
    case NodeKind::kNamedWindow:
    case NodeKind::kLimit:
    case NodeKind::kTable:
    case NodeKind::kTableFunction:
    case NodeKind::kDerivedTable:
    case NodeKind::kTableAlias:
    case NodeKind::kJoin:
    case NodeKind::kUsing:
    case NodeKind::kPivot:
    case NodeKind::kPivotOn:
    case NodeKind::kSample:
      return GenQuery(node);
    case NodeKind::kCreateTable:
    case NodeKind::kColumnDef:
    case NodeKind::kConstraint:
    case NodeKind::kCreateView:
    case NodeKind::kCreateSchema:
    case NodeKind::kInsert:
    case NodeKind::kOnConflict:
    case NodeKind::kDelete:
    case NodeKind::kUpdate:
    case NodeKind::kUpdateSet:
    case NodeKind::kAssign:
    case NodeKind::kMerge:
    case NodeKind::kMergeWhen:
    case NodeKind::kMergeAction:
    case NodeKind::kAlterTable:
    case NodeKind::kAlterAction:
    case NodeKind::kDrop:
      return GenStatement(node);
    case NodeKind::kOpaque:
      Put(node->text);
      return Status::OK();
  }
  return Status::Internal("unknown node kind");
}

}  // namespace internal

using internal::Generator;

Result<std::string> Generate(const Node* node, const GenerateOptions& options) {
  std::string out;
  out.reserve(256);
  Generator generator(options, &out);
  STRATA_RETURN_IF_ERROR(generator.Gen(node));
  return out;
}

Result<std::string> GenerateScript(std::span<Node* const> statements,
                                   const GenerateOptions& options) {
  std::string out;
  for (const Node* statement : statements) {
    if (!out.empty()) {
      out.append(options.pretty ? "\n" : "");
    }
    Generator generator(options, &out);
    STRATA_RETURN_IF_ERROR(generator.Gen(statement));
    out.append(";\n");
  }
  return out;
}

Result<std::string> FormatScript(const ParsedScript& script, DialectKind dialect) {
  GenerateOptions options;
  options.dialect = dialect;
  options.pretty = true;
  options.comments = true;
  std::string out;
  for (size_t i = 0; i < script.statements.size(); ++i) {
    if (i > 0) {
      out.append("\n");
    }
    if (i < script.leading_comments.size() && !script.leading_comments[i].empty()) {
      out.append(script.leading_comments[i]).append("\n");
    }
    Generator generator(options, &out);
    STRATA_RETURN_IF_ERROR(generator.Gen(script.statements[i]));
    out.append(";\n");
  }
  if (!script.trailing_comments.empty()) {
    out.append(out.empty() ? "" : "\n").append(script.trailing_comments).append("\n");
  }
  return out;
}

}  // namespace strata::sql
