#include "dbt/project_tasks.h"

#include <filesystem>

#include <fmt/format.h>

#include "project/yaml_file.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

// The name a package folder's dbt_project.yml gives, or empty.
std::string PackageName(const fs::path& dir) {
  Result<DbtProject> project = LoadDbtProject(dir);
  return project.ok() ? project->name : std::string();
}

// The installed package whose name (or folder name) is `name`, if any.
std::optional<fs::path> Installed(const fs::path& install_dir, const std::string& name) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(install_dir, ec)) {
    if (entry.is_directory() &&
        (entry.path().filename() == name || PackageName(entry.path()) == name)) {
      return entry.path();
    }
  }
  return std::nullopt;
}

}  // namespace

Status InstallPackages(const DbtProject& project, const LogLine& log) {
  std::string file_name = "packages.yml";
  if (!fs::exists(project.root / file_name)) {
    file_name = "dependencies.yml";
  }
  if (!fs::exists(project.root / file_name)) {
    log("Warning: No packages were found in packages.yml");
    return Status::OK();
  }
  STRATA_ASSIGN_OR_RETURN(project::YamlFile file, project::YamlFile::Load(project.root, file_name));
  const YAML::Node packages = file.root()["packages"];
  if (!packages || !packages.IsSequence() || packages.size() == 0) {
    log(fmt::format("Warning: No packages were found in {}", file_name));
    return Status::OK();
  }
  const fs::path install_dir = project.root / project.packages_install_path;
  std::error_code ec;
  fs::create_directories(install_dir, ec);
  for (const YAML::Node& entry : packages) {
    if (!entry.IsMap()) {
      return file.Error(entry, "a package is a mapping: `local:`, `package:` or `git:`");
    }
    if (entry["local"]) {
      const fs::path source = project.root / entry["local"].as<std::string>();
      const std::string name = PackageName(source);
      if (name.empty()) {
        return file.Error(entry["local"], fmt::format("no dbt_project.yml in {}", source.string()),
                          "point `local:` at a dbt project's folder");
      }
      const fs::path target = install_dir / name;
      fs::remove_all(target, ec);
      fs::copy(source, target, fs::copy_options::recursive, ec);
      if (ec) {
        return Status::IoError(fmt::format("cannot copy {} to {}: {}", source.string(),
                                           target.string(), ec.message()));
      }
      log(fmt::format("Installed from <local @ {}>", entry["local"].as<std::string>()));
      continue;
    }
    std::string spec;
    std::string name;
    if (entry["package"]) {
      spec = entry["package"].as<std::string>();
      name = spec.substr(spec.find('/') + 1);
    } else if (entry["git"]) {
      spec = entry["git"].as<std::string>();
      name = fs::path(spec).stem().string();
    } else {
      return file.Error(entry, "a package needs `local:`, `package:` or `git:`");
    }
    std::optional<fs::path> installed = Installed(install_dir, name);
    if (!installed) {
      // Hub names use dashes where projects use underscores (dbt-labs/dbt_utils is dbt_utils).
      std::string underscored = name;
      std::replace(underscored.begin(), underscored.end(), '-', '_');
      installed = Installed(install_dir, underscored);
    }
    if (!installed) {
      return file.Error(entry,
                        fmt::format("package {} is not installed in {}, and strata dbt deps "
                                    "fetches no package from the network",
                                    spec, project.packages_install_path),
                        "install it once with dbt-core's `dbt deps` (or copy it there), or use "
                        "a `local:` package");
    }
    log(fmt::format("Installed from {} (already present in {})", spec,
                    fs::relative(*installed, project.root).string()));
  }
  return Status::OK();
}

Status CleanProject(const DbtProject& project, const LogLine& log) {
  std::vector<std::string> targets = project.clean_targets;
  if (targets.empty()) {
    targets.push_back(project.target_path);
  }
  const fs::path root = fs::weakly_canonical(project.root);
  for (const std::string& target : targets) {
    const fs::path path = fs::weakly_canonical(project.root / target);
    const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    if (r != root.end() || path == root) {
      return Status::ProjectError(
                 fmt::format("clean-targets holds '{}', which is not inside the project", target))
          .WithHint("list only folders inside the project under clean-targets");
    }
    log(fmt::format("Checking {}/*", target));
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) {
      return Status::IoError(fmt::format("cannot delete {}: {}", path.string(), ec.message()));
    }
    log(fmt::format("Cleaned {}/*", target));
  }
  log("Finished cleaning all paths.");
  return Status::OK();
}

}  // namespace strata::dbt
