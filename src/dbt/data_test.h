// Running one dbt data test: its query (the rows that fail it) wrapped as dbt wraps it —
// `fail_calc` (default `count(*)`) over the rows, `limit` applied first, compared by `warn_if` and
// `error_if` (default `!= 0`) — and the verdict by `severity` (`error` by default: fail when
// error_if holds, else warn when warn_if holds; `warn`: warn when warn_if holds).
#pragma once

#include <string>

#include "base/result.h"
#include "dbt/node_config.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

enum class TestStatus { kPass, kWarn, kFail };

struct TestVerdict {
  TestStatus status = TestStatus::kPass;
  int64_t failures = 0;
  std::string sql;  // the query that ran
};

// The wrapped query of a test whose failing rows `main_sql` returns. Fails for a config dbt
// rejects or strata does not support (store_failures).
Result<std::string> WrapTestSql(const std::string& main_sql, const NodeConfig& config);

Result<TestVerdict> RunDataTest(engine::EngineAdapter& db, const std::string& main_sql,
                                const NodeConfig& config);

// "pass", "warn", "fail".
std::string_view TestStatusName(TestStatus status);

}  // namespace strata::dbt
