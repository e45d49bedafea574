// 128-bit integers (HUGEINT, UHUGEINT, DECIMAL storage, UUID) under names that compile cleanly with
// -Wpedantic, and their decimal text.
#pragma once

#include <string>

namespace strata::engine {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// The decimal digits of `v`, with a leading '-' when negative (the full range, including the
// minimum value).
std::string Int128ToString(Int128 v);
std::string UInt128ToString(UInt128 v);

// `unscaled` / 10^scale printed with exactly `scale` digits after the point (no point when scale
// is 0): 12340 with scale 3 is "12.340", -5 with scale 2 is "-0.05". REQUIRES: scale <= 38.
std::string DecimalToString(Int128 unscaled, int scale);

}  // namespace strata::engine
