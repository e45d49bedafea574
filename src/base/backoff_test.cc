#include "base/backoff.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace strata {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, NoTimeoutMeansNoPause) {
  for (double timeout : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    Backoff backoff(timeout);
    EXPECT_FALSE(backoff.Wait());
    EXPECT_LT(backoff.elapsed_seconds(), 0.05);
  }
}

TEST(BackoffTest, PausesUntilTheDeadlineThenStops) {
  Backoff backoff(0.12, milliseconds(10), milliseconds(40));
  int pauses = 0;
  while (backoff.Wait()) {
    ++pauses;
  }
  // 10 + 20 + 40 + 40 + the 10 left: five pauses at most (fewer when sleeps overshoot), ending
  // at the deadline, not a ceiling later.
  EXPECT_GE(pauses, 1);
  EXPECT_LE(pauses, 5);
  EXPECT_GE(backoff.elapsed_seconds(), 0.12);
  EXPECT_LT(backoff.elapsed_seconds(), 0.12 + 0.2);  // generous: loaded test machines
}

TEST(BackoffTest, HugeTimeoutsDoNotOverflow) {
  Backoff backoff(std::numeric_limits<double>::infinity(), milliseconds(1), milliseconds(1));
  EXPECT_TRUE(backoff.Wait());
}

}  // namespace
}  // namespace strata
