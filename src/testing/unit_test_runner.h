// Running unit tests (`tests/*.yaml`, DESIGN.md §7, docs/unit_tests.md) in an isolated in-memory
// DuckDB, whatever the project's warehouse: each test's inputs become tables under the upstream
// names, the model's query (rendered with the test's frozen start, end and execution_time;
// CURRENT_TIMESTAMP, now(), CURRENT_DATE and friends are replaced by the execution time) runs over
// them, and its rows (and those of the CTEs the test names) are compared with the expected ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "engine/engine_adapter.h"
#include "project/project.h"
#include "project/unit_test.h"
#include "sql/ast.h"

namespace strata {

struct UnitTestOutcome {
  std::string name;
  std::string location;  // "tests/test_x.yaml:3"
  bool passed = false;
  // Why it failed: a readable expected-vs-actual table with the differing cells marked, or the
  // error that stopped the test (a missing column, a bad input), naming what to fix.
  std::string failure;
  double seconds = 0;
};

// Runs `test` of `project` in a new in-memory DuckDB. Comparison and setup problems are failed
// outcomes (never errors): the function itself only fails when DuckDB cannot be opened.
// `now` (UTC micros) is the execution time of a test whose vars give none.
Result<UnitTestOutcome> RunUnitTest(const project::Project& project, const project::UnitTest& test,
                                    int64_t now);

// Runs the model of `test` over its inputs (rows, query or CSV) with its vars, in a new in-memory
// DuckDB, and returns the rows the query produces (its outputs are not read): how `strata
// create-test` computes the expected rows. Fails with kTestFailed for an input or render
// problem, with the engine's error when the query fails.
Result<engine::QueryResult> RunModelOnInputs(const project::Project& project,
                                             const project::UnitTest& test, int64_t now);

// Replaces, in place under `node`, every call of the current time (CURRENT_TIMESTAMP, now(),
// get_current_timestamp(), transaction_timestamp(), CURRENT_DATE, today(), CURRENT_TIME,
// LOCALTIMESTAMP) with a constant of the same type for `execution_time` (UTC micros). Returns the
// number of calls replaced.
int FreezeCurrentTime(sql::Node* node, int64_t execution_time, sql::Arena* arena);

}  // namespace strata
