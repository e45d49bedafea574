// Parsing scenario files: sections start with "=== ", checks inside a command with "--- ".
#include "scenario/scenario.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::testing {

Result<std::vector<std::string>> SplitCommandLine(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        word += line[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    return Status::ParseError(fmt::format("unterminated {} quote in: {}", quote, line));
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  return words;
}

Result<Scenario> ParseScenario(const std::string& text, const std::string& name) {
  Scenario scenario;
  scenario.name = name;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  std::string* body = nullptr;  // where plain lines go
  auto error = [&](std::string message) {
    return Status::ParseError(message).WithLocation({name, number, 1, line});
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("=== ", 0) == 0) {
      ScenarioStep step;
      step.line = number;
      const std::string rest = line.substr(4);
      const size_t space = rest.find(' ');
      const std::string verb = rest.substr(0, space);
      step.argument = space == std::string::npos ? "" : rest.substr(space + 1);
      if (verb == "file") {
        step.kind = ScenarioStep::Kind::kFile;
      } else if (verb == "delete") {
        step.kind = ScenarioStep::Kind::kDelete;
      } else if (verb == "command") {
        step.kind = ScenarioStep::Kind::kCommand;
        STRATA_ASSIGN_OR_RETURN(step.argv, SplitCommandLine(step.argument));
      } else if (verb == "query") {
        step.kind = ScenarioStep::Kind::kQuery;
      } else {
        return error(fmt::format("unknown section '{}'", verb))
            .WithHint("sections are: file, delete, command, query");
      }
      if (step.argument.empty()) {
        return error(fmt::format("'=== {}' needs an argument", verb));
      }
      scenario.steps.push_back(std::move(step));
      body = &scenario.steps.back().body;
      continue;
    }
    if (line.rfind("--- ", 0) == 0) {
      if (scenario.steps.empty() || scenario.steps.back().kind != ScenarioStep::Kind::kCommand) {
        return error("checks ('--- ...') belong to a '=== command' section");
      }
      ScenarioStep::Check check;
      check.kind = line.substr(4);
      if (check.kind.rfind("exit ", 0) == 0) {
        check.body = check.kind.substr(5);
        check.kind = "exit";
        scenario.steps.back().checks.push_back(std::move(check));
        body = nullptr;
        continue;
      }
      if (check.kind != "stdout" && check.kind != "stdout contains" &&
          check.kind != "stdout lacks" && check.kind != "stderr contains" &&
          check.kind != "stderr lacks") {
        return error(fmt::format("unknown check '{}'", check.kind))
            .WithHint(
                "checks are: exit N, stdout, stdout contains, stdout lacks, stderr contains, "
                "stderr lacks");
      }
      scenario.steps.back().checks.push_back(std::move(check));
      body = &scenario.steps.back().checks.back().body;
      continue;
    }
    if (body == nullptr && scenario.steps.empty() && line.rfind("# engines:", 0) == 0) {
      scenario.engines.clear();
      const std::string list = line.substr(10);
      for (std::string_view engine : Split(list, ',')) {
        const std::string engine_name(Trim(engine));
        if (std::find(kScenarioEngines.begin(), kScenarioEngines.end(), engine_name) ==
            kScenarioEngines.end()) {
          return error(fmt::format("unknown engine '{}'", engine_name))
              .WithHint("engines are: duckdb, postgres");
        }
        scenario.engines.push_back(engine_name);
      }
      continue;
    }
    if (body == nullptr) {
      if (line.empty() || line[0] == '#') {
        continue;  // comments and blank lines between sections
      }
      return error("text outside a section");
    }
    *body += line;
    *body += '\n';
  }
  return scenario;
}

}  // namespace strata::testing
