// `<target-path>/run_results.json`, in the shape orchestrators read from dbt-core (schema v6):
// `metadata` (dbt_schema_version, dbt_version, generated_at, invocation_id), `results` (per node:
// unique_id, status, timing, thread_id, execution_time, adapter_response with `_message` and
// `rows_affected`, message, failures, compiled, compiled_code, relation_name), `elapsed_time`
// and `args` (the command).
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"
#include "dbt/runner.h"

namespace strata::dbt {

Status WriteRunResults(const std::filesystem::path& file, const RunSummary& summary,
                       const std::string& command);

}  // namespace strata::dbt
