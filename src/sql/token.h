// Tokens of SQL text: the unit the tokenizer produces and the parser consumes. A token is a
// kind plus a span into the source text; its text is never copied. Comments are not tokens:
// they are attached to the token that follows them, so a formatter can put them back.
#pragma once

#include <cstdint>
#include <string_view>

#include "sql/keywords.h"

namespace strata::sql {

// Where a token or node is in its source: byte offset and length, and 1-based line and column
// (the column counts code points, as SourceLocation does). Zero line means "synthesized".
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class TokenKind : uint8_t {
  kEof,
  kWord,              // an unquoted identifier or keyword: select, my_table, Ünïcode
  kQuotedIdentifier,  // "My ""quoted"" name"
  kString,            // 'it''s'
  kEscapeString,      // E'line\n'
  kDollarString,      // $$text$$ or $tag$text$tag$
  kBitString,         // B'0101' or X'FF'
  kNumber,            // 42, 3.14, .5, 1e-3, 0x1F, 1_000
  kParameter,         // ?, $1, :name
  kMacroVariable,     // @name (a following "(" makes it a macro call)
  kMacroBrace,        // @{name}
  kOperator,          // + - * / % :: -> ->> || @> <@ && ** // != <> <= >= ... (text says which)
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kComma,
  kDot,
  kSemicolon,
  kColon,
};

// One token. `comment_begin`/`comment_count` index the comments that precede it in
// TokenStream::comments.
struct Token {
  TokenKind kind = TokenKind::kEof;
  // True when whitespace or a comment separates this token from the one before it.
  bool space_before = false;
  Keyword keyword = Keyword::kNone;  // for kWord: the keyword it spells, if any
  Span span;
  uint32_t comment_begin = 0;
  uint32_t comment_count = 0;
};

// Returns a short human name of `kind` for error messages, e.g. "string literal".
std::string_view TokenKindName(TokenKind kind);

}  // namespace strata::sql
