// Small text utilities shared by every layer: ASCII trimming and case mapping, splitting and
// joining, edit distance and "did you mean" suggestions, UTF-8 validation and SQL string quoting.
// Everything here is ASCII-only unless a function says otherwise; no locale is consulted.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Whether `c` is an ASCII space, tab, newline, carriage return, vertical tab or form feed.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr char ToUpperAscii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// `text` without leading and trailing ASCII whitespace (a view into `text`).
std::string_view Trim(std::string_view text);
std::string_view TrimLeft(std::string_view text);
std::string_view TrimRight(std::string_view text);

// The pieces of `text` between occurrences of `separator`, as views into `text`. Empty pieces are
// kept ("a,,b" -> "a", "", "b"); an empty `text` gives one empty piece.
std::vector<std::string_view> Split(std::string_view text, char separator);
// The maximal runs of non-whitespace characters of `text` (no empty pieces; "" gives none).
std::vector<std::string_view> SplitWhitespace(std::string_view text);

// The pieces joined with `separator` between them.
std::string Join(const std::vector<std::string>& pieces, std::string_view separator);
std::string Join(const std::vector<std::string_view>& pieces, std::string_view separator);

// ASCII case mapping; bytes outside A-Z / a-z (including UTF-8 sequences) are unchanged.
std::string ToLower(std::string_view text);
std::string ToUpper(std::string_view text);
// Whether `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The Levenshtein distance between `a` and `b` (insertions, deletions and substitutions of bytes,
// each costing 1). Uses O(min(|a|, |b|)) memory.
size_t EditDistance(std::string_view a, std::string_view b);
// Like EditDistance, but swapping two adjacent bytes also costs 1 (the "optimal string
// alignment" distance), which matches how people mistype: TypoDistance("onwer", "owner") == 1.
size_t TypoDistance(std::string_view a, std::string_view b);

// Picks the candidate closest to a misspelled name, for "did you mean ...?" hints. Comparison
// ignores ASCII case. A candidate qualifies when its TypoDistance to the name is at most
// max(1, longer length / 3) and smaller than the longer length (so "x" never suggests "y");
// the closest wins, ties go to the first considered. Candidates equal to the name (ignoring case)
// are skipped: suggesting the name itself helps nobody.
class NearestNameFinder {
 public:
  explicit NearestNameFinder(std::string_view name) : name_(ToLower(name)) {}
  void Consider(std::string_view candidate);
  // The best candidate so far, as given to Consider; empty when none qualifies.
  const std::string& best() const { return best_; }

 private:
  std::string name_;
  std::string best_;
  size_t best_distance_ = 0;
};

// The candidate closest to `name` (see NearestNameFinder); empty when nothing is close enough.
// `candidates` is any range of things convertible to std::string_view.
template <typename Range>
std::string NearestName(std::string_view name, const Range& candidates) {
  NearestNameFinder finder(name);
  for (const auto& candidate : candidates) {
    finder.Consider(std::string_view(candidate));
  }
  return finder.best();
}
std::string NearestName(std::string_view name, std::initializer_list<std::string_view> candidates);

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);
// The byte offset of the first byte that is not part of well-formed UTF-8, or npos when none.
size_t FindInvalidUtf8(std::string_view text);

// `text` as an SQL string literal: wrapped in single quotes, with each ' doubled.
// QuoteSqlString("it's") == "'it''s'".
std::string QuoteSqlString(std::string_view text);

// `name` as a double-quoted SQL identifier, with each " doubled: QuoteSqlIdentifier("a\"b") ==
// "\"a\"\"b\"".
std::string QuoteSqlIdentifier(std::string_view name);

}  // namespace strata
