#include "dbt/data_test.h"

#include <fmt/format.h>

#include "base/text.h"

namespace strata::dbt {
namespace {

bool Truthy(const engine::Value& value) {
  if (value.is_null()) {
    return false;
  }
  const std::string text = ToLower(value.ToString());
  return text == "true" || text == "t" || text == "1";
}

}  // namespace

std::string_view TestStatusName(TestStatus status) {
  switch (status) {
    case TestStatus::kPass:
      return "pass";
    case TestStatus::kWarn:
      return "warn";
    case TestStatus::kFail:
      return "fail";
  }
  return "pass";
}

Result<std::string> WrapTestSql(const std::string& main_sql, const NodeConfig& config) {
  if (const jinja::Value* store = config.Find("store_failures"); store && store->Truthy()) {
    return Status::Unsupported("store_failures is not supported by strata dbt yet")
        .WithHint(
            "remove store_failures from the test's config; the failing rows are the "
            "test's compiled query under target/compiled");
  }
  const std::string fail_calc = config.String("fail_calc").value_or("count(*)");
  const std::string warn_if = config.String("warn_if").value_or("!= 0");
  const std::string error_if = config.String("error_if").value_or("!= 0");
  std::string limit;
  if (const jinja::Value* value = config.Find("limit"); value && !value->is_none()) {
    if (!value->is_int()) {
      return Status::ProjectError("a test's `limit` must be a whole number");
    }
    limit = fmt::format("\nlimit {}", value->as_int());
  }
  return fmt::format(
      "select {0} as failures, {0} {1} as should_warn, {0} {2} as should_error\nfrom (\n{3}{4}\n) "
      "dbt_internal_test",
      fail_calc, warn_if, error_if, main_sql, limit);
}

Result<TestVerdict> RunDataTest(engine::EngineAdapter& db, const std::string& main_sql,
                                const NodeConfig& config) {
  const std::string severity = ToLower(config.String("severity").value_or("error"));
  if (severity != "error" && severity != "warn") {
    return Status::ProjectError(
        fmt::format("a test's severity must be error or warn, not '{}'", severity));
  }
  TestVerdict verdict;
  STRATA_ASSIGN_OR_RETURN(verdict.sql, WrapTestSql(main_sql, config));
  STRATA_ASSIGN_OR_RETURN(engine::QueryResult result, db.Query(verdict.sql));
  if (result.rows.size() != 1 || result.rows[0].size() != 3) {
    return Status::EngineError("a data test must return one row of failures");
  }
  const auto& row = result.rows[0];
  verdict.failures = row[0].is_null() ? 0 : std::stoll(row[0].ToString());
  const bool should_warn = Truthy(row[1]);
  const bool should_error = Truthy(row[2]);
  if (severity == "error" && should_error) {
    verdict.status = TestStatus::kFail;
  } else if (should_warn) {
    verdict.status = TestStatus::kWarn;
  }
  return verdict;
}

}  // namespace strata::dbt
