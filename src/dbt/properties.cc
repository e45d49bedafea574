#include "dbt/properties.h"

#include <algorithm>

#include <fmt/format.h>

#include "jinja/value_format.h"
#include "project/model_jinja.h"
#include "project/yaml_file.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

// Keys of a test's arguments that are configs rather than arguments of the test macro.
bool IsTestConfigKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "where", "severity", "limit", "warn_if",   "error_if", "store_failures", "store_failures_as",
      "tags",  "enabled",  "meta",  "fail_calc", "alias",    "schema",         "database"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

// An argument value reduced to what dbt puts in a test's name.
std::string Flatten(const jinja::Value& value) {
  std::string out;
  if (value.is_sequence()) {
    for (const jinja::Value& item : value.items()) {
      if (!out.empty()) {
        out += "__";
      }
      out += Flatten(item);
    }
    return out;
  }
  if (value.is_dict()) {
    for (const auto& [k, v] : value.as_dict()->entries()) {
      if (!out.empty()) {
        out += "__";
      }
      out += Flatten(k) + "_" + Flatten(v);
    }
    return out;
  }
  const std::string text = jinja::Str(value);
  bool in_run = false;
  for (char c : text) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (keep) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

class PropertiesReader {
 public:
  PropertiesReader(const project::YamlFile& file, Properties* out, std::vector<Status>* errors)
      : file_(file), out_(out), errors_(errors) {}

  void Read() {
    const YAML::Node& root = file_.root();
    if (root.IsNull()) {
      return;
    }
    if (!root.IsMap()) {
      errors_->push_back(file_.Error(root, "a properties file must be a mapping"));
      return;
    }
    for (const char* kind : {"models", "seeds", "snapshots"}) {
      const YAML::Node list = root[kind];
      if (!list) {
        continue;
      }
      if (!list.IsSequence()) {
        errors_->push_back(file_.Error(list, fmt::format("'{}' must be a list", kind)));
        continue;
      }
      auto& target = std::string(kind) == "models"  ? out_->models
                     : std::string(kind) == "seeds" ? out_->seeds
                                                    : out_->snapshots;
      for (const YAML::Node& item : list) {
        ReadNode(item, kind, &target);
      }
    }
    if (const YAML::Node unit_tests = root["unit_tests"]) {
      if (!unit_tests.IsSequence()) {
        errors_->push_back(file_.Error(unit_tests, "'unit_tests' must be a list"));
      } else {
        for (const YAML::Node& test : unit_tests) {
          ReadUnitTest(test);
        }
      }
    }
    if (const YAML::Node sources = root["sources"]) {
      if (!sources.IsSequence()) {
        errors_->push_back(file_.Error(sources, "'sources' must be a list"));
      } else {
        for (const YAML::Node& source : sources) {
          ReadSource(source);
        }
      }
    }
  }

 private:
  std::optional<std::string> Name(const YAML::Node& item, std::string_view what) {
    if (!item.IsMap() || !item["name"] || !item["name"].IsScalar()) {
      errors_->push_back(file_.Error(item, fmt::format("each entry of '{}' needs a 'name'", what)));
      return std::nullopt;
    }
    return item["name"].Scalar();
  }

  jinja::Value Config(const YAML::Node& item) {
    const YAML::Node config = item["config"];
    if (!config || config.IsNull()) {
      return jinja::Value::Dict();
    }
    if (!config.IsMap()) {
      errors_->push_back(file_.Error(config, "'config' must be a mapping"));
      return jinja::Value::Dict();
    }
    return project::YamlToJinja(config);
  }

  void ReadNode(const YAML::Node& item, std::string_view kind,
                std::map<std::string, NodeProperties>* target) {
    std::optional<std::string> name = Name(item, kind);
    if (!name) {
      return;
    }
    std::vector<ModelVersion> versions;
    if (const YAML::Node list = item["versions"]; list && kind == "models") {
      if (!list.IsSequence()) {
        errors_->push_back(file_.Error(list, "'versions' must be a list of `- v: <version>`"));
        return;
      }
      for (const YAML::Node& entry : list) {
        if (!entry.IsMap() || !entry["v"] || !entry["v"].IsScalar()) {
          errors_->push_back(file_.Error(entry, "each entry of 'versions' needs a 'v'"));
          return;
        }
        ModelVersion version;
        version.v = entry["v"].Scalar();
        version.defined_in =
            entry["defined_in"] ? entry["defined_in"].Scalar() : *name + "_v" + version.v;
        version.config = Config(entry);
        versions.push_back(std::move(version));
      }
    }
    if (auto it = target->find(*name); it != target->end()) {
      errors_->push_back(file_.Error(
          item["name"],
          fmt::format("'{}' is described twice (also in {})", *name, it->second.file.string()),
          "keep one entry per node across the properties files"));
      return;
    }
    (*target)[*name] = NodeProperties{*name, file_.path(), Config(item)};
    (*target)[*name].versions = std::move(versions);
    if (const YAML::Node latest = item["latest_version"]; latest && latest.IsScalar()) {
      (*target)[*name].latest_version = latest.Scalar();
    }
    if (kind == "snapshots" && item["relation"] && item["relation"].IsScalar()) {
      (*target)[*name].relation = item["relation"].Scalar();
    }
    ReadTests(item, *name, "", std::nullopt);
    if (const YAML::Node columns = item["columns"]; columns && columns.IsSequence()) {
      for (const YAML::Node& column : columns) {
        if (std::optional<std::string> column_name = Name(column, "columns")) {
          ReadTests(column, *name, "", *column_name);
        }
      }
    }
  }

  // A `given:` or `expect:` entry; false (the error collected) when malformed.
  bool ReadFixture(const YAML::Node& item, bool given, UnitTestFixture* out) {
    if (!item.IsMap()) {
      errors_->push_back(file_.Error(
          item, given ? "each entry of 'given' must be a mapping" : "'expect' must be a mapping"));
      return false;
    }
    if (given) {
      if (!item["input"] || !item["input"].IsScalar()) {
        errors_->push_back(file_.Error(
            item, "each entry of 'given' needs an 'input': ref('model'), source('src', 'table')"));
        return false;
      }
      out->input = item["input"].Scalar();
    }
    if (const YAML::Node format = item["format"]) {
      out->format = format.Scalar();
      if (out->format != "dict" && out->format != "csv" && out->format != "sql") {
        errors_->push_back(file_.Error(format,
                                       fmt::format("unknown fixture format '{}'", out->format),
                                       "use dict, csv or sql"));
        return false;
      }
    }
    if (const YAML::Node fixture = item["fixture"]) {
      out->fixture = fixture.Scalar();
      if (out->format == "dict") {
        errors_->push_back(file_.Error(fixture, "a 'fixture' file needs format: csv or sql"));
        return false;
      }
      return true;
    }
    const YAML::Node rows = item["rows"];
    if (out->format == "dict") {
      if (rows && !rows.IsNull() && !rows.IsSequence()) {
        errors_->push_back(file_.Error(rows, "'rows' must be a list of mappings (format: dict)"));
        return false;
      }
      std::vector<jinja::Value> list;
      if (rows && rows.IsSequence()) {
        for (const YAML::Node& row : rows) {
          if (!row.IsMap()) {
            errors_->push_back(file_.Error(row, "each row must be a mapping of column to value"));
            return false;
          }
          list.push_back(project::YamlToJinja(row));
        }
      }
      out->rows = jinja::Value::List(std::move(list));
      return true;
    }
    if (!rows || !rows.IsScalar()) {
      errors_->push_back(file_.Error(
          rows ? rows : item,
          fmt::format("format {} needs 'rows' as a string, or a 'fixture'", out->format)));
      return false;
    }
    out->rows = jinja::Value::String(rows.Scalar());
    return true;
  }

  void ReadUnitTest(const YAML::Node& item) {
    std::optional<std::string> name = Name(item, "unit_tests");
    if (!name) {
      return;
    }
    UnitTestDefinition test;
    test.name = *name;
    test.file = file_.path();
    if (!item["model"] || !item["model"].IsScalar()) {
      errors_->push_back(
          file_.Error(item, fmt::format("unit test '{}' needs the 'model' it tests", *name)));
      return;
    }
    test.model = item["model"].Scalar();
    const YAML::Node given = item["given"];
    if (given && !given.IsNull()) {
      if (!given.IsSequence()) {
        errors_->push_back(file_.Error(given, "'given' must be a list of inputs"));
        return;
      }
      for (const YAML::Node& input : given) {
        UnitTestFixture fixture;
        if (!ReadFixture(input, true, &fixture)) {
          return;
        }
        test.given.push_back(std::move(fixture));
      }
    }
    if (!item["expect"]) {
      errors_->push_back(file_.Error(
          item, fmt::format("unit test '{}' needs 'expect' (the rows the model returns)", *name)));
      return;
    }
    if (!ReadFixture(item["expect"], false, &test.expect)) {
      return;
    }
    if (const YAML::Node overrides = item["overrides"]; overrides && overrides.IsMap()) {
      for (auto [key, out] : {std::pair{"macros", &test.override_macros},
                              {"vars", &test.override_vars},
                              {"env_vars", &test.override_env_vars}}) {
        if (const YAML::Node node = overrides[key]; node && node.IsMap()) {
          *out = project::YamlToJinja(node);
        }
      }
    }
    test.config = Config(item);
    if (item["versions"]) {
      errors_->push_back(file_.Error(item["versions"],
                                     "unit tests of chosen model versions ('versions:') are not "
                                     "supported by strata dbt yet",
                                     "remove 'versions:' to test every version of the model"));
      return;
    }
    out_->unit_tests.push_back(std::move(test));
  }

  void ReadSource(const YAML::Node& source) {
    std::optional<std::string> source_name = Name(source, "sources");
    if (!source_name) {
      return;
    }
    const std::string schema = source["schema"] ? source["schema"].Scalar() : *source_name;
    const std::string database = source["database"] ? source["database"].Scalar() : "";
    const YAML::Node tables = source["tables"];
    if (!tables || !tables.IsSequence()) {
      errors_->push_back(
          file_.Error(source, fmt::format("source '{}' needs a list of 'tables'", *source_name)));
      return;
    }
    for (const YAML::Node& table : tables) {
      std::optional<std::string> name = Name(table, "tables");
      if (!name) {
        continue;
      }
      SourceTable out{
          *source_name, *name,    table["identifier"] ? table["identifier"].Scalar() : *name,
          schema,       database, Config(table),
          file_.path()};
      out_->sources.push_back(std::move(out));
      ReadTests(table, *name, *source_name, std::nullopt);
      if (const YAML::Node columns = table["columns"]; columns && columns.IsSequence()) {
        for (const YAML::Node& column : columns) {
          if (std::optional<std::string> column_name = Name(column, "columns")) {
            ReadTests(column, *name, *source_name, *column_name);
          }
        }
      }
    }
  }

  void ReadTests(const YAML::Node& item, const std::string& attached_to,
                 const std::string& source_name, const std::optional<std::string>& column) {
    for (const char* key : {"data_tests", "tests"}) {
      const YAML::Node tests = item[key];
      if (!tests) {
        continue;
      }
      if (!tests.IsSequence()) {
        errors_->push_back(file_.Error(tests, fmt::format("'{}' must be a list", key)));
        continue;
      }
      for (const YAML::Node& test : tests) {
        ReadTest(test, attached_to, source_name, column);
      }
    }
  }

  void ReadTest(const YAML::Node& test, const std::string& attached_to,
                const std::string& source_name, const std::optional<std::string>& column) {
    TestDefinition def;
    def.attached_to = attached_to;
    def.source_name = source_name;
    def.column = column;
    def.file = file_.path();
    std::string full_name;
    YAML::Node args;
    if (test.IsScalar()) {
      full_name = test.Scalar();
    } else if (test.IsMap() && test["test_name"]) {
      full_name = test["test_name"].Scalar();
      args = test;
    } else if (test.IsMap() && test.size() == 1) {
      full_name = test.begin()->first.Scalar();
      args = test.begin()->second;
      if (args && !args.IsNull() && !args.IsMap()) {
        errors_->push_back(file_.Error(
            args, fmt::format("the arguments of test '{}' must be a mapping", full_name)));
        return;
      }
    } else {
      errors_->push_back(file_.Error(
          test, "a test is a name (`- unique`) or a mapping from one name to its arguments"));
      return;
    }
    if (size_t dot = full_name.find('.'); dot != std::string::npos) {
      def.namespace_ = full_name.substr(0, dot);
      def.test_name = full_name.substr(dot + 1);
    } else {
      def.test_name = full_name;
    }
    if (args && args.IsMap()) {
      for (const auto& entry : args) {
        const std::string key = entry.first.Scalar();
        if (key == "test_name") {
          continue;
        }
        if (key == "name") {
          def.custom_name = entry.second.Scalar();
        } else if (key == "config") {
          def.config = project::YamlToJinja(entry.second);
        } else if (key == "arguments" && entry.second.IsMap()) {
          for (const auto& arg : entry.second) {
            def.kwargs.as_dict()->SetString(arg.first.Scalar(), project::YamlToJinja(arg.second));
          }
        } else if (IsTestConfigKey(key)) {
          def.config.as_dict()->SetString(key, project::YamlToJinja(entry.second));
        } else {
          def.kwargs.as_dict()->SetString(key, project::YamlToJinja(entry.second));
        }
      }
    }
    out_->tests.push_back(std::move(def));
  }

  const project::YamlFile& file_;
  Properties* out_;
  std::vector<Status>* errors_;
};

}  // namespace

