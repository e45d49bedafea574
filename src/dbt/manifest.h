// The parsed dbt project: every enabled node (models, seeds, data tests, sources) of the root
// project and its packages, with its resolved config, its relation, and what it depends on — a
// DAG, checked for references to missing nodes and for cycles.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"
#include "dbt/context.h"
#include "dbt/dbt_project.h"
#include "dbt/macro_index.h"
#include "dbt/node_config.h"
#include "dbt/profiles.h"
#include "dbt/properties.h"

namespace strata::dbt {

enum class ResourceType { kModel, kSeed, kTest, kSource, kSnapshot, kUnitTest };

// "model", "seed", "test", "source", "snapshot", "unit_test".
std::string_view ResourceTypeName(ResourceType type);

struct Node {
  ResourceType type;
  std::string unique_id;  // model.jaffle_shop.customers, source.pkg.src.table
  std::string name;
  std::string package;
  std::vector<std::string> fqn;
  std::filesystem::path package_root;
  std::string original_file_path;  // relative to the package root
  std::string raw_code;            // models, snapshots and singular tests
  NodeConfig config;
  std::vector<RefCall> refs;
  std::vector<std::pair<std::string, std::string>> sources;
  std::vector<std::string> depends_on;  // unique ids
  RelationName relation;
  std::optional<TestDefinition> test;           // generic tests
  std::string source_name;                      // sources
  std::string version;                          // a versioned model's version ("2"), else empty
  std::string latest_version;                   // a versioned model's latest version
  std::optional<UnitTestDefinition> unit_test;  // unit tests (depends_on: the tested model)
  // A unit test's given inputs: the unique id each `input:` names (the model's own for `this`).
  std::vector<std::string> unit_inputs;

  RenderNode ToRender() const;
};

// How a model is compiled for a run.
struct CompileOptions {
  bool is_incremental = false;  // what is_incremental() answers
  // A microbatch's [start, end) (UTC microseconds): refs to models and sources with an
  // `event_time` read only the rows of that range.
  std::optional<std::pair<int64_t, int64_t>> batch = {};
  // `--empty`: refs and sources read no rows (dbt's schema-only build, e.g. before unit tests).
  bool empty = false;
  // A unit test's mock inputs: a ref or source to one of these nodes (unique id → its fixture's
  // SQL) reads the CTE `__dbt__cte__<name>` holding those rows instead of the relation.
  std::map<std::string, std::string> mocks = {};
  // A unit test's `this` input: `{{ this }}` reads the CTE `__dbt__cte__this` of this SQL.
  std::optional<std::string> mock_this = {};
  // A unit test's overrides: macros (`is_incremental: true`) answered with the value given,
  // vars and env_vars seen before the project's.
  jinja::Value override_macros = jinja::Value::None();
  jinja::Value override_vars = jinja::Value::None();
  jinja::Value override_env_vars = jinja::Value::None();
};

struct ManifestOptions {
  std::filesystem::path project_dir = ".";
  YAML::Node cli_vars;
};

class Manifest {
 public:
  // Parses the project at `options.project_dir` for `target`: dbt_project.yml, the packages in
  // its packages-install-path, macros, models (rendered in the parse pass), seeds, properties,
  // then relations through generate_schema_name / generate_alias_name / generate_database_name.
  // Fails with every error found: bad files, Jinja errors, unknown refs or sources, a cycle.
  static Result<Manifest> Parse(const DbtProject& project, const Target& target,
                                const ManifestOptions& options);

  const DbtProject& project() const { return *project_; }
  const Target& target() const { return target_; }
  const std::map<std::string, Node>& nodes() const { return nodes_; }
  const Node* Find(const std::string& unique_id) const;
  // unique ids of the nodes `id` depends on / that depend on it.
  const std::set<std::string>& Parents(const std::string& id) const;
  const std::set<std::string>& Children(const std::string& id) const;
  size_t macro_count() const { return macros_->UserMacroCount(); }
  size_t Count(ResourceType type) const;

  // The compile-pass context (execute true).
  const DbtContext& compile_context() const { return *compile_; }
  // The node `ref` names from a node of `from_package`, or a NotFound error.
  Result<const Node*> ResolveRef(const RefCall& ref, const std::string& from_package) const;
  Result<const Node*> ResolveSource(const std::string& source, const std::string& table) const;
  // The SQL of a model or singular test, rendered in the compile pass. A `ref` to an ephemeral
  // model reads the CTE `__dbt__cte__<name>`; those CTEs (and the ephemeral models they read, in
  // dependency order) are put at the top of the query, inside its own WITH when it has one.
  Result<std::string> Compile(const Node& node, const CompileOptions& options = {}) const;
  // A data test's query, returning the rows that fail it: a singular test's compiled SQL, or a
  // generic test's macro (`test_<name>`, in its package when namespaced) called with `model` (the
  // tested relation, or `(select * from it where <where>) dbt_subquery`), `column_name` and the
  // test's arguments — a string argument that calls ref() or source() is that call.
  Result<std::string> CompileTest(const Node& node) const;
  // An on-run-start/on-run-end statement rendered in the compile pass (no node: `this` is the
  // target schema).
  // `extra`: more variables (run-operation's arguments).
  Result<std::string> RenderProjectHook(std::string_view text,
                                        const jinja::Variables& extra = {}) const;
  // `text` (a hook) rendered in the compile pass for `node` (`this` is its relation).
  Result<std::string> RenderForNode(const Node& node, std::string_view text,
                                    const jinja::Variables& extra = {}) const;
  // True for a model materialized as `ephemeral`.
  static bool IsEphemeral(const Node& node);
  // The CTE an ephemeral model or a unit test's mock input is read from: `__dbt__cte__<name>`
  // (`__dbt__cte__<source>__<table>` for a source).
  static std::string CteName(const Node& node);

 private:
  std::shared_ptr<const DbtProject> project_;
  std::vector<DbtProject> packages_;
  Target target_;
  std::shared_ptr<MacroIndex> macros_;
  std::unique_ptr<DbtContext> compile_;
  std::map<std::string, Node> nodes_;
  std::map<std::string, std::set<std::string>> parents_;
  std::map<std::string, std::set<std::string>> children_;
  // A versioned model's latest version: "package.name" → its unique id.
  std::map<std::string, std::string> latest_;

  // The compile-pass variables for `render`: ref() gives relations (an ephemeral model's CTE name
  // when `ephemeral_as_cte`), source() too.
  jinja::Variables CompileVariables(const RenderNode& render, bool ephemeral_as_cte,
                                    const CompileOptions& options = {}) const;
  // Registers dbt's `graph` (every node) in the compile context.
  void RegisterGraph();
  // A unit test's `this`, macros, vars and env_vars overrides put into `vars`.
  void ApplyOverrides(const CompileOptions& options, jinja::Variables* vars) const;
  // Renders `node` with ephemeral refs as CTE names, after appending the CTEs it needs (not yet in
  // `done`) to `ctes`.
  Result<std::string> RenderWithCtes(const Node& node, const CompileOptions& options,
                                     std::vector<std::pair<std::string, std::string>>* ctes,
                                     std::set<std::string>* done) const;
};

}  // namespace strata::dbt
