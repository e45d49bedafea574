// Input coverage: which units of a model's work its parents cover, and what a model holds
// complete afterwards.
#include "core/input_coverage.h"

#include <gtest/gtest.h>

#include "core/interval_test_util.h"

namespace strata {
namespace {

using testing_util::At;
using testing_util::CronOf;
using testing_util::Show;

SnapshotPayload Payload(std::string kind, bool depends_on_past = false) {
  SnapshotPayload payload;
  payload.kind = std::move(kind);
  payload.depends_on_past = depends_on_past;
  return payload;
}

// Daily work over `missing`, in batches of `batch_size` days.
SnapshotWork DailyWork(IntervalSet missing, int64_t batch_size = 1) {
  SnapshotWork work;
  IntervalPolicy policy(CronOf("@daily"), At(2025, 1, 1));
  policy.batch_size = batch_size;
  work.policy = policy;
  work.missing = std::move(missing);
  for (const Interval& range : work.missing.ranges()) {
    for (int64_t day = range.start; day < range.end; day += kMicrosPerDay) {
      work.batches.push_back({day, day + kMicrosPerDay});
    }
  }
  return work;
}

TEST(InputCoverageTest, NoParentsCoverEverything) {
  SnapshotWork work = DailyWork({{At(2025, 1, 1), At(2025, 1, 4)}});
  KeepCoveredUnits(Payload("INCREMENTAL_BY_TIME_RANGE"), InputsComplete({}), &work);
  EXPECT_EQ(Show(work.missing.ranges()), "{[2025-01-01, 2025-01-04)}");
  EXPECT_EQ(work.batches.size(), 3u);
}

TEST(InputCoverageTest, KeepsOnlyWholeUnitsTheParentsCover) {
  // An hourly parent complete up to Jan 2 12:00, with a gap on Jan 1 from 05:00 to 06:00.
  const IntervalSet parent{{At(2024, 12, 1), At(2025, 1, 1, 5)},
                           {At(2025, 1, 1, 6), At(2025, 1, 2, 12)}};
  SnapshotWork work = DailyWork({{At(2024, 12, 30), At(2025, 1, 3)}});
  KeepCoveredUnits(Payload("INCREMENTAL_BY_TIME_RANGE"), InputsComplete({&parent}), &work);
  EXPECT_EQ(Show(work.missing.ranges()), "{[2024-12-30, 2025-01-01)}");
  EXPECT_EQ(Show(work.batches), "{[2024-12-30, 2024-12-31), [2024-12-31, 2025-01-01)}");
}

TEST(InputCoverageTest, IdempotentKindsSkipAGapAndGoOn) {
  const IntervalSet parent{{At(2025, 1, 1), At(2025, 1, 2)}, {At(2025, 1, 3), At(2025, 1, 5)}};
  SnapshotWork work = DailyWork({{At(2025, 1, 1), At(2025, 1, 5)}}, /*batch_size=*/0);
  KeepCoveredUnits(Payload("INCREMENTAL_BY_TIME_RANGE"), InputsComplete({&parent}), &work);
  EXPECT_EQ(Show(work.missing.ranges()), "{[2025-01-01, 2025-01-02), [2025-01-03, 2025-01-05)}");
  EXPECT_EQ(Show(work.batches), "{[2025-01-01, 2025-01-02), [2025-01-03, 2025-01-05)}");
}

TEST(InputCoverageTest, StatefulKindsAndFullStopAtTheFirstUncoveredUnit) {
  const IntervalSet parent{{At(2025, 1, 1), At(2025, 1, 2)}, {At(2025, 1, 3), At(2025, 1, 5)}};
  for (const SnapshotPayload& payload :
       {Payload("INCREMENTAL_BY_UNIQUE_KEY", /*depends_on_past=*/true), Payload("FULL")}) {
    SnapshotWork work = DailyWork({{At(2025, 1, 1), At(2025, 1, 5)}});
    KeepCoveredUnits(payload, InputsComplete({&parent}), &work);
    EXPECT_EQ(Show(work.missing.ranges()), "{[2025-01-01, 2025-01-02)}") << payload.kind;
  }
  // Nothing covered at the first unit: nothing at all.
  const IntervalSet late{{At(2025, 1, 2), At(2025, 1, 9)}};
  SnapshotWork work = DailyWork({{At(2025, 1, 1), At(2025, 1, 5)}});
  KeepCoveredUnits(Payload("FULL"), InputsComplete({&late}), &work);
  EXPECT_TRUE(work.missing.empty());
  EXPECT_TRUE(work.batches.empty());
}

TEST(InputCoverageTest, EveryParentMustCover) {
  const IntervalSet a{{At(2025, 1, 1), At(2025, 1, 9)}};
  const IntervalSet b{{At(2025, 1, 1), At(2025, 1, 3)}};
  SnapshotWork work = DailyWork({{At(2025, 1, 1), At(2025, 1, 5)}});
  KeepCoveredUnits(Payload("INCREMENTAL_BY_TIME_RANGE"), InputsComplete({&a, &b}), &work);
  EXPECT_EQ(Show(work.missing.ranges()), "{[2025-01-01, 2025-01-03)}");
}

TEST(InputCoverageTest, AvailableAfterAddsTheBatchesAndTheTimeOutsideTheModel) {
  SnapshotWork work = DailyWork({{At(2025, 1, 3), At(2025, 1, 5)}});
  work.policy->end = At(2025, 2, 1);
  const IntervalSet recorded{{At(2025, 1, 1), At(2025, 1, 3)}};
  const IntervalSet available =
      AvailableAfter(Payload("INCREMENTAL_BY_TIME_RANGE"), work, recorded, AllTime());
  EXPECT_TRUE(available.Covers(At(1990, 1, 1), At(2025, 1, 5)));  // before its start: no rows
  EXPECT_FALSE(available.Contains(At(2025, 1, 5)));
  EXPECT_TRUE(available.Covers(At(2025, 2, 1), At(2030, 1, 1)));  // after its end
  // Views are their parents' coverage; seeds and external models always complete.
  const IntervalSet inputs{{At(2025, 1, 1), At(2025, 1, 2)}};
  EXPECT_EQ(AvailableAfter(Payload("VIEW"), SnapshotWork{}, {}, inputs), inputs);
  // A seed covers all of time once loaded (recorded, or loaded by this command), none before.
  EXPECT_EQ(AvailableAfter(Payload("SEED"), SnapshotWork{}, {}, {}), IntervalSet{});
  EXPECT_EQ(AvailableAfter(Payload("SEED"), SnapshotWork{}, IntervalSet{Interval{0, 1}}, {}),
            AllTime());
  SnapshotWork loading;
  loading.batches.push_back({0, 1});
  EXPECT_EQ(AvailableAfter(Payload("SEED"), loading, {}, {}), AllTime());
  EXPECT_EQ(AvailableAfter(Payload("EXTERNAL"), SnapshotWork{}, {}, {}), AllTime());
}

}  // namespace
}  // namespace strata
