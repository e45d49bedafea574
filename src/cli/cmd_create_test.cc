// `strata create-test MODEL --query UPSTREAM "SQL" [--query …] [--name N] [--overwrite]
// [--var NAME VALUE …]`: bootstraps a unit test from current data (DESIGN.md §7, §8;
// docs/unit_tests.md). Each query runs against the warehouse (model names are prod's views) and
// gives the rows of one input; the model's query then runs over those inputs in an in-memory
// DuckDB, as `strata test` runs it, and its rows become the expected output. The test is written
// to tests/test_<table>.yaml, added to the file when it exists.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "project/project.h"
#include "project/yaml_file.h"
#include "testing/unit_test_runner.h"

namespace strata::cli {
namespace {

bool IsNumber(engine::TypeId id) {
  switch (id) {
    case engine::TypeId::kTinyInt:
    case engine::TypeId::kSmallInt:
    case engine::TypeId::kInteger:
    case engine::TypeId::kBigInt:
    case engine::TypeId::kUTinyInt:
    case engine::TypeId::kUSmallInt:
    case engine::TypeId::kUInteger:
    case engine::TypeId::kUBigInt:
    case engine::TypeId::kHugeInt:
    case engine::TypeId::kUHugeInt:
    case engine::TypeId::kFloat:
    case engine::TypeId::kDouble:
    case engine::TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

// One value in the form `strata test` reads back as the same value: numbers, booleans, dates and
// timestamps plain; text always quoted (so '2' stays text); NULL as ~.
void EmitValue(YAML::Emitter& out, const engine::Value& value) {
  if (value.is_null()) {
    out << YAML::Null;
    return;
  }
  const engine::TypeId id = value.type().id;
  std::string text = value.ToString();
  if (IsNumber(id) || id == engine::TypeId::kBoolean || id == engine::TypeId::kDate) {
    out << text;
    return;
  }
  if (id == engine::TypeId::kTimestamp || id == engine::TypeId::kTimestampTz) {
    if (text.ends_with("+00")) {
      text.resize(text.size() - 3);
    }
    out << text;
    return;
  }
  out << YAML::DoubleQuoted << text;
}

void EmitRows(YAML::Emitter& out, const engine::QueryResult& result) {
  out << YAML::Key << "rows" << YAML::Value << YAML::BeginSeq;
  for (const auto& row : result.rows) {
    out << YAML::Flow << YAML::BeginMap;
    for (size_t c = 0; c < row.size(); ++c) {
      out << YAML::Key << result.columns[c].name << YAML::Value;
      EmitValue(out, row[c]);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

class CreateTestCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "create-test", "Write a unit test for a model from the warehouse's current data");
    sub->add_option("model", model_, "The model to test")->required();
    sub->add_option("--query", queries_,
                    "An input: the upstream table's name and the SQL that selects its rows")
        ->required();
    sub->add_option("--name", name_, "The test's name (default: test_<table>)");
    sub->add_flag("--overwrite", overwrite_, "Replace a test of the same name");
    sub->add_option("--var", vars_, "A variable of the test: NAME VALUE (start, end, ...)");
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    Result<project::Project> loaded = LoadGlobalProject(global);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    Result<std::string> model_name = project::NormalizeNameText(model_);
    const project::Model* model = model_name.ok() ? project.FindModel(*model_name) : nullptr;
    if (model == nullptr || model->query == nullptr) {
      return ReportError(Status::NotFound(fmt::format("no SQL model named '{}'", model_))
                             .WithHint("`strata info --models` lists the models"));
    }
    const std::string test_name =
        name_.empty()
            ? "test_" + (model->name_parts.empty() ? model->name : model->name_parts.back())
            : name_;
    const std::filesystem::path relative =
        std::filesystem::path("tests") /
        fmt::format("test_{}.yaml",
                    model->name_parts.empty() ? model->name : model->name_parts.back());

    // ---- the inputs' rows, from the warehouse
    Result<ProjectState> opened = OpenProjectState(global, project.config, lock_timeout_);
    if (!opened.ok()) {
      return ReportError(opened.status());
    }
    Result<engine::EngineAdapter*> warehouse = opened->WarehouseConnection();
    if (!warehouse.ok()) {
      return ReportError(warehouse.status());
    }
    std::vector<std::pair<std::string, engine::QueryResult>> inputs;
    for (const auto& [upstream, sql] : queries_) {
      Result<std::string> name = project::NormalizeNameText(upstream);
      if (!name.ok()) {
        return ReportError(name.status().WithContext("--query"));
      }
      const std::vector<std::string> reads = project::TestInputNames(project, *model);
      if (std::find(reads.begin(), reads.end(), *name) == reads.end()) {
        return ReportError(
            Status::InvalidArgument(fmt::format("--query: {} does not read {}", model->name, *name))
                .WithHint(
                    fmt::format("it reads: {}", reads.empty() ? "nothing" : Join(reads, ", "))));
      }
      Result<engine::QueryResult> rows = (*warehouse)->Query(sql);
      if (!rows.ok()) {
        return ReportError(rows.status().WithContext(fmt::format("--query {}", *name)));
      }
      inputs.emplace_back(*name, std::move(*rows));
    }
    opened->Close();  // done with the warehouse and the state: release the lock

    // ---- the vars: given, else the last whole interval before now, frozen
    std::vector<std::pair<std::string, std::string>> vars = vars_;
    auto has_var = [&](std::string_view key) {
      return std::any_of(vars.begin(), vars.end(), [&](const auto& v) { return v.first == key; });
    };
    int64_t now = NowMicros() / kMicrosPerDay * kMicrosPerDay;
    for (const auto& [key, value] : vars) {
      if (key == "execution_time") {
        Result<int64_t> given = ParseTimePoint(value, NowMicros(), TimeRole::kStart);
        if (!given.ok()) {
          return ReportError(given.status().WithContext("--var execution_time"));
        }
        now = *given;
      }
    }
    const Cron cron = model->cron.value_or(Cron::Parse("@daily").value());
    const IntervalGrid grid = IntervalGrid::ForCron(cron, model->EffectiveIntervalUnit());
    if (!has_var("execution_time")) {
      vars.emplace_back("execution_time", FormatDate(DayOf(now)));
    }
    if (!has_var("start") && !has_var("end")) {
      // The last whole interval before the execution time: whole days as dates (the end date
      // inclusive), else timestamps (the end exclusive), as `vars` reads them back.
      const int64_t end = grid.Floor(now);
      const int64_t start = grid.Prev(end);
      const bool days = start % kMicrosPerDay == 0 && end % kMicrosPerDay == 0;
      vars.emplace_back("start", days ? FormatDate(DayOf(start)) : FormatTimestamp(start));
      vars.emplace_back("end", days ? FormatDate(DayOf(end) - 1) : FormatTimestamp(end));
    }

    // ---- the test without outputs, run to get them
    YAML::Emitter draft;
    Emit(draft, test_name, model->name, inputs, nullptr, vars);
    Result<project::YamlFile> parsed = project::YamlFile::Parse(draft.c_str(), relative);
    if (!parsed.ok()) {
      return ReportError(parsed.status());
    }
    project::UnitTest test;
    test.name = test_name;
    test.model = model->name;
    test.file = relative;
    test.definition = parsed->root()[test_name];
    Result<engine::QueryResult> outputs = RunModelOnInputs(project, test, NowMicros());
    if (!outputs.ok()) {
      return ReportError(outputs.status().WithContext(fmt::format("running {}", model->name)));
    }
    YAML::Emitter text;
    Emit(text, test_name, model->name, inputs, &*outputs, vars);
    return Write(console, project.root / relative, relative, test_name, text.c_str());
  }

 private:
  static void Emit(YAML::Emitter& out, const std::string& test_name, const std::string& model,
                   const std::vector<std::pair<std::string, engine::QueryResult>>& inputs,
                   const engine::QueryResult* outputs,
                   const std::vector<std::pair<std::string, std::string>>& vars) {
    out << YAML::BeginMap << YAML::Key << test_name << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << model;
    out << YAML::Key << "inputs" << YAML::Value << YAML::BeginMap;
    for (const auto& [name, rows] : inputs) {
      out << YAML::Key << name << YAML::Value << YAML::BeginMap;
      EmitRows(out, rows);
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "query"
        << YAML::Value << YAML::BeginMap;
    if (outputs != nullptr) {
      EmitRows(out, *outputs);
    } else {
      out << YAML::Key << "rows" << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
    }
    out << YAML::EndMap << YAML::EndMap;
    out << YAML::Key << "vars" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, value] : vars) {
      out << YAML::Key << key << YAML::Value << value;
    }
    out << YAML::EndMap << YAML::EndMap << YAML::EndMap;
  }

  int Write(Console& console, const std::filesystem::path& file,
            const std::filesystem::path& relative, const std::string& test_name,
            const std::string& text) const {
    std::string content = text + "\n";
    std::error_code error;
    if (std::filesystem::exists(file, error)) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream existing;
      existing << in.rdbuf();
      YAML::Node root;
      try {
        root = YAML::Load(existing.str());
      } catch (const std::exception& e) {
        return ReportError(Status::ParseError(
            fmt::format("{} is not valid YAML: {}", relative.string(), e.what())));
      }
      if (root.IsMap() && root[test_name]) {
        if (!overwrite_) {
          return ReportError(
              Status::AlreadyExists(
                  fmt::format("{} already has a test named {}", relative.string(), test_name))
                  .WithHint("pass --overwrite to replace it, or --name to pick another name"));
        }
        // Rewrite the other tests as they load, then the new one.
        YAML::Emitter others;
        others << YAML::BeginMap;
        for (const auto& entry : root) {
          if (entry.first.Scalar() != test_name) {
            others << YAML::Key << entry.first << YAML::Value << entry.second;
          }
        }
        others << YAML::EndMap;
        content = (root.size() > 1 ? std::string(others.c_str()) + "\n\n" : "") + content;
      } else {
        std::string before = existing.str();
        if (!before.empty() && before.back() != '\n') {
          before += '\n';
        }
        content = before + "\n" + content;
      }
    }
    std::filesystem::create_directories(file.parent_path(), error);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
      return ReportError(Status::IoError(fmt::format("cannot write {}", relative.string())));
    }
    console.Line(console.Styled(fmt::format("✔ Wrote test {} to {}", test_name, relative.string()),
                                Style::kGreen));
    console.Line(fmt::format("Run it with `strata test {}`", test_name));
    return kExitOk;
  }

  std::string model_;
  std::vector<std::pair<std::string, std::string>> queries_;
  std::string name_;
  bool overwrite_ = false;
  std::vector<std::pair<std::string, std::string>> vars_;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
};

}  // namespace

std::unique_ptr<Command> MakeCreateTestCommand() { return std::make_unique<CreateTestCommand>(); }

}  // namespace strata::cli
