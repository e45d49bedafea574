// Keyword tables: spelling, lookup, and the reserved / alias-blocking sets.
#include "sql/keywords.h"

#include <array>
#include <cctype>
#include <string>

namespace strata::sql {

namespace {

constexpr std::string_view kSpellings[] = {"",
#define STRATA_SQL_KEYWORD_TEXT(name) #name,
                                           STRATA_SQL_KEYWORDS(STRATA_SQL_KEYWORD_TEXT)
#undef STRATA_SQL_KEYWORD_TEXT
};

constexpr size_t kMaxKeywordLength = 16;

char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Keyword lookup is on the tokenizer's hot path: an open-addressing table keyed by an FNV-1a
// hash of the upper-cased word, built once.
constexpr size_t kTableSize = 1024;  // power of two, > 4x the keyword count

uint32_t HashUpper(std::string_view word) {
  uint32_t hash = 2166136261u;
  for (char c : word) {
    hash ^= static_cast<unsigned char>(AsciiUpper(c));
    hash *= 16777619u;
  }
  return hash;
}

const std::array<uint16_t, kTableSize>& KeywordTable() {
  static const std::array<uint16_t, kTableSize> table = [] {
    std::array<uint16_t, kTableSize> t{};
    for (size_t i = 1; i < std::size(kSpellings); ++i) {
      size_t slot = HashUpper(kSpellings[i]) & (kTableSize - 1);
      while (t[slot] != 0) {
        slot = (slot + 1) & (kTableSize - 1);
      }
      t[slot] = static_cast<uint16_t>(i);
    }
    return t;
  }();
  return table;
}

using KeywordSet = std::array<bool, static_cast<size_t>(Keyword::kCount)>;

KeywordSet MakeSet(std::initializer_list<Keyword> keywords) {
  KeywordSet set{};
  for (Keyword k : keywords) {
    set[static_cast<size_t>(k)] = true;
  }
  return set;
}

const KeywordSet& Reserved() {
  using K = Keyword;
  static const KeywordSet set = MakeSet({
      K::kALL,      K::kANALYZE,    K::kAND,      K::kANY,       K::kARRAY,      K::kAS,
      K::kASC,      K::kBOTH,       K::kCASE,     K::kCAST,      K::kCHECK,      K::kCOLLATE,
      K::kCOLUMN,   K::kCONSTRAINT, K::kCREATE,   K::kDEFAULT,   K::kDESC,       K::kDESCRIBE,
      K::kDISTINCT, K::kDO,         K::kELSE,     K::kEND,       K::kEXCEPT,     K::kFALSE,
      K::kFETCH,    K::kFOR,        K::kFOREIGN,  K::kFROM,      K::kGROUP,      K::kHAVING,
      K::kIN,       K::kINTERSECT,  K::kINTO,     K::kLATERAL,   K::kLEADING,    K::kLIMIT,
      K::kNOT,      K::kNULL,       K::kOFFSET,   K::kON,        K::kONLY,       K::kOR,
      K::kORDER,    K::kPIVOT,      K::kPRIMARY,  K::kQUALIFY,   K::kREFERENCES, K::kRETURNING,
      K::kSELECT,   K::kSHOW,       K::kSOME,     K::kSUMMARIZE, K::kSYMMETRIC,  K::kTABLE,
      K::kTHEN,     K::kTO,         K::kTRAILING, K::kTRUE,      K::kUNION,      K::kUNIQUE,
      K::kUNPIVOT,  K::kUSING,      K::kVARIADIC, K::kWHEN,      K::kWHERE,      K::kWINDOW,
      K::kWITH,     K::kLAMBDA,
  });
  return set;
}

const KeywordSet& NotBareNames() {
  using K = Keyword;
  static const KeywordSet set = [] {
    KeywordSet s = Reserved();
    for (K k : {K::kJOIN,    K::kLEFT,     K::kRIGHT,      K::kINNER,   K::kFULL, K::kCROSS,
                K::kNATURAL, K::kASOF,     K::kPOSITIONAL, K::kSEMI,    K::kANTI, K::kOUTER,
                K::kLIKE,    K::kILIKE,    K::kGLOB,       K::kSIMILAR, K::kIS,   K::kISNULL,
                K::kNOTNULL, K::kOVERLAPS, K::kTRY_CAST}) {
      s[static_cast<size_t>(k)] = true;
    }
    return s;
  }();
  return set;
}

const KeywordSet& AliasBlockers() {
  using K = Keyword;
  static const KeywordSet set = [] {
    KeywordSet s = NotBareNames();
    for (K k : {K::kBETWEEN, K::kOVER, K::kFILTER, K::kWITHIN, K::kIGNORE, K::kRESPECT, K::kNULLS,
                K::kSAMPLE, K::kTABLESAMPLE, K::kESCAPE, K::kAT, K::kEXCLUDE, K::kREPLACE,
                K::kRENAME, K::kSET}) {
      s[static_cast<size_t>(k)] = true;
    }
    return s;
  }();
  return set;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiUpper(a[i]) != AsciiUpper(b[i])) {
      return false;
    }
  }
  return true;
}

Keyword LookupKeyword(std::string_view word) {
  if (word.size() < 2 || word.size() > kMaxKeywordLength) {
    return Keyword::kNone;
  }
  const auto& table = KeywordTable();
  size_t slot = HashUpper(word) & (kTableSize - 1);
  while (uint16_t index = table[slot]) {
    std::string_view spelling = kSpellings[index];
    if (spelling.size() == word.size()) {
      bool same = true;
      for (size_t i = 0; i < word.size() && same; ++i) {
        same = AsciiUpper(word[i]) == spelling[i];
      }
      if (same) {
        return static_cast<Keyword>(index);
      }
    }
    slot = (slot + 1) & (kTableSize - 1);
  }
  return Keyword::kNone;
}

std::string_view KeywordText(Keyword keyword) { return kSpellings[static_cast<size_t>(keyword)]; }

bool IsReservedKeyword(Keyword keyword) { return Reserved()[static_cast<size_t>(keyword)]; }

bool CannotBeBareName(Keyword keyword) { return NotBareNames()[static_cast<size_t>(keyword)]; }

bool BlocksImplicitAlias(Keyword keyword) { return AliasBlockers()[static_cast<size_t>(keyword)]; }

}  // namespace strata::sql
