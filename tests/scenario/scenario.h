// End-to-end scenario files: a project, the strata commands to run against it in order, and what
// each must print, exit with, or leave in the database. One small runner executes every file under
// tests/scenarios/ (see docs/testing.md for the format).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace strata::testing {

// One `=== ...` section of a scenario file.
struct ScenarioStep {
  enum class Kind {
    kFile,     // === file PATH          body: the file's content
    kDelete,   // === delete PATH
    kCommand,  // === command ARGS...    checks: --- exit N / --- stdout [contains] / --- stderr
               // contains, --- stdout lacks, --- stderr lacks
    kQuery,    // === query SQL          body: the expected CSV (`strata query --format csv`)
  };
  struct Check {
    std::string kind;  // "exit", "stdout", "stdout contains", "stderr contains"
    std::string body;  // the expected text (for exit: the code)
  };

  Kind kind = Kind::kCommand;
  int line = 0;                   // where the section starts, for failure messages
  std::string argument;           // the path, the command line, or the SQL
  std::vector<std::string> argv;  // kCommand: the arguments, split like a shell would
  std::string body;
  std::vector<Check> checks;
};

// The engines a scenario runs on (docs/testing.md): every one unless the file restricts them
// with a `# engines: duckdb[, postgres]` line before its first section.
inline const std::vector<std::string> kScenarioEngines = {"duckdb", "postgres"};

struct Scenario {
  std::string name;
  std::vector<std::string> engines = kScenarioEngines;
  std::vector<ScenarioStep> steps;
};

// Parses the text of a scenario file. Fails with kParseError naming the line of an unknown section
// or check, an unknown engine, or a command line with an unterminated quote.
Result<Scenario> ParseScenario(const std::string& text, const std::string& name);

// Splits a command line into words: whitespace separates, single and double quotes group, a
// backslash escapes the next character outside single quotes.
Result<std::vector<std::string>> SplitCommandLine(const std::string& line);

}  // namespace strata::testing
