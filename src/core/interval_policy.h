// IntervalPolicy: everything about one model that decides which of its time intervals are missing
// and how they are cut into batches (DESIGN.md §3, §5): its grid of interval units, its cron, its
// start and end, allow_partials, lookback, batch_size and batch_concurrency. The caller (plan and
// run) resolves the model's properties into these values; missing_intervals.h and batching.h use
// them.
#pragma once

#include <cstdint>
#include <optional>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/status.h"

namespace strata {

struct IntervalPolicy {
  // A policy with the grid of the cron's own unit (IntervalGrid::ForCron) and default options.
  IntervalPolicy(Cron cron_in, int64_t start_in);
  // A policy with an explicit grid, e.g. from a declared `interval_unit`
  // (IntervalGrid::ForCron(cron, unit)).
  IntervalPolicy(Cron cron_in, IntervalGrid grid_in, int64_t start_in);

  // Checks the numeric options: lookback >= 0, batch_size >= 0, batch_concurrency >= 0, and
  // end > start when there is an end. Returns InvalidArgument naming the option otherwise.
  Status Validate() const;

  // When intervals become due: the last tick at or before the execution time bounds the complete
  // intervals.
  Cron cron;
  // The units intervals are made of.
  IntervalGrid grid;
  // The model's first instant, UTC micros: its `start`, else the earliest start of its parents,
  // else one unit before now (resolved by the caller). Floored to the grid: the interval that
  // contains `start` is the first one.
  int64_t start;
  // The model's exclusive end bound, UTC micros (a model `end` date is inclusive; the caller has
  // already turned it into the next midnight). Ceiled to the grid: the interval that contains the
  // last instant before `end` is the last one. nullopt: no end.
  std::optional<int64_t> end;
  // Whether the last range may be incomplete: it then ends at the execution time itself instead of
  // the last cron tick's unit boundary.
  bool allow_partials = false;
  // How many units before each missing range are processed again (late-arriving rows).
  int64_t lookback = 0;
  // Units per batch; 0 puts each contiguous missing range in one batch.
  int64_t batch_size = 0;
  // At most this many batches of the model run at once; 0 means no limit of the model's own (the
  // project's concurrent_tasks still applies). Carried for the scheduler; not used here.
  int batch_concurrency = 0;
};

}  // namespace strata
