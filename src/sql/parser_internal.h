// Helpers shared by the parser's source files; not part of the public API.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "sql/ast.h"
#include "sql/parser.h"

namespace strata::sql {

// A kIdentifier from a "quoted" token: unescapes "" and sets kQuoted when case matters.
Node* MakeQuotedIdentifier(Arena* arena, std::string_view quoted, Span span);

// Counts nesting for the duration of a parse function; Check() fails past the limit so deeply
// nested input is an error instead of a stack overflow.
class DepthGuard {
 public:
  explicit DepthGuard(Parser* parser) : parser_(parser) { ++parser_->depth_; }
  ~DepthGuard() { --parser_->depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Status Check() const {
    if (parser_->depth_ <= parser_->options_.max_depth) {
      return Status::OK();
    }
    return parser_->Expected("less deeply nested input (nesting limit " +
                             std::to_string(parser_->options_.max_depth) + " reached)");
  }

 private:
  Parser* parser_;
};

// True for words that name a type and so may start a typed literal: DATE '2020-01-01'.
bool IsTypedLiteralType(std::string_view word);

// `text` with ASCII letters upper-cased.
inline std::string UpperCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// True for interval unit words: DAY, days, HOUR, ...
bool IsIntervalUnit(std::string_view word);

}  // namespace strata::sql
