// The SQL generator: AST → SQL text in a dialect, compact (one line) or pretty (the `format`
// style: one clause per line, items indented). One exhaustive switch over node kinds.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/dialect.h"

namespace strata::sql {

// Comments to put back into generated SQL (how `strata format` keeps them): each comment's text
// with the source offset of the token it preceded (TokenStream attaches comments that way).
// The generator writes a comment before the first node it generates whose span starts at that
// offset, and marks it emitted; comments that no node starts at are left for the caller.
struct SourceComments {
  struct Entry {
    uint32_t token_offset = 0;
    std::string_view text;  // with its delimiters: "-- note" or "/* note */"
    bool emitted = false;
  };
  std::vector<Entry> entries;  // sorted by token_offset
};

struct GenerateOptions {
  DialectKind dialect = DialectKind::kDuckDb;
  bool pretty = false;
  // When set (pretty mode only), comments are written back; entries are marked as emitted.
  SourceComments* comments = nullptr;
};

// Returns SQL for `node` (a statement, query or expression). Fails with Unsupported naming the
// construct when the dialect cannot express it. Thread-safe.
Result<std::string> Generate(const Node* node, const GenerateOptions& options = {});

// Returns the statements joined as "stmt;\n" (pretty: separated by blank lines).
Result<std::string> GenerateScript(std::span<Node* const> statements,
                                   const GenerateOptions& options = {});

// `name` as an identifier: bare when it can be, else double-quoted with quotes doubled.
// `case_sensitive` (the kQuoted flag) forces quotes when `name` has upper-case letters.
std::string FormatIdentifier(std::string_view name, bool case_sensitive);

// `name` where any keyword is a plain name (after AS or a dot): as FormatIdentifier, but a
// keyword stays bare.
std::string FormatLabel(std::string_view name, bool case_sensitive);

// `value` as a single-quoted string literal with quotes doubled.
std::string FormatString(std::string_view value);

}  // namespace strata::sql
