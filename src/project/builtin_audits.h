// The built-in audits (DESIGN.md §7, docs/audits.md): each is a SQL template over `@this_model`
// that returns the rows breaking the rule, with its arguments as macro variables (`@column`,
// `@columns`, `@is_in`, ...). Templates are written once for DuckDB; those whose SQL differs on
// PostgreSQL (regular expressions) carry a second template. Every audit also exists as
// `<name>_non_blocking`, which only warns.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "sql/dialect.h"

namespace strata::project {

struct BuiltInAudit {
  std::string_view name;
  std::vector<std::string_view> required;  // argument names that must be given
  // Optional arguments with the SQL of their default value ("NULL", "TRUE", "1").
  std::vector<std::pair<std::string_view, std::string_view>> optional;
  std::string_view query;           // the template (DuckDB; also PostgreSQL unless below)
  std::string_view postgres_query;  // the PostgreSQL template; empty: `query`
  std::string_view summary;         // one line for docs and `strata info`

  // The template for `dialect`.
  std::string_view QueryFor(sql::DialectKind dialect) const {
    return dialect == sql::DialectKind::kPostgres && !postgres_query.empty() ? postgres_query
                                                                             : query;
  }
};

// Every built-in audit, sorted by name.
const std::vector<BuiltInAudit>& BuiltInAudits();

// The built-in audit called `name` (lower-case, with or without `_non_blocking`), or nullptr.
const BuiltInAudit* FindBuiltInAudit(std::string_view name);

// `name` without a trailing `_non_blocking`; sets `*non_blocking` when it had one.
std::string_view StripNonBlocking(std::string_view name, bool* non_blocking);

}  // namespace strata::project
