// The macros dbt itself provides that strata implements in Jinja (the `dbt` namespace), written
// for strata from dbt's documented behaviour: generate_schema_name, generate_alias_name,
// generate_database_name, the generic data tests, and the cross-database macros (`dbt.dateadd`,
// `dbt.type_string`, …) for DuckDB and PostgreSQL. A project macro of the same name takes
// precedence.
#pragma once

#include <string_view>
#include <vector>

namespace strata::dbt {

struct BuiltinMacroFile {
  std::string_view name;  // the file the macros load as, relative to the package
  std::string_view source;
};

// Every builtin macro file.
const std::vector<BuiltinMacroFile>& BuiltinMacroFiles();

// The sources, one per file.
std::string_view BuiltinNamingAndTestMacros();
std::string_view BuiltinCrossDatabaseMacros();

}  // namespace strata::dbt
