// Output column names, FROM sources and CTE scopes.
#include "sql/analysis/output_columns.h"

#include <cctype>

#include "sql/analysis/scope.h"
#include "sql/analysis/sources.h"
#include "sql/generator.h"
#include "sql/keywords.h"

namespace strata::sql {

const std::optional<std::vector<std::string>>* CteScope::Find(std::string_view name) const {
  std::string folded = FoldCase(name);
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->folded_name == folded) {
      return &it->columns;
    }
  }
  return nullptr;
}

void PushCtes(const Node* with, const Schema* schema, CteScope* ctes) {
  if (with == nullptr) {
    return;
  }
  for (const Node* cte : with->children()) {
    CteScope::Entry entry{FoldCase(cte->text), std::nullopt};
    if (cte->slots[0] != nullptr) {
      std::vector<std::string> names;
      for (const Node* column : cte->slots[0]->children()) {
        names.emplace_back(column->text);
      }
      entry.columns = std::move(names);
    } else {
      auto columns = QueryColumns(cte->slots[1], schema, ctes);
      if (columns.ok()) {
        entry.columns = std::move(columns).value();
      }
    }
    ctes->entries.push_back(std::move(entry));
  }
}

namespace {

// Applies an alias column list (t(a, b)) over known columns.
void ApplyAliasColumns(const Node* alias, Source* source) {
  if (alias == nullptr) {
    return;
  }
  source->name = std::string(alias->text);
  source->quoted = alias->Has(flag::kQuoted);
  if (alias->slot_count == 0) {
    return;
  }
  std::vector<std::string> names = source->columns.value_or(std::vector<std::string>{});
  for (uint32_t i = 0; i < alias->slot_count; ++i) {
    if (i < names.size()) {
      names[i] = std::string(alias->slots[i]->text);
    } else {
      names.emplace_back(alias->slots[i]->text);
    }
  }
  if (source->columns.has_value() || names.size() == alias->slot_count) {
    source->columns = names;
  }
}

void CollectSources(const Node* from, const Schema* schema, const CteScope& ctes,
                    std::vector<Source>* out) {
  if (from == nullptr) {
    return;
  }
  switch (from->kind) {
    case NodeKind::kJoin:
      CollectSources(from->slots[0], schema, ctes, out);
      CollectSources(from->slots[1], schema, ctes, out);
      return;
    case NodeKind::kParen:
      CollectSources(from->slots[0], schema, ctes, out);
      return;
    case NodeKind::kTable: {
      Source source;
      source.node = from;
      const Node* name = from->slots[0];
      if (name->kind == NodeKind::kName) {
        std::vector<std::string> parts = NameParts(name);
        source.name = parts.back();
        source.quoted = name->slots[name->slot_count - 1]->Has(flag::kQuoted);
        const std::optional<std::vector<std::string>>* cte =
            parts.size() == 1 ? ctes.Find(parts[0]) : nullptr;
        if (cte != nullptr) {
          source.columns = *cte;
        } else if (schema != nullptr) {
          if (const auto* columns = schema->Find(parts)) {
            source.columns = *columns;
          }
        }
      }
      ApplyAliasColumns(from->slots[1], &source);
      out->push_back(std::move(source));
      return;
    }
    case NodeKind::kDerivedTable: {
      Source source;
      source.node = from;
      CteScope inner = ctes;
      auto columns = QueryColumns(from->slots[0], schema, &inner);
      if (columns.ok()) {
        source.columns = std::move(columns).value();
      }
      ApplyAliasColumns(from->slots[1], &source);
      out->push_back(std::move(source));
      return;
    }
    case NodeKind::kTableFunction: {
      Source source;
      source.node = from;
      source.name = std::string(from->slots[0]->text);
      ApplyAliasColumns(from->slots[1], &source);
      out->push_back(std::move(source));
      return;
    }
    default: {
      Source source;  // PIVOT and other shapes: columns unknown
      source.node = from;
      out->push_back(std::move(source));
      return;
    }
  }
}

std::string CastTypeName(const Node* type) {
  std::string_view name = type->text;
  static constexpr std::pair<std::string_view, std::string_view> kCanonical[] = {
      {"INT", "INTEGER"},
      {"INT4", "INTEGER"},
      {"SIGNED", "INTEGER"},
      {"INT8", "BIGINT"},
      {"LONG", "BIGINT"},
      {"INT2", "SMALLINT"},
      {"SHORT", "SMALLINT"},
      {"INT1", "TINYINT"},
      {"TEXT", "VARCHAR"},
      {"STRING", "VARCHAR"},
      {"CHAR", "VARCHAR"},
      {"BPCHAR", "VARCHAR"},
      {"FLOAT8", "DOUBLE"},
      {"DOUBLE PRECISION", "DOUBLE"},
      {"FLOAT4", "FLOAT"},
      {"REAL", "FLOAT"},
      {"BOOL", "BOOLEAN"},
      {"LOGICAL", "BOOLEAN"},
      {"NUMERIC", "DECIMAL"},
      {"DATETIME", "TIMESTAMP"},
      {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
      {"BYTEA", "BLOB"},
  };
  for (const auto& [from, to] : kCanonical) {
    if (name == from) {
      return std::string(to);
    }
  }
  if (name == "[]") {
    auto text = Generate(type);
    return text.ok() ? *text : std::string(name);
  }
  if (type->slot_count > 0) {
    // DuckDB writes type parameters without spaces: DECIMAL(15,4).
    std::string out(name);
    out.push_back('(');
    for (uint32_t i = 0; i < type->slot_count; ++i) {
      if (i > 0) {
        out.push_back(',');
      }
      auto text = Generate(type->slots[i]);
      out.append(text.ok() ? *text : "?");
    }
    out.push_back(')');
    return out;
  }
  return std::string(name);
}

std::string Lower(std::string_view text) { return FoldCase(text); }

std::string Concat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (std::string_view piece : pieces) {
    out.append(piece);
  }
  return out;
}

}  // namespace

