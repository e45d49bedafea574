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
