// Hot paths of base/: calendar conversion and timestamp formatting (used for every batch line and
// every rendered macro variable).
#include <benchmark/benchmark.h>

#include "base/time.h"

namespace strata {
namespace {

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

}  // namespace
}  // namespace strata
