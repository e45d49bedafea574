// `strata -vv`: every statement sent to an engine, with its time, on stderr.
#pragma once

#include <string>

#include "engine/statement_observer.h"

namespace strata::cli {

// One line for `statement`: "sql   1.25 ms  duckdb  DELETE FROM …", its whitespace collapsed and
// cut after `max_chars` characters; "describe" instead of "sql" for a statement only bound, and
// "failed" after the time when it failed.
std::string SqlLogLine(const engine::ObservedStatement& statement, size_t max_chars);

// Prints every statement from now on to stderr (one line each, whole lines even when several
// threads run statements; statements are cut at 400 characters, at any length with -vvv).
void LogStatementsToStderr(int verbosity);

}  // namespace strata::cli
