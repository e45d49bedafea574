// Jinja in SQLMesh model files (docs/jinja.md, "Jinja in SQLMesh models"): `JINJA_QUERY_BEGIN;
// … JINJA_END;` and `JINJA_STATEMENT_BEGIN; … JINJA_END;` blocks, and `{{ … }}` / `{% … %}` in a
// plain query, rendered with SQLMesh's Jinja context: the Jinja macros of the project's
// macros/**/*.sql files, `var('name', default)`, `gateway()`, `this_model` and the predefined time
// variables (`start_ds`, `end_ts`, `execution_date`, …).
//
// A model is rendered once, when the project loads, not once per batch: each time variable renders
// as a placeholder that becomes the matching macro variable in the SQL (`'{{ start_ds }}'` →
// `@start_ds`, `'{{ start_ds }} 00:00'` → `@EVAL(@start_ds || ' 00:00')`,
// `DATE '{{ start_date }}'` → `CAST(@start_ds AS DATE)`, `{{ start_millis }}` →
// `@start_millis`), so the model is then an ordinary SQL model — columns, lineage, change
// categories and per-batch macro rendering all work as for any other. A template whose output
// depends on the *value* of a time variable (`{% if start_ds > '2024' %}`, `start_ds[:4]`) is
// rendered twice with placeholders that compare differently; when the outputs differ, loading
// fails with an error naming the file, rather than computing some batches with the wrong branch.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jinja/environment.h"
#include "yaml-cpp/yaml.h"

namespace strata::project {

// `node` as a Jinja value: YAML scalars become int, float, bool, None or str; sequences lists;
// mappings dicts.
jinja::Value YamlToJinja(const YAML::Node& node);

// The rendered text of a model file.
struct RenderedModelJinja {
  // The file with every Jinja construct rendered and the JINJA_… markers blanked out; the text
  // before the first Jinja construct (the MODEL header) is unchanged, so its positions hold.
  std::string text;
  // The offset of the first `{{`/`{%` outside a JINJA_QUERY_BEGIN / JINJA_STATEMENT_BEGIN block
  // (SQLMesh leaves such text as it is; strata renders it and warns), or npos.
  size_t outside_blocks = std::string_view::npos;
};

// The Jinja environment of one project's model files. Immutable once made; Render may run on
// several threads at once.
class ModelJinja {
 public:
  // `macro_files`: the project's macros/**/*.sql files, relative to `project_dir`; their
  // `{% macro name(...) %}` definitions are callable by name from every model. `variables`: the
  // config variables for var(); `gateway`: the gateway in use, for gateway().
  ModelJinja(const std::filesystem::path& project_dir,
             const std::vector<std::filesystem::path>& macro_files,
             const std::map<std::string, YAML::Node>& variables, std::string gateway);

  // Renders the Jinja of `text` (the model file `file`), starting at `first_jinja` (the offset
  // of its first Jinja construct, from FindJinja). Fails with a ProjectError naming the file,
  // line and column: a Jinja syntax or runtime error, an unterminated block, a time variable
  // used where it cannot become a macro variable, or output that depends on a time variable's
  // value.
  Result<RenderedModelJinja> Render(std::string_view text, size_t first_jinja,
                                    std::string_view file) const;

 private:
  std::filesystem::path project_dir_;
  std::shared_ptr<jinja::Environment> env_;
  // The file defining each macro name.
  std::map<std::string, std::string, std::less<>> macro_files_;
};

// The byte offset of the first Jinja construct of a model file (`{{`, `{%`, `{#` outside
// comments, also inside string literals, or a JINJA_QUERY_BEGIN / JINJA_STATEMENT_BEGIN marker);
// npos when there is none.
size_t FindJinja(std::string_view text);

}  // namespace strata::project
