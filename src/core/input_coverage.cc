// Input coverage: what a model's parents hold complete, and the units of its work they cover.
#include "core/input_coverage.h"

#include <limits>
#include <vector>

#include "core/batching.h"

namespace strata {

namespace {

constexpr int64_t kFar = std::numeric_limits<int64_t>::max() / 4;

// Whether the model's one batch or its batches' order stand for everything before them.
bool NeedsPrefix(const SnapshotPayload& payload) {
  return payload.depends_on_past || payload.kind == "FULL" || payload.materialized;
}

}  // namespace

IntervalSet AllTime() { return IntervalSet{Interval{-kFar, kFar}}; }

IntervalSet InputsComplete(const std::vector<const IntervalSet*>& parents) {
  IntervalSet inputs = AllTime();
  for (const IntervalSet* parent : parents) {
    inputs = inputs.Intersect(*parent);
  }
  return inputs;
}

void KeepCoveredUnits(const SnapshotPayload& payload, const IntervalSet& inputs,
                      SnapshotWork* work) {
  if (!work->policy || payload.kind == "SEED" || work->missing.empty()) {
    return;
  }
  const IntervalGrid& grid = work->policy->grid;
  const bool prefix = NeedsPrefix(payload);
  IntervalSet kept;
  for (const Interval& range : work->missing.ranges()) {
    std::vector<Interval> pieces;
    const IntervalSet covered = IntervalSet{range}.Intersect(inputs);
    for (const Interval& piece : covered.ranges()) {
      // Whole units only; a range's own end (an allow_partials model's last, partial unit) stays.
      const int64_t start = grid.Ceil(piece.start);
      const int64_t end = piece.end == range.end ? piece.end : grid.Floor(piece.end);
      if (end > start) {
        pieces.push_back({start, end});
      }
    }
    if (!prefix) {
      for (const Interval& piece : pieces) {
        kept.Add(piece);
      }
      continue;
    }
    if (!pieces.empty() && pieces.front().start == range.start) {
      kept.Add(pieces.front());
    }
    if (pieces.empty() || pieces.front() != range) {
      break;  // a later interval never runs before this one
    }
  }
  if (kept == work->missing) {
    return;
  }
  work->missing = std::move(kept);
  work->batches.clear();
  if (work->missing.empty()) {
    return;
  }
  if (payload.kind == "FULL" || payload.materialized) {
    work->batches.push_back(work->missing.Hull());
  } else {
    work->batches = SplitIntoBatches(work->missing, grid, work->policy->batch_size);
  }
}

IntervalSet AvailableAfter(const SnapshotPayload& payload, const SnapshotWork& work,
                           const IntervalSet& recorded, const IntervalSet& inputs) {
  if (payload.kind == "EXTERNAL") {
    return AllTime();
  }
  if (payload.kind == "SEED") {
    // Timeless once loaded; an empty table until then.
    return recorded.empty() && work.batches.empty() ? IntervalSet{} : AllTime();
  }
  if (!work.policy) {
    return inputs;  // VIEW, EMBEDDED: their rows are their parents'
  }
  IntervalSet available = recorded;
  for (const Interval& batch : work.batches) {
    available.Add(batch);
  }
  available.Add(-kFar, work.policy->grid.Floor(work.policy->start));
  if (work.policy->end) {
    available.Add(*work.policy->end, kFar);
  }
  return available;
}

}  // namespace strata
