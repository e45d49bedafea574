// Batching: cutting missing ranges into chunks of batch_size units (see batching.h).
#include "core/batching.h"

#include <algorithm>
#include <cassert>

namespace strata {

namespace {

// The number of units of `range`, counting a trailing partial unit as one.
int64_t UnitsOf(const Interval& range, const IntervalGrid& grid) {
  return grid.Count(range.start, grid.Ceil(range.end));
}

int64_t CeilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

}  // namespace

std::vector<Interval> SplitIntoBatches(const IntervalSet& missing, const IntervalGrid& grid,
                                       int64_t batch_size) {
  assert(batch_size >= 0);
  std::vector<Interval> batches;
  if (batch_size == 0) {
    batches.assign(missing.ranges().begin(), missing.ranges().end());
    return batches;
  }
  batches.reserve(static_cast<size_t>(CountBatches(missing, grid, batch_size)));
  for (const Interval& range : missing.ranges()) {
    assert(grid.IsBoundary(range.start));
    int64_t remaining = UnitsOf(range, grid);
    int64_t start = range.start;
    // Checking `remaining` before Advance keeps a huge batch_size from overflowing.
    while (remaining > batch_size) {
      const int64_t end = grid.Advance(start, batch_size);
      batches.push_back({start, end});
      start = end;
      remaining -= batch_size;
    }
    batches.push_back({start, range.end});
  }
  return batches;
}

int64_t CountBatches(const IntervalSet& missing, const IntervalGrid& grid, int64_t batch_size) {
  assert(batch_size >= 0);
  if (batch_size == 0) {
    return static_cast<int64_t>(missing.size());
  }
  int64_t count = 0;
  for (const Interval& range : missing.ranges()) {
    count += CeilDiv(UnitsOf(range, grid), batch_size);
  }
  return count;
}

}  // namespace strata
