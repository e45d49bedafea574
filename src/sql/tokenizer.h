// The one SQL lexer of strata: turns text into tokens for the DuckDB and PostgreSQL dialects
// (and the `@` macro forms of the model language). Used by the SQL parser and by the MODEL
// header parser alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/token.h"

namespace strata::sql {

// A comment found in the source, with its span; text includes the delimiters.
struct Comment {
  Span span;
};

// The tokens of one source text. Views into `source`, which must outlive it.
struct TokenStream {
  std::string_view source;
  std::vector<Token> tokens;  // always ends with a kEof token
  std::vector<Comment> comments;

  // The source text of `token`.
  std::string_view Text(const Token& token) const {
    return source.substr(token.span.offset, token.span.length);
  }
  std::string_view Text(const Comment& comment) const {
    return source.substr(comment.span.offset, comment.span.length);
  }
};

// Splits `source` into tokens. Fails with a ParseError carrying the location (file `file_name`)
// of an unterminated string, quoted identifier, dollar-quoted string or block comment, or of
// a character that starts no token. Thread-safe (pure function).
Result<TokenStream> Tokenize(std::string_view source, std::string_view file_name = "<sql>");

// Returns the full text of the line containing byte `offset` of `source` (without newline).
std::string_view LineAt(std::string_view source, uint32_t offset);

// A ParseError at `span` of `source`, with the line text for a caret.
Status ErrorAt(std::string_view source, std::string_view file_name, const Span& span,
               std::string message);

}  // namespace strata::sql
