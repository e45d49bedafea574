// Hot paths of base/: calendar conversion and timestamp formatting (used for every batch line and
// every rendered macro variable), time parsing, cron tick search and interval units (every model
// at every plan and run), IntervalSet algebra and interval grids (missing-interval computation,
// DESIGN.md §9 P4), and fingerprint hashing.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "base/cron.h"
#include "base/hash.h"
#include "base/interval_set.h"
#include "base/interval_unit.h"
#include "base/time.h"
#include "base/time_parse.h"

namespace strata {
namespace {

// 2025-01-01 00:00:00 UTC.
constexpr int64_t kNow = int64_t{1735689600} * kMicrosPerSecond;

void BM_CivilRoundTrip(benchmark::State& state) {
  int64_t days = 0;
  for (auto _ : state) {
    CivilDate d = CivilFromDays(days);
    benchmark::DoNotOptimize(DaysFromCivil(d));
    days = (days + 37) % 100000;
  }
}
BENCHMARK(BM_CivilRoundTrip);

void BM_FormatTimestamp(benchmark::State& state) {
  int64_t t = 1735689600000000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(FormatTimestamp(t));
    t += 1234567;
  }
}
BENCHMARK(BM_FormatTimestamp);

void BM_ParseTimePoint(benchmark::State& state) {
  const char* texts[] = {"2024-01-31", "2024-01-31 10:20:30.123456", "3 days ago", "yesterday"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseTimePoint(texts[i++ % 4], kNow, TimeRole::kEnd).ok());
  }
}
BENCHMARK(BM_ParseTimePoint);

// Parses a cron known to be valid. (A local Result rather than `*Cron::Parse(...)`: GCC 12 at -O3
// reports a false -Warray-bounds on dereferencing a temporary Result<Cron>.)
Cron ParseKnownCron(const char* text) {
  Result<Cron> cron = Cron::Parse(text);
  return *cron;
}

const char* const kCrons[] = {"*/5 * * * *", "@daily", "0 9 * * MON-FRI", "@monthly", "0 0 29 2 *"};

void BM_CronParse(benchmark::State& state) {
  const char* text = kCrons[state.range(0)];
  state.SetLabel(text);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Cron::Parse(text).ok());
  }
}
BENCHMARK(BM_CronParse)->DenseRange(0, 4);

