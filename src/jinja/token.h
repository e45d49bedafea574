// The tokens of a Jinja template: text outside tags, the tag delimiters, and the expression
// tokens inside tags (names, literals, operators).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::jinja {

enum class TokenType : uint8_t {
  kData,  // template text (also the text of a raw block)
  kVariableBegin,
  kVariableEnd,
  kBlockBegin,
  kBlockEnd,
  kName,
  kString,
  kInteger,
  kFloat,
  // operators
  kAdd,
  kSub,
  kMul,
  kDiv,
  kFloorDiv,
  kMod,
  kPow,
  kTilde,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAssign,
  kDot,
  kColon,
  kPipe,
  kComma,
  kSemicolon,
  kEof,
};

// How a token type is described in "expected …" messages ("'('", "end of print statement").
std::string_view TokenTypeDescription(TokenType type);

struct Token {
  TokenType type = TokenType::kEof;
  uint32_t offset = 0;  // byte offset in the (newline-normalized) source
  std::string text;     // names and data: the text; strings: the unescaped value
  int64_t int_value = 0;
  double float_value = 0;
  bool integer_overflow = false;  // an integer literal beyond 64 bits
};

}  // namespace strata::jinja
