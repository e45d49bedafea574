// The dbt Jinja context, for its two passes over a node's template:
//  - the parse pass (`execute` false, dbt's lenient undefined): `ref`, `source` and `config()`
//    calls are recorded, `config.get` gives its default, `run_query` gives None;
//  - the compile pass (`execute` true, Jinja2's default undefined): `ref` and `source` give the
//    relation ("database"."schema"."identifier"), `config.get` reads the node's resolved config.
// Both: `var`, `env_var`, `target`, `this`, `model`, `is_incremental()` (the node's
// `incremental` flag: true only when an incremental model's table exists and is not rebuilt),
// `return`, `log`, `exceptions.raise_compiler_error`/`warn`, `adapter.dispatch` with dbt's search
// order, `project_name`, and every macro of the project, of its packages
// (`pkg.macro(...)`) and strata's builtins (generate_schema_name, …) by name.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"
#include "dbt/dbt_project.h"
#include "dbt/env_var.h"
#include "dbt/jinja_objects.h"
#include "dbt/macro_index.h"
#include "dbt/node_config.h"
#include "dbt/profiles.h"
#include "dbt/warehouse_access.h"
#include "jinja/environment.h"

namespace strata::dbt {

enum class Pass { kParse, kCompile };

// A `ref(...)` as written: `ref('name')`, `ref('package', 'name')`.
struct RefCall {
  std::optional<std::string> package;
  std::string name;
  std::optional<std::string> version = {};  // `version=` / `v=`, as text
};

// What the parse pass records of one render.
struct Capture {
  std::vector<RefCall> refs;
  std::vector<std::pair<std::string, std::string>> sources;  // (source, table)
  NodeConfig config;                                         // from config() calls
};

// The node a template renders for.
struct RenderNode {
  std::string package;
  std::string name;
  std::string resource_type;  // model, seed, test, snapshot
  std::string unique_id;
  std::vector<std::string> fqn;
  std::string original_file_path;
  RelationName relation;     // `this` (compile pass)
  std::string version = {};  // a versioned model's version
  std::string latest_version = {};
  const NodeConfig* config = nullptr;  // resolved config (compile pass); null in the parse pass
  bool incremental = false;            // what is_incremental() answers
  // jinja dict for `model` / the `node` argument of generate_* macros.
  jinja::Value ToJinja() const;
};

using RefResolver = std::function<Result<RelationName>(const RefCall& ref)>;
using SourceResolver =
    std::function<Result<RelationName>(const std::string& source, const std::string& table)>;

class DbtContext {
 public:
  // REQUIRES: `project`, `macros` outlive the context. `cli_vars`: --vars (a mapping or null).
  DbtContext(const DbtProject& project, const Target& target,
             std::shared_ptr<const MacroIndex> macros, YAML::Node cli_vars, Pass pass,
             EnvLookup env = ProcessEnvironment());

  const jinja::Environment& environment() const { return *env_; }
  // The warehouse run_query, statement and adapter.get_columns_in_relation read (set by the
  // command that opens one; shared by every render of this context).
  WarehouseAccess& warehouse() const { return *warehouse_; }
  Pass pass() const { return pass_; }
  // Registers a global computed the first time a render reads it (`graph`).
  void AddLazyGlobal(std::string name, jinja::LazyValue producer) {
    env_->AddLazyGlobal(std::move(name), std::move(producer));
  }

  // The per-render variables for `node`: ref, source, config, var, this, model. In the parse
  // pass `capture` records the calls (REQUIRES: non-null); in the compile pass `resolve_ref`
  // and `resolve_source` give relations (REQUIRES: set).
  jinja::Variables NodeVariables(const RenderNode& node, Capture* capture, RefResolver resolve_ref,
                                 SourceResolver resolve_source) const;

  // Renders `source` (the file `name`) for `node`.
  Result<std::string> Render(std::string_view source, const std::string& name,
                             const jinja::Variables& variables) const;
  // Render() for a short template the caller renders for many nodes (the generate_*_name calls):
  // parsed once, on its first use.
  Result<std::string> RenderRepeated(const std::string& source,
                                     const jinja::Variables& variables) const;

  // The value of the variable `name` for a node of `package`: --vars, then the project's
  // `vars: {package: {name: …}}`, then its global `vars`; nullopt when none defines it.
  std::optional<jinja::Value> Var(const std::string& package, const std::string& name) const;

 private:
  void RegisterGlobals();
  void RegisterMacroResolution();
  // adapter.dispatch: the macro implementing `macro_name` for the target's adapter.
  Result<jinja::Value> Dispatch(jinja::CallContext& context, const std::string& macro_name,
                                const std::optional<std::string>& macro_namespace) const;

  const DbtProject& project_;
  Target target_;
  std::shared_ptr<const MacroIndex> macros_;
  YAML::Node cli_vars_;
  Pass pass_;
  EnvLookup env_lookup_;
  std::shared_ptr<jinja::Environment> env_;
  std::shared_ptr<WarehouseAccess> warehouse_ = std::make_shared<WarehouseAccess>();
  mutable std::map<std::string, std::shared_ptr<const jinja::Template>> repeated_;
};

}  // namespace strata::dbt