// Walks forward tick by tick from 2025-01-01.
void BM_CronNext(benchmark::State& state) {
  const Cron cron = ParseKnownCron(kCrons[state.range(0)]);
  state.SetLabel(cron.expression());
  int64_t t = kNow;
  for (auto _ : state) {
    t = cron.Next(t).value_or(kNow);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_CronNext)->DenseRange(0, 4);

// Walks backward tick by tick from 2025-01-01.
void BM_CronPrev(benchmark::State& state) {
  const Cron cron = ParseKnownCron(kCrons[state.range(0)]);
  state.SetLabel(cron.expression());
  int64_t t = kNow;
  for (auto _ : state) {
    t = cron.Prev(t - 1).value_or(kNow);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_CronPrev)->DenseRange(0, 4);

void BM_IntervalUnitOf(benchmark::State& state) {
  const Cron cron = ParseKnownCron(kCrons[state.range(0)]);
  state.SetLabel(cron.expression());
  for (auto _ : state) {
    benchmark::DoNotOptimize(IntervalUnitOf(cron));
  }
}
BENCHMARK(BM_IntervalUnitOf)->DenseRange(0, 4);

// Records n disjoint intervals in time order (the way runs record them).
void BM_IntervalSetAppend(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    IntervalSet set;
    for (int64_t i = 0; i < n; ++i) {
      set.Add(i * 10, i * 10 + 5);
    }
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_IntervalSetAppend)->Range(1 << 10, 1 << 20);

// Adds n disjoint ranges in random order (the worst case for the sorted vector).
void BM_IntervalSetRandomAdd(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<int64_t> order(n);
  for (int64_t i = 0; i < n; ++i) {
    order[i] = i;
  }
  std::shuffle(order.begin(), order.end(), std::mt19937_64(1));
  for (auto _ : state) {
    IntervalSet set;
    for (int64_t i : order) {
      set.Add(i * 10, i * 10 + 5);
    }
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_IntervalSetRandomAdd)->Range(1 << 10, 1 << 16);

IntervalSet Comb(int64_t n, int64_t period, int64_t width, int64_t shift) {
  std::vector<Interval> ranges;
  ranges.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    ranges.push_back({i * period + shift, i * period + shift + width});
  }
  return IntervalSet::FromRanges(std::move(ranges));
}

void BM_IntervalSetSubtract(benchmark::State& state) {
  const int64_t n = state.range(0);
  const IntervalSet a = Comb(n, 10, 6, 0);
  const IntervalSet b = Comb(n, 10, 3, 4);
  for (auto _ : state) {
    benchmark::DoNotOptimize(a.Subtract(b).size());
  }
  state.SetItemsProcessed(state.iterations() * 2 * n);
}
BENCHMARK(BM_IntervalSetSubtract)->Range(1 << 10, 1 << 20);

void BM_IntervalSetRemoveSplit(benchmark::State& state) {
  const int64_t n = state.range(0);
  const IntervalSet base{{0, n * 10}};
  for (auto _ : state) {
    IntervalSet set = base;
    for (int64_t i = n - 1; i >= 0; --i) {
      set.Remove(i * 10 + 4, i * 10 + 5);
    }
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_IntervalSetRemoveSplit)->Range(1 << 10, 1 << 14);

// DESIGN.md §9 P4: the missing intervals of a five-minute model started 1970-01-01 whose state
// has a few gaps: the last tick at or before now, grid floors, the gaps, and the unit count
// (about 5.8 million units) without visiting any unit.
void BM_FiveMinuteModelSince1970(benchmark::State& state) {
  const Cron cron = ParseKnownCron("*/5 * * * *");
  const IntervalGrid grid = IntervalGrid::ForCron(cron);
  IntervalSet processed;
  processed.Add(0, kNow - 30 * kMicrosPerDay);
  processed.Add(kNow - 20 * kMicrosPerDay, kNow - kMicrosPerDay);
  processed.Remove(kMicrosPerDay * 1000, kMicrosPerDay * 1000 + kMicrosPerHour);
  int64_t units = 0;
  for (auto _ : state) {
    const int64_t upper = grid.Floor(cron.Prev(kNow).value_or(kNow));
    const int64_t start = grid.Floor(0);
    const IntervalSet missing = processed.GapsWithin(start, upper);
    units = 0;
    for (const Interval& gap : missing.ranges()) {
      units += grid.Count(grid.Ceil(gap.start), grid.Floor(gap.end));
    }
    benchmark::DoNotOptimize(units);
    benchmark::DoNotOptimize(grid.Count(start, upper));
  }
  state.counters["missing_units"] = static_cast<double>(units);
  state.counters["total_units"] = static_cast<double>(grid.Count(0, kNow));
}
BENCHMARK(BM_FiveMinuteModelSince1970);

void BM_IntervalGridFloorCount(benchmark::State& state) {
  const IntervalGrid grid(static_cast<IntervalUnit>(state.range(0)));
  state.SetLabel(std::string(IntervalUnitName(grid.unit())));
  int64_t t = 12345;
  for (auto _ : state) {
    benchmark::DoNotOptimize(grid.Count(grid.Floor(t), grid.Floor(kNow)));
    t += 987654321;
  }
}
BENCHMARK(BM_IntervalGridFloorCount)->DenseRange(0, 7);

void BM_HashString(benchmark::State& state) {
  const std::string text(state.range(0), 'x');
  for (auto _ : state) {
    Hasher hasher;
    hasher.Update(text);
    benchmark::DoNotOptimize(hasher.Digest());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HashString)->Arg(64)->Arg(4096)->Arg(1 << 20);

}  // namespace
}  // namespace strata
