#include "dbt/env_var.h"

#include <cstdlib>

#include <fmt/format.h>

#include "jinja/arguments.h"
#include "jinja/value_format.h"

namespace strata::dbt {

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

void AddEnvVar(jinja::Environment* env, EnvLookup lookup) {
  env->AddFunction(
      "env_var",
      [lookup](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a,
                                jinja::BindArguments("env_var", args, {"var", "default"}, 1));
        STRATA_ASSIGN_OR_RETURN(std::string name, jinja::StringArgument(*a[0], "env_var's name"));
        if (std::optional<std::string> value = lookup(name)) {
          return jinja::Value::String(*value);
        }
        if (a[1]) {
          return jinja::Value::String(jinja::Str(*a[1]));
        }
        return context.Error(fmt::format("Env var required but not provided: '{}'", name))
            .WithHint(fmt::format("set {} in the environment or give env_var a default", name));
      });
}

void AddYamlFilters(jinja::Environment* env) {
  env->AddFilter("as_number",
                 [](jinja::CallContext& context, const jinja::Value& input,
                    jinja::Arguments&) -> Result<jinja::Value> {
                   if (input.is_number()) {
                     return input;
                   }
                   const std::string text = jinja::Str(input);
                   char* end = nullptr;
                   const long long integer = std::strtoll(text.c_str(), &end, 10);
                   if (!text.empty() && *end == '\0') {
                     return jinja::Value::Int(integer);
                   }
                   const double real = std::strtod(text.c_str(), &end);
                   if (!text.empty() && *end == '\0') {
                     return jinja::Value::Float(real);
                   }
                   return context.Error(fmt::format("'{}' is not a number", text));
                 });
  env->AddFilter("as_bool",
                 [](jinja::CallContext&, const jinja::Value& input,
                    jinja::Arguments&) -> Result<jinja::Value> {
                   if (input.is_bool()) {
                     return input;
                   }
                   const std::string text = jinja::Str(input);
                   return jinja::Value::Bool(text == "True" || text == "true" || text == "1");
                 });
  env->AddFilter("as_text",
                 [](jinja::CallContext&, const jinja::Value& input, jinja::Arguments&)
                     -> Result<jinja::Value> { return jinja::Value::String(jinja::Str(input)); });
  env->AddFilter("as_native",
                 [](jinja::CallContext&, const jinja::Value& input,
                    jinja::Arguments&) -> Result<jinja::Value> { return input; });
}

}  // namespace strata::dbt
