// How many terminal columns text takes, for aligning tables.
#pragma once

#include <cstddef>
#include <string_view>

namespace strata::cli {

// The number of terminal columns `utf8` occupies: one per code point, two for East Asian wide
// and fullwidth characters and most emoji, none for combining marks and zero-width characters.
// Invalid bytes count one column each. Thread-safe.
size_t DisplayWidth(std::string_view utf8);

}  // namespace strata::cli
