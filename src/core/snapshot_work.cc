// Missing intervals and batches per kind, from a snapshot's schedule.
#include "core/snapshot_work.h"

#include <algorithm>

#include "core/batching.h"

namespace strata {

Result<SnapshotWork> WorkFor(const SnapshotPayload& payload, std::optional<int64_t> start,
                             const IntervalSet& recorded, const MissingIntervalsRequest& request) {
  SnapshotWork work;
  if (!HasIntervals(payload)) {
    return work;
  }
  STRATA_ASSIGN_OR_RETURN(IntervalPolicy policy,
                          PolicyOf(payload.schedule, start.value_or(0), request.execution_time));
  if (!start) {
    // One unit before the first execution time: the earliest interval recorded keeps it, so a
    // later run fills every interval since then, not only the last one.
    policy.start = policy.grid.Prev(policy.grid.Floor(request.execution_time));
    if (!recorded.empty()) {
      policy.start = std::min(policy.start, policy.grid.Floor(recorded.ranges().front().start));
    }
    if (policy.end && *policy.end <= policy.start) {
      policy.end.reset();
    }
  }
  if (payload.kind == "SEED") {
    // A seed's rows do not depend on time: a version not loaded yet is loaded by any command
    // that plans it, also when the range ends before its unit (a dev plan's range ends at prod's
    // end; a new seed version without a start begins one unit before this execution time).
    Interval window = CandidateWindow(policy, request);
    if (window.empty()) {
      window = {policy.start, policy.grid.Next(policy.start)};
    }
    if (recorded.empty()) {
      work.missing.Add(window);
      work.batches.push_back(window);
    }
  } else {
    work.missing = MissingIntervals(policy, recorded, request);
    if (payload.kind == "FULL" || payload.materialized) {
      if (!work.missing.empty()) {
        work.batches.push_back(work.missing.Hull());
      }
    } else {
      work.batches = SplitIntoBatches(work.missing, policy.grid, policy.batch_size);
    }
  }
  work.policy = policy;
  return work;
}

std::optional<int64_t> NextDueTimeFor(const SnapshotPayload& payload, const SnapshotWork& work,
                                      const IntervalSet& recorded, int64_t execution_time) {
  if (!work.policy || payload.kind == "SEED") {
    return std::nullopt;
  }
  return NextDueTime(*work.policy, recorded, execution_time);
}

}  // namespace strata
