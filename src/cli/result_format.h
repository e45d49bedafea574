// The output formats of `strata query` (DESIGN.md §8) and the function that picks one.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "engine/engine_adapter.h"

namespace strata::cli {

enum class ResultFormat { kTable, kCsv, kJson };

// The format named `name` ("table", "csv", "json"); nullopt for any other name.
std::optional<ResultFormat> ParseResultFormat(std::string_view name);

// Writes `result` to `out` in `format` (see csv_writer.h, table_writer.h, json_writer.h).
void WriteResult(const engine::QueryResult& result, ResultFormat format, std::ostream& out);

}  // namespace strata::cli
