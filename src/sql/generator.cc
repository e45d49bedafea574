// Generator implementation: Gen() is the one exhaustive switch over NodeKind (no default, so the
// compiler flags a forgotten kind); helpers handle lists, clauses, layout and parentheses.
#include "sql/generator.h"

#include <cctype>

#include "sql/keywords.h"
#include "sql/precedence.h"

namespace strata::sql {

namespace {

bool IsBareIdentifier(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  // Macro forms (@name, t_@{suffix}) are strata's own syntax, rendered as written.
  if (name[0] == '@' || name.find("@{") != std::string_view::npos) {
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

}  // namespace

std::string FormatIdentifier(std::string_view name, bool case_sensitive) {
  bool needs_quotes = !IsBareIdentifier(name);
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

namespace {

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
    if (!options_.pretty) {
      Put(" ");
      return Items(list);
    }
    ++indent_;
    for (size_t i = 0; i < list->slot_count; ++i) {
      Break();
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
    if (order != nullptr) {
      Break();
      Put("ORDER BY");
      STRATA_RETURN_IF_ERROR(ClauseItems(order));
    }
    if (limit != nullptr && !limit->Has(flag::kFetch)) {
      Break();
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
  Status GenFunction(const Node* node);
  Status GenType(const Node* node);
  Status GenJoin(const Node* node);
  Status GenLiteral(const Node* node);

  const GenerateOptions& options_;
  const Dialect& dialect_;
  std::string& out_;
  int indent_ = 0;
};

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

Status Generator::GenSelect(const Node* node) {
  const Node* const* s = node->slots;
  STRATA_RETURN_IF_ERROR(OptionalWith(s[kSelectWith]));
  if (node->Has(flag::kFromFirst)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "FROM-first SELECT"));
    Put("FROM ");
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectFrom]));
    const Node* items = s[kSelectItems];
    bool star_only = items->slot_count == 1 && items->slots[0]->kind == NodeKind::kStar &&
                     items->slots[0]->slot_count == 0 && !node->Has(flag::kDistinct);
    if (!star_only) {
      Break();
      Put("SELECT");
      if (node->Has(flag::kDistinct)) {
        Put(" DISTINCT");
      }
      STRATA_RETURN_IF_ERROR(ClauseItems(items));
    }
  } else {
    Put("SELECT");
    if (node->Has(flag::kDistinct)) {
      Put(" DISTINCT");
      if (s[kSelectDistinctOn] != nullptr) {
        Put(" ON (");
        STRATA_RETURN_IF_ERROR(Items(s[kSelectDistinctOn]));
        Put(")");
      }
    }
    STRATA_RETURN_IF_ERROR(ClauseItems(s[kSelectItems]));
    if (s[kSelectFrom] != nullptr) {
      Break();
      Put("FROM ");
      STRATA_RETURN_IF_ERROR(Gen(s[kSelectFrom]));
    }
  }
  if (s[kSelectWhere] != nullptr) {
    STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[kSelectWhere]));
  }
  if (s[kSelectGroupBy] != nullptr) {
    Break();
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectGroupBy]));
  }
  if (s[kSelectHaving] != nullptr) {
    STRATA_RETURN_IF_ERROR(ClauseExpr("HAVING", s[kSelectHaving]));
  }
  if (s[kSelectWindows] != nullptr) {
    Break();
    Put("WINDOW");
    STRATA_RETURN_IF_ERROR(ClauseItems(s[kSelectWindows]));
  }
  if (s[kSelectQualify] != nullptr) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "QUALIFY"));
    STRATA_RETURN_IF_ERROR(ClauseExpr("QUALIFY", s[kSelectQualify]));
  }
  if (s[kSelectSample] != nullptr) {
    Break();
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectSample]));
  }
  return Modifiers(s[kSelectOrderBy], s[kSelectLimit], s[kSelectOffset]);
}

Status Generator::GenJoin(const Node* node) {
  STRATA_RETURN_IF_ERROR(Gen(node->slots[0]));
  if (node->text == ",") {
    Put(", ");
    return Gen(node->slots[1]);
  }
  Break();
  if (node->Has(flag::kNatural)) {
    Put("NATURAL ");
  }
  if (node->Has(flag::kAsof)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "ASOF JOIN"));
    Put("ASOF ");
  }
  if (node->Has(flag::kPositional)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "POSITIONAL JOIN"));
    Put("POSITIONAL ");
  }
  if (!node->text.empty()) {
    if (node->text == "SEMI" || node->text == "ANTI") {
      STRATA_RETURN_IF_ERROR(Require(duckdb(), std::string(node->text) + " JOIN"));
    }
    Put(node->text);
    Put(node->Has(flag::kOuter) ? " OUTER " : " ");
  }
  Put("JOIN ");
  STRATA_RETURN_IF_ERROR(Gen(node->slots[1]));
  const Node* condition = node->slots[2];
  if (condition == nullptr) {
    return Status::OK();
  }
  if (options_.pretty) {
    ++indent_;
    Break();
    --indent_;
  } else {
    Put(" ");
  }
  if (condition->kind == NodeKind::kUsing) {
    return Gen(condition);
  }
  Put("ON ");
  return Gen(condition);
}

