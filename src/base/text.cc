// Text utilities: byte-level loops with no locale, so results are the same on every machine.
#include "base/text.h"

#include <algorithm>
#include <cstdint>

namespace strata {

std::string_view TrimLeft(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && IsAsciiSpace(text[begin])) {
    ++begin;
  }
  return text.substr(begin);
}

std::string_view TrimRight(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && IsAsciiSpace(text[end - 1])) {
    --end;
  }
  return text.substr(0, end);
}

std::string_view Trim(std::string_view text) { return TrimRight(TrimLeft(text)); }

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    if (end == std::string_view::npos) {
      pieces.push_back(text.substr(begin));
      return pieces;
    }
    pieces.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> pieces;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsAsciiSpace(text[i])) {
      ++i;
    }
    const size_t begin = i;
    while (i < text.size() && !IsAsciiSpace(text[i])) {
      ++i;
    }
    if (i > begin) {
      pieces.push_back(text.substr(begin, i - begin));
    }
  }
  return pieces;
}

namespace {

template <typename Piece>
std::string JoinPieces(const std::vector<Piece>& pieces, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += pieces[i];
  }
  return out;
}

}  // namespace

std::string Join(const std::vector<std::string>& pieces, std::string_view separator) {
  return JoinPieces(pieces, separator);
}

std::string Join(const std::vector<std::string_view>& pieces, std::string_view separator) {
  return JoinPieces(pieces, separator);
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = ToLowerAscii(c);
  }
  return out;
}

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = ToUpperAscii(c);
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) {
      return false;
    }
  }
  return true;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) {
    std::swap(a, b);
  }
  // One row of the dynamic-programming table over the shorter string.
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

size_t TypoDistance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table: two back, for transpositions.
  std::vector<size_t> before(b.size() + 1);
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

void NearestNameFinder::Consider(std::string_view candidate) {
  const std::string lowered = ToLower(candidate);
  if (lowered == name_) {
    return;
  }
  const size_t longer = std::max(lowered.size(), name_.size());
  const size_t limit = std::max<size_t>(1, longer / 3);
  const size_t distance = TypoDistance(name_, lowered);
  if (distance > limit || distance >= longer) {
    return;
  }
  if (best_.empty() || distance < best_distance_) {
    best_ = std::string(candidate);
    best_distance_ = distance;
  }
}

std::string NearestName(std::string_view name, std::initializer_list<std::string_view> candidates) {
  NearestNameFinder finder(name);
  for (std::string_view candidate : candidates) {
    finder.Consider(candidate);
  }
  return finder.best();
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto byte = static_cast<uint8_t>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    uint32_t minimum = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code_point = byte & 0x1F;
      minimum = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code_point = byte & 0x0F;
      minimum = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code_point = byte & 0x07;
      minimum = 0x10000;
    } else {
      return i;  // a continuation byte where a sequence should start, or 0xF8..0xFF
    }
    if (n - i < length) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<uint8_t>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) {
        return i;
      }
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

std::string QuoteSqlString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    if (c == '\'') {
      out += '\'';
    }
    out += c;
  }
  out += '\'';
  return out;
}

std::string QuoteSqlIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

}  // namespace strata