std::vector<Source> FromSources(const Node* from, const Schema* schema, const CteScope& ctes) {
  std::vector<Source> out;
  CollectSources(from, schema, ctes, &out);
  return out;
}

std::string ExpressionName(const Node* expr) {
  switch (expr->kind) {
    case NodeKind::kColumn:
      return std::string(expr->slots[expr->slot_count - 1]->text);
    case NodeKind::kAlias:
      return std::string(expr->text);
    case NodeKind::kParen:
      return ExpressionName(expr->slots[0]);
    case NodeKind::kLiteral:
      switch (expr->literal) {
        case LiteralKind::kString:
          return FormatString(expr->text);
        case LiteralKind::kNull:
          return "NULL";
        case LiteralKind::kTrue:
          return "true";
        case LiteralKind::kFalse:
          return "false";
        default:
          return std::string(expr->text);
      }
    case NodeKind::kBinary: {
      std::string op(expr->text);
      std::string out = "(";
      out.append(ExpressionName(expr->slots[0])).append(" ").append(op).append(" ");
      out.append(ExpressionName(expr->slots[1])).append(")");
      return out;
    }
    case NodeKind::kUnary:
      return Concat({expr->text == "NOT" ? "(NOT " : expr->text, expr->text == "NOT" ? "" : "(",
                     ExpressionName(expr->slots[0]), ")"});
    case NodeKind::kIs:
      if (expr->slots[1]->kind == NodeKind::kLiteral &&
          expr->slots[1]->literal == LiteralKind::kNull) {
        return Concat({"(", ExpressionName(expr->slots[0]),
                       expr->Has(flag::kNot) ? " IS NOT NULL)" : " IS NULL)"});
      }
      break;
    case NodeKind::kCast:
      return Concat(
          {"CAST(", ExpressionName(expr->slots[0]), " AS ", CastTypeName(expr->slots[1]), ")"});
    case NodeKind::kTypedLiteral:
      return Concat(
          {"CAST(", ExpressionName(expr->slots[1]), " AS ", CastTypeName(expr->slots[0]), ")"});
    case NodeKind::kFunction: {
      if (expr->Has(flag::kStarArg) && expr->slots[3] == nullptr &&
          EqualsIgnoreCase(expr->text, "count")) {
        return "count_star()";
      }
      if (expr->slots[1] != nullptr || expr->slots[2] != nullptr || expr->slots[3] != nullptr ||
          expr->slots[4] != nullptr) {
        break;
      }
      // DuckDB spells functions whose names are keywords as main."name".
      std::string out = LookupKeyword(expr->text) != Keyword::kNone
                            ? Concat({"main.\"", Lower(expr->text), "\""})
                            : Lower(expr->text);
      out.push_back('(');
      if (expr->Has(flag::kDistinct)) {
        out += "DISTINCT ";
      }
      if (expr->Has(flag::kStarArg)) {
        out += "*";
      }
      const Node* args = expr->slots[0];
      for (uint32_t i = 0; i < args->slot_count; ++i) {
        if (i > 0) {
          out += ", ";
        }
        out += ExpressionName(args->slots[i]);
      }
      out.push_back(')');
      return out;
    }
    default:
      break;
  }
  auto text = Generate(expr);
  return text.ok() ? *text : std::string(NodeKindName(expr->kind));
}

