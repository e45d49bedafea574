// Input coverage (DESIGN.md §5, docs/plan_and_run.md "Complete inputs"): an interval is processed
// only when every model it reads holds complete data over it, so a run never records an interval
// whose inputs were incomplete. Plan and run walk the DAG parents first; for each model they keep
// the time over which its rows will be complete once this command's batches have run (recorded
// intervals plus the batches planned now), and cut each child's missing intervals to the units its
// parents cover. Shared by `plan` and `run`.
#pragma once

#include <vector>

#include "base/interval_set.h"
#include "core/snapshot.h"
#include "core/snapshot_work.h"

namespace strata {

// All of time, for models whose data never waits on a schedule (EXTERNAL, SEED).
IntervalSet AllTime();

// The time over which every parent of a model is complete: the intersection of `parents` (each a
// parent's AvailableAfter); all of time when there are none.
IntervalSet InputsComplete(const std::vector<const IntervalSet*>& parents);

// Cuts `work` to the units its inputs cover: a unit of the missing intervals stays only when
// `inputs` covers it whole. Models whose batches run in order (`depends_on_past`) and FULL models
// (whose one batch stands for every interval up to its end) keep only the covered prefix: a later
// interval is never processed before an earlier one whose inputs are missing. The batches are cut
// again from what stays. SEED work is left as it is (a seed reads no model).
void KeepCoveredUnits(const SnapshotPayload& payload, const IntervalSet& inputs,
                      SnapshotWork* work);

// The time over which the model's rows are complete once `work` has run: for kinds with
// intervals, `recorded` plus the batches, plus the time before its start and from its end on (it
// never holds rows there); for VIEW and EMBEDDED, its `inputs`; EXTERNAL: all of time; SEED: all
// of time once loaded (recorded or batched here), none before.
IntervalSet AvailableAfter(const SnapshotPayload& payload, const SnapshotWork& work,
                           const IntervalSet& recorded, const IntervalSet& inputs);

}  // namespace strata
