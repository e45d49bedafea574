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

namespace strata::jinja {

uint32_t LowerCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  }
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
    return cp + 0x20;
  }
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
    return cp | 1;
  }
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return (cp & 1) != 0 ? cp + 1 : cp;
  }
  if (cp == 0x178) {
    return 0xFF;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {
    return cp + 0x20;
  }
  if (cp >= 0x410 && cp <= 0x42F) {
    return cp + 0x20;
  }
  if (cp >= 0x400 && cp <= 0x40F) {
    return cp + 0x50;
  }
  return cp;
}

uint32_t UpperCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  }
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) {
    return cp - 0x20;
  }
  if (cp == 0xFF) {
    return 0x178;
  }
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
    return cp & ~1u;
  }
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return (cp & 1) == 0 ? cp - 1 : cp;
  }
  if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) {
    return cp - 0x20;
  }
  if (cp == 0x3C2) {
    return 0x3A3;  // final sigma
  }
  if (cp >= 0x430 && cp <= 0x44F) {
    return cp - 0x20;
  }
  if (cp >= 0x450 && cp <= 0x45F) {
    return cp - 0x50;
  }
  return cp;
}

bool IsLowerCodePoint(uint32_t cp) { return UpperCodePoint(cp) != cp || cp == 0xDF; }

bool IsUpperCodePoint(uint32_t cp) { return LowerCodePoint(cp) != cp; }

namespace {

template <typename Map>
std::string MapCase(std::string_view text, Map map, bool upper) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(map(c)));
      ++pos;
      continue;
    }
    size_t start = pos;
    uint32_t cp = DecodeUtf8(text, &pos);
    if (upper && cp == 0xDF) {
      out.append("SS");
    } else if (pos - start == 1) {
      out.push_back(text[start]);  // an invalid byte stays as it is
    } else {
      AppendUtf8(map(cp), &out);
    }
  }
  return out;
}

}  // namespace

std::string UnicodeLower(std::string_view text) { return MapCase(text, LowerCodePoint, false); }

std::string UnicodeUpper(std::string_view text) { return MapCase(text, UpperCodePoint, true); }

}  // namespace strata::jinja

namespace strata::jinja {

std::string UnicodeCapitalize(std::string_view text) {
  if (text.empty()) {
    return "";
  }
  size_t pos = 0;
  DecodeUtf8(text, &pos);
  return UnicodeUpper(text.substr(0, pos)) + UnicodeLower(text.substr(pos));
}

std::string UnicodeTitle(std::string_view text, bool (*word_break)(uint32_t)) {
  std::string out;
  bool previous_cased = false;
  bool at_start = true;
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    uint32_t cp = DecodeUtf8(text, &pos);
    std::string_view piece = text.substr(start, pos - start);
    if (word_break != nullptr) {
      // Jinja's title filter: the first character of each word goes up, the rest down.
      if (word_break(cp)) {
        out.append(piece);
        at_start = true;
      } else {
        out.append(at_start ? UnicodeUpper(piece) : UnicodeLower(piece));
        at_start = false;
      }
      continue;
    }
    bool cased = IsLowerCodePoint(cp) || IsUpperCodePoint(cp);
    out.append(!cased           ? std::string(piece)
               : previous_cased ? UnicodeLower(piece)
                                : UnicodeUpper(piece));
    previous_cased = cased;
  }
  return out;
}

std::string UnicodeSwapCase(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    uint32_t cp = DecodeUtf8(text, &pos);
    std::string_view piece = text.substr(start, pos - start);
    out.append(IsUpperCodePoint(cp)   ? UnicodeLower(piece)
               : IsLowerCodePoint(cp) ? UnicodeUpper(piece)
                                      : std::string(piece));
  }
  return out;
}

bool UnicodeIsLower(std::string_view text) {
  bool cased = false;
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = DecodeUtf8(text, &pos);
    if (IsUpperCodePoint(cp)) {
      return false;
    }
    cased = cased || IsLowerCodePoint(cp);
  }
  return cased;
}

bool UnicodeIsUpper(std::string_view text) {
  bool cased = false;
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = DecodeUtf8(text, &pos);
    if (IsLowerCodePoint(cp)) {
      return false;
    }
    cased = cased || IsUpperCodePoint(cp);
  }
  return cased;
}

}  // namespace strata::jinja