Status Generator::Gen(const Node* node) {
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
    case NodeKind::kBinary: {
      int precedence = OperatorPrecedence(node->text);
      bool unsupported = false;
      std::string_view op = Renamed(dialect_.operator_renames, node->text, &unsupported);
      if (unsupported) {
        return Unsupported("operator " + std::string(node->text));
      }
      bool right_assoc = precedence == kPrecLambda;
      STRATA_RETURN_IF_ERROR(Expr(s[0], right_assoc ? precedence + 1 : precedence));
      Put(" ");
      Put(op);
      Put(" ");
      return Expr(s[1], right_assoc ? precedence : precedence + 1);
    }
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
      if (s[0]->kind == NodeKind::kSubquery || s[0]->kind == NodeKind::kParen) {
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
      Ident(node->text, node->flags);
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
      out_.append(FormatString(node->text));
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
      return GenSelect(node);
    case NodeKind::kSetOp:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[0]));
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Break();
      Put(node->text);
      if (node->Has(flag::kAll)) {
        Put(" ALL");
      }
      if (node->Has(flag::kDistinct)) {
        Put(" DISTINCT");
      }
      if (node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "UNION BY NAME"));
        Put(" BY NAME");
      }
      Break();
      STRATA_RETURN_IF_ERROR(Gen(s[2]));
      return Modifiers(s[3], s[4], s[5]);
    case NodeKind::kValues:
      Put("VALUES ");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(", ");
        }
        Put("(");
        STRATA_RETURN_IF_ERROR(Items(s[i]));
        Put(")");
      }
      return Status::OK();
    case NodeKind::kQueryParen:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[0]));
      STRATA_RETURN_IF_ERROR(Bracketed(s[1]));
      return Modifiers(s[2], s[3], s[4]);
    case NodeKind::kWith:
      Put(node->Has(flag::kRecursive) ? "WITH RECURSIVE " : "WITH ");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(",");
          Break();
        }
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kCte:
      Ident(node->text, node->flags);
      if (s[0] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
      }
      Put(" AS ");
      if (node->Has(flag::kMaterialized)) {
        Put("MATERIALIZED ");
      }
      if (node->Has(flag::kNotMaterialized)) {
        Put("NOT MATERIALIZED ");
      }
      return Bracketed(s[1]);
    case NodeKind::kOrdered:
      if (node->Has(flag::kAll)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "ORDER BY ALL"));
        Put("ALL");
      } else {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      if (node->Has(flag::kDesc)) {
        Put(" DESC");
      }
      if (node->Has(flag::kAsc)) {
        Put(" ASC");
      }
      if (node->Has(flag::kNullsFirst)) {
        Put(" NULLS FIRST");
      }
      if (node->Has(flag::kNullsLast)) {
        Put(" NULLS LAST");
      }
      return Status::OK();
    case NodeKind::kGroupBy:
      Put("GROUP BY");
      if (node->Has(flag::kAll)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "GROUP BY ALL"));
        Put(" ALL");
        return Status::OK();
      }
      return ClauseItems(node);
    case NodeKind::kGroupingSets:
      Put("GROUPING SETS (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kRollup:
      Put("ROLLUP (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kCube:
      Put("CUBE (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kNamedWindow:
      Ident(node->text, node->flags);
      Put(" AS ");
      return Gen(s[0]);
    case NodeKind::kLimit:
      if (node->Has(flag::kFetch)) {
        Put("FETCH FIRST ");
        if (s[0] != nullptr) {
          STRATA_RETURN_IF_ERROR(Gen(s[0]));
          Put(" ");
        }
        Put("ROWS ONLY");
        return Status::OK();
      }
      Put("LIMIT ");
      if (node->Has(flag::kLimitAll)) {
        Put("ALL");
        return Status::OK();
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kPercent)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "LIMIT with a percentage"));
        Put("%");
      }
      return Status::OK();
    case NodeKind::kTable:
      if (s[0]->kind == NodeKind::kLiteral) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "a file name as a table"));
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kTableFunction:
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kWithOrdinality)) {
        Put(" WITH ORDINALITY");
      }
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      return Status::OK();
    case NodeKind::kDerivedTable:
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      STRATA_RETURN_IF_ERROR(Bracketed(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      return Status::OK();
    case NodeKind::kTableAlias:
      Put(" AS ");
      Ident(node->text, node->flags);
      if (node->slot_count > 0) {
        STRATA_RETURN_IF_ERROR(IdentifierList(node));
      }
      return Status::OK();
    case NodeKind::kJoin:
      return GenJoin(node);
    case NodeKind::kUsing:
      Put("USING ");
      return IdentifierList(node);
    case NodeKind::kPivot:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "PIVOT/UNPIVOT"));
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kUnpivot)) {
        Put(node->Has(flag::kIncludeNulls) ? " UNPIVOT INCLUDE NULLS (" : " UNPIVOT (");
        if (s[1]->slot_count == 1) {
          STRATA_RETURN_IF_ERROR(Gen(s[1]));
        } else {
          STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
        }
      } else {
        Put(" PIVOT (");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      for (uint32_t i = 4; i < node->slot_count; ++i) {
        Put(" FOR ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      if (s[2] != nullptr) {
        Put(" GROUP BY ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      Put(")");
      if (s[3] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[3]));
      }
      return Status::OK();
    case NodeKind::kPivotOn:
      if (s[0]->slot_count == 1) {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      } else {
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
      }
      Put(" IN ");
      return IdentifierList(s[1]);
    case NodeKind::kSample:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "SAMPLE"));
      Put(node->text);
      return Status::OK();
    case NodeKind::kCreateTable:
      if (node->Has(flag::kOrReplace)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "CREATE OR REPLACE TABLE"));
      }
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE " : "CREATE ");
      if (node->Has(flag::kTemporary)) {
        Put("TEMPORARY ");
      }
      Put("TABLE ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      if (s[1] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" AS");
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kColumnDef:
      Ident(node->text, node->flags);
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (s[i] == nullptr) {
          continue;
        }
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kConstraint:
      Put(node->text);
      if (node->text == "DEFAULT") {
        Put(" ");
        return Expr(s[0], kPrecAdditive);
      }
      if (node->text == "CHECK" || node->text == "COLLATE") {
        Put(" ");
        return Gen(s[0]);
      }
      if (node->text == "REFERENCES") {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        if (node->slot_count > 1) {
          STRATA_RETURN_IF_ERROR(IdentifierList(node, 1));
        }
      }
      return Status::OK();
    case NodeKind::kCreateView:
      if (node->Has(flag::kMaterialized) && duckdb()) {
        return Unsupported("CREATE MATERIALIZED VIEW");
      }
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE " : "CREATE ");
      if (node->Has(flag::kTemporary)) {
        Put("TEMPORARY ");
      }
      if (node->Has(flag::kMaterialized)) {
        Put("MATERIALIZED ");
      }
      Put("VIEW ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      if (s[1] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
      }
      Put(" AS");
      Break();
      return Gen(s[2]);
    case NodeKind::kCreateSchema:
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE SCHEMA " : "CREATE SCHEMA ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      return CreatedName(s[0]);
    case NodeKind::kInsert:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[6]));
      Put("INSERT ");
      if (node->Has(flag::kOrReplace) || node->Has(flag::kOrIgnore) || node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "INSERT OR REPLACE/OR IGNORE/BY NAME"));
      }
      if (node->Has(flag::kOrReplace)) {
        Put("OR REPLACE ");
      }
      if (node->Has(flag::kOrIgnore)) {
        Put("OR IGNORE ");
      }
      Put("INTO ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[2]));
      }
      if (node->Has(flag::kByName)) {
        Put(" BY NAME");
      }
      if (node->Has(flag::kDefaultValues)) {
        Put(" DEFAULT VALUES");
      } else {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[3]));
      }
      if (s[4] != nullptr) {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[4]));
      }
      if (s[5] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[5]));
      }
      return Status::OK();
    case NodeKind::kOnConflict:
      Put("ON CONFLICT ");
      if (s[0] != nullptr) {
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
        Put(" ");
      }
      if (s[1] == nullptr) {
        Put("DO NOTHING");
        return Status::OK();
      }
      Put("DO UPDATE ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      if (s[2] != nullptr) {
        Put(" WHERE ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kDelete:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[4]));
      Put("DELETE FROM ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        Break();
        Put("USING ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[2]));
      }
      if (s[3] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[3]));
      }
      return Status::OK();
    case NodeKind::kUpdate:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[5]));
      Put("UPDATE ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Break();
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      if (s[2] != nullptr) {
        Break();
        Put("FROM ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      if (s[3] != nullptr) {
        STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[3]));
      }
      if (s[4] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[4]));
      }
      return Status::OK();
    case NodeKind::kUpdateSet:
      Put("SET ");
      return Items(node);
    case NodeKind::kAssign:
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(" = ");
      return Gen(s[1]);
    case NodeKind::kMerge:
      Put("MERGE INTO ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Break();
      Put("USING ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Break();
      Put("ON ");
      STRATA_RETURN_IF_ERROR(Gen(s[2]));
      for (uint32_t i = 3; i < node->slot_count; ++i) {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kMergeWhen:
      Put(node->Has(flag::kNot) ? "WHEN NOT MATCHED" : "WHEN MATCHED");
      if (node->Has(flag::kBySource)) {
        Put(" BY SOURCE");
      }
      if (node->Has(flag::kByTarget)) {
        Put(" BY TARGET");
      }
      if (s[0] != nullptr) {
        Put(" AND ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      Put(" THEN ");
      return Gen(s[1]);
    case NodeKind::kMergeAction:
      Put(node->text);
      if (node->Has(flag::kStarAction) || node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "MERGE ... SET * / INSERT * / BY NAME"));
      }
      if (node->text == "UPDATE") {
        if (node->Has(flag::kStarAction)) {
          Put(" SET *");
        } else if (node->Has(flag::kByName)) {
          Put(" BY NAME");
        } else if (s[0] != nullptr) {
          Put(" ");
          STRATA_RETURN_IF_ERROR(Gen(s[0]));
        }
      } else if (node->text == "INSERT") {
        if (node->Has(flag::kStarAction)) {
          Put(" *");
        } else if (node->Has(flag::kByName)) {
          Put(" BY NAME");
        } else if (node->Has(flag::kDefaultValues)) {
          Put(" DEFAULT VALUES");
        } else {
          if (s[0] != nullptr) {
            Put(" ");
            STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
          }
          Put(" VALUES ");
          STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
        }
      }
      return Status::OK();
    case NodeKind::kAlterTable:
      Put(node->Has(flag::kIfExists) ? "ALTER TABLE IF EXISTS " : "ALTER TABLE ");
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      for (uint32_t i = 1; i < node->slot_count; ++i) {
        Put(i > 1 ? ", " : " ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kAlterAction: {
      std::string_view action = node->text;
      if (action == "ADD COLUMN") {
        Put(node->Has(flag::kIfNotExists) ? "ADD COLUMN IF NOT EXISTS " : "ADD COLUMN ");
        return Gen(s[0]);
      }
      if (action == "DROP COLUMN") {
        Put(node->Has(flag::kIfExists) ? "DROP COLUMN IF EXISTS " : "DROP COLUMN ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        if (node->Has(flag::kCascade)) {
          Put(" CASCADE");
        }
        return Status::OK();
      }
      if (action == "RENAME TO") {
        Put("RENAME TO ");
        return Gen(s[0]);
      }
      if (action == "RENAME COLUMN") {
        Put("RENAME COLUMN ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(" TO ");
        return Gen(s[1]);
      }
      Put("ALTER COLUMN ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (action == "ALTER COLUMN TYPE") {
        Put(" TYPE ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
        if (node->slot_count > 2 && s[2] != nullptr) {
          Put(" USING ");
          STRATA_RETURN_IF_ERROR(Gen(s[2]));
        }
        return Status::OK();
      }
      if (action == "ALTER COLUMN SET DEFAULT") {
        Put(" SET DEFAULT ");
        return Gen(s[1]);
      }
      Put(action.substr(std::string_view("ALTER COLUMN").size()));
      return Status::OK();
    }
    case NodeKind::kDrop:
      Put("DROP ");
      Put(node->text);
      if (node->Has(flag::kIfExists)) {
        Put(" IF EXISTS");
      }
      Put(" ");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(", ");
        }
        STRATA_RETURN_IF_ERROR(CreatedName(s[i]));
      }
      if (node->Has(flag::kCascade)) {
        Put(" CASCADE");
      }
      if (node->Has(flag::kRestrict)) {
        Put(" RESTRICT");
      }
      return Status::OK();
    case NodeKind::kOpaque:
      Put(node->text);
      return Status::OK();
  }
  return Status::Internal("unknown node kind");
}

}  // namespace

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
  return out;
}

}  // namespace strata::sql