Result<std::vector<std::string>> QueryColumns(const Node* query, const Schema* schema,
                                              CteScope* ctes) {
  switch (query->kind) {
    case NodeKind::kSetOp: {
      size_t mark = ctes->entries.size();
      PushCtes(query->slots[0], schema, ctes);
      auto columns = QueryColumns(query->slots[1], schema, ctes);
      ctes->entries.resize(mark);
      return columns;
    }
    case NodeKind::kQueryParen: {
      size_t mark = ctes->entries.size();
      PushCtes(query->slots[0], schema, ctes);
      auto columns = QueryColumns(query->slots[1], schema, ctes);
      ctes->entries.resize(mark);
      return columns;
    }
    case NodeKind::kValues: {
      std::vector<std::string> names;
      if (query->slot_count > 0) {
        for (uint32_t i = 0; i < query->slots[0]->slot_count; ++i) {
          names.push_back("col" + std::to_string(i));
        }
      }
      return names;
    }
    case NodeKind::kCreateTable:
      if (query->slots[2] != nullptr) {
        return QueryColumns(query->slots[2], schema, ctes);
      }
      if (query->slots[1] != nullptr) {
        std::vector<std::string> names;
        for (const Node* column : query->slots[1]->children()) {
          if (column->kind == NodeKind::kColumnDef) {
            names.emplace_back(column->text);
          }
        }
        return names;
      }
      break;
    case NodeKind::kCreateView:
      if (query->slots[1] != nullptr) {
        std::vector<std::string> names;
        for (const Node* column : query->slots[1]->children()) {
          names.emplace_back(column->text);
        }
        return names;
      }
      return QueryColumns(query->slots[2], schema, ctes);
    case NodeKind::kInsert:
      if (query->slots[3] != nullptr) {
        return QueryColumns(query->slots[3], schema, ctes);
      }
      break;
    case NodeKind::kSelect: {
      size_t mark = ctes->entries.size();
      PushCtes(query->slots[kSelectWith], schema, ctes);
      std::vector<Source> sources = FromSources(query->slots[kSelectFrom], schema, *ctes);
      std::vector<std::string> names;
      Status status;
      for (const Node* item : query->slots[kSelectItems]->children()) {
        if (item->kind != NodeKind::kStar) {
          names.push_back(ExpressionName(item));
          continue;
        }
        std::string qualifier;
        if (item->slot_count > 0 && item->slots[0] != nullptr) {
          qualifier = FoldCase(item->slots[0]->slots[item->slots[0]->slot_count - 1]->text);
        }
        std::vector<std::string> excluded;
        if (item->slot_count > 1 && item->slots[1] != nullptr) {
          for (const Node* column : item->slots[1]->children()) {
            excluded.push_back(FoldCase(ExpressionName(column)));
          }
        }
        for (const Source& source : sources) {
          if (!qualifier.empty() && FoldCase(source.name) != qualifier) {
            continue;
          }
          if (!source.columns.has_value()) {
            status = Status::NotFound("cannot expand *: the columns of '" + source.name +
                                      "' are not known");
            break;
          }
          for (const std::string& column : *source.columns) {
            bool skip = false;
            for (const std::string& x : excluded) {
              skip = skip || x == FoldCase(column);
            }
            if (!skip) {
              names.push_back(column);
            }
          }
        }
        if (!status.ok()) {
          break;
        }
      }
      ctes->entries.resize(mark);
      if (!status.ok()) {
        return status;
      }
      return names;
    }
    default:
      break;
  }
  return Status::InvalidArgument("not a query: " + std::string(NodeKindName(query->kind)));
}

Result<std::vector<std::string>> OutputColumns(const Node* query, const Schema* schema) {
  CteScope ctes;
  return QueryColumns(query, schema, &ctes);
}

}  // namespace strata::sql
