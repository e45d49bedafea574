// RunInParallel: one piece of work split into parts that run on threads of their own, for the
// CPU-bound passes over every model (loading, the macro check, the dialect check, parsing stored
// snapshots).
#pragma once

#include <cstddef>
#include <functional>

namespace strata {

// How many parts `items` items make: at most `max_parts`, each of at least `min_items_per_part`
// items, and at least one.
size_t PartsFor(size_t items, size_t max_parts, size_t min_items_per_part);

// Runs `work(part)` for every part in [0, parts): part 0 on the calling thread, the others on
// threads of their own; returns when all have finished. `parts` <= 1 runs work(0) only.
void RunInParallel(size_t parts, const std::function<void(size_t part)>& work);

}  // namespace strata
