// Validating unit-test files.
#include "project/unit_test.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time_parse.h"
#include "project/model.h"

namespace strata::project {

namespace {

const std::vector<std::string_view> kTestKeys = {"model",       "inputs", "outputs", "vars",
                                                 "description", "schema", "gateway"};
const std::vector<std::string_view> kInputKeys = {"rows",         "query",   "format",
                                                  "csv_settings", "columns", "path"};
const std::vector<std::string_view> kOutputKeys = {"query", "ctes", "partial"};
const std::vector<std::string_view> kExpectedKeys = {"rows",   "query", "partial",     "columns",
                                                     "format", "path",  "csv_settings"};
const std::vector<std::string_view> kCsvSettings = {"sep", "delimiter", "quotechar", "escapechar",
                                                    "skip_blank_lines"};

class TestReader {
 public:
  TestReader(const YamlFile& file, std::vector<Status>* errors) : file_(file), errors_(errors) {}

  void CheckKeys(const YAML::Node& map, const std::vector<std::string_view>& known,
                 std::string_view where) {
    for (const auto& entry : map) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string nearest = NearestName(key, known);
        errors_->push_back(file_.Error(
            entry.first, fmt::format("unknown key '{}' in {}", key, where),
            nearest.empty() ? fmt::format("{} takes: {}", where,
                                          Join(std::vector<std::string_view>(known), ", "))
                            : fmt::format("did you mean {}?", nearest)));
      }
    }
  }

  // rows: a list of mappings (column: value); or, with format csv, a CSV string.
  void CheckRows(const YAML::Node& rows, bool csv, std::string_view where) {
    if (csv) {
      if (!rows.IsScalar()) {
        errors_->push_back(file_.Error(rows, fmt::format("{}: rows in CSV format must be a "
                                                         "string",
                                                         where)));
      }
      return;
    }
    if (rows.IsNull()) {
      return;
    }
    if (!rows.IsSequence()) {
      errors_->push_back(file_.Error(rows, fmt::format("{}: rows must be a list", where),
                                     "rows:\n  - {id: 1, name: a}"));
      return;
    }
    for (const YAML::Node& row : rows) {
      if (!row.IsMap()) {
        errors_->push_back(
            file_.Error(row, fmt::format("{}: each row must map column names to values", where),
                        "- {id: 1, name: a}"));
      }
    }
  }

  // An input or expected output: a list of rows, or a mapping with rows/query/format.
  void CheckData(const YAML::Node& data, const std::vector<std::string_view>& keys,
                 std::string_view where) {
    if (data.IsSequence() || data.IsNull()) {
      CheckRows(data, false, where);
      return;
    }
    if (!data.IsMap()) {
      errors_->push_back(file_.Error(data, fmt::format("{} must be a list of rows or a mapping "
                                                       "with rows or query",
                                                       where)));
      return;
    }
    CheckKeys(data, keys, where);
    bool csv = false;
    if (const YAML::Node format = data["format"]) {
      const std::string text = format.IsScalar() ? ToLower(format.Scalar()) : "";
      if (text != "csv" && text != "yaml") {
        errors_->push_back(
            file_.Error(format, fmt::format("{}: format must be yaml or csv", where)));
      }
      csv = text == "csv";
    }
    int sources = 0;
    for (const char* key : {"rows", "query", "path"}) {
      sources += data[key] ? 1 : 0;
    }
    if (sources > 1) {
      errors_->push_back(file_.Error(
          data,
          fmt::format("{} gives its rows more than one way: use one of rows, query, path", where)));
    }
    if (const YAML::Node rows = data["rows"]) {
      CheckRows(rows, csv, where);
    } else if (const YAML::Node query = data["query"]) {
      if (!query.IsScalar()) {
        errors_->push_back(file_.Error(query, fmt::format("{}: query must be SQL text", where)));
      }
    } else if (const YAML::Node path = data["path"]) {
      if (!path.IsScalar() || path.Scalar().empty()) {
        errors_->push_back(file_.Error(
            path,
            fmt::format("{}: path must name a file (relative to the project folder)", where)));
      }
    } else if (keys.size() == kInputKeys.size() || data["partial"]) {
      errors_->push_back(file_.Error(data, fmt::format("{} needs rows, a query or a path", where)));
    }
    CheckPartial(data, where);
    if (const YAML::Node columns = data["columns"]) {
      bool typed = columns.IsMap();
      for (const auto& entry : typed ? columns : YAML::Node()) {
        typed = typed && entry.second.IsScalar() && !entry.second.Scalar().empty();
      }
      if (!typed) {
        errors_->push_back(
            file_.Error(columns, fmt::format("{}: columns must map column names to types", where),
                        "columns: {id: INT, name: TEXT}"));
      }
    }
    if (const YAML::Node settings = data["csv_settings"]) {
      if (!settings.IsMap()) {
        errors_->push_back(file_.Error(
            settings,
            fmt::format("{}: csv_settings must be a mapping such as {{sep: \";\"}}", where)));
      } else {
        CheckKeys(settings, kCsvSettings, fmt::format("{} csv_settings", where));
        for (const char* key : {"sep", "delimiter", "quotechar", "escapechar"}) {
          const YAML::Node value = settings[key];
          if (value && (!value.IsScalar() || value.Scalar().size() != 1)) {
            errors_->push_back(file_.Error(
                value, fmt::format("{}: csv_settings {} must be one character", where, key)));
          }
        }
      }
    }
  }

