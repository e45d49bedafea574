// Missing intervals: window, gaps, widening to whole units, lookback (see missing_intervals.h).
#include "core/missing_intervals.h"

#include <algorithm>
#include <limits>

namespace strata {

namespace {

constexpr int64_t kForever = std::numeric_limits<int64_t>::max();

// The first instant at or after `from` that `recorded` does not contain. Ranges never touch, so
// the end of the range containing `from` is unrecorded. O(log n).
int64_t FirstUnrecordedAtOrAfter(const IntervalSet& recorded, int64_t from) {
  const auto ranges = recorded.ranges();
  // The first range starting after `from`; the one before it is the only one that may contain it.
  auto it = std::upper_bound(ranges.begin(), ranges.end(), from,
                             [](int64_t t, const Interval& range) { return t < range.start; });
  if (it != ranges.begin() && std::prev(it)->Contains(from)) {
    return std::prev(it)->end;
  }
  return from;
}

}  // namespace

int64_t UpperBound(const IntervalPolicy& policy, const MissingIntervalsRequest& request) {
  const int64_t t = request.execution_time;
  if (policy.allow_partials) {
    return t;
  }
  if (request.ignore_cron) {
    return policy.grid.Floor(t);
  }
  return policy.grid.Floor(policy.cron.Prev(t).value_or(t));
}

Interval CandidateWindow(const IntervalPolicy& policy, const MissingIntervalsRequest& request) {
  const IntervalGrid& grid = policy.grid;
  Interval window{grid.Floor(policy.start), UpperBound(policy, request)};
  if (policy.end.has_value()) {
    window.end = std::min(window.end, grid.Ceil(*policy.end));
  }
  if (request.range.has_value()) {
    if (request.range->empty()) {
      return {window.start, window.start};
    }
    window.start = std::max(window.start, grid.Floor(request.range->start));
    window.end = std::min(window.end, grid.Ceil(request.range->end));
  }
  return window;
}

IntervalSet MissingIntervals(const IntervalPolicy& policy, const IntervalSet& recorded,
                             const MissingIntervalsRequest& request) {
  const IntervalGrid& grid = policy.grid;
  const Interval window = CandidateWindow(policy, request);
  IntervalSet missing;
  if (window.empty()) {
    return missing;
  }
  // window.start is a boundary, so flooring a gap's start never leaves the window; its end may be
  // the execution time (allow_partials), which caps the ceiled gap ends.
  const IntervalSet gaps = recorded.GapsWithin(window.start, window.end);
  for (const Interval& gap : gaps.ranges()) {
    int64_t start = grid.Floor(gap.start);
    const int64_t end = std::min(grid.Ceil(gap.end), window.end);
    if (policy.lookback > 0) {
      // Clamped to the units available, so Advance cannot overflow on a huge lookback.
      const int64_t units = std::min(policy.lookback, grid.Count(window.start, start));
      start = grid.Advance(start, -units);
    }
    // Starts stay sorted after widening and lookback, so Add merges at the tail in O(1) amortized.
    missing.Add(start, end);
  }
  return missing;
}

std::optional<int64_t> NextDueTime(const IntervalPolicy& policy, const IntervalSet& recorded,
                                   int64_t execution_time) {
  const MissingIntervalsRequest now(execution_time);
  if (!MissingIntervals(policy, recorded, now).empty()) {
    return execution_time;
  }
  const IntervalGrid& grid = policy.grid;
  const int64_t end = policy.end.has_value() ? grid.Ceil(*policy.end) : kForever;
  const int64_t from = std::max(grid.Floor(policy.start), UpperBound(policy, now));
  const int64_t first_unrecorded = FirstUnrecordedAtOrAfter(recorded, from);
  if (first_unrecorded >= end) {
    return std::nullopt;
  }
  if (policy.allow_partials) {
    return policy.cron.Next(execution_time);
  }
  // The unit containing `first_unrecorded` becomes due at the first tick at or after its end
  // (ticks before that floor to a boundary at or before it), and no earlier than now.
  const int64_t unit_end = grid.Advance(grid.Floor(first_unrecorded), 1);
  return policy.cron.Next(std::max(unit_end - 1, execution_time));
}

}  // namespace strata
