#include "base/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace strata {

size_t PartsFor(size_t items, size_t max_parts, size_t min_items_per_part) {
  return std::max<size_t>(1, std::min(max_parts, items / std::max<size_t>(1, min_items_per_part)));
}

void RunInParallel(size_t parts, const std::function<void(size_t part)>& work) {
  std::vector<std::thread> pool;
  for (size_t part = 1; part < parts; ++part) {
    pool.emplace_back(work, part);
  }
  work(0);
  for (std::thread& thread : pool) {
    thread.join();
  }
}

}  // namespace strata
