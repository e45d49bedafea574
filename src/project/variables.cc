// YAML values to AST literals.
#include "project/variables.h"

#include <charconv>

namespace strata::project {

namespace {

bool IsInteger(const std::string& s) {
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

bool IsDecimal(const std::string& s) {
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    return false;
  }
  for (char c : s) {  // from_chars accepts inf/nan, which are text here
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  return true;
}

sql::Node* ToNode(const YAML::Node& value, sql::Arena* arena) {
  if (value.IsSequence()) {
    sql::Node* array = arena->New(sql::NodeKind::kArray, value.size());
    for (size_t i = 0; i < value.size(); ++i) {
      array->slots[i] = ToNode(value[i], arena);
    }
    return array;
  }
  if (value.IsMap()) {
    sql::Node* object = arena->New(sql::NodeKind::kStruct, value.size());
    size_t i = 0;
    for (const auto& entry : value) {
      sql::Node* field = arena->New(sql::NodeKind::kStructField, {ToNode(entry.second, arena)});
      field->text = arena->Store(entry.first.Scalar());
      object->slots[i++] = field;
    }
    return object;
  }
  sql::Node* literal = arena->New(sql::NodeKind::kLiteral);
  if (value.IsNull()) {
    literal->literal = sql::LiteralKind::kNull;
    literal->text = "NULL";
    return literal;
  }
  const std::string& text = value.Scalar();
  // A quoted YAML scalar ('1', "true") stays a string.
  const bool quoted = value.Tag() == "!";
  if (!quoted && (text == "true" || text == "True" || text == "TRUE")) {
    literal->literal = sql::LiteralKind::kTrue;
    literal->text = "TRUE";
  } else if (!quoted && (text == "false" || text == "False" || text == "FALSE")) {
    literal->literal = sql::LiteralKind::kFalse;
    literal->text = "FALSE";
  } else if (!quoted && IsInteger(text)) {
    literal->literal = sql::LiteralKind::kInteger;
    literal->text = arena->Store(text);
  } else if (!quoted && IsDecimal(text)) {
    literal->literal = sql::LiteralKind::kDecimal;
    literal->text = arena->Store(text);
  } else {
    literal->literal = sql::LiteralKind::kString;
    literal->text = arena->Store(text);
  }
  return literal;
}

}  // namespace

std::map<std::string, sql::Node*> VariableNodes(const Config& config, sql::Arena* arena) {
  std::map<std::string, sql::Node*> nodes;
  for (const auto& [name, value] : config.variables) {
    nodes[name] = ToNode(value, arena);
  }
  return nodes;
}

}  // namespace strata::project
