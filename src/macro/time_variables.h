// The predefined time macro variables (DESIGN.md §3): for an interval [start, end) processed at an
// execution time, the values of @start_*, @end_* and @execution_* with the suffixes dt, dtntz,
// date, ds, ts, tstz, hour, epoch and millis, as SQLMesh defines them. The end is rendered
// inclusive (end − 1 µs), so that `BETWEEN @start_ds AND @end_ds` and
// `BETWEEN @start_ts AND @end_ts` select exactly the interval. All values are UTC. The formats and
// where strata differs from SQLMesh are in docs/time-and-intervals.md, "Time macro variables".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "macro/literal_value.h"

namespace strata {

// One predefined time variable: its name without the '@' ("start_ds") and its value.
struct TimeVariable {
  std::string name;
  LiteralValue value;
};

// The 27 time variables of one interval and execution time. Immutable after construction; const
// methods may run concurrently.
class TimeVariables {
 public:
  // The variables of [start, end) at `execution_time` (UTC micros). For the instant t of each
  // prefix (start; end − 1 µs; the execution time):
  //   dt     TIMESTAMP   '2020-01-31 23:59:59.999999'  (fraction printed only when non-zero)
  //   dtntz  TIMESTAMP   the same
  //   date   DATE        '2020-01-31'
  //   ds     string      '2020-01-31'
  //   ts     string      '2020-01-31 23:59:59.999999'
  //   tstz   string      '2020-01-31 23:59:59.999999+00:00'
  //   hour   integer     23
  //   epoch  float       1580515199.999 (seconds; whole milliseconds, as SQLMesh)
  //   millis integer     1580515199999
  // REQUIRES: start < end.
  TimeVariables(int64_t start, int64_t end, int64_t execution_time);

  // The value of the variable `name`, with or without a leading '@', in any case ("start_ds",
  // "@END_TS"); nullptr when `name` is not a time variable.
  const LiteralValue* Find(std::string_view name) const;

  // Every variable, ordered by prefix (start, end, execution) then suffix (dt, dtntz, date, ds,
  // ts, tstz, hour, epoch, millis).
  std::span<const TimeVariable> all() const { return variables_; }

  // Whether `name` (as for Find) names a time variable, whatever the interval.
  static bool IsTimeVariableName(std::string_view name);

 private:
  std::vector<TimeVariable> variables_;
};

}  // namespace strata
