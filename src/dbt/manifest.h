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

enum class ResourceType { kModel, kSeed, kTest, kSource };

// "model", "seed", "test", "source".
std::string_view ResourceTypeName(ResourceType type);

struct Node {
  ResourceType type;
  std::string unique_id;  // model.jaffle_shop.customers, source.pkg.src.table
  std::string name;
  std::string package;
  std::vector<std::string> fqn;
  std::filesystem::path package_root;
  std::string original_file_path;  // relative to the package root
  std::string raw_code;            // models and singular tests
  NodeConfig config;
  std::vector<RefCall> refs;
  std::vector<std::pair<std::string, std::string>> sources;
  std::vector<std::string> depends_on;  // unique ids
  RelationName relation;
  std::optional<TestDefinition> test;  // generic tests
  std::string source_name;             // sources

  RenderNode ToRender() const;
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
  // The SQL of a model or singular test, rendered in the compile pass.
  Result<std::string> Compile(const Node& node) const;

 private:
  std::shared_ptr<const DbtProject> project_;
  std::vector<DbtProject> packages_;
  Target target_;
  std::shared_ptr<MacroIndex> macros_;
  std::unique_ptr<DbtContext> compile_;
  std::map<std::string, Node> nodes_;
  std::map<std::string, std::set<std::string>> parents_;
  std::map<std::string, std::set<std::string>> children_;
};

}  // namespace strata::dbt
