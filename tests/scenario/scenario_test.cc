// Runs every scenario file under tests/scenarios/ against the built strata binary, each in a fresh
// project folder, once per engine it allows: on DuckDB (a file in the project) and on a fresh
// database of the PostgreSQL test server. The runner writes the project's config.yaml unless the
// scenario writes one, and replaces {{ test_connection }} and {{ test_engine }} in file bodies
// and command lines (docs/testing.md).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/text.h"
#include "scenario/scenario.h"
#include "source_paths.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Strips a final newline so bodies compare the way they read in the file.
std::string Chomp(std::string s) {
  while (!s.empty() && s.back() == '\n') {
    s.pop_back();
  }
  return s;
}

// Every line of `expected` must appear in `actual`, in order.
bool ContainsInOrder(const std::string& actual, const std::string& expected, std::string* missing) {
  size_t from = 0;
  std::istringstream lines(expected);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      continue;
    }
    const size_t at = actual.find(line, from);
    if (at == std::string::npos) {
      *missing = line;
      return false;
    }
    from = at + line.size();
  }
  return true;
}

// One scenario file on one engine.
struct ScenarioCase {
  fs::path file;
  std::string engine;
};

// How GoogleTest prints a case: "query_basics.scenario on postgres".
void PrintTo(const ScenarioCase& c, std::ostream* out) {
  *out << c.file.filename().string() << " on " << c.engine;
}

// Replaces every `from` in `text` with `to`.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class ScenarioTest : public ::testing::TestWithParam<ScenarioCase> {};

TEST_P(ScenarioTest, Runs) {
  const fs::path file = GetParam().file;
  const std::string& engine = GetParam().engine;
  Result<Scenario> parsed = ParseScenario(ReadFile(file), file.filename().string());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  Scenario& scenario = *parsed;

  // The connection of the scenario's gateway, as a YAML flow mapping.
  std::string connection = "{type: duckdb, database: db.duckdb}";
  if (engine == "postgres") {
    PostgresServer* server = nullptr;
    STRATA_REQUIRE_POSTGRES(server);
    Result<std::string> database = server->CreateDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    setenv("STRATA_TEST_PG_PASSWORD", server->password().c_str(), 1);
    connection = fmt::format(
        "{{type: postgres, host: {}, port: {}, user: {}, "
        "password: \"{{{{ env_var('STRATA_TEST_PG_PASSWORD') }}}}\", database: {}}}",
        server->host(), server->port(), server->user(), *database);
  }
  auto substitute = [&](const std::string& text) {
    return ReplaceAll(ReplaceAll(text, "{{ test_connection }}", connection), "{{ test_engine }}",
                      engine);
  };
  TempDir project;
  const bool writes_config =
      std::any_of(scenario.steps.begin(), scenario.steps.end(), [](const ScenarioStep& step) {
        return step.kind == ScenarioStep::Kind::kFile && step.argument == "config.yaml";
      });
  if (!writes_config) {
    std::ofstream(fs::path(project.path()) / "config.yaml")
        << "gateways:\n  test:\n    connection: " << connection << "\ndefault_gateway: test\n";
  }
  for (ScenarioStep& step : scenario.steps) {
    step.body = substitute(step.body);
    step.argument = substitute(step.argument);
    for (std::string& word : step.argv) {
      word = substitute(word);
    }
  }
  for (const ScenarioStep& step : scenario.steps) {
    const std::string where = fmt::format("{}:{} on {}", scenario.name, step.line, engine);
    switch (step.kind) {
      case ScenarioStep::Kind::kFile: {
        const fs::path path = fs::path(project.path()) / step.argument;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << step.body;
        break;
      }
      case ScenarioStep::Kind::kDelete:
        fs::remove_all(fs::path(project.path()) / step.argument);
        break;
      case ScenarioStep::Kind::kCommand: {
        CommandResult r = RunStrata(step.argv, project.path());
        bool exit_checked = false;
        for (const ScenarioStep::Check& check : step.checks) {
          if (check.kind == "exit") {
            exit_checked = true;
            EXPECT_EQ(std::to_string(r.exit_code), check.body)
                << where << ": " << step.argument << "\nstdout:\n"
                << r.out << "stderr:\n"
                << r.err;
          } else if (check.kind == "stdout") {
            EXPECT_EQ(Chomp(r.out), Chomp(check.body)) << where << ": " << step.argument;
          } else if (check.kind == "stdout lacks" || check.kind == "stderr lacks") {
            const std::string& actual = check.kind == "stdout lacks" ? r.out : r.err;
            const std::string lacked = Chomp(check.body);
            for (std::string_view line : Split(lacked, '\n')) {
              EXPECT_EQ(actual.find(line), std::string::npos)
                  << where << ": " << step.argument << "\nunexpected: " << line << "\nin:\n"
                  << actual;
            }
          } else {
            const std::string& actual = check.kind == "stdout contains" ? r.out : r.err;
            std::string missing;
            EXPECT_TRUE(ContainsInOrder(actual, check.body, &missing))
                << where << ": " << step.argument << "\nmissing: " << missing << "\nin:\n"
                << actual;
          }
        }
        if (!exit_checked) {
          EXPECT_EQ(r.exit_code, 0) << where << ": " << step.argument << "\n" << r.err;
        }
        break;
      }
      case ScenarioStep::Kind::kQuery: {
        CommandResult r = RunStrata({"query", "--format", "csv", step.argument}, project.path());
        EXPECT_EQ(r.exit_code, 0) << where << ": " << r.err;
        EXPECT_EQ(Chomp(r.out), Chomp(step.body)) << where << ": " << step.argument;
        break;
      }
    }
    if (::testing::Test::HasFailure()) {
      return;  // later steps depend on this one
    }
  }
}

