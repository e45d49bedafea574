// Batching (DESIGN.md §5): how missing intervals are cut into the batches that the scheduler runs,
// one transaction each. Each contiguous missing range is cut into consecutive chunks of
// `batch_size` units from its start (the last one may be shorter); a batch never spans a gap.
#pragma once

#include <cstdint>
#include <vector>

#include "base/interval_set.h"
#include "base/interval_unit.h"

namespace strata {

// The batches of `missing`, in time order. batch_size 0: one batch per contiguous range. Otherwise
// a range of n units gives ceil(n / batch_size) batches; a range whose end is not a boundary (an
// allow_partials model's last range) counts its partial unit as one unit and its last batch ends
// at the range's end. Costs O(number of batches), which is proportional to the number of units
// when batch_size is small: use CountBatches to size a plan without building them.
// REQUIRES: batch_size >= 0; every range of `missing` starts on a boundary of `grid` (as
// MissingIntervals returns them).
std::vector<Interval> SplitIntoBatches(const IntervalSet& missing, const IntervalGrid& grid,
                                       int64_t batch_size);

// The number of batches SplitIntoBatches would return, in O(number of ranges).
// REQUIRES: as SplitIntoBatches.
int64_t CountBatches(const IntervalSet& missing, const IntervalGrid& grid, int64_t batch_size);

}  // namespace strata
