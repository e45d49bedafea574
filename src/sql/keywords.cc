// Keyword tables: spelling, lookup, and the reserved / alias-blocking sets.
#include "sql/keywords.h"

#include <array>
#include <cctype>
#include <string>
#include <unordered_map>

namespace strata::sql {

namespace {

constexpr std::string_view kSpellings[] = {"",
#define STRATA_SQL_KEYWORD_TEXT(name) #name,
                                           STRATA_SQL_KEYWORDS(STRATA_SQL_KEYWORD_TEXT)
#undef STRATA_SQL_KEYWORD_TEXT
};

constexpr size_t kMaxKeywordLength = 16;

const std::unordered_map<std::string_view, Keyword>& KeywordMap() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, Keyword>();
    for (size_t i = 1; i < std::size(kSpellings); ++i) {
      (*m)[kSpellings[i]] = static_cast<Keyword>(i);
    }
    return m;
  }();
  return *map;
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
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Keyword LookupKeyword(std::string_view word) {
  if (word.size() < 2 || word.size() > kMaxKeywordLength) {
    return Keyword::kNone;
  }
  char upper[kMaxKeywordLength];
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) {
      return Keyword::kNone;
    }
    upper[i] = static_cast<char>(std::toupper(c));
  }
  const auto& map = KeywordMap();
  auto it = map.find(std::string_view(upper, word.size()));
  return it == map.end() ? Keyword::kNone : it->second;
}

std::string_view KeywordText(Keyword keyword) { return kSpellings[static_cast<size_t>(keyword)]; }

bool IsReservedKeyword(Keyword keyword) { return Reserved()[static_cast<size_t>(keyword)]; }

bool CannotBeBareName(Keyword keyword) { return NotBareNames()[static_cast<size_t>(keyword)]; }

bool BlocksImplicitAlias(Keyword keyword) { return AliasBlockers()[static_cast<size_t>(keyword)]; }

}  // namespace strata::sql
