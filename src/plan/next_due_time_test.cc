#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/interval_test_util.h"
#include "core/missing_intervals.h"

namespace strata {
namespace {

using testing_util::At;
using testing_util::CronOf;
using testing_util::ShowTime;

std::string NextDue(const IntervalPolicy& policy, const IntervalSet& recorded,
                    int64_t execution_time) {
  const std::optional<int64_t> due = NextDueTime(policy, recorded, execution_time);
  return due.has_value() ? ShowTime(*due) : "never";
}

TEST(NextDueTimeTest, WeeklyIsDueAtTheNextSunday) {
  const IntervalPolicy policy(CronOf("@weekly"), At(2025, 1, 1));
  const IntervalSet recorded{{At(2024, 12, 29), At(2025, 1, 12)}};
  EXPECT_EQ(NextDue(policy, recorded, At(2025, 1, 15)), "2025-01-19");
  EXPECT_EQ(NextDue(policy, recorded, At(2025, 1, 12)), "2025-01-19");
  // Something is already missing: due now.
  EXPECT_EQ(NextDue(policy, recorded, At(2025, 1, 22)), "2025-01-22");
  const IntervalPolicy monday(CronOf("0 0 * * 1"), At(2025, 1, 1));
  const IntervalSet monday_recorded{{At(2024, 12, 30), At(2025, 1, 13)}};
  EXPECT_EQ(NextDue(monday, monday_recorded, At(2025, 1, 15)), "2025-01-20");
}

TEST(NextDueTimeTest, Daily) {
  const IntervalPolicy midnight(CronOf("@daily"), At(2025, 1, 1));
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3)}};
  EXPECT_EQ(NextDue(midnight, recorded, At(2025, 1, 3, 9)), "2025-01-04");
  const IntervalPolicy six(CronOf("0 6 * * *"), At(2025, 1, 1));
  EXPECT_EQ(NextDue(six, recorded, At(2025, 1, 3, 7)), "2025-01-04 06:00");
  const IntervalSet two_days{{At(2025, 1, 1), At(2025, 1, 2)}};
  EXPECT_EQ(NextDue(six, two_days, At(2025, 1, 3, 5)), "2025-01-03 06:00");
}

TEST(NextDueTimeTest, HourlyAndSteps) {
  const IntervalPolicy hourly(CronOf("@hourly"), At(2025, 1, 1));
  EXPECT_EQ(NextDue(hourly, {{At(2025, 1, 1), At(2025, 1, 1, 3)}}, At(2025, 1, 1, 3, 20)),
            "2025-01-01 04:00");
  const IntervalPolicy two_hourly(CronOf("0 */2 * * *"), At(2025, 1, 1));
  EXPECT_EQ(NextDue(two_hourly, {{At(2025, 1, 1), At(2025, 1, 1, 2)}}, At(2025, 1, 1, 3, 30)),
            "2025-01-01 04:00");
  const IntervalPolicy quarter(CronOf("*/15 * * * *"), At(2025, 1, 1));
  EXPECT_EQ(NextDue(quarter, {{At(2025, 1, 1), At(2025, 1, 1, 0, 45)}}, At(2025, 1, 1, 0, 50)),
            "2025-01-01 01:00");
}

TEST(NextDueTimeTest, Monthly) {
  const IntervalPolicy policy(CronOf("@monthly"), At(2024, 1, 15));
  const IntervalSet recorded{{At(2024, 1, 1), At(2024, 3, 1)}};
  EXPECT_EQ(NextDue(policy, recorded, At(2024, 3, 10)), "2024-04-01");
  const IntervalPolicy yearly(CronOf("@yearly"), At(2020, 1, 1));
  EXPECT_EQ(NextDue(yearly, {{At(2020, 1, 1), At(2025, 1, 1)}}, At(2025, 3, 1)), "2026-01-01");
}

TEST(NextDueTimeTest, RecordedAheadOfTheUpperBound) {
  // Intervals recorded past the last tick (e.g. a plan with --ignore-cron) push the due time out.
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 10)}}, At(2025, 1, 5, 12)), "2025-01-11");
}

TEST(NextDueTimeTest, BeforeTheStart) {
  const IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1, 12));
  EXPECT_EQ(NextDue(policy, {}, At(2024, 12, 20)), "2025-01-02");
}

TEST(NextDueTimeTest, NeverOnceTheEndIsReached) {
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.end = At(2025, 1, 11);
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 11)}}, At(2025, 1, 20)), "never");
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 5)}}, At(2025, 1, 5, 1)), "2025-01-06");
  // Lookback does not make a finished model due again.
  policy.lookback = 3;
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 11)}}, At(2025, 1, 20)), "never");
}

