#include "dbt/profiles.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jinja/environment.h"
#include "project/yaml_file.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

// Renders the Jinja in a profile value (env_var, as_number, …); other text passes unchanged.
Result<std::string> RenderValue(const jinja::Environment& env, const project::YamlFile& file,
                                const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos) {
    return text;
  }
  Result<std::string> rendered = env.RenderString(text, file.path().string(), {});
  if (!rendered.ok()) {
    Status status = rendered.status();
    return Status(status.code(), status.message())
        .WithLocation(file.At(node))
        .WithHint(status.hint().empty() ? "fix the Jinja in this profile value" : status.hint());
  }
  return *rendered;
}

std::string Stem(const std::string& path) {
  if (path.empty() || path == ":memory:") {
    return "memory";
  }
  return fs::path(path).stem().string();
}

}  // namespace

jinja::Value Target::ToJinja() const {
  jinja::Value dict = jinja::Value::Dict();
  auto set = [&](std::string key, const std::string& value) {
    dict.as_dict()->SetString(std::move(key), jinja::Value::String(value));
  };
  set("name", name);
  set("target_name", name);
  set("profile_name", profile_name);
  set("type", type);
  set("database", database);
  set("schema", schema);
  dict.as_dict()->SetString("threads", jinja::Value::Int(threads));
  if (type == "duckdb") {
    set("path", path);
  } else {
    set("host", host);
    set("user", user);
    set("dbname", database);
    dict.as_dict()->SetString("port", jinja::Value::Int(port));
  }
  return dict;
}

Result<fs::path> FindProfilesFile(const ProfileOptions& options) {
  if (!options.profiles_dir.empty()) {
    fs::path file = fs::path(options.profiles_dir) / "profiles.yml";
    if (!fs::exists(file)) {
      return Status::NotFound(
          fmt::format("no profiles.yml in --profiles-dir {}", options.profiles_dir));
    }
    return file;
  }
  std::vector<fs::path> looked;
  if (std::optional<std::string> dir = options.env("DBT_PROFILES_DIR")) {
    looked.push_back(fs::path(*dir) / "profiles.yml");
  }
  looked.push_back(options.project_dir / "profiles.yml");
  if (std::optional<std::string> home = options.env("HOME")) {
    looked.push_back(fs::path(*home) / ".dbt" / "profiles.yml");
  }
  std::vector<std::string> names;
  for (const fs::path& file : looked) {
    if (fs::exists(file)) {
      return file;
    }
    names.push_back(file.string());
  }
  return Status::NotFound(
             fmt::format("no profiles.yml found (looked at {})", fmt::join(names, ", ")))
      .WithHint("pass --profiles-dir, set DBT_PROFILES_DIR, or put profiles.yml in the project");
}

