// Missing-interval computation (DESIGN.md §5): which intervals of a model a plan or run must
// process, given the intervals already recorded for its version and the execution time. Every step
// works on ranges (IntervalSet) and O(1) grid arithmetic, never on one entry per unit, so a
// five-minute model started in 1970 costs as little as a daily one (DESIGN.md §9 P4). The
// algorithm and its choices are described in docs/time-and-intervals.md, "Missing intervals and
// batches".
#pragma once

#include <cstdint>
#include <optional>

#include "base/interval_set.h"
#include "core/interval_policy.h"

namespace strata {

// What a plan or run asks for, besides the model's own policy.
struct MissingIntervalsRequest {
  // A request at `execution_time_in` with no range restriction, gated by the cron.
  explicit MissingIntervalsRequest(int64_t execution_time_in) : execution_time(execution_time_in) {}

  // The execution time, UTC micros (`--execution-time`, default now).
  int64_t execution_time;
  // Restricts the result to [range->start, range->end) (`plan --start/--end`), expanded outward to
  // whole units: the start is floored and the end ceiled to the grid. nullopt: no restriction.
  std::optional<Interval> range;
  // `run --ignore-cron`: intervals are complete when they end at or before the execution time,
  // whether or not the cron has ticked since.
  bool ignore_cron = false;
};

// The exclusive upper bound of the intervals that may be processed at `request.execution_time`:
// - by default, the last cron tick at or before the execution time, floored to the grid (only
//   whole units whose cron tick has come);
// - with request.ignore_cron, the execution time floored to the grid;
// - with policy.allow_partials, the execution time itself (not on a boundary in general, and not
//   gated by the cron).
// When the cron has no tick at or before the execution time (only near the start of the
// representable range), the floored execution time is used.
int64_t UpperBound(const IntervalPolicy& policy, const MissingIntervalsRequest& request);

// The [first, last) window intervals are looked for in: from the floored model start (and the
// floored requested start) to the least of UpperBound, the ceiled model end and the ceiled
// requested end. Empty (end <= start) when nothing can be missing.
Interval CandidateWindow(const IntervalPolicy& policy, const MissingIntervalsRequest& request);

// The intervals to process: the CandidateWindow minus `recorded`, each gap widened to whole units
// (a unit only partly recorded is missing), then each range extended `policy.lookback` units back
// (never before the window's start) and merged. Every range starts on a grid boundary; every range
// ends on one, except the last when allow_partials makes it end at the execution time.
// Costs O(log n + k) for n recorded ranges and k gaps in the window, whatever the number of units.
// REQUIRES: policy.Validate().ok().
IntervalSet MissingIntervals(const IntervalPolicy& policy, const IntervalSet& recorded,
                             const MissingIntervalsRequest& request);

// For `run` when nothing is missing at `execution_time`: the earliest later execution time at
// which something becomes missing, i.e. the first cron tick after `execution_time` whose floored
// value is beyond the first unrecorded instant from the current upper bound on. nullopt when
// nothing will ever be missing again: the model's end is reached (everything before it is
// recorded), or the cron never ticks again within its search horizon. For an allow_partials model,
// whose newest partial interval grows at every instant, it is the next cron tick after
// `execution_time` (a run before that would process only a sliver). If something is already
// missing at `execution_time`, returns `execution_time`.
// REQUIRES: policy.Validate().ok().
std::optional<int64_t> NextDueTime(const IntervalPolicy& policy, const IntervalSet& recorded,
                                   int64_t execution_time);

}  // namespace strata
