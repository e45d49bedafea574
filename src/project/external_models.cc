// Reading external model declarations.
#include "project/external_models.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::project {

namespace {

const std::vector<std::string_view> kEntryKeys = {
    "name", "columns", "description", "gateway", "dialect", "start", "audits", "owner", "tags"};

// `audits:` of an external model: a list of audit names, or of `{name: x, arg: 'SQL', ...}` whose
// argument values are SQL expressions written as text. The expressions live in `arena`.
void ReadExternalAudits(const YamlFile& file, const YAML::Node& node, sql::Arena* arena,
                        Model* model, std::vector<Status>* errors) {
  if (!node.IsSequence()) {
    errors->push_back(file.Error(node, "audits must be a list of audits",
                                 "audits:\n  - name: not_null\n    columns: \"[id]\""));
    return;
  }
  for (const YAML::Node& entry : node) {
    AuditCall call;
    // (A YAML::Node assigned to another writes through to it: pick the node once.)
    const YAML::Node name = entry.IsMap() ? entry["name"] : entry;
    if (!name) {
      errors->push_back(file.Error(entry, "an audit needs a name", "- name: not_null"));
      continue;
    }
    std::optional<std::string> name_text = file.Scalar(name, "an audit's name", errors);
    if (!name_text) {
      continue;
    }
    call.name = ToLower(*name_text);
    if (!name.Mark().is_null()) {
      call.span.line = static_cast<uint32_t>(name.Mark().line + 1);
      call.span.column = static_cast<uint32_t>(name.Mark().column + 1);
    }
    bool ok = true;
    if (entry.IsMap()) {
      for (const auto& argument : entry) {
        const std::string key = argument.first.Scalar();
        if (key == "name") {
          continue;
        }
        std::optional<std::string> value =
            file.Scalar(argument.second, fmt::format("argument {}", key), errors);
        if (!value) {
          ok = false;
          continue;
        }
        const std::string_view source = arena->Store(*value);
        Result<sql::TokenStream> tokens = sql::Tokenize(source);
        Result<sql::Node*> expression = Status::ParseError("");
        if (tokens.ok()) {
          sql::Parser parser(&*tokens, arena);
          expression = parser.ParseExpression();
          if (expression.ok() && !parser.AtEnd()) {
            expression = Status::ParseError("");
          }
        }
        if (!expression.ok()) {
          errors->push_back(file.Error(
              argument.second,
              fmt::format("argument {} of audit {} is not a SQL expression: {}", key, call.name,
                          *value),
              "write the value as SQL, e.g. \"[a, b]\" for columns or \"'text'\" for a string"));
          ok = false;
          continue;
        }
        call.arguments.emplace_back(ToLower(key), *expression);
        call.argument_spans.push_back(call.span);
      }
    }
    if (ok) {
      model->audits.push_back(std::move(call));
    }
  }
}

// The type `text` as DuckDB SQL; an error when it does not parse as a type.
Result<std::string> NormalizeType(const std::string& text) {
  sql::Arena arena;
  const std::string_view source = arena.Store(text);
  Result<sql::TokenStream> tokens = sql::Tokenize(source);
  if (!tokens.ok()) {
    return tokens.status();
  }
  sql::Parser parser(&*tokens, &arena);
  Result<sql::Node*> type = parser.ParseType();
  if (!type.ok() || !parser.AtEnd()) {
    return Status::ProjectError(fmt::format("'{}' is not a SQL type", text));
  }
  return sql::Generate(*type);
}

}  // namespace

