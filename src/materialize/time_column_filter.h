// The automatic time filter of INCREMENTAL_BY_TIME_RANGE models (DESIGN.md §6): the SQL predicate
// that holds exactly for the rows whose time column lies in a batch's interval [start, end). A
// batch deletes the rows matching it and inserts only the query's rows matching it, so the same
// predicate makes a re-run of an interval replace exactly what the previous run wrote.
//
// A value names an instant (a DATE its midnight, a text value the instant its format reads as)
// and belongs to the interval that contains that instant:
//   DATE           tc BETWEEN DATE 'first whole day' AND DATE 'day of end - 1µs'
//   TIMESTAMP      tc BETWEEN TIMESTAMP 'start' AND TIMESTAMP 'end - 1µs'
//   TIMESTAMPTZ    the same with UTC TIMESTAMPTZ literals
//   text, format   when the format orders like time (%Y, then %m, %d, %H, %M, %S, %f, fixed
//                  width): compared as text (COLLATE "C" on PostgreSQL) with the bounds formatted;
//                  otherwise parsed (DuckDB strptime, PostgreSQL to_timestamp) and compared as
//                  TIMESTAMP.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/interval_set.h"
#include "base/result.h"
#include "engine/logical_type.h"
#include "project/model_kind.h"
#include "sql/dialect.h"

namespace strata {

// `micros` (UTC) formatted with a strftime-style `format`: %Y %m %d %H %M %S %f (6 digits) %j
// %y %F (%Y-%m-%d) %T (%H:%M:%S) %%; other text is copied. Fails with Unsupported naming any
// other directive.
Result<std::string> FormatTimeWithFormat(int64_t micros, std::string_view format);

// Whether text written with `format` sorts like the instants it names (see above).
bool FormatSortsLikeTime(std::string_view format);

// The predicate selecting rows of `column` (of SQL type `type`) inside `interval`, in `dialect`.
// Fails with Unsupported when the column's type is not DATE, TIMESTAMP, TIMESTAMPTZ or text, or
// the format has a directive strata cannot translate. REQUIRES: !interval.empty().
Result<std::string> TimeColumnFilter(const project::TimeColumn& column,
                                     const engine::LogicalType& type, const Interval& interval,
                                     sql::DialectKind dialect);

}  // namespace strata
