// DESIGN.md §9 P4: the missing intervals of a five-minute-cron model started 1970-01-01, planned at
// 2026-11-21 (about 5.98 million units), (a) with nothing recorded, (b) with everything recorded
// but the last day, (c) with 10,000 gaps in what is recorded. Target: <= 10 ms per computation and
// memory independent of the number of units. Each benchmark reports the heap bytes one
// computation allocates, temporaries included (counted by the replacement operator new below),
// next to the number of units covered; the StartYear variants show those bytes staying put while
// the units grow 30-fold.
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include <benchmark/benchmark.h>

#include "base/cron.h"
#include "base/interval_set.h"
#include "base/time.h"
#include "core/batching.h"
#include "core/missing_intervals.h"

// GCC inlines the replaced operators into their callers and then reports malloc/free pairs it
// cannot see through as mismatched; they are matched (new -> malloc, delete -> free).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {

std::atomic<int64_t> g_allocated_bytes{0};
std::atomic<int64_t> g_allocations{0};

}  // namespace

void* operator new(size_t size) {
  g_allocated_bytes.fetch_add(static_cast<int64_t>(size), std::memory_order_relaxed);
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace strata {
namespace {

constexpr int64_t kFiveMinutes = 5 * kMicrosPerMinute;

int64_t At(int64_t year, int month, int day) {
  return StartOfDay(DaysFromCivil({year, month, day}));
}

// 2026-11-21 00:00 UTC, the execution time of every case.
const int64_t kExecutionTime = At(2026, 11, 21);

// A cron known to be valid (a local Result: GCC 12 -O3 warns falsely on `*Cron::Parse`).
Cron FiveMinuteCron() {
  Result<Cron> cron = Cron::Parse("*/5 * * * *");
  return *cron;
}

// Runs MissingIntervals in a loop and reports time, the heap bytes the result holds and its size.
void RunMissingIntervals(benchmark::State& state, const IntervalPolicy& policy,
                         const IntervalSet& recorded) {
  const MissingIntervalsRequest request(kExecutionTime);
  for (auto _ : state) {
    IntervalSet missing = MissingIntervals(policy, recorded, request);
    benchmark::DoNotOptimize(missing);
  }
  const int64_t bytes_before = g_allocated_bytes.load();
  const int64_t allocations_before = g_allocations.load();
  const IntervalSet missing = MissingIntervals(policy, recorded, request);
  state.counters["allocated_bytes"] = static_cast<double>(g_allocated_bytes.load() - bytes_before);
  state.counters["allocations"] = static_cast<double>(g_allocations.load() - allocations_before);
  const size_t ranges = missing.size();
  const int64_t missing_units = CountBatches(missing, policy.grid, 1);
  state.counters["units"] =
      static_cast<double>(policy.grid.Count(policy.grid.Floor(policy.start), kExecutionTime));
  state.counters["missing_units"] = static_cast<double>(missing_units);
  state.counters["missing_ranges"] = static_cast<double>(ranges);
  state.counters["recorded_ranges"] = static_cast<double>(recorded.size());
}

// (a) Nothing recorded: one missing range of ~5.98 million units.
void BM_P4_NothingRecorded(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), 0);
  RunMissingIntervals(state, policy, {});
}
BENCHMARK(BM_P4_NothingRecorded);

// (b) Everything recorded but the last day: one missing range of 288 units.
void BM_P4_AllButLastDay(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), 0);
  const IntervalSet recorded{{0, kExecutionTime - kMicrosPerDay}};
  RunMissingIntervals(state, policy, recorded);
}
BENCHMARK(BM_P4_AllButLastDay);

// The recorded set of case (c): everything but `gaps` single units spread evenly.
IntervalSet RecordedWithGaps(int64_t gaps) {
  const int64_t units = kExecutionTime / kFiveMinutes;
  const int64_t stride = units / gaps;
  std::vector<Interval> ranges;
  for (int64_t i = 0; i < gaps; ++i) {
    ranges.push_back({i * stride * kFiveMinutes, (i * stride + stride - 1) * kFiveMinutes});
  }
  ranges.push_back({gaps * stride * kFiveMinutes, kExecutionTime});
  return IntervalSet::FromRanges(std::move(ranges));
}

// (c) 10,000 gaps: the cost follows the number of gaps, not of units.
void BM_P4_TenThousandGaps(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), 0);
  RunMissingIntervals(state, policy, RecordedWithGaps(10'000));
}
BENCHMARK(BM_P4_TenThousandGaps);

// (c) with a lookback of 12 units (one hour) before each gap.
void BM_P4_TenThousandGapsLookback(benchmark::State& state) {
  IntervalPolicy policy(FiveMinuteCron(), 0);
  policy.lookback = 12;
  RunMissingIntervals(state, policy, RecordedWithGaps(10'000));
}
BENCHMARK(BM_P4_TenThousandGapsLookback);

// Memory independent of the number of units: the same computation for models started in 2025,
// 2000 and 1970 (about 0.2, 2.8 and 6 million units) allocates the same bytes.
void BM_P4_NothingRecordedByStartYear(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), At(state.range(0), 1, 1));
  RunMissingIntervals(state, policy, {});
}
BENCHMARK(BM_P4_NothingRecordedByStartYear)->Arg(2025)->Arg(2000)->Arg(1970);

// `run` with nothing due: NextDueTime on the fully recorded model.
void BM_P4_NextDueTime(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), 0);
  const IntervalSet recorded{{0, kExecutionTime}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(NextDueTime(policy, recorded, kExecutionTime + kMicrosPerMinute));
  }
}
BENCHMARK(BM_P4_NextDueTime);

// Sizing the plan without building batches: CountBatches over the 10,000 gaps, batch_size 1.
void BM_P4_CountBatches(benchmark::State& state) {
  const IntervalPolicy policy(FiveMinuteCron(), 0);
  const IntervalSet missing =
      MissingIntervals(policy, RecordedWithGaps(10'000), MissingIntervalsRequest(kExecutionTime));
  for (auto _ : state) {
    benchmark::DoNotOptimize(CountBatches(missing, policy.grid, 1));
  }
}
BENCHMARK(BM_P4_CountBatches);

}  // namespace
}  // namespace strata