std::vector<Model> ReadExternalModels(const YamlFile& file, std::vector<Status>* errors) {
  std::vector<Model> models;
  const YAML::Node& root = file.root();
  if (!root || root.IsNull()) {
    return models;
  }
  if (!root.IsSequence()) {
    errors->push_back(file.Error(root, "external models must be a list of entries",
                                 "- name: raw.orders\n  columns:\n    id: INT"));
    return models;
  }
  for (const YAML::Node& entry : root) {
    if (!entry.IsMap()) {
      errors->push_back(file.Error(entry, "an external model must be a mapping with a name",
                                   "- name: raw.orders\n  columns:\n    id: INT"));
      continue;
    }
    bool ok = true;
    for (const auto& item : entry) {
      const std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
      if (std::find(kEntryKeys.begin(), kEntryKeys.end(), key) == kEntryKeys.end()) {
        std::string nearest = NearestName(key, kEntryKeys);
        errors->push_back(file.Error(item.first,
                                     fmt::format("unknown key '{}' in an external model", key),
                                     nearest.empty() ? "keys: name, columns, description, gateway"
                                                     : fmt::format("did you mean {}?", nearest)));
        ok = false;
      }
    }
    Model model;
    model.kind.name = ModelKindName::kExternal;
    model.origin.file = file.path();
    const YAML::Node name = entry["name"];
    if (!name) {
      errors->push_back(file.Error(entry, "an external model needs a name"));
      continue;
    }
    model.origin.line = name.Mark().is_null() ? 0 : name.Mark().line + 1;
    std::optional<std::string> name_text = file.Scalar(name, "name", errors);
    if (!name_text) {
      continue;
    }
    Result<std::string> normalized = NormalizeNameText(*name_text);
    if (!normalized.ok()) {
      errors->push_back(file.Error(name, normalized.status().message(),
                                   "a name is schema.table or catalog.schema.table"));
      continue;
    }
    model.name = *normalized;
    sql::Arena scratch;
    Result<sql::TokenStream> tokens = sql::Tokenize(*name_text);
    if (tokens.ok()) {
      sql::Parser parser(&*tokens, &scratch);
      Result<sql::Node*> parsed = parser.ParseName();
      if (parsed.ok()) {
        model.name_parts.clear();
        NormalizeNameNode(*parsed, &model.name_parts);
      }
    }
    if (model.name_parts.size() < 2 || model.name_parts.size() > 3) {
      errors->push_back(
          file.Error(name, fmt::format("external model name {} must be schema.table or "
                                       "catalog.schema.table",
                                       model.name)));
      continue;
    }
    if (const YAML::Node description = entry["description"]) {
      model.description = file.Scalar(description, "description", errors).value_or("");
    }
    if (const YAML::Node start = entry["start"]) {
      model.start = file.Scalar(start, "start", errors);
    }
    if (const YAML::Node owner = entry["owner"]) {
      model.owner = file.Scalar(owner, "owner", errors).value_or("");
    }
    if (const YAML::Node audits = entry["audits"]) {
      auto arena = std::make_shared<sql::Arena>();
      ReadExternalAudits(file, audits, arena.get(), &model, errors);
      model.arena = arena;
    }
    if (const YAML::Node gateway = entry["gateway"]) {
      model.gateway = file.Scalar(gateway, "gateway", errors).value_or("");
    }
    if (const YAML::Node columns = entry["columns"]) {
      if (!columns.IsMap()) {
        errors->push_back(file.Error(columns, "columns must map column names to types",
                                     "columns:\n  id: INT\n  name: TEXT"));
        ok = false;
      } else {
        for (const auto& column : columns) {
          std::optional<std::string> column_name = file.Scalar(column.first, "a column", errors);
          std::optional<std::string> type_text = file.Scalar(
              column.second, fmt::format("the type of {}", column_name.value_or("")), errors);
          if (!column_name || !type_text) {
            ok = false;
            continue;
          }
          Result<std::string> type = NormalizeType(*type_text);
          if (!type.ok()) {
            errors->push_back(
                file.Error(column.second,
                           fmt::format("invalid type '{}' for column {}", *type_text, *column_name),
                           "use a SQL type such as INTEGER, TEXT, DECIMAL(10, 2) or TIMESTAMP"));
            ok = false;
            continue;
          }
          Result<std::string> column_normalized = NormalizeNameText(*column_name);
          model.columns.push_back(
              {column_normalized.ok() ? *column_normalized : ToLower(*column_name), *type});
        }
      }
    }
    if (ok) {
      models.push_back(std::move(model));
    }
  }
  return models;
}

}  // namespace strata::project
