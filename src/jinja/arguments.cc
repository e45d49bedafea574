// Argument binding for built-ins.
#include "jinja/arguments.h"

#include <string>

namespace strata::jinja {

Result<std::vector<std::optional<Value>>> BindArguments(
    std::string_view function, const Arguments& args,
    std::initializer_list<std::string_view> params, size_t required) {
  std::vector<std::optional<Value>> bound(params.size());
  std::string name(function);
  if (args.positional.size() > params.size()) {
    return Status::InvalidArgument(name + "() takes at most " + std::to_string(params.size()) +
                                   " argument(s) (" + std::to_string(args.positional.size()) +
                                   " given)");
  }
  for (size_t i = 0; i < args.positional.size(); ++i) {
    bound[i] = args.positional[i];
  }
  for (const auto& [key, value] : args.keyword) {
    size_t index = 0;
    bool found = false;
    for (std::string_view param : params) {
      if (param == key) {
        found = true;
        break;
      }
      ++index;
    }
    if (!found) {
      return Status::InvalidArgument(name + "() got an unexpected keyword argument '" + key + "'");
    }
    if (bound[index]) {
      return Status::InvalidArgument(name + "() got multiple values for argument '" + key + "'");
    }
    bound[index] = value;
  }
  size_t index = 0;
  for (std::string_view param : params) {
    if (index < required && !bound[index]) {
      return Status::InvalidArgument(name + "() missing required argument '" + std::string(param) +
                                     "'");
    }
    ++index;
  }
  return bound;
}

Result<int64_t> IntArgument(const Value& value, std::string_view what) {
  if (!value.is_integral()) {
    return Status::InvalidArgument(std::string(what) + " must be an integer, not " +
                                   value.TypeName());
  }
  return value.as_int();
}

Result<std::string> StringArgument(const Value& value, std::string_view what) {
  if (!value.is_string()) {
    return Status::InvalidArgument(std::string(what) + " must be a string, not " +
                                   value.TypeName());
  }
  return value.as_string();
}

}  // namespace strata::jinja
