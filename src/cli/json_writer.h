// JSON output of a query result.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "engine/engine_adapter.h"
#include "engine/value.h"

namespace strata::cli {

// Writes `result` as a JSON array with one object per row (keys in column order), one row per
// line. Integers, HUGEINT and DECIMAL are numbers written with all their digits (no precision is
// lost to a double); FLOAT/DOUBLE are numbers, except infinities and NaN, which JSON cannot
// express and are written as null; booleans and NULL are JSON's own; LIST is an array, STRUCT an
// object, MAP an object keyed by the key's text; every other type (text, dates, timestamps,
// intervals, UUIDs, BLOBs) is a string of its text form.
void WriteJson(const engine::QueryResult& result, std::ostream& out);

// Appends `value` as JSON to `out` (the mapping of WriteJson).
void AppendJsonValue(const engine::Value& value, std::string& out);

// Appends `text` as a JSON string: quotes, with ", \ and control characters (including NUL)
// escaped. `text` is passed through byte for byte otherwise (it should be UTF-8).
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace strata::cli
