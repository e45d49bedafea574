#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace strata {
namespace {

TEST(ParallelTest, PartsForKeepsEachPartBigEnough) {
  EXPECT_EQ(PartsFor(0, 8, 64), 1u);
  EXPECT_EQ(PartsFor(100, 8, 64), 1u);
  EXPECT_EQ(PartsFor(200, 8, 64), 3u);
  EXPECT_EQ(PartsFor(100000, 8, 64), 8u);
  EXPECT_EQ(PartsFor(100000, 0, 64), 1u);
  EXPECT_EQ(PartsFor(5, 4, 0), 4u);
}

TEST(ParallelTest, EveryPartRunsOnceThePartZeroOnTheCaller) {
  for (size_t parts : {0u, 1u, 2u, 7u}) {
    std::vector<std::atomic<int>> runs(std::max<size_t>(parts, 1));
    std::thread::id zero;
    RunInParallel(parts, [&](size_t part) {
      ++runs[part];
      if (part == 0) {
        zero = std::this_thread::get_id();
      }
    });
    for (const std::atomic<int>& count : runs) {
      EXPECT_EQ(count.load(), 1);
    }
    EXPECT_EQ(zero, std::this_thread::get_id());
  }
}

}  // namespace
}  // namespace strata
