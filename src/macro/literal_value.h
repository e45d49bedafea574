// LiteralValue: a small typed value that the macro layer substitutes into SQL, such as the value
// of a time variable (`@start_ds`, `@end_dt`, `@execution_epoch`). It keeps its kind and its text
// so that the macro evaluator can build the right AST literal, and renders a dialect-neutral SQL
// literal for the cases that need plain text.
#pragma once

#include <string>
#include <string_view>

namespace strata {

enum class LiteralKind {
  kString,       // a character string: '2020-01-31'
  kDate,         // DATE '2020-01-31'
  kTimestamp,    // TIMESTAMP '2020-01-31 00:00:00' (no time zone; strata's times are UTC)
  kTimestampTz,  // TIMESTAMP WITH TIME ZONE '2020-01-31 00:00:00+00:00'
  kInteger,      // 1580515199999
  kFloat,        // 1580428800.0
};

// The lower-case name of a kind: "string", "date", "timestamp", "timestamptz", "integer",
// "float".
std::string_view LiteralKindName(LiteralKind kind);

struct LiteralValue {
  LiteralKind kind = LiteralKind::kString;
  // The value's text without quotes or type keyword: "2020-01-31", "2020-01-31 23:59:59.999999",
  // "1580428800.0", "23".
  std::string text;

  // The value as dialect-neutral SQL (standard typed literals, which DuckDB and PostgreSQL both
  // read): a string in single quotes with embedded quotes doubled, DATE '…', TIMESTAMP '…',
  // TIMESTAMP WITH TIME ZONE '…', and numbers as their text. Dialect-specific spellings are the
  // SQL generator's business once the value is in an AST.
  std::string SqlLiteral() const;

  bool operator==(const LiteralValue&) const = default;
};

}  // namespace strata
