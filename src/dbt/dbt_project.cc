#include "dbt/dbt_project.h"

#include <fmt/format.h>

#include "base/text.h"
#include "project/model_jinja.h"
#include "project/yaml_file.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

// Configs whose value is itself a mapping: without a `+` they are still configs, not folders.
bool IsMappingConfig(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "meta",     "docs",      "persist_docs", "grants",     "quoting", "column_types",
      "contract", "freshness", "labels",       "unit_tests", "access"};
  for (std::string_view known : kKeys) {
    if (key == known) {
      return true;
    }
  }
  return false;
}

// The keys dbt reads at the top of dbt_project.yml.
constexpr std::string_view kTopLevelKeys[] = {"name",           "version",
                                              "config-version", "profile",
                                              "model-paths",    "seed-paths",
                                              "test-paths",     "analysis-paths",
                                              "macro-paths",    "snapshot-paths",
                                              "docs-paths",     "asset-paths",
                                              "function-paths", "target-path",
                                              "log-path",       "packages-install-path",
                                              "clean-targets",  "require-dbt-version",
                                              "quoting",        "models",
                                              "seeds",          "snapshots",
                                              "sources",        "tests",
                                              "data_tests",     "unit_tests",
                                              "metrics",        "semantic-models",
                                              "saved-queries",  "exposures",
                                              "vars",           "on-run-start",
                                              "on-run-end",     "dispatch",
                                              "query-comment",  "restrict-access",
                                              "flags",          "dbt-cloud",
                                              "functions",      "source-paths",
                                              "data-paths"};

}  // namespace

std::vector<std::string> YamlStrings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (item.IsScalar()) {
        out.push_back(item.Scalar());
      }
    }
  }
  return out;
}

void ConfigTree::ApplyTo(const std::vector<std::string>& fqn, NodeConfig* config) const {
  YAML::Node level = root_;
  for (size_t depth = 0; level && level.IsMap(); ++depth) {
    for (const auto& entry : level) {
      const std::string key = entry.first.Scalar();
      const bool is_config = key.starts_with('+') || !entry.second.IsMap() || IsMappingConfig(key);
      if (is_config) {
        config->Apply(key, project::YamlToJinja(entry.second));
      }
    }
    if (depth >= fqn.size()) {
      break;
    }
    YAML::Node next;
    for (const auto& entry : level) {
      if (entry.first.Scalar() == fqn[depth] && entry.second.IsMap()) {
        next.reset(entry.second);
      }
    }
    level.reset(next);
  }
}

const ConfigTree& DbtProject::Configs(std::string_view resource) const {
  static const ConfigTree kEmpty;
  auto it = configs.find(resource);
  return it == configs.end() ? kEmpty : it->second;
}

Result<DbtProject> LoadDbtProject(const fs::path& dir) {
  if (!fs::exists(dir / "dbt_project.yml")) {
    return Status::NotFound(fmt::format("no dbt_project.yml in {}", dir.string()))
        .WithHint("run from a dbt project's folder or pass --project-dir");
  }
  STRATA_ASSIGN_OR_RETURN(project::YamlFile file, project::YamlFile::Load(dir, "dbt_project.yml"));
  const YAML::Node& root = file.root();
  if (!root.IsMap()) {
    return file.Error(root, "dbt_project.yml must be a mapping");
  }
  DbtProject project;
  project.root = dir;
  std::vector<Status> errors;
  auto strings = [&](const YAML::Node& node, std::string_view key, std::vector<std::string>* out) {
    if (!node.IsScalar() && !node.IsSequence()) {
      errors.push_back(
          file.Error(node, fmt::format("'{}' must be a folder or a list of folders", key)));
      return;
    }
    *out = YamlStrings(node);
  };
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (key == "name" || key == "profile" || key == "target-path" ||
        key == "packages-install-path") {
      if (!value.IsScalar()) {
        errors.push_back(file.Error(value, fmt::format("'{}' must be a single value", key)));
        continue;
      }
      std::string* out = key == "name"          ? &project.name
                         : key == "profile"     ? &project.profile
                         : key == "target-path" ? &project.target_path
                                                : &project.packages_install_path;
      *out = value.Scalar();
    } else if (key == "model-paths" || key == "source-paths") {
      strings(value, key, &project.model_paths);
    } else if (key == "seed-paths" || key == "data-paths") {
      strings(value, key, &project.seed_paths);
    } else if (key == "macro-paths") {
      strings(value, key, &project.macro_paths);
    } else if (key == "test-paths") {
      strings(value, key, &project.test_paths);
    } else if (key == "snapshot-paths") {
      strings(value, key, &project.snapshot_paths);
    } else if (key == "analysis-paths") {
      strings(value, key, &project.analysis_paths);
    } else if (key == "clean-targets") {
      project.clean_targets = YamlStrings(value);
    } else if (key == "on-run-start") {
      project.on_run_start = YamlStrings(value);
    } else if (key == "on-run-end") {
      project.on_run_end = YamlStrings(value);
    } else if (key == "vars") {
      if (!value.IsMap() && !value.IsNull()) {
        errors.push_back(file.Error(value, "'vars' must be a mapping of names to values"));
        continue;
      }
      project.vars = value;
    } else if (key == "dispatch") {
      if (!value.IsSequence()) {
        errors.push_back(file.Error(
            value, "'dispatch' must be a list of {macro_namespace, search_order} entries"));
        continue;
      }
      for (const YAML::Node& item : value) {
        if (!item.IsMap() || !item["macro_namespace"] || !item["search_order"]) {
          errors.push_back(
              file.Error(item, "a dispatch entry needs 'macro_namespace' and 'search_order'"));
          continue;
        }
        project.dispatch.push_back(
            {item["macro_namespace"].Scalar(), YamlStrings(item["search_order"])});
      }
    } else if (key == "models" || key == "seeds" || key == "snapshots" || key == "sources" ||
               key == "tests" || key == "data_tests" || key == "unit_tests") {
      if (value.IsNull()) {
        continue;
      }
      if (!value.IsMap()) {
        errors.push_back(file.Error(value, fmt::format("'{}' must be a mapping", key)));
        continue;
      }
      project.configs[key == "tests" ? "data_tests" : key] = ConfigTree(value);
    } else {
      bool known = false;
      for (std::string_view k : kTopLevelKeys) {
        known = known || k == key;
      }
      if (!known) {
        // Only a near-miss of a known key is an error: dbt itself ignores other keys.
        const std::string nearest = NearestName(key, kTopLevelKeys);
        if (!nearest.empty()) {
          errors.push_back(file.Error(entry.first,
                                      fmt::format("unknown key '{}' in dbt_project.yml", key),
                                      fmt::format("did you mean '{}'?", nearest)));
        }
      }
    }
  }
  if (project.name.empty() && errors.empty()) {
    errors.push_back(file.Error(root, "dbt_project.yml has no 'name'")
                         .WithHint("add `name: my_project` at the top"));
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  return project;
}

}  // namespace strata::dbt
