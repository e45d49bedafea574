// Golden fixture runner. Each file in tests/sql/fixtures/*.test holds cases:
//
//   ==== title
//   <input SQL>
//   ---- ast          the AST dump (Dump) of each statement
//   ---- duckdb       compact DuckDB SQL (must parse back to the same AST)
//   ---- postgres     compact PostgreSQL SQL, or "error: ..." when Unsupported
//   ---- pretty       (only when present in the file) pretty DuckDB SQL
//   ---- error        instead of the above when the input does not parse: the message with caret
//
// With STRATA_UPDATE_GOLDEN=1 the runner rewrites the files with what the code produces now.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "source_paths.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::sql {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string title;
  std::string input;
  std::vector<std::pair<std::string, std::string>> sections;  // name → expected text
};

std::string Trim(const std::string& text) {
  size_t end = text.find_last_not_of('\n');
  return end == std::string::npos ? "" : text.substr(0, end + 1);
}

std::vector<Case> ReadCases(const fs::path& path, std::string* header) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  std::string* target = header;
  while (std::getline(in, line)) {
    if (line.rfind("==== ", 0) == 0) {
      cases.push_back(Case{line.substr(5), "", {}});
      target = &cases.back().input;
    } else if (line.rfind("---- ", 0) == 0 && !cases.empty()) {
      cases.back().sections.emplace_back(line.substr(5), "");
      target = &cases.back().sections.back().second;
    } else {
      target->append(line).push_back('\n');
    }
  }
  for (Case& c : cases) {
    c.input = Trim(c.input);
    for (auto& section : c.sections) {
      section.second = Trim(section.second);
    }
  }
  return cases;
}

std::string JoinStatements(const ParsedScript& script, const GenerateOptions& options) {
  std::string out;
  for (const Node* statement : script.statements) {
    auto text = Generate(statement, options);
    if (!out.empty()) {
      out += options.pretty ? "\n\n" : "\n";
    }
    out += text.ok() ? *text : "error: " + text.status().message();
  }
  return out;
}

// What the code produces for `c`, in the section order of the golden format.
std::vector<std::pair<std::string, std::string>> Actual(const Case& c, std::string* problem) {
  std::vector<std::pair<std::string, std::string>> out;
  ParseOptions options;
  options.file_name = "input.sql";
  auto script = ParseScript(c.input, options);
  if (!script.ok()) {
    out.emplace_back("error", script.status().ToString());
    return out;
  }
  std::string ast;
  for (const Node* statement : script->statements) {
    if (!ast.empty()) {
      ast += "\n";
    }
    ast += Dump(statement);
  }
  out.emplace_back("ast", ast);
  GenerateOptions duckdb;
  out.emplace_back("duckdb", JoinStatements(*script, duckdb));
  GenerateOptions postgres;
  postgres.dialect = DialectKind::kPostgres;
  out.emplace_back("postgres", JoinStatements(*script, postgres));
  bool wants_pretty = false;
  for (const auto& section : c.sections) {
    wants_pretty = wants_pretty || section.first == "pretty";
  }
  if (wants_pretty) {
    GenerateOptions pretty;
    pretty.pretty = true;
    out.emplace_back("pretty", JoinStatements(*script, pretty));
  }
  // The invariant behind the golden output: generated DuckDB SQL parses back to the same AST.
  auto generated = GenerateScript(script->statements);
  if (generated.ok()) {
    auto reparsed = ParseScript(*generated);
    if (!reparsed.ok()) {
      *problem = "generated SQL does not parse: " + reparsed.status().ToString();
    } else {
      for (size_t i = 0; i < script->statements.size(); ++i) {
        if (i >= reparsed->statements.size() ||
            !Equal(script->statements[i], reparsed->statements[i])) {
          *problem = "generated SQL parses to a different AST: " + *generated;
        }
      }
    }
  }
  return out;
}

TEST(FixtureTest, GoldenFiles) {
  fs::path folder = fs::path(STRATA_SOURCE_DIR) / "tests" / "sql" / "fixtures";
  ASSERT_TRUE(fs::exists(folder)) << folder;
  const char* update_env = std::getenv("STRATA_UPDATE_GOLDEN");
  bool update = update_env != nullptr && std::string(update_env) == "1";
  int files = 0;
  int cases_checked = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".test") {
      continue;
    }
    ++files;
    std::string header;
    std::vector<Case> cases = ReadCases(entry.path(), &header);
    std::string rewritten = header;
    for (const Case& c : cases) {
      std::string problem;
      auto actual = Actual(c, &problem);
      EXPECT_TRUE(problem.empty())
          << entry.path().filename() << " / " << c.title << ": " << problem;
      if (!update) {
        std::map<std::string, std::string> expected(c.sections.begin(), c.sections.end());
        for (const auto& [name, text] : actual) {
          auto it = expected.find(name);
          if (it == expected.end()) {
            ADD_FAILURE() << entry.path().filename() << " / " << c.title << ": missing section "
                          << name << "; actual:\n"
                          << text;
          } else {
            EXPECT_EQ(it->second, text) << entry.path().filename() << " / " << c.title << " / "
                                        << name << " (STRATA_UPDATE_GOLDEN=1 regenerates)";
          }
        }
      }
      rewritten += "==== " + c.title + "\n" + c.input + "\n";
      for (const auto& [name, text] : actual) {
        rewritten += "---- " + name + "\n" + text + "\n";
      }
      rewritten += "\n";
      ++cases_checked;
    }
    if (update) {
      std::ofstream out(entry.path());
      out << Trim(rewritten) << "\n";
    }
  }
  EXPECT_GT(files, 0);
  std::printf("%d fixture files, %d cases%s\n", files, cases_checked,
              update ? " (regenerated)" : "");
}

}  // namespace
}  // namespace strata::sql
