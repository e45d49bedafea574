// The parts of Python's standard library dbt hands to templates: `modules.datetime` (datetime,
// date and timedelta: now/utcnow/today, strptime, construction, the fields, strftime, isoformat,
// date(), replace(); `+`/`-` with timedeltas, date differences, comparisons; printed as Python
// prints them) and `modules.re` (match, search, fullmatch, sub, findall, split, compile, escape;
// match objects with group/groups/start/end), and `run_started_at` (the command's start, UTC).
// Python's regular expressions are run as ECMAScript ones (std::regex), which agree on the usual
// syntax.
#pragma once

#include <cstdint>

#include "jinja/value.h"

namespace strata::dbt {

// The `modules` object.
jinja::Value PythonModules();

// A Python datetime at `micros` (UTC microseconds since the epoch); `with_zone` prints and
// formats it as timezone-aware (UTC), as dbt's run_started_at is.
jinja::Value DateTimeValue(int64_t micros, bool with_zone);

}  // namespace strata::dbt
