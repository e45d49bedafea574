// `dbt_project.yml`: the project's name and profile, where its models, seeds, macros and tests
// live, its `vars`, its `dispatch` search orders, and the config trees (`models:`, `seeds:`,
// `data_tests:`, …) whose `+key`s apply to every node under a folder path.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"
#include "dbt/node_config.h"

namespace strata::dbt {

// One of `dbt_project.yml`'s config trees (`models:`, `seeds:`, …): mappings keyed by package,
// then folder, then node name; a key with a leading `+` (or a config name whose value is not a
// folder mapping) is a config for everything under it.
class ConfigTree {
 public:
  ConfigTree() = default;
  explicit ConfigTree(YAML::Node root) : root_(std::move(root)) {}
  // Applies to `config` the entries along `fqn` (package, folders…, name), outermost first.
  void ApplyTo(const std::vector<std::string>& fqn, NodeConfig* config) const;

 private:
  YAML::Node root_;
};

// One `dispatch:` entry: where adapter.dispatch looks for macros of `macro_namespace`.
struct DispatchOrder {
  std::string macro_namespace;
  std::vector<std::string> search_order;
};

struct DbtProject {
  std::filesystem::path root;  // the folder holding dbt_project.yml
  std::string name;
  std::string profile;
  std::vector<std::string> model_paths{"models"};
  std::vector<std::string> seed_paths{"seeds"};
  std::vector<std::string> macro_paths{"macros"};
  std::vector<std::string> test_paths{"tests"};
  std::vector<std::string> snapshot_paths{"snapshots"};
  std::vector<std::string> analysis_paths{"analyses"};
  std::string target_path = "target";
  std::string packages_install_path = "dbt_packages";
  // `clean-targets`: what `dbt clean` deletes (default: the target path).
  std::vector<std::string> clean_targets;
  // `vars:`: global variables, and per-package mappings under a package's name.
  YAML::Node vars;
  std::vector<DispatchOrder> dispatch;
  // `on-run-start` / `on-run-end`: statements (Jinja) run before and after a run, build, seed,
  // snapshot or test.
  std::vector<std::string> on_run_start;
  std::vector<std::string> on_run_end;
  // The config trees, by resource: "models", "seeds", "data_tests", "sources", "snapshots".
  std::map<std::string, ConfigTree, std::less<>> configs;

  // The config tree of `resource` (empty when the project has none).
  const ConfigTree& Configs(std::string_view resource) const;
};

// Reads `dir/dbt_project.yml`. Fails with a located error when the file is missing, is not valid
// YAML, lacks `name`, holds a key of the wrong shape, or holds an unknown top-level key that is a
// near-miss of a known one (other unknown keys are ignored, as dbt ignores them).
Result<DbtProject> LoadDbtProject(const std::filesystem::path& dir);

// A YAML scalar or list of scalars as strings (`model-paths: models` or `[models, more]`).
std::vector<std::string> YamlStrings(const YAML::Node& node);

}  // namespace strata::dbt