  void CheckPartial(const YAML::Node& data, std::string_view where) {
    if (const YAML::Node partial = data["partial"]) {
      const std::string text = partial.IsScalar() ? ToLower(partial.Scalar()) : "";
      if (text != "true" && text != "false") {
        errors_->push_back(
            file_.Error(partial, fmt::format("{}: partial must be true or false", where)));
      }
    }
  }

 private:
  const YamlFile& file_;
  std::vector<Status>* errors_;
};

}  // namespace

std::vector<UnitTest> ReadUnitTests(
    const YamlFile& file, const std::function<bool(const std::string&)>& model_exists,
    const std::function<std::vector<std::string>(const std::string&)>& references_of,
    std::vector<Status>* errors) {
  std::vector<UnitTest> tests;
  const YAML::Node& root = file.root();
  if (!root || root.IsNull()) {
    return tests;
  }
  if (!root.IsMap()) {
    errors->push_back(file.Error(root, "a test file must map test names to tests",
                                 "test_name:\n  model: schema.table\n  inputs: ...\n  outputs: "
                                 "..."));
    return tests;
  }
  TestReader reader(file, errors);
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (const auto& entry : root) {
    UnitTest test;
    test.name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    test.file = file.path();
    test.line = entry.first.Mark().is_null() ? 0 : entry.first.Mark().line + 1;
    test.definition = entry.second;
    const YAML::Node& body = entry.second;
    const std::string where = fmt::format("test {}", test.name);
    if (!body.IsMap()) {
      errors->push_back(file.Error(body, fmt::format("{} must be a mapping with model, inputs "
                                                     "and outputs",
                                                     where)));
      continue;
    }
    reader.CheckKeys(body, kTestKeys, where);
    const YAML::Node model = body["model"];
    if (!model) {
      errors->push_back(file.Error(entry.first, fmt::format("{} names no model", where),
                                   "add `model: schema.table`"));
      continue;
    }
    std::optional<std::string> model_text = file.Scalar(model, "model", errors);
    if (!model_text) {
      continue;
    }
    Result<std::string> model_name = NormalizeNameText(*model_text);
    if (!model_name.ok() || !model_exists(*model_name)) {
      errors->push_back(file.Error(model, fmt::format("{}: unknown model {}", where, *model_text),
                                   "name a model of the project"));
      continue;
    }
    test.model = *model_name;
    const std::vector<std::string> references = references_of(test.model);
    if (const YAML::Node inputs = body["inputs"]) {
      if (!inputs.IsMap()) {
        errors->push_back(file.Error(inputs, fmt::format("{}: inputs must map table names to "
                                                         "rows",
                                                         where)));
      } else {
        for (const auto& input : inputs) {
          const std::string input_text = input.first.IsScalar() ? input.first.Scalar() : "";
          Result<std::string> input_name = NormalizeNameText(input_text);
          if (!input_name.ok()) {
            errors->push_back(file.Error(
                input.first, fmt::format("{}: '{}' is not a table name", where, input_text)));
            continue;
          }
          const bool referenced =
              std::find(references.begin(), references.end(), *input_name) != references.end();
          if (!referenced && !model_exists(*input_name)) {
            std::string nearest = NearestName(*input_name, references);
            errors->push_back(file.Error(
                input.first,
                fmt::format("{}: input {} is not read by {}", where, *input_name, test.model),
                nearest.empty()
                    ? fmt::format("{} reads: {}", test.model,
                                  references.empty() ? "nothing" : Join(references, ", "))
                    : fmt::format("did you mean {}?", nearest)));
            continue;
          }
          test.inputs.push_back(*input_name);
          reader.CheckData(input.second, kInputKeys,
                           fmt::format("{} input {}", where, *input_name));
        }
      }
    }
    const YAML::Node outputs = body["outputs"];
    if (!outputs) {
      errors->push_back(file.Error(entry.first, fmt::format("{} has no outputs", where),
                                   "add outputs: {query: {rows: [...]}}"));
    } else if (!outputs.IsMap()) {
      errors->push_back(file.Error(outputs, fmt::format("{}: outputs must be a mapping with "
                                                        "query and/or ctes",
                                                        where)));
    } else {
      reader.CheckKeys(outputs, kOutputKeys, where + " outputs");
      reader.CheckPartial(outputs, where + " outputs");
      if (!outputs["query"] && !outputs["ctes"]) {
        errors->push_back(file.Error(outputs,
                                     fmt::format("{}: outputs has neither query nor ctes", where),
                                     "add outputs: {query: {rows: [...]}}"));
      }
      if (const YAML::Node query = outputs["query"]) {
        reader.CheckData(query, kExpectedKeys, where + " outputs.query");
      }
      if (const YAML::Node ctes = outputs["ctes"]) {
        if (!ctes.IsMap()) {
          errors->push_back(
              file.Error(ctes, fmt::format("{}: ctes must map CTE names to rows", where)));
        } else {
          for (const auto& cte : ctes) {
            reader.CheckData(
                cte.second, kExpectedKeys,
                fmt::format("{} cte {}", where, cte.first.IsScalar() ? cte.first.Scalar() : ""));
          }
        }
      }
    }
    if (const YAML::Node vars = body["vars"]) {
      if (!vars.IsMap()) {
        errors->push_back(file.Error(vars, fmt::format("{}: vars must be a mapping", where)));
      } else {
        std::optional<int64_t> start;
        std::optional<int64_t> end;
        for (const auto& var : vars) {
          const std::string key = var.first.IsScalar() ? var.first.Scalar() : "";
          if (key != "start" && key != "end" && key != "execution_time") {
            continue;
          }
          std::optional<std::string> text = file.Scalar(var.second, key, errors);
          if (!text) {
            continue;
          }
          Result<int64_t> time =
              ParseTimePoint(*text, now, key == "end" ? TimeRole::kEnd : TimeRole::kStart);
          if (!time.ok()) {
            errors->push_back(file.Error(
                var.second, fmt::format("{}: invalid {}: {}", where, key, time.status().message()),
                "use a date such as 2025-01-01 or a timestamp such as "
                "'2025-01-01 12:00:00'"));
          } else if (key == "start") {
            start = *time;
          } else if (key == "end") {
            end = *time;
          }
        }
        if (start && end && *start >= *end) {
          errors->push_back(file.Error(vars["start"],
                                       fmt::format("{}: vars start is not before end", where),
                                       "a date as end is inclusive: start: 2025-01-01, end: "
                                       "2025-01-01 is that one day"));
        }
      }
    }
    tests.push_back(std::move(test));
  }
  return tests;
}

}  // namespace strata::project
