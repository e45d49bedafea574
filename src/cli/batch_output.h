// How `plan` and `run` print their work: interval ranges, row counts, and one line per batch
// `[1/3] sales.weekly_sales [insert 2025-01-01 - 2025-01-07, 1,204 rows] 0.04s` (DESIGN.md §8).
#pragma once

#include <cstdint>
#include <string>

#include "base/interval_set.h"
#include "core/backfill.h"

namespace strata::cli {

// `n` with thousands separators: 1204 -> "1,204".
std::string GroupThousands(int64_t n);

// A range for people: whole days as inclusive dates ("2025-01-01 - 2025-01-07"), else timestamps
// with the inclusive end to the second ("2025-01-01 00:00:00 - 2025-01-01 05:59:59").
std::string FormatRange(Interval interval);

// The line of one finished batch (without colour); a failed batch says "failed", a skipped one
// names the failure it was skipped for.
std::string BatchLine(const BatchReport& report);

}  // namespace strata::cli
