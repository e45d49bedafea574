// Running a model's audits (DESIGN.md §7, docs/audits.md) against its physical table: after each
// batch's write inside the batch's transaction (materializer.h), after a VIEW is created, and for
// `strata audit` over existing data. An audit's query returns the offending rows; any row fails
// it. For INCREMENTAL_BY_TIME_RANGE models the audit sees only the rows of the interval: every
// reference to the physical table in the rendered query is replaced by
// `(SELECT * FROM table WHERE <time filter> [AND condition])`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"
#include "project/model.h"
#include "project/project.h"
#include "sql/analysis/rewrite_tables.h"

namespace strata {

// How many offending rows a failure shows.
inline constexpr size_t kAuditSampleRows = 5;

// What one audit found.
struct AuditOutcome {
  std::string name;   // as called ("not_null", "positive_values_non_blocking", a custom name)
  std::string shown;  // the call as written in the model: "not_null(columns := (a, b))"
  bool blocking = true;
  std::string sql;             // the query that ran (pretty-printed)
  int64_t failed_rows = 0;     // 0: passed
  engine::QueryResult sample;  // up to kAuditSampleRows offending rows
  bool passed() const { return failed_rows == 0; }
};

struct AuditRequest {
  const project::Project* project = nullptr;  // REQUIRES: non-null
  const project::Model* model = nullptr;      // REQUIRES: non-null
  PhysicalTable table;                        // what @this_model names
  // The rows audited: for INCREMENTAL_BY_TIME_RANGE, those whose time column lies in it; for
  // other kinds (or nullopt), the whole table. Also the interval of the time variables
  // (nullopt: the last whole interval of the model's cron before the execution time).
  std::optional<Interval> interval;
  int64_t execution_time = 0;
  sql::TableMapping table_mapping;  // other models read by custom audits: their tables
};

// Runs every audit of `request.model` on `connection` (in whatever transaction the caller has
// open) and returns their outcomes in the model's order; blocking and non-blocking failures are
// outcomes, not errors. Fails with the audit's render error (located at the call in the model
// file) or the engine's error for a query that does not run, prefixed with the audit's call.
Result<std::vector<AuditOutcome>> RunAudits(engine::EngineAdapter& connection,
                                            const AuditRequest& request);

// An AuditFailed status naming every blocking audit of `outcomes` that failed (with its row
// count); OK when none did.
Status BlockingAuditFailure(const std::string& model_name,
                            const std::vector<AuditOutcome>& outcomes);

}  // namespace strata
