// The dialect check of `plan` (docs/engines.md "Models written for DuckDB"): before a plan
// changes anything, every model is rendered and printed in the warehouse's dialect, so that a
// construct the warehouse cannot run (a DuckDB-only function, type or operator on PostgreSQL) is
// an error naming the model, its file and the construct — not a failed batch halfway through.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/status.h"
#include "project/project.h"
#include "sql/dialect.h"

namespace strata {

// Renders every model of `project` that `selected` accepts (index into project.models; empty:
// every model) and whose dialect is not `target` (EXTERNAL and SEED models have no SQL to print)
// for the day of `execution_time`, and prints its statements in `target`. Appends one error per
// model that cannot be printed — kUnsupported from the SQL generator, naming the construct — or
// rendered, each prefixed with `model NAME (FILE)`, to `errors`. Models already in `target`'s
// dialect are not rendered. Runs on up to `threads` threads.
void CheckModelsForDialect(const project::Project& project, sql::DialectKind target,
                           int64_t execution_time, int threads,
                           const std::function<bool(size_t index)>& selected,
                           std::vector<Status>* errors);

}  // namespace strata