// Every scenario file on every engine it allows (all of them when the file does not parse: the
// test then reports the error).
std::vector<ScenarioCase> ScenarioCases() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(STRATA_SOURCE_DIR "/tests/scenarios")) {
    if (entry.path().extension() == ".scenario") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<ScenarioCase> cases;
  for (const fs::path& file : files) {
    Result<Scenario> scenario = ParseScenario(ReadFile(file), file.filename().string());
    for (const std::string& engine : scenario.ok() ? scenario->engines : kScenarioEngines) {
      cases.push_back({file, engine});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(ScenarioCases()),
                         [](const ::testing::TestParamInfo<ScenarioCase>& param) {
                           std::string name =
                               param.param.file.stem().string() + "_" + param.param.engine;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) {
                               c = '_';
                             }
                           }
                           return name;
                         });

TEST(ScenarioParserTest, ParsesSectionsAndChecks) {
  Result<Scenario> s = ParseScenario(
      "# a comment\n"
      "=== file models/a.sql\n"
      "SELECT 1\n"
      "=== command query \"SELECT 'a b'\" --format csv\n"
      "--- exit 0\n"
      "--- stdout contains\n"
      "a b\n"
      "=== query SELECT 1 AS x\n"
      "x\n"
      "1\n",
      "t.scenario");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->steps.size(), 3u);
  EXPECT_EQ(s->steps[0].body, "SELECT 1\n");
  EXPECT_EQ(s->steps[1].argv,
            (std::vector<std::string>{"query", "SELECT 'a b'", "--format", "csv"}));
  ASSERT_EQ(s->steps[1].checks.size(), 2u);
  EXPECT_EQ(s->steps[1].checks[0].body, "0");
  EXPECT_EQ(s->steps[1].checks[1].body, "a b\n");
  EXPECT_EQ(s->steps[2].body, "x\n1\n");
}

TEST(ScenarioParserTest, EnginesLineRestrictsTheEngines) {
  Result<Scenario> all = ParseScenario("# no restriction\n=== query SELECT 1\n", "t.scenario");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->engines, kScenarioEngines);
  Result<Scenario> one =
      ParseScenario("# about this\n# engines: duckdb\n=== query SELECT 1\n", "t.scenario");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->engines, (std::vector<std::string>{"duckdb"}));
  Result<Scenario> unknown = ParseScenario("# engines: duckdb, oracle\n", "t.scenario");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("oracle"), std::string::npos);
}

TEST(ScenarioParserTest, RejectsUnknownSectionsWithTheirLine) {
  Result<Scenario> s = ParseScenario("=== frobnicate x\n", "t.scenario");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().location().line, 1);
  EXPECT_FALSE(ParseScenario("=== command query 'x\n", "t.scenario").ok());
  EXPECT_FALSE(ParseScenario("stray\n", "t.scenario").ok());
}

}  // namespace
}  // namespace strata::testing
