// Decimal text of 128-bit integers: digits are produced from the magnitude held unsigned, so the
// minimum signed value needs no special case.
#include "engine/int128.h"

#include <algorithm>
#include <cassert>

namespace strata::engine {

std::string UInt128ToString(UInt128 v) {
  if (v == 0) {
    return "0";
  }
  std::string digits;
  while (v != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

namespace {

UInt128 Magnitude(Int128 v) {
  // Negate in unsigned arithmetic: well defined for the minimum value too.
  return v < 0 ? UInt128{0} - static_cast<UInt128>(v) : static_cast<UInt128>(v);
}

}  // namespace

std::string Int128ToString(Int128 v) {
  std::string magnitude = UInt128ToString(Magnitude(v));
  return v < 0 ? "-" + magnitude : magnitude;
}

std::string DecimalToString(Int128 unscaled, int scale) {
  assert(scale >= 0 && scale <= 38);
  std::string digits = UInt128ToString(Magnitude(unscaled));
  std::string out = unscaled < 0 ? "-" : "";
  if (scale == 0) {
    return out + digits;
  }
  const size_t frac = static_cast<size_t>(scale);
  if (digits.size() <= frac) {
    digits.insert(0, frac + 1 - digits.size(), '0');
  }
  out.append(digits, 0, digits.size() - frac);
  out.push_back('.');
  out.append(digits, digits.size() - frac, frac);
  return out;
}

}  // namespace strata::engine
