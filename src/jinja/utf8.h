// UTF-8 helpers for Python's string semantics, where lengths, indexes and slices count code
// points. Invalid UTF-8 bytes count as one code point each (they never make a function fail).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata::jinja {

// Decodes the code point at `text[*pos]` and advances `*pos` past it. REQUIRES: *pos < size.
uint32_t DecodeUtf8(std::string_view text, size_t* pos);
// Appends the UTF-8 encoding of `code_point`.
void AppendUtf8(uint32_t code_point, std::string* out);
// The number of code points of `text`.
size_t CodePointCount(std::string_view text);
// Whether `text` is all ASCII (then byte offsets are code point offsets).
bool IsAscii(std::string_view text);
// The byte offset of each code point of `text`, plus text.size() at the end.
std::vector<size_t> CodePointOffsets(std::string_view text);

}  // namespace strata::jinja

namespace strata::jinja {

// Python's str.lower() / str.upper() for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
// (upper("ß") is "SS"); other code points are unchanged.
std::string UnicodeLower(std::string_view text);
std::string UnicodeUpper(std::string_view text);
// Whether a code point is a cased letter in the ranges above (lower or upper case).
bool IsLowerCodePoint(uint32_t cp);
bool IsUpperCodePoint(uint32_t cp);
uint32_t LowerCodePoint(uint32_t cp);
uint32_t UpperCodePoint(uint32_t cp);

}  // namespace strata::jinja

namespace strata::jinja {

// Python's str.capitalize(), str.title(), str.swapcase(), str.islower(), str.isupper() with the
// case mapping above. `word_start` decides where Jinja's title filter starts a word; nullptr
// uses Python's rule (a letter after a non-letter).
std::string UnicodeCapitalize(std::string_view text);
std::string UnicodeTitle(std::string_view text, bool (*word_break)(uint32_t) = nullptr);
std::string UnicodeSwapCase(std::string_view text);
bool UnicodeIsLower(std::string_view text);
bool UnicodeIsUpper(std::string_view text);

}  // namespace strata::jinja
