// UTF-8 decoding and encoding for the string methods of the value model.
#include "jinja/utf8.h"

namespace strata::jinja {

uint32_t DecodeUtf8(std::string_view text, size_t* pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t i = *pos;
  unsigned char lead = byte(i);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length <= 1 || i + static_cast<size_t>(length) > text.size()) {
    *pos = i + 1;
    return lead;
  }
  uint32_t cp = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned char c = byte(i + static_cast<size_t>(k));
    if ((c & 0xC0) != 0x80) {
      *pos = i + 1;
      return lead;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *pos = i + static_cast<size_t>(length);
  return cp;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | ((cp >> 18) & 0x07)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

size_t CodePointCount(std::string_view text) {
  if (IsAscii(text)) {
    return text.size();
  }
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    DecodeUtf8(text, &pos);
  }
  return count;
}

std::vector<size_t> CodePointOffsets(std::string_view text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t pos = 0; pos < text.size();) {
    offsets.push_back(pos);
    DecodeUtf8(text, &pos);
  }
  offsets.push_back(text.size());
  return offsets;
}

}  // namespace strata::jinja
