// The SQL generator: AST → SQL text in a dialect, compact (one line) or pretty (the `format`
// style: one clause per line, items indented). One exhaustive switch over node kinds.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace strata::sql {

struct GenerateOptions {
  DialectKind dialect = DialectKind::kDuckDb;
  bool pretty = false;
};

// Returns SQL for `node` (a statement, query or expression). Fails with Unsupported naming the
// construct when the dialect cannot express it. Thread-safe.
Result<std::string> Generate(const Node* node, const GenerateOptions& options = {});

// Returns the statements joined as "stmt;\n" (pretty: separated by blank lines).
Result<std::string> GenerateScript(std::span<Node* const> statements,
                                   const GenerateOptions& options = {});

// Formats a parsed script (the `strata format` style): each statement pretty-printed and
// followed by ";", statements separated by a blank line, and the comments that preceded each
// statement kept above it, and the comments on select items, clauses (FROM, WHERE, GROUP BY,
// HAVING, QUALIFY, ORDER BY, LIMIT) and CTEs kept above them. Other comments inside a statement
// (within an expression) are dropped.
Result<std::string> FormatScript(const ParsedScript& script, DialectKind dialect);

// `name` as an identifier: bare when it can be, else double-quoted with quotes doubled.
// `case_sensitive` (the kQuoted flag) forces quotes when `name` has upper-case letters.
std::string FormatIdentifier(std::string_view name, bool case_sensitive);

// `name` where any keyword is a plain name (after AS or a dot): as FormatIdentifier, but a
// keyword stays bare.
std::string FormatLabel(std::string_view name, bool case_sensitive);

// `value` as a single-quoted string literal with quotes doubled.
std::string FormatString(std::string_view value);

}  // namespace strata::sql
