// Running and printing unit tests.
#include "cli/unit_test_output.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/project_state.h"
#include "testing/unit_test_runner.h"

namespace strata::cli {

namespace {

bool HasGlob(std::string_view text) { return text.find_first_of("*?[") != std::string_view::npos; }

bool Matches(const std::string& pattern, const std::string& text) {
  return HasGlob(pattern) ? fnmatch(pattern.c_str(), text.c_str(), 0) == 0 : pattern == text;
}

// Whether `given` (as typed: relative to the working directory or the project, or absolute, or a
// glob) names `file` (relative to the project folder `root`).
bool NamesFile(const std::string& given, const std::filesystem::path& file,
               const std::filesystem::path& root) {
  if (Matches(given, file.generic_string())) {
    return true;
  }
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::weakly_canonical(root / file, error);
  if (error) {
    return false;
  }
  if (HasGlob(given)) {
    const std::filesystem::path pattern = std::filesystem::absolute(given, error);
    return !error && fnmatch(pattern.lexically_normal().generic_string().c_str(),
                             absolute.generic_string().c_str(), 0) == 0;
  }
  const std::filesystem::path path = std::filesystem::weakly_canonical(given, error);
  return !error && path == absolute;
}

}  // namespace

Result<std::vector<const project::UnitTest*>> SelectTests(const project::Project& project,
                                                          const std::vector<std::string>& names) {
  std::vector<const project::UnitTest*> selected;
  if (names.empty()) {
    for (const project::UnitTest& test : project.tests) {
      selected.push_back(&test);
    }
    return selected;
  }
  std::vector<std::string_view> all;
  for (const project::UnitTest& test : project.tests) {
    all.push_back(test.name);
  }
  for (const std::string& name : names) {
    const size_t separator = name.find("::");
    const std::string file_part = separator == std::string::npos ? "" : name.substr(0, separator);
    const std::string test_part =
        separator == std::string::npos ? name : name.substr(separator + 2);
    std::vector<const project::UnitTest*> found;
    for (const project::UnitTest& test : project.tests) {
      const bool match =
          separator != std::string::npos
              ? NamesFile(file_part, test.file, project.root) && Matches(test_part, test.name)
              : Matches(name, test.name) || NamesFile(name, test.file, project.root);
      if (match) {
        found.push_back(&test);
      }
    }
    if (found.empty()) {
      std::string nearest = NearestName(test_part, all);
      return Status::NotFound(fmt::format("there is no unit test named '{}'", name))
          .WithHint(nearest.empty()
                        ? "name a test, a test file (tests/test_x.yaml), FILE::TEST, or a glob "
                          "such as 'test_orders*'; `strata info` counts the tests of tests/*.yaml"
                        : fmt::format("did you mean {}?", nearest));
    }
    for (const project::UnitTest* test : found) {
      if (std::find(selected.begin(), selected.end(), test) == selected.end()) {
        selected.push_back(test);
      }
    }
  }
  return selected;
}

Result<TestRunSummary> RunAndPrintTests(Console& console, const project::Project& project,
                                        const std::vector<std::string>& names, bool verbose) {
  STRATA_ASSIGN_OR_RETURN(std::vector<const project::UnitTest*> selected,
                          SelectTests(project, names));
  TestRunSummary summary;
  const int64_t now = NowMicros();
  for (const project::UnitTest* test : selected) {
    STRATA_ASSIGN_OR_RETURN(UnitTestOutcome outcome, RunUnitTest(project, *test, now));
    ++summary.ran;
    if (outcome.passed) {
      if (verbose) {
        console.Line(console.Styled(fmt::format("✔ {} ({})", outcome.name, outcome.location),
                                    Style::kGreen));
      }
      continue;
    }
    ++summary.failed;
    console.Line(console.Styled(
        fmt::format("✘ {} ({}) failed [{}]", outcome.name, outcome.location, test->model),
        Style::kRed));
    for (std::string_view line : Split(outcome.failure, '\n')) {
      console.Line(fmt::format("  {}", line));
    }
  }
  // Tests run on an in-memory DuckDB whatever the gateway (SQLMesh's default test connection):
  // a project written for another engine has its models' SQL transpiled, and the line says so.
  auto found = project.config.model_defaults.find("dialect");
  const std::string dialect =
      found == project.config.model_defaults.end() ? std::string() : ToLower(found->second.value);
  const std::string where =
      dialect.empty() || dialect == "duckdb"
          ? std::string("an in-memory DuckDB")
          : fmt::format("an in-memory DuckDB (the models' {} SQL transpiled to it)", dialect);
  if (summary.failed == 0) {
    console.Line(console.Styled(fmt::format("Successfully ran {} test{} against {}", summary.ran,
                                            summary.ran == 1 ? "" : "s", where),
                                Style::kGreen));
  } else {
    console.Line(
        console.Styled(fmt::format("✘ {} of {} test{} failed (ran against {})", summary.failed,
                                   summary.ran, summary.ran == 1 ? "" : "s", where),
                       Style::kRed));
  }
  return summary;
}

}  // namespace strata::cli
