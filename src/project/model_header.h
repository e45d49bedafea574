// The `MODEL ( key value, ... )` and `AUDIT ( ... )` headers of model and audit files, parsed with
// the SQL tokenizer and sql::Parser (one lexer for headers and queries). This is the syntactic
// layer: it yields properties with their value nodes and spans; model.h gives them meaning.
//
// Value syntax: any SQL expression (strings, numbers, booleans, names, [arrays], (tuples),
// `k = v` pairs, function calls with `name := value` arguments), and these special forms:
//   kind NAME [( param value, ... )]          value: kIdentifier NAME; nested: the parameters
//   columns (a INT, b DECIMAL(10, 2))         value: kList of kColumnDef (top level only)
//   csv_settings (delimiter ';', ...)         nested properties
//   when_matched WHEN MATCHED [AND c] THEN …  value: kList of kMergeWhen (one or more clauses)
//   columns *                                 value: kStar (SCD_TYPE_2_BY_COLUMN)
// A trailing comma before ')' is allowed, as SQLMesh allows it.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "sql/tokenizer.h"

namespace strata::project {

struct HeaderProperty {
  std::string_view name;             // as written (compare case-insensitively)
  sql::Span name_span;               // of the name token
  const sql::Node* value = nullptr;  // see the file comment; nullptr for csv_settings
  std::vector<HeaderProperty> nested;
  bool has_nested = false;  // a parenthesized parameter list followed (kind, csv_settings)
  size_t first_token = 0;   // token index of the name, and one past the value's last token
  size_t end_token = 0;
};

struct Header {
  std::string_view keyword;  // "MODEL" or "AUDIT" as written
  sql::Span span;            // of the keyword
  std::vector<HeaderProperty> properties;
  size_t first_token = 0;  // the keyword's index
  size_t end_token = 0;    // one past the closing ')'
};

// Whether the parser's next tokens are `keyword (` (keyword compared case-insensitively).
bool AtHeader(const sql::Parser& parser, std::string_view keyword);

// Parses `KEYWORD ( properties )` at the parser's position and leaves it after the ')'. Nodes go
// into the parser's arena. Fails with a ParseError (file, line, column, caret) at the first
// syntax error; REQUIRES: AtHeader(parser, keyword).
Result<Header> ParseHeader(sql::Parser& parser, const sql::TokenStream& tokens,
                           std::string_view file, sql::Arena* arena);

// The property called `name` (case-insensitive) among `properties`, or nullptr.
const HeaderProperty* FindProperty(const std::vector<HeaderProperty>& properties,
                                   std::string_view name);

}  // namespace strata::project
