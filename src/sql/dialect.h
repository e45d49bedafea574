// SQL dialects as data: quote characters, type and function renames, and the constructs each
// dialect can express. The generator reads these tables; small dialect-specific overrides live
// in the generator next to the node kind they concern.
#pragma once

#include <span>
#include <string_view>

#include "base/result.h"

namespace strata::sql {

enum class DialectKind { kDuckDb, kPostgres };

struct Rename {
  std::string_view from;  // upper-case spelling in strata's (DuckDB-flavoured) AST
  std::string_view to;    // spelling in the dialect; empty = the dialect has no equivalent
};

struct Dialect {
  DialectKind kind;
  std::string_view name;
  char identifier_quote;
  std::span<const Rename> type_renames;
  std::span<const Rename> function_renames;
  std::span<const Rename> operator_renames;  // to empty = unsupported operator
  // DuckDB extensions; false means "Unsupported" when the AST uses them.
  bool duckdb_extensions;  // QUALIFY, EXCLUDE/REPLACE, COLUMNS, GROUP BY ALL, FROM-first,
                           // ASOF/POSITIONAL/SEMI/ANTI joins, BY NAME, PIVOT, struct and map
                           // literals, lambdas, TRY_CAST, SAMPLE, IGNORE NULLS, ...
};

// The dialect for `kind`. Thread-safe; the returned object is static.
const Dialect& GetDialect(DialectKind kind);

// The dialect named `name` ("duckdb", "postgres"/"postgresql"; case-insensitive), or
// InvalidArgument naming the known dialects.
Result<DialectKind> DialectFromName(std::string_view name);

// The dialect spelling of `from` in `renames`, or `from` itself when it is not renamed; sets
// `*unsupported` when the dialect has no equivalent.
std::string_view Renamed(std::span<const Rename> renames, std::string_view from, bool* unsupported);

}  // namespace strata::sql
