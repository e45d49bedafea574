// Running and printing unit tests.
#include "cli/unit_test_output.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/project_state.h"
#include "core/unit_test_runner.h"

namespace strata::cli {

Result<TestRunSummary> RunAndPrintTests(Console& console, const project::Project& project,
                                        const std::vector<std::string>& names, bool verbose) {
  std::vector<const project::UnitTest*> selected;
  std::vector<std::string_view> all;
  for (const project::UnitTest& test : project.tests) {
    all.push_back(test.name);
  }
  for (const std::string& name : names) {
    auto it = std::find_if(project.tests.begin(), project.tests.end(),
                           [&](const project::UnitTest& test) { return test.name == name; });
    if (it == project.tests.end()) {
      std::string nearest = NearestName(name, all);
      return Status::NotFound(fmt::format("there is no unit test named '{}'", name))
          .WithHint(nearest.empty() ? "`strata info` counts the tests of tests/*.yaml"
                                    : fmt::format("did you mean {}?", nearest));
    }
    selected.push_back(&*it);
  }
  if (names.empty()) {
    for (const project::UnitTest& test : project.tests) {
      selected.push_back(&test);
    }
  }
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
  if (summary.failed == 0) {
    console.Line(console.Styled(fmt::format("Successfully ran {} test{} against duckdb",
                                            summary.ran, summary.ran == 1 ? "" : "s"),
                                Style::kGreen));
  } else {
    console.Line(
        console.Styled(fmt::format("✘ {} of {} test{} failed (ran against duckdb)", summary.failed,
                                   summary.ran, summary.ran == 1 ? "" : "s"),
                       Style::kRed));
  }
  return summary;
}

}  // namespace strata::cli