Result<Target> LoadTarget(const std::string& profile_name, const ProfileOptions& options) {
  STRATA_ASSIGN_OR_RETURN(fs::path path, FindProfilesFile(options));
  STRATA_ASSIGN_OR_RETURN(project::YamlFile file,
                          project::YamlFile::Load(path.parent_path(), path.filename()));
  const YAML::Node& root = file.root();
  if (!root.IsMap() || !root[profile_name] || !root[profile_name].IsMap()) {
    std::vector<std::string> known;
    if (root.IsMap()) {
      for (const auto& entry : root) {
        if (entry.first.Scalar() != "config") {
          known.push_back(entry.first.Scalar());
        }
      }
    }
    return Status::NotFound(fmt::format("no profile named '{}' in {}", profile_name, path.string()))
        .WithHint(known.empty() ? "add the profile the project's `profile:` names"
                                : fmt::format("profiles there: {}", fmt::join(known, ", ")));
  }
  const YAML::Node profile = root[profile_name];
  jinja::Environment env;
  AddEnvVar(&env, options.env);
  AddYamlFilters(&env);

  std::string target_name = options.target;
  if (target_name.empty()) {
    if (const YAML::Node node = profile["target"]; node && node.IsScalar()) {
      STRATA_ASSIGN_OR_RETURN(target_name, RenderValue(env, file, node));
    } else {
      target_name = "default";
    }
  }
  const YAML::Node outputs = profile["outputs"];
  if (!outputs || !outputs.IsMap()) {
    return file.Error(profile, fmt::format("profile '{}' has no 'outputs'", profile_name));
  }
  const YAML::Node output = outputs[target_name];
  if (!output || !output.IsMap()) {
    std::vector<std::string> known;
    for (const auto& entry : outputs) {
      known.push_back(entry.first.Scalar());
    }
    return Status::NotFound(
               fmt::format("profile '{}' has no target '{}'", profile_name, target_name))
        .WithLocation(file.At(outputs))
        .WithHint(fmt::format("targets there: {}", fmt::join(known, ", ")));
  }

  Target target;
  target.profile_name = profile_name;
  target.name = target_name;
  std::map<std::string, std::string> values;
  std::vector<Status> errors;
  for (const auto& entry : output) {
    const std::string key = entry.first.Scalar();
    if (key == "extensions" && entry.second.IsSequence()) {
      for (const YAML::Node& item : entry.second) {
        target.extensions.push_back(item.Scalar());
      }
    } else if (key == "settings" && entry.second.IsMap()) {
      for (const auto& setting : entry.second) {
        Result<std::string> value = RenderValue(env, file, setting.second);
        if (!value.ok()) {
          errors.push_back(value.status());
          continue;
        }
        target.settings[setting.first.Scalar()] = *value;
      }
    } else if (entry.second.IsScalar()) {
      Result<std::string> value = RenderValue(env, file, entry.second);
      if (!value.ok()) {
        errors.push_back(value.status());
        continue;
      }
      values[key] = *value;
    }
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  auto integer = [&](const std::string& key, int* out) -> Status {
    auto it = values.find(key);
    if (it == values.end()) {
      return Status::OK();
    }
    try {
      *out = std::stoi(it->second);
    } catch (const std::exception&) {
      return file.Error(output[key], fmt::format("'{}' must be a whole number", key));
    }
    return Status::OK();
  };
  target.type = values["type"];
  STRATA_RETURN_IF_ERROR(integer("threads", &target.threads));
  if (target.type == "duckdb") {
    target.path = values.count("path") ? values["path"] : ":memory:";
    target.database = Stem(target.path);
    target.schema = values.count("schema") ? values["schema"] : "main";
  } else if (target.type == "postgres") {
    for (const char* key : {"host", "user", "dbname", "schema"}) {
      if (!values.count(key) && !(std::string(key) == "dbname" && values.count("database"))) {
        return file.Error(output, fmt::format("postgres target '{}' needs '{}'", target_name, key));
      }
    }
    target.host = values["host"];
    target.user = values["user"];
    target.password = values.count("password") ? values["password"] : values["pass"];
    target.database = values.count("dbname") ? values["dbname"] : values["database"];
    target.schema = values["schema"];
    STRATA_RETURN_IF_ERROR(integer("port", &target.port));
  } else {
    return file.Error(output["type"] ? output["type"] : output,
                      fmt::format("target type '{}' is not supported by strata dbt",
                                  target.type.empty() ? "(none)" : target.type),
                      "use `type: duckdb` or `type: postgres`");
  }
  return target;
}

engine::ConnectionConfig ConnectionOf(const Target& target) {
  engine::ConnectionConfig config;
  if (target.type == "postgres") {
    config.type = engine::EngineType::kPostgres;
    config.database = target.database;
    config.host = target.host;
    config.port = target.port;
    config.user = target.user;
    config.password = target.password;
    return config;
  }
  config.type = engine::EngineType::kDuckDb;
  config.database = target.path.empty() ? ":memory:" : target.path;
  config.extensions = target.extensions;
  for (const auto& [key, value] : target.settings) {
    config.settings.emplace_back(key, value);
  }
  return config;
}

}  // namespace strata::dbt
