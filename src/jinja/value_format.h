// How Python prints values: str() (what `{{ x }}` outputs) and repr() (what a list shows of its
// items), including Python's shortest round-trip float repr (`1.0`, `1e+20`, `1e-05`).
#pragma once

#include <string>
#include <string_view>

#include "jinja/value.h"

namespace strata::jinja {

// Python's str(x). An undefined value prints as the empty string.
std::string Str(const Value& value);
// Appends str(x) to `out` (the renderer's hot path: no temporary for strings).
void AppendStr(const Value& value, std::string* out);
// Python's repr(x).
std::string Repr(const Value& value);
// repr() of a float: the shortest digits that round-trip, fixed notation for exponents in
// [-5, 16), else scientific with a two-digit exponent; integral values end in ".0".
std::string FloatRepr(double value);
// repr() of a string: single quotes unless it holds a ' and no ", escapes as Python does.
std::string StringRepr(std::string_view text);

}  // namespace strata::jinja
