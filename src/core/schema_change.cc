// Schema change classification: type normalization and widening rules.
#include "core/schema_change.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "base/text.h"

namespace strata {
namespace {

// Engine spellings (upper case, without parameters) → the common name.
const std::map<std::string, std::string, std::less<>>& Aliases() {
  static const auto* aliases = new std::map<std::string, std::string, std::less<>>{
      {"INT1", "TINYINT"},
      {"INT2", "SMALLINT"},
      {"SHORT", "SMALLINT"},
      {"INT", "INTEGER"},
      {"INT4", "INTEGER"},
      {"SIGNED", "INTEGER"},
      {"INT8", "BIGINT"},
      {"LONG", "BIGINT"},
      {"INT128", "HUGEINT"},
      {"REAL", "FLOAT"},
      {"FLOAT4", "FLOAT"},
      {"FLOAT8", "DOUBLE"},
      {"DOUBLE PRECISION", "DOUBLE"},
      {"NUMERIC", "DECIMAL"},
      {"CHARACTER VARYING", "VARCHAR"},
      {"CHAR VARYING", "VARCHAR"},
      {"TEXT", "VARCHAR"},
      {"STRING", "VARCHAR"},
      {"BPCHAR", "CHAR"},
      {"CHARACTER", "CHAR"},
      {"BOOL", "BOOLEAN"},
      {"LOGICAL", "BOOLEAN"},
      {"TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"},
      {"DATETIME", "TIMESTAMP"},
      {"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"},
      {"TIME WITHOUT TIME ZONE", "TIME"},
      {"BYTEA", "BLOB"},
  };
  return *aliases;
}

// A normalized type split into its name and numeric parameters.
struct ParsedType {
  std::string name;
  std::vector<int> parameters;
};

ParsedType Parse(std::string_view normalized) {
  ParsedType out;
  const size_t open = normalized.find('(');
  out.name = std::string(normalized.substr(0, open));
  if (open != std::string_view::npos) {
    std::string_view inside = normalized.substr(open + 1);
    inside = inside.substr(0, inside.find(')'));
    for (std::string_view part : Split(inside, ',')) {
      int value = 0;
      for (char c : part) {
        if (c >= '0' && c <= '9') {
          value = value * 10 + (c - '0');
        }
      }
      out.parameters.push_back(value);
    }
  }
  return out;
}

// Integer types: (signed rank by bits, decimal digits it needs, is unsigned).
struct IntegerInfo {
  int bits;
  int digits;
  bool is_unsigned;
};

std::optional<IntegerInfo> IntegerOf(const std::string& name) {
  static const std::map<std::string, IntegerInfo, std::less<>> kIntegers = {
      {"TINYINT", {8, 3, false}},   {"SMALLINT", {16, 5, false}},  {"INTEGER", {32, 10, false}},
      {"BIGINT", {64, 19, false}},  {"HUGEINT", {128, 39, false}}, {"UTINYINT", {8, 3, true}},
      {"USMALLINT", {16, 5, true}}, {"UINTEGER", {32, 10, true}},  {"UBIGINT", {64, 20, true}},
      {"UHUGEINT", {128, 39, true}}};
  auto it = kIntegers.find(name);
  if (it == kIntegers.end()) {
    return std::nullopt;
  }
  return it->second;
}

// DECIMAL's (width, scale), with DuckDB's default DECIMAL(18,3) and PostgreSQL's unbounded
// NUMERIC (width 0: any).
std::pair<int, int> DecimalOf(const ParsedType& type) {
  if (type.parameters.empty()) {
    return {0, 0};
  }
  return {type.parameters[0], type.parameters.size() > 1 ? type.parameters[1] : 0};
}

}  // namespace

std::string NormalizeType(std::string_view type) {
  std::string text = ToUpper(Trim(type));
  // Collapse runs of spaces, drop spaces around parentheses and after commas.
  std::string compact;
  for (char c : text) {
    if (c == ' ' && (compact.empty() || compact.back() == ' ' || compact.back() == ',' ||
                     compact.back() == '(')) {
      continue;
    }
    if ((c == '(' || c == ',' || c == ')') && !compact.empty() && compact.back() == ' ') {
      compact.pop_back();
    }
    compact += c;
  }
  const size_t open = compact.find('(');
  std::string name = compact.substr(0, open);
  std::string rest = open == std::string::npos ? "" : compact.substr(open);
  // PostgreSQL puts the parameters in the middle: `timestamp(3) without time zone`.
  const size_t close = rest.find(')');
  if (close != std::string::npos && close + 1 < rest.size()) {
    name += rest.substr(close + 1);
    rest = rest.substr(0, close + 1);
  }
  auto alias = Aliases().find(name);
  if (alias != Aliases().end()) {
    name = alias->second;
  }
  if (name == "TIMESTAMP" || name == "TIMESTAMPTZ" || name == "TIME") {
    rest.clear();  // precision does not change which instants a column holds for strata
  }
  return name + rest;
}

bool IsWidening(std::string_view from_text, std::string_view to_text) {
  const std::string from_normal = NormalizeType(from_text);
  const std::string to_normal = NormalizeType(to_text);
  if (from_normal == to_normal) {
    return false;
  }
  const ParsedType from = Parse(from_normal);
  const ParsedType to = Parse(to_normal);
  if (to.name == "VARCHAR") {
    if (to.parameters.empty()) {
      return true;  // text holds the text form of any value
    }
    return (from.name == "VARCHAR" || from.name == "CHAR") && !from.parameters.empty() &&
           from.parameters[0] <= to.parameters[0];
  }
  const std::optional<IntegerInfo> from_int = IntegerOf(from.name);
  if (from_int) {
    if (const std::optional<IntegerInfo> to_int = IntegerOf(to.name)) {
      if (from_int->is_unsigned == to_int->is_unsigned) {
        return to_int->bits > from_int->bits;
      }
      return !to_int->is_unsigned && to_int->bits > from_int->bits;
    }
    if (to.name == "DOUBLE") {
      return from_int->bits <= 32;  // a double holds every integer of up to 53 bits
    }
    if (to.name == "FLOAT") {
      return from_int->bits <= 16;
    }
    if (to.name == "DECIMAL") {
      auto [width, scale] = DecimalOf(to);
      return width == 0 || width - scale >= from_int->digits;
    }
    return false;
  }
  if (from.name == "FLOAT") {
    return to.name == "DOUBLE";
  }
  if (from.name == "DECIMAL" && to.name == "DECIMAL") {
    auto [from_width, from_scale] = DecimalOf(from);
    auto [to_width, to_scale] = DecimalOf(to);
    if (to_width == 0) {
      return true;
    }
    if (from_width == 0) {
      return false;
    }
    return to_scale >= from_scale && to_width - to_scale >= from_width - from_scale;
  }
  if (from.name == "DATE") {
    return to.name == "TIMESTAMP";
  }
  return false;
}

std::string ColumnChange::Describe() const {
  switch (kind) {
    case ColumnChangeKind::kAdded:
      return fmt::format("added column {} {}", column, to_type);
    case ColumnChangeKind::kDropped:
      return fmt::format("dropped column {}", column);
    case ColumnChangeKind::kTypeChanged:
      break;
  }
  return fmt::format("column {}: {} -> {} ({})", column, from_type, to_type,
                     additive ? "widening" : "narrowing or incompatible");
}

std::vector<ColumnChange> DiffColumns(const std::vector<TypedColumn>& table,
                                      const std::vector<TypedColumn>& query,
                                      const std::vector<std::string>& ignored) {
  auto find = [](const std::vector<TypedColumn>& columns,
                 std::string_view name) -> const TypedColumn* {
    for (const TypedColumn& column : columns) {
      if (EqualsIgnoreCase(column.name, name)) {
        return &column;
      }
    }
    return nullptr;
  };
  auto is_ignored = [&](std::string_view name) {
    return std::any_of(ignored.begin(), ignored.end(),
                       [&](const std::string& other) { return EqualsIgnoreCase(other, name); });
  };
  std::vector<ColumnChange> changes;
  for (const TypedColumn& old_column : table) {
    if (is_ignored(old_column.name)) {
      continue;
    }
    const TypedColumn* new_column = find(query, old_column.name);
    if (new_column == nullptr) {
      changes.push_back({ColumnChangeKind::kDropped, old_column.name, old_column.type, "", false});
    } else if (NormalizeType(old_column.type) != NormalizeType(new_column->type)) {
      changes.push_back({ColumnChangeKind::kTypeChanged, old_column.name, old_column.type,
                         new_column->type, IsWidening(old_column.type, new_column->type)});
    }
  }
  for (const TypedColumn& new_column : query) {
    if (!is_ignored(new_column.name) && find(table, new_column.name) == nullptr) {
      changes.push_back({ColumnChangeKind::kAdded, new_column.name, "", new_column.type, true});
    }
  }
  return changes;
}

project::SchemaChangePolicy PolicyFor(const ColumnChange& change,
                                      project::SchemaChangePolicy on_additive,
                                      project::SchemaChangePolicy on_destructive) {
  return change.additive ? on_additive : on_destructive;
}

}  // namespace strata
