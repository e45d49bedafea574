// How `plan` and `run` print their work: interval ranges, row counts, and one line per batch
// `[1/3] sales.weekly_sales [insert 2025-01-01 - 2025-01-07, 1,204 rows] 0.04s` (DESIGN.md §8).
#pragma once

#include <cstdint>
#include <string>

#include <vector>

#include "base/interval_set.h"
#include "cli/console.h"
#include "materialize/audit_runner.h"
#include "scheduler/backfill.h"

namespace strata::cli {

// `n` with thousands separators: 1204 -> "1,204".
std::string GroupThousands(int64_t n);

// A range for people: whole days as inclusive dates ("2025-01-01 - 2025-01-07"), else timestamps
// with the inclusive end to the second ("2025-01-01 00:00:00 - 2025-01-01 05:59:59").
std::string FormatRange(Interval interval);

// The line of one finished batch (without colour); a failed batch says "failed", a skipped one
// names the failure it was skipped for. A model with audits adds `audits ✔N ✘M` (passed, failed).
std::string BatchLine(const BatchReport& report);

// `audits ✔N` or `audits ✔N ✘M` for `outcomes`; empty when there are none.
std::string AuditCounts(const std::vector<AuditOutcome>& outcomes);

// What a failed audit found, indented by two spaces, one line each (ends with '\n'):
//   ✘ audit positive_values(column := total) failed: 2 rows (blocking)
//     SELECT * FROM ... WHERE total <= 0
//      id | total
//     ----+-------
//      3  | -1
//     (2 rows)
// At most kAuditSampleRows rows are shown ("first 5 of 12 rows"). Empty for a passed audit.
std::string AuditFailureText(const AuditOutcome& outcome);

// Prints the batch line of `report`, then what each failed audit found (blocking failures in
// red, non-blocking ones in yellow).
void PrintBatchReport(Console& console, const BatchReport& report);

// After Ctrl-C stopped a backfill (summary.interrupted > 0): what was committed, what failed and
// what did not run, and `next_step` (the command that continues).
void PrintInterrupted(Console& console, const BackfillSummary& summary, std::string_view next_step);

}  // namespace strata::cli
