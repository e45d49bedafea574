// Binding call arguments to a Python-style signature, for built-in filters, tests, functions
// and methods: `BindArguments("join", args, {"d", "attribute"}, 0)`.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jinja/value.h"

namespace strata::jinja {

// Binds `args` to `params` (positionally, then by keyword); the first `required` params must be
// given. Returns one entry per param, nullopt for those not given. Fails, with Python's
// message, for too many arguments, an unknown or repeated keyword, or a missing required one.
Result<std::vector<std::optional<Value>>> BindArguments(
    std::string_view function, const Arguments& args,
    std::initializer_list<std::string_view> params, size_t required = 0);

// The integer value of an int/bool argument, else an error naming `what`.
Result<int64_t> IntArgument(const Value& value, std::string_view what);
// The string value of a str argument, else an error naming `what`.
Result<std::string> StringArgument(const Value& value, std::string_view what);

}  // namespace strata::jinja
