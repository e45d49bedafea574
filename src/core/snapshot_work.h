// What one snapshot must process at an execution time (DESIGN.md §5): its missing intervals and
// the batches they are cut into, by kind. Shared by `plan` and `run`, and computed from the
// snapshot's schedule alone (no SQL is parsed).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "core/missing_intervals.h"
#include "core/snapshot.h"

namespace strata {

struct SnapshotWork {
  std::optional<IntervalPolicy> policy;  // none for kinds without intervals
  IntervalSet missing;
  std::vector<Interval> batches;
};

// The work of a snapshot whose resolved start is `start` (nullopt: one unit before the
// execution time, or the first recorded interval's start when earlier) and whose recorded
// intervals are `recorded`:
// - VIEW, EMBEDDED, EXTERNAL: nothing (views are created when a plan applies);
// - SEED: the whole candidate window in one batch, once (nothing when anything is recorded);
// - FULL: the missing intervals in one batch spanning them all (it rebuilds the whole table);
// - incremental kinds: the missing intervals cut into batches of `batch_size` units.
// Fails with InvalidArgument for a bad cron, unit, start or end in the schedule.
Result<SnapshotWork> WorkFor(const SnapshotPayload& payload, std::optional<int64_t> start,
                             const IntervalSet& recorded, const MissingIntervalsRequest& request);

// The earliest execution time after which the snapshot has work; nullopt when it never will (or
// has no intervals). REQUIRES: WorkFor succeeded for the same arguments.
std::optional<int64_t> NextDueTimeFor(const SnapshotPayload& payload, const SnapshotWork& work,
                                      const IntervalSet& recorded, int64_t execution_time);

}  // namespace strata