TEST(NextDueTimeTest, AllowPartialsIsDueAtTheNextTick) {
  IntervalPolicy policy(CronOf("@hourly"), At(2025, 1, 1));
  policy.allow_partials = true;
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 1, 3, 20)}}, At(2025, 1, 1, 3, 20)),
            "2025-01-01 04:00");
  policy.end = At(2025, 1, 1, 3);
  EXPECT_EQ(NextDue(policy, {{At(2025, 1, 1), At(2025, 1, 1, 3)}}, At(2025, 1, 1, 3, 20)), "never");
}

TEST(NextDueTimeTest, FiveMinuteSince1970) {
  const IntervalPolicy policy(CronOf("*/5 * * * *"), 0);
  const int64_t now = At(2026, 11, 21, 0, 2);
  EXPECT_EQ(NextDue(policy, {{0, At(2026, 11, 21)}}, now), "2026-11-21 00:05");
}

// What `strata run`'s no-op cache (cli/run_cache.h) relies on: before the next due time,
// nothing is missing at any execution time; at it, something is (without allow_partials). Random
// policies (crons, starts, ends, partials, lookback) and recorded sets with gaps, probed at every
// instant where the answer can change (cron ticks, unit boundaries) and between them.
TEST(NextDueTimeTest, NothingIsMissingBeforeTheNextDueTimeAndSomethingIsAtIt) {
  const std::vector<const char*> crons = {
      "@hourly",      "@daily",      "@weekly",   "@monthly",      "0 6 * * *",
      "*/15 * * * *", "0 */2 * * *", "0 0 * * 1", "30 2 1,15 * *", "0 12 * * 1-5"};
  std::mt19937_64 random(20261121);
  const int64_t base = At(2025, 1, 1);
  const int64_t day = At(2025, 1, 2) - base;
  auto uniform = [&](int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  };
  int due_checked = 0;
  for (int round = 0; round < 400; ++round) {
    IntervalPolicy policy(CronOf(crons[static_cast<size_t>(round) % crons.size()]),
                          base + uniform(0, 20 * day));
    policy.allow_partials = uniform(0, 3) == 0;
    policy.lookback = uniform(0, 2);
    if (uniform(0, 2) == 0) {
      policy.end = policy.start + uniform(1, 80) * day;
    }
    // Recorded: processed from the start up to some point, with a few gaps cut out of it.
    const int64_t grid_start = policy.grid.Floor(policy.start);
    IntervalSet recorded;
    const int64_t recorded_end = policy.grid.Floor(grid_start + uniform(0, 90) * day);
    if (recorded_end > grid_start) {
      recorded.Add({grid_start, recorded_end});
      for (int gap = uniform(0, 2); gap > 0; --gap) {
        const int64_t from = policy.grid.Floor(uniform(grid_start, recorded_end));
        const int64_t to = policy.grid.Advance(from, 1);
        recorded.Remove({from, to});
      }
    }
    const int64_t now = base + uniform(0, 100 * day);
    const std::optional<int64_t> due = NextDueTime(policy, recorded, now);
    // Probe: now, every tick and unit boundary up to the due time (or 120 days), and the instant
    // before each of them.
    const int64_t horizon = due ? *due : now + 120 * day;
    std::vector<int64_t> probes = {now};
    for (std::optional<int64_t> tick = policy.cron.Next(now);
         tick && *tick < horizon && probes.size() < 5000; tick = policy.cron.Next(*tick)) {
      probes.push_back(*tick);
      probes.push_back(*tick - 1);
      probes.push_back(policy.grid.Ceil(*tick));
    }
    for (int64_t t : probes) {
      if (t < now || t >= horizon) {
        continue;
      }
      SCOPED_TRACE(::testing::Message()
                   << "round " << round << " cron " << crons[round % crons.size()] << " now "
                   << ShowTime(now) << " probe " << ShowTime(t));
      ASSERT_TRUE(MissingIntervals(policy, recorded, MissingIntervalsRequest(t)).empty())
          << "due " << (due ? ShowTime(*due) : "never");
    }
    // With allow_partials the next tick is reported even when the recorded intervals reach past
    // it: early, which only makes the cache ask the state sooner.
    if (due && !policy.allow_partials) {
      ASSERT_FALSE(MissingIntervals(policy, recorded, MissingIntervalsRequest(*due)).empty())
          << "round " << round << ": nothing is missing at the due time " << ShowTime(*due)
          << " now " << ShowTime(now) << " start " << ShowTime(policy.start) << " end "
          << (policy.end ? ShowTime(*policy.end) : "none") << " partials " << policy.allow_partials
          << " lookback " << policy.lookback << " recorded " << recorded.ToString();
      ++due_checked;
    }
  }
  EXPECT_GT(due_checked, 100);
}

}  // namespace
}  // namespace strata
