// Parsing of times typed by users (DESIGN.md §3): the --start/--end/--execution-time flags, a
// model's `start`/`end`, SQL-literal-like timestamps. Every result is UTC microseconds since the
// epoch (or days, for ParseDate); offsets such as +02:00 are converted to UTC.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace strata {

// How a time given by a user bounds an interval. A date (a text without a time of day) used as an
// end is inclusive: it means the whole of that day.
enum class TimeRole { kStart, kEnd };

// Parses a command-line time relative to `now` (UTC microseconds). Accepted, after trimming
// whitespace, case-insensitively:
//   YYYY-MM-DD
//   YYYY-MM-DD HH:MM, YYYY-MM-DD HH:MM:SS, YYYY-MM-DD HH:MM:SS.f (1 to 6 fractional digits),
//     with ' ' or 'T' between date and time, optionally followed by 'Z' or an offset +HH:MM,
//     -HH:MM, +HHMM or +HH (converted to UTC: 10:00+02:00 is 08:00 UTC)
//   now, today, yesterday, tomorrow
//   N minute(s)|hour(s)|day(s)|week(s)|month(s)|year(s) ago, and in N ... (N a whole number;
//     months and years are calendar months, clamped at month ends)
// Returns, for role kStart, the instant named. For role kEnd, a date-like text (YYYY-MM-DD,
// today, yesterday, tomorrow) returns the start of the FOLLOWING day, i.e. the exclusive upper
// bound of the inclusive day; any text with a time of day (and now, N ... ago) returns the instant
// unchanged, to be used as an exclusive bound.
// Fails with InvalidArgument naming the bad part (e.g. "month 13 is out of range 1-12") and a
// hint listing the accepted forms, for empty, unknown, partial or out-of-range input and trailing
// text.
Result<int64_t> ParseTimePoint(std::string_view text, int64_t now, TimeRole role);

// Parses a date "YYYY-MM-DD" (surrounding whitespace ignored) into days since 1970-01-01.
// Fails with InvalidArgument for anything else or an impossible date (2023-02-29).
Result<int64_t> ParseDate(std::string_view text);

// Parses an absolute timestamp as an SQL literal would spell it: "YYYY-MM-DD" (midnight) or
// "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]" with an optional 'Z' or UTC offset, into UTC microseconds.
// Fails with InvalidArgument like ParseTimePoint (relative forms are not accepted here).
Result<int64_t> ParseTimestamp(std::string_view text);

}  // namespace strata
