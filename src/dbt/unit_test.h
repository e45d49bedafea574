// Running one dbt unit test as dbt-core runs it: each given input's rows become a query over
// every column of the input's relation (as the warehouse describes it; a value cast to its
// column's type, a column not given null), the model is compiled with its refs and sources to
// those inputs reading these queries as CTEs (other refs read their relations, as dbt reads a
// seed that is not given), and the model's rows are compared with the expected rows — cast to
// the types of the model's columns — over the expected columns only, in any order.
#pragma once

#include <string>

#include "base/result.h"
#include "dbt/manifest.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

struct UnitTestOutcome {
  bool passed = false;
  int64_t differing_rows = 0;  // rows of one side without a match on the other
  std::string diff;            // when failed: the expected and actual rows that differ
  std::string sql;             // the query that compared them
};

// Fails when the test cannot run: an input relation does not exist (unit tests read the input
// columns' types from the warehouse: build the upstream models first), a fixture names a column
// the relation does not have, the model does not compile or its query fails.
Result<UnitTestOutcome> RunUnitTest(const Manifest& manifest, const Node& test,
                                    engine::EngineAdapter& db);

}  // namespace strata::dbt
