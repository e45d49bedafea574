// Unit-test files, `tests/*.yaml` (DESIGN.md §7): per test, the model under test, fixture rows
// for its inputs, the expected rows of its output (and of its CTEs), and variables such as a
// frozen execution_time. Loaded and validated here; run by the test runner.
//   test_daily_sales:
//     model: sales.daily_sales
//     inputs:
//       raw.raw_orders:
//         rows:
//           - {order_id: 1, order_date: 2025-01-01, total_amount: 10}
//       other.table: {query: "SELECT 1 AS x"}          # or {format: csv, rows: "a,b\n1,2"}
//     outputs:
//       query:
//         rows: [{order_date: 2025-01-01, total_orders: 1}]
//         partial: true                                 # only the listed columns are compared
//       ctes:
//         daily: {rows: [...]}
//     vars: {start: 2025-01-01, end: 2025-01-01, execution_time: 2025-01-02}
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/status.h"
#include "project/yaml_file.h"

namespace strata::project {

struct UnitTest {
  std::string name;
  std::string model;  // normalized model name
  std::filesystem::path file;
  int line = 0;
  std::vector<std::string> inputs;  // normalized names of the fixture tables
  YAML::Node definition;            // the whole test, for the runner
};

// Reads the tests of one file and checks their structure. `model_exists(name)` says whether a
// normalized name is a model; `references_of(model)` lists the normalized names a model reads.
// Appends every problem (with line and column) to `errors`.
std::vector<UnitTest> ReadUnitTests(
    const YamlFile& file, const std::function<bool(const std::string&)>& model_exists,
    const std::function<std::vector<std::string>(const std::string&)>& references_of,
    std::vector<Status>* errors);

}  // namespace strata::project
