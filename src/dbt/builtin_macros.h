// The macros dbt itself provides that strata implements in Jinja (the `dbt` namespace):
// generate_schema_name, generate_alias_name, generate_database_name and their default__
// implementations. A project macro of the same name takes precedence.
#pragma once

#include <string_view>

namespace strata::dbt {

// The file name the builtin macros load as, and their source.
inline constexpr std::string_view kBuiltinMacrosFile = "macros/strata_builtins.sql";
std::string_view BuiltinMacrosSource();

}  // namespace strata::dbt