std::string TestDefinition::Name() const {
  if (!custom_name.empty()) {
    return custom_name;
  }
  std::string name;
  if (!source_name.empty()) {
    name.append("source_");
  }
  if (!namespace_.empty()) {
    name.append(namespace_).append("_");
  }
  name.append(test_name).append("_");
  if (!source_name.empty()) {
    name.append(source_name).append("_");
  }
  name.append(attached_to).append("_");
  if (!attached_version.empty()) {
    name.append("v").append(attached_version).append("_");
  }
  // Every argument, the column included, sorted by name and joined with "__" (dbt's
  // synthesize_generic_test_names).
  std::vector<std::pair<std::string, jinja::Value>> args;
  if (column) {
    args.emplace_back("column_name", jinja::Value::String(*column));
  }
  for (const auto& [key, value] : kwargs.as_dict()->entries()) {
    const std::string k = jinja::Str(key);
    if (k != "model" && k != "column_name") {
      args.emplace_back(k, value);
    }
  }
  std::stable_sort(args.begin(), args.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < args.size(); ++i) {
    name.append(i == 0 ? "" : "__").append(Flatten(args[i].second));
  }
  return name;
}

Result<Properties> LoadProperties(const fs::path& root, const std::vector<fs::path>& files) {
  Properties out;
  std::vector<Status> errors;
  for (const fs::path& relative : files) {
    Result<project::YamlFile> file = project::YamlFile::Load(root, relative);
    if (!file.ok()) {
      errors.push_back(file.status());
      continue;
    }
    PropertiesReader(*file, &out, &errors).Read();
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  return out;
}

}  // namespace strata::dbt
