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
  // Pretty mode only: write back the comments the parser attached to nodes (Node::comments):
  // those of select items, clauses and CTEs on their own lines above them, any other node's in
  // line before it (a line comment ends its line). This is how `strata format` keeps comments.
  bool comments = false;
};

// Returns SQL for `node` (a statement, query or expression). Fails with Unsupported naming the
// construct when the dialect cannot express it. Thread-safe.
Result<std::string> Generate(const Node* node, const GenerateOptions& options = {});

// Returns the statements joined as "stmt;\n" (pretty: separated by blank lines).
Result<std::string> GenerateScript(std::span<Node* const> statements,
                                   const GenerateOptions& options = {});

// Formats a parsed script (the `strata format` style): each statement pretty-printed with
// comments (GenerateOptions::comments) and followed by ";", statements separated by a blank
// line, the comments that preceded each statement kept above it and those after the last one at
// the end. Formatting the result again gives the same text.
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
