// Shared by the Jinja corpus tests: a corpus entry (NAME.jinja with NAME.json holding the
// context, options and other templates) rendered by strata's Jinja.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "jinja/value.h"

namespace strata::jinja {

// A JSON value as a template value (objects become dicts in key order).
Value FromJson(const nlohmann::ordered_json& j);
// The whole file.
std::string ReadFile(const std::filesystem::path& path);

struct Rendered {
  bool ok = false;
  std::string text;  // the output, or the error as Status::ToString() shows it
};

// Renders `source` (named NAME.jinja in errors) with the options, context and templates of
// `spec`, and the host functions ref(*names) -> "ref:" + ".".join(names), config(...) -> "" and
// is_incremental() -> true (stand-ins for the dbt layer's).
Rendered RenderWithStrata(const std::string& name, const std::string& source,
                          const nlohmann::ordered_json& spec);

}  // namespace strata::jinja
