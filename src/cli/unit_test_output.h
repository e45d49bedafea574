// Running a project's unit tests for `strata test` and `strata plan`, and printing the results:
// one line per test, the failure of each failed test, and the summary
// `Successfully ran N tests against duckdb` (DESIGN.md §7).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "cli/console.h"
#include "project/project.h"

namespace strata::cli {

struct TestRunSummary {
  int ran = 0;
  int failed = 0;
};

// The tests `names` select (every test when empty), in the order named: each is a test name, a
// test file (as typed, or relative to the project), `FILE::TEST` (SQLMesh's form), or a glob
// (`test_orders*`, `tests/test_*.yaml`) over names or files. Fails with kNotFound for one that
// selects nothing, with a "did you mean" hint.
Result<std::vector<const project::UnitTest*>> SelectTests(const project::Project& project,
                                                          const std::vector<std::string>& names);

// Runs the tests of `project` named in `names` (see SelectTests) and prints their results
// on `console` (failures in detail). Fails with kNotFound for a name that is no test (with a
// "did you mean" hint), or when DuckDB cannot be opened. `verbose`: a line per passed test too.
Result<TestRunSummary> RunAndPrintTests(Console& console, const project::Project& project,
                                        const std::vector<std::string>& names, bool verbose);

}  // namespace strata::cli
