// Where each macro of a project, its packages (`dbt_packages/*`) and strata's builtins is
// defined: package → macro name → file. Files are read for their `{% macro name(` and
// `{% test name(` headers (a generic test `name` becomes the macro `test_name`, as in dbt); the
// templates themselves are parsed only when a render first uses one of their macros.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace strata::dbt {

// The namespace of strata's builtin macros, as dbt names its own.
inline constexpr std::string_view kBuiltinPackage = "dbt";

struct MacroPackage {
  std::string name;
  std::filesystem::path root;                 // the package's folder (empty for the builtins)
  std::map<std::string, std::string> macros;  // macro name → file relative to root
};

class MacroIndex {
 public:
  // Adds the macro files under `macro_paths` of the package `name` rooted at `root`. Fails when a
  // file cannot be read.
  Status AddPackage(const std::string& name, const std::filesystem::path& root,
                    const std::vector<std::string>& macro_paths);
  // Adds strata's builtin macros as the package `dbt`.
  void AddBuiltins();

  // The package `name`, or nullptr.
  const MacroPackage* Package(std::string_view name) const;
  // The template name (`package/file`) defining `macro` in `package`, or nullopt.
  std::optional<std::string> Find(std::string_view package, std::string_view macro) const;
  // The template source of `template_name`, with `{% test %}` blocks turned into macros. Fails
  // when the package or file is unknown or unreadable.
  Result<std::string> Load(std::string_view template_name) const;
  // The macros of every package but the builtins.
  size_t UserMacroCount() const;
  const std::vector<MacroPackage>& packages() const { return packages_; }

 private:
  std::vector<MacroPackage> packages_;
};

// `source` with `{% test name(…) %}` / `{% endtest %}` written as `{% macro test_name(…) %}` /
// `{% endmacro %}` (line numbers unchanged).
std::string TestBlocksAsMacros(std::string_view source);

}  // namespace strata::dbt
