// dbt's `env_var(name, default)` and the filters dbt adds for rendered YAML (`as_number`,
// `as_bool`, `as_text`, `as_native`), shared by profiles.yml and model rendering.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/environment.h"

namespace strata::dbt {

// Reads an environment variable; nullopt when unset. Tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process's environment (getenv).
EnvLookup ProcessEnvironment();

// Registers `env_var` on `env`: the variable's value, else the default; with neither, a render
// error naming the variable.
void AddEnvVar(jinja::Environment* env, EnvLookup lookup);

// Registers as_number, as_bool, as_text and as_native.
void AddYamlFilters(jinja::Environment* env);

}  // namespace strata::dbt
