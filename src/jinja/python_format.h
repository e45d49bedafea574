// Python's two string-formatting languages as Jinja templates use them: printf-style
// (`"%5.2f" % x`, the `format` filter) and str.format (`"{:>8}".format(x)`), with Python's
// rendering of each conversion.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "jinja/value.h"

namespace strata::jinja {

// `format % args`: a tuple supplies positional arguments, a dict `%(name)s` ones, any other value
// is the single argument. Errors are Python's (not enough arguments, bad conversion type, …).
Result<Value> PercentFormat(const std::string& format, const Value& args);
// `format.format(*args, **kwargs)`, with auto/manual field numbering, `.attr`/`[key]` lookups,
// `!r`/`!s` conversions and the format-spec mini-language for str, int and float.
Result<Value> StrFormat(const std::string& format, const Arguments& args);
// format(value, spec): the format-spec mini-language.
Result<std::string> FormatWithSpec(const Value& value, std::string_view spec);

}  // namespace strata::jinja
