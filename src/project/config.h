// config.yaml: gateways (where data and state live), model defaults, variables and housekeeping
// settings (DESIGN.md §2). `{{ env_var('NAME') }}` and `{{ env_var('NAME', 'default') }}` are
// substituted in the text before it is read; substituted values (often secrets) never appear in
// error messages.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"
#include "engine/connection_config.h"

namespace strata::project {

struct GatewayConfig {
  std::string name;
  engine::ConnectionConfig connection;
  std::optional<engine::ConnectionConfig> state_connection;  // default: `connection`
  std::optional<engine::ConnectionConfig> test_connection;   // default: in-memory DuckDB
  std::string state_schema = "strata_state";
  // `concurrent_tasks` given in the connection; overrides the top-level setting.
  std::optional<int> concurrent_tasks;
  // `variables` of this gateway: override the top-level variables of the same (lower-case) name
  // when this gateway is the one in use.
  std::map<std::string, YAML::Node> variables;
};

// A value from config.yaml with where it was written, for errors raised when it is used.
struct ConfigScalar {
  std::string value;
  SourceLocation location;
};

// The `plan:` section: defaults for `strata plan` (docs/environments.md).
struct PlanConfig {
  // Never ask how to categorize a change: a change strata cannot categorize automatically is
  // BREAKING (as --auto-categorize).
  bool auto_categorize_changes = false;
  // Non-prod environments get views for every model (as --include-unmodified).
  bool include_unmodified = false;
};

// `linter:` (SQLMesh's linter settings): read and checked; strata runs no lint rules of its own.
struct LinterConfig {
  bool enabled = false;
  std::vector<std::string> rules;
  std::vector<std::string> warn_rules;
  std::vector<std::string> ignored_rules;
};

// `format:` (settings of `format`): read and checked.
struct FormatConfig {
  bool normalize = false;
  int indent = 2;
  int pad = 2;
  bool leading_comma = false;
  int max_text_width = 80;
  bool append_newline = false;
};

// Where an environment's name goes in the names of its views (`environment_suffix_target`).
enum class EnvironmentSuffixTarget { kSchema, kTable, kCatalog };

struct Config {
  // The file the config was read from; empty when the project has no config.yaml.
  std::filesystem::path path;
  std::map<std::string, GatewayConfig> gateways;
  std::string default_gateway;
  // model_defaults, by property name; interpreted by the model loader.
  std::map<std::string, ConfigScalar> model_defaults;
  // variables, for @VAR(); each a YAML scalar, list or map.
  std::map<std::string, YAML::Node> variables;
  int concurrent_tasks = 4;
  std::string snapshot_ttl = "in 1 week";
  std::string environment_ttl = "in 1 week";
  PlanConfig plan;
  // `project`: this project's name (SQLMesh multi-repo); empty when not given.
  std::string project;
  // `model_naming.infer_names`: a model without `name` is named after its file
  // (`models/<schema>/<table>.sql` is `schema.table`).
  bool infer_names = false;
  // `physical_schema_mapping`: regular expressions over model schemas, each with the schema the
  // physical tables of the matching models live in (first match wins); in file order.
  std::vector<std::pair<std::string, std::string>> physical_schema_mapping;
  EnvironmentSuffixTarget environment_suffix_target = EnvironmentSuffixTarget::kSchema;
  // `default_target_environment`: the environment `plan` and `run` use when none is given.
  std::string default_target_environment = "prod";
  // `before_all` / `after_all`: statements run at the start and the end of `plan` and `run`.
  std::vector<ConfigScalar> before_all;
  std::vector<ConfigScalar> after_all;
  // `ignore_patterns`: glob patterns (relative to the project) of files the loader skips.
  std::vector<std::string> ignore_patterns;
  FormatConfig format;
  LinterConfig linter;
  // Warnings about settings strata accepts without acting on them (SQLMesh's Python runtime and
  // cloud settings), one line each; the commands print them once.
  std::vector<std::string> warnings;

  // The gateway called `name`, or the default gateway when `name` is empty. Fails with
  // kNotFound (listing the gateways there are) when there is no such gateway.
  Result<const GatewayConfig*> Gateway(const std::string& name) const;
  // The variables seen by models when gateway `name` (empty: the default) is in use: the
  // top-level ones, overridden by the gateway's own.
  std::map<std::string, YAML::Node> VariablesFor(const std::string& gateway) const;
};

// Reads `<project_dir>/config.yaml` (or config.yml). Without one, a folder with `models/` has one
// DuckDB gateway "local" on `<project_dir>/db.duckdb`, and any other folder is not a project
// (kNotFound). Relative DuckDB paths are resolved against project_dir.
// Fails with every problem found (bad YAML, unknown keys, wrong types, missing env vars), each with
// file, line and column; several problems are reported together in one Status.
Result<Config> LoadConfig(const std::filesystem::path& project_dir);

// LoadConfig on text already read (for tests); `file` names it in errors.
Result<Config> ParseConfig(const std::string& text, const std::filesystem::path& file,
                           const std::filesystem::path& project_dir);

}  // namespace strata::project
