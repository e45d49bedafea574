// The work of a plan (DESIGN.md §5, docs/plan_and_run.md "Plan"): each snapshot's missing
// intervals in DAG order (a model's default start is its parents'), over the plan's range (a
// non-prod environment ends where prod does), kept to the units whose inputs are complete
// (core/input_coverage.h), restated ranges cleared, a forward-only preview's range; then the
// isolation rule: outside prod no batch writes a table prod reads.
#include <algorithm>
#include <limits>

#include "core/input_coverage.h"
#include "core/missing_intervals.h"
#include "plan/plan_builder.h"

namespace strata {

Status PlanBuilder::ComputeWork() {
  std::vector<state::IntervalKey> keys;
  for (const PlannedSnapshot& planned : plan.snapshots) {
    if (planned.included && HasIntervals(planned.snapshot.payload)) {
      keys.emplace_back(planned.snapshot.id.name, planned.snapshot.version);
    }
  }
  std::vector<state::IntervalKey> prod_keys;
  if (!is_prod && !options.end) {
    for (const auto& [name, snapshot] : *prod_by_name) {
      if (HasIntervals(snapshot.payload)) {
        prod_keys.emplace_back(name, snapshot.version);
        keys.push_back(prod_keys.back());
      }
    }
  }
  STRATA_ASSIGN_OR_RETURN(auto intervals, state.GetIntervals(keys));
  plan.range_start = options.start;
  plan.range_end = options.end;
  if (!is_prod && !options.end) {
    // Prod's end: the latest instant prod has processed.
    for (const state::IntervalKey& key : prod_keys) {
      auto recorded = intervals.find(key);
      if (recorded != intervals.end() && !recorded->second.empty()) {
        const int64_t end = recorded->second.Hull().end;
        plan.range_end = plan.range_end ? std::max(*plan.range_end, end) : end;
      }
    }
  }
  MissingIntervalsRequest request(options.execution_time);
  if (plan.range_start || plan.range_end) {
    constexpr int64_t kFar = std::numeric_limits<int64_t>::max() / 4;
    request.range = Interval{plan.range_start.value_or(-kFar), plan.range_end.value_or(kFar)};
  }
  const IntervalSet none;
  // What each model holds complete once the plan's batches have run (core/input_coverage.h).
  std::vector<IntervalSet> available(n);
  for (int i : project.dag.order()) {
    PlannedSnapshot& planned = plan.snapshots[i];
    if (!planned.included) {
      continue;
    }
    const SnapshotPayload& payload = planned.snapshot.payload;
    std::vector<int64_t> parent_starts;
    std::vector<const IntervalSet*> parent_available;
    for (int parent : project.dag.parents(i)) {
      if (plan.snapshots[parent].start) {
        parent_starts.push_back(*plan.snapshots[parent].start);
      }
      parent_available.push_back(&available[parent]);
    }
    Result<std::optional<int64_t>> start =
        ResolveStart(payload.schedule, parent_starts, options.execution_time);
    if (!start.ok()) {
      return start.status().WithContext(payload.name);
    }
    planned.start = *start;
    if (options.start && !planned.start) {
      // A model without a start of its own (nor parents with one) begins where the plan does.
      planned.start = options.start;
    } else if (options.start && planned.start && *planned.start > *options.start &&
               payload.schedule.start && HasIntervals(payload)) {
      plan.starts_after_range.emplace_back(payload.name, *planned.start);
    }
    auto found = intervals.find({payload.name, planned.snapshot.version});
    IntervalSet recorded = found == intervals.end() ? none : found->second;
    Result<SnapshotWork> work = WorkFor(payload, planned.start, recorded, request);
    if (!work.ok()) {
      return work.status().WithContext(payload.name);
    }
    if (planned.dev_table && work->policy) {
      // The preview of a forward-only change: from --start, else the last interval before the
      // environment's end.
      const Interval window = CandidateWindow(*work->policy, request);
      if (!window.empty()) {
        const int64_t preview_start = options.start.value_or(work->policy->grid.Prev(window.end));
        work = WorkFor(payload, std::max(preview_start, window.start), recorded, request);
        if (!work.ok()) {
          return work.status().WithContext(payload.name);
        }
      }
    }
    if (restate[i] && work->policy) {
      if (whole_history[i]) {
        planned.restated = recorded;
      } else {
        const Interval window = CandidateWindow(*work->policy, request);
        planned.restated = recorded.Clip(window.start, window.end);
      }
      if (!planned.restated.empty()) {
        // A model without a start keeps the one its history gives it (WorkFor), so the cleared
        // history is processed again, not only the last unit.
        const std::optional<int64_t> kept_start =
            planned.start ? planned.start : std::optional<int64_t>(work->policy->start);
        work = WorkFor(payload, kept_start, recorded.Subtract(planned.restated), request);
        if (!work.ok()) {
          return work.status().WithContext(payload.name);
        }
      }
    }
    if (whole_history[i] && restate[i] && work->policy && !planned.restated.empty()) {
      // The whole history up to the execution time, whatever --start and --end say.
      MissingIntervalsRequest unbounded(options.execution_time);
      const std::optional<int64_t> kept_start =
          planned.start ? planned.start : std::optional<int64_t>(work->policy->start);
      work = WorkFor(payload, kept_start, IntervalSet(), unbounded);
      if (!work.ok()) {
        return work.status().WithContext(payload.name);
      }
    }
    const IntervalSet inputs = InputsComplete(parent_available);
    KeepCoveredUnits(payload, inputs, &*work);
    if ((keep[i] != nullptr && !kept_as_defined[i]) || WritesProdsTable(i)) {
      // Left out by --select-model with a changed definition: the project's definition is not
      // the snapshot's; `run` processes its intervals from the stored definition. A table prod
      // reads is written only by prod's plans and runs (isolation, DESIGN.md §4).
      work->batches.clear();
      work->missing.Clear();
    }
    const IntervalSet history = recorded.Subtract(planned.restated);
    available[i] = AvailableAfter(payload, *work, history, inputs);
    if (planned.dev_table && work->policy) {
      // A preview holds only its range: before it, its children have nothing complete to read.
      available[i] = available[i].Intersect(history.Union(work->missing));
    }
    planned.empty_table_first = project.models[i].kind.IsIncremental() && !work->batches.empty() &&
                                history.empty() && (!planned.is_new || !planned.restated.empty());
    planned.work = std::move(*work);
  }
  return Status::OK();
}

}  // namespace strata
