// Reading config.yaml: env_var substitution on the text, then a walk over the YAML tree that
// checks every key and type and collects every problem with its location.
#include "project/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time_parse.h"

namespace strata::project {

namespace {

namespace fs = std::filesystem;

// Keys strata reads (SQLMesh's configuration reference, the parts that shape a SQL project).
const std::vector<std::string> kTopLevelKeys = {"gateways",
                                                "default_gateway",
                                                "model_defaults",
                                                "variables",
                                                "concurrent_tasks",
                                                "snapshot_ttl",
                                                "environment_ttl",
                                                "plan",
                                                "project",
                                                "model_naming",
                                                "physical_schema_mapping",
                                                "physical_schema_override",
                                                "environment_suffix_target",
                                                "default_target_environment",
                                                "before_all",
                                                "after_all",
                                                "format",
                                                "linter",
                                                "ignore_patterns",
                                                "default_connection",
                                                "default_test_connection"};
// Keys of SQLMesh's configuration that concern only its Python runtime, its scheduler or its
// cloud: accepted, and named in one warning.
const std::vector<std::string> kRuntimeTopLevelKeys = {"cache_dir",
                                                       "log_limit",
                                                       "infer_python_dependencies",
                                                       "ui",
                                                       "run",
                                                       "janitor",
                                                       "notification_targets",
                                                       "users",
                                                       "username",
                                                       "loader",
                                                       "loader_kwargs",
                                                       "default_scheduler",
                                                       "cicd_bot",
                                                       "disable_anonymized_analytics",
                                                       "env_vars",
                                                       "dbt",
                                                       "migration",
                                                       "pinned_environments",
                                                       "time_column_format",
                                                       "gateway_managed_virtual_layer",
                                                       "environment_catalog_mapping",
                                                       "virtual_environment_mode",
                                                       "physical_table_naming_convention",
                                                       "include_unmodified",
                                                       "auto_categorize_changes",
                                                       "feature_flags"};
const std::vector<std::string> kPlanKeys = {"auto_categorize_changes", "include_unmodified"};
const std::vector<std::string> kRuntimePlanKeys = {
    "auto_apply",         "forward_only",
    "enable_preview",     "no_diff",
    "no_prompts",         "always_recreate_environment",
    "use_finalized_state"};
const std::vector<std::string> kGatewayKeys = {"connection", "state_connection", "test_connection",
                                               "state_schema", "variables"};
const std::vector<std::string> kRuntimeGatewayKeys = {"scheduler"};
const std::vector<std::string> kConnectionKeys = {"type",
                                                  "database",
                                                  "host",
                                                  "port",
                                                  "user",
                                                  "password",
                                                  "sslmode",
                                                  "connect_timeout",
                                                  "concurrent_tasks",
                                                  "catalogs",
                                                  "extensions",
                                                  "connector_config"};
const std::vector<std::string> kRuntimeConnectionKeys = {
    "register_comments", "pre_ping",        "pretty_sql", "secrets",
    "filesystems",       "keepalives_idle", "role",       "application_name"};
const std::vector<std::string> kModelNamingKeys = {"infer_names"};
const std::vector<std::string> kFormatKeys = {"normalize",      "pad",
                                              "indent",         "normalize_functions",
                                              "leading_comma",  "max_text_width",
                                              "append_newline", "no_rewrite_casts",
                                              "transpile_meta"};
const std::vector<std::string> kLinterKeys = {"enabled", "rules", "warn_rules", "ignored_rules",
                                              "use_project_index"};
const std::vector<std::string> kModelDefaultKeys = {"dialect",
                                                    "kind",
                                                    "cron",
                                                    "cron_tz",
                                                    "start",
                                                    "end",
                                                    "owner",
                                                    "interval_unit",
                                                    "allow_partials",
                                                    "enabled",
                                                    "storage_format",
                                                    "gateway",
                                                    "on_destructive_change",
                                                    "on_additive_change",
                                                    "batch_size",
                                                    "batch_concurrency",
                                                    "lookback",
                                                    "forward_only"};
const std::vector<std::string> kRuntimeModelDefaultKeys = {"optimize_query",
                                                           "validate_query",
                                                           "session_properties",
                                                           "virtual_properties",
                                                           "physical_properties",
                                                           "table_format",
                                                           "formatting",
                                                           "audits",
                                                           "pre_statements",
                                                           "post_statements",
                                                           "on_virtual_update",
                                                           "ignored_rules",
                                                           "grains",
                                                           "signals"};

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// Collects problems with their locations in one file.
class ErrorSink {
 public:
  ErrorSink(fs::path file, const std::string& original_text)
      : file_(std::move(file)), lines_(SplitLines(original_text)) {}

  SourceLocation At(int line, int column) const {
    SourceLocation loc{file_.string(), line, column, ""};
    if (line >= 1 && line <= static_cast<int>(lines_.size())) {
      loc.line_text = lines_[line - 1];
    }
    return loc;
  }

  SourceLocation At(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
      return At(0, 0);
    }
    return At(mark.line + 1, mark.column + 1);
  }

  void Add(Status status) { errors_.push_back(std::move(status)); }

  void Add(const YAML::Node& node, std::string message, std::string hint = "") {
    Status s = Status::ProjectError(std::move(message)).WithLocation(At(node));
    if (!hint.empty()) {
      s = std::move(s).WithHint(std::move(hint));
    }
    errors_.push_back(std::move(s));
  }

  Status ToStatus() { return Status::Combine(std::move(errors_)); }

  // Settings accepted without effect (SQLMesh's runtime keys), by dotted path.
  std::vector<std::string> ignored;

 private:
  fs::path file_;
  std::vector<std::string> lines_;
  std::vector<Status> errors_;
};

// Replaces every `{{ env_var('NAME'[, 'default']) }}` in `text`.
std::string SubstituteEnvVars(const std::string& text, ErrorSink& errors) {
  std::string out;
  out.reserve(text.size());
  int line = 1;
  size_t line_start = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
    if (text.compare(i, 2, "{{") != 0) {
      out += text[i++];
      continue;
    }
    const int column = static_cast<int>(i - line_start) + 1;
    const size_t close = text.find("}}", i + 2);
    if (close == std::string::npos) {
      errors.Add(Status::ProjectError("unterminated '{{' in config.yaml")
                     .WithLocation(errors.At(line, column))
                     .WithHint("close it with '}}', e.g. {{ env_var('NAME') }}"));
      return out + text.substr(i);
    }
    std::string_view expr(text.data() + i + 2, close - i - 2);
    // Parse: env_var ( 'NAME' [, 'default'] )
    std::vector<std::string> args;
    bool ok = false;
    {
      size_t p = 0;
      auto skip_space = [&] {
        while (p < expr.size() && (expr[p] == ' ' || expr[p] == '\t')) {
          ++p;
        }
      };
      skip_space();
      if (expr.substr(p, 7) == "env_var") {
        p += 7;
        skip_space();
        if (p < expr.size() && expr[p] == '(') {
          ++p;
          while (true) {
            skip_space();
            if (p >= expr.size() || (expr[p] != '\'' && expr[p] != '"')) {
              break;
            }
            const char quote = expr[p++];
            const size_t end = expr.find(quote, p);
            if (end == std::string_view::npos) {
              break;
            }
            args.emplace_back(expr.substr(p, end - p));
            p = end + 1;
            skip_space();
            if (p < expr.size() && expr[p] == ',') {
              ++p;
              continue;
            }
            if (p < expr.size() && expr[p] == ')') {
              ++p;
              skip_space();
              ok = p == expr.size() && (args.size() == 1 || args.size() == 2);
            }
            break;
          }
        }
      }
    }
    if (!ok) {
      errors.Add(Status::ProjectError("config.yaml supports only {{ env_var('NAME') }} and "
                                      "{{ env_var('NAME', 'default') }} here")
                     .WithLocation(errors.At(line, column)));
    } else if (const char* value = std::getenv(args[0].c_str()); value != nullptr) {
      out += value;
    } else if (args.size() == 2) {
      out += args[1];
    } else {
      errors.Add(
          Status::ProjectError(fmt::format("environment variable {} is not set", args[0]))
              .WithLocation(errors.At(line, column))
              .WithHint(fmt::format("set {} or give a default: {{{{ env_var('{}', '...') }}}}",
                                    args[0], args[0])));
    }
    i = close + 2;
  }
  return out;
}

// Checks the keys of `map`: those of `known` pass; those of `runtime` (SQLMesh settings that only
// its Python runtime or cloud reads) are added to `ignored` as `<prefix><key>`; any other is an
// error with the nearest known name.
void CheckKeys(const YAML::Node& map, const std::vector<std::string>& known,
               const std::vector<std::string>& runtime, std::string_view prefix,
               std::string_view what, ErrorSink& errors) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) {
      continue;
    }
    if (std::find(runtime.begin(), runtime.end(), key) != runtime.end()) {
      errors.ignored.push_back(fmt::format("{}{}", prefix, key));
      continue;
    }
    std::vector<std::string> names = known;
    names.insert(names.end(), runtime.begin(), runtime.end());
    std::string nearest = NearestName(key, names);
    errors.Add(entry.first, fmt::format("unknown key '{}' in {}", key, what),
               nearest.empty() ? fmt::format("known keys: {}", Join(known, ", "))
                               : fmt::format("did you mean '{}'?", nearest));
  }
}

void CheckKeys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what,
               ErrorSink& errors) {
  CheckKeys(map, known, {}, "", what, errors);
}

std::optional<std::string> ScalarOf(const YAML::Node& node, std::string_view what,
                                    ErrorSink& errors) {
  if (!node.IsScalar()) {
    errors.Add(node, fmt::format("{} must be a single value", what));
    return std::nullopt;
  }
  return node.Scalar();
}

// A time to live: a duration ahead, `in 1 week` or `1 week` (`3 days`, `12 hours`, `2 months`),
// kept as `in …` for the plan to add to its time.
std::optional<std::string> TtlOf(const YAML::Node& node, std::string_view what, ErrorSink& errors) {
  std::optional<std::string> text = ScalarOf(node, what, errors);
  if (!text) {
    return std::nullopt;
  }
  std::string ahead = std::string(Trim(*text));
  if (ahead.size() < 3 || !EqualsIgnoreCase(std::string_view(ahead).substr(0, 3), "in ")) {
    ahead = "in " + ahead;
  }
  constexpr int64_t kSomeTime = int64_t{1'700'000'000} * 1'000'000;
  Result<int64_t> until = ParseTimePoint(ahead, kSomeTime, TimeRole::kStart);
  if (!until.ok() || *until <= kSomeTime) {
    errors.Add(node, fmt::format("{} '{}' is not a duration ahead: write it like '1 week', "
                                 "'3 days' or '12 hours'",
                                 what, *text));
    return std::nullopt;
  }
  return ahead;
}

std::optional<int> PositiveIntOf(const YAML::Node& node, std::string_view what, ErrorSink& errors,
                                 int max = 1 << 30) {
  std::optional<std::string> text = ScalarOf(node, what, errors);
  if (!text) {
    return std::nullopt;
  }
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value <= 0 || value > max) {
    errors.Add(node,
               fmt::format("{} must be a whole number from 1 to {}, not '{}'", what, max, *text));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> BoolOf(const YAML::Node& node, std::string_view what, ErrorSink& errors) {
  std::optional<std::string> text = ScalarOf(node, what, errors);
  if (!text) {
    return std::nullopt;
  }
  const std::string lower = ToLower(*text);
  if (lower == "true" || lower == "yes" || lower == "on") {
    return true;
  }
  if (lower == "false" || lower == "no" || lower == "off") {
    return false;
  }
  errors.Add(node, fmt::format("{} must be true or false, not '{}'", what, *text));
  return std::nullopt;
}

// A DuckDB path relative to the project folder made absolute; ":memory:" and URLs
// (s3://..., md:...) as written.
std::string ResolveDuckDbPath(const std::string& path, const fs::path& project_dir) {
  if (path == ":memory:" || path.find(':') != std::string::npos || fs::path(path).is_absolute()) {
    return path;
  }
  return (project_dir / path).lexically_normal().string();
}

// `catalogs:` of a DuckDB connection: `name: path`, or `name: {type, path, read_only}`.
bool ParseCatalogs(const YAML::Node& node, const fs::path& project_dir, ErrorSink& errors,
                   engine::ConnectionConfig* conn) {
  if (!node.IsMap() || node.size() == 0) {
    errors.Add(node, "catalogs must map catalog names to database files",
               "catalogs:\n  local: data/local.duckdb");
    return false;
  }
  bool ok = true;
  for (const auto& entry : node) {
    engine::DuckDbCatalog catalog;
    catalog.name = entry.first.Scalar();
    const YAML::Node value = entry.second;
    if (value.IsScalar()) {
      catalog.path = value.Scalar();
    } else if (value.IsMap()) {
      CheckKeys(value, {"type", "path", "read_only"},
                {"data_path", "encrypted", "data_inlining_row_limit", "metadata_schema",
                 "override_data_path"},
                fmt::format("catalogs.{}.", catalog.name),
                fmt::format("catalog '{}'", catalog.name), errors);
      if (const YAML::Node type = value["type"]) {
        catalog.type = ToLower(ScalarOf(type, "type", errors).value_or(""));
        if (catalog.type == "duckdb") {
          catalog.type.clear();
        }
      }
      if (const YAML::Node path = value["path"]) {
        catalog.path = ScalarOf(path, "path", errors).value_or("");
      }
      if (const YAML::Node read_only = value["read_only"]) {
        catalog.read_only = BoolOf(read_only, "read_only", errors).value_or(false);
      }
    }
    if (catalog.path.empty()) {
      errors.Add(value, fmt::format("catalog '{}' needs a path", catalog.name),
                 fmt::format("{}: data/{}.duckdb", catalog.name, catalog.name));
      ok = false;
      continue;
    }
    if (catalog.type.empty() || catalog.type == "sqlite") {
      catalog.path = ResolveDuckDbPath(catalog.path, project_dir);
    }
    conn->catalogs.push_back(std::move(catalog));
  }
  return ok;
}

// `extensions:` of a DuckDB connection: names, or `{name, repository, force_install}`.
bool ParseExtensions(const YAML::Node& node, ErrorSink& errors, engine::ConnectionConfig* conn) {
  if (!node.IsSequence()) {
    errors.Add(node, "extensions must be a list of extension names", "extensions: [httpfs]");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& entry : node) {
    YAML::Node name = entry;
    if (entry.IsMap()) {
      CheckKeys(entry, {"name"}, {"repository", "force_install"}, "extensions.", "an extension",
                errors);
      name = entry["name"];
      if (!name) {
        errors.Add(entry, "an extension needs a name", "- name: httpfs");
        ok = false;
        continue;
      }
    }
    if (auto text = ScalarOf(name, "an extension", errors)) {
      conn->extensions.push_back(*text);
    } else {
      ok = false;
    }
  }
  return ok;
}

std::optional<engine::ConnectionConfig> ParseConnection(const YAML::Node& node,
                                                        std::string_view what,
                                                        const fs::path& project_dir,
                                                        ErrorSink& errors, GatewayConfig* gateway) {
  if (!node.IsMap()) {
    errors.Add(node, fmt::format("{} must be a mapping with a 'type' key", what));
    return std::nullopt;
  }
  CheckKeys(node, kConnectionKeys, kRuntimeConnectionKeys,
            gateway != nullptr ? fmt::format("gateways.{}.{}.", gateway->name, what)
                               : fmt::format("{}.", what),
            what, errors);
  engine::ConnectionConfig conn;
  const YAML::Node type = node["type"];
  std::string type_name = "duckdb";
  if (type) {
    type_name = ScalarOf(type, "type", errors).value_or("duckdb");
  }
  if (type_name == "duckdb") {
    conn.type = engine::EngineType::kDuckDb;
  } else if (type_name == "postgres" || type_name == "postgresql") {
    conn.type = engine::EngineType::kPostgres;
    conn.database = "";
  } else {
    errors.Add(type, fmt::format("unknown connection type '{}'", type_name),
               "use 'duckdb' or 'postgres'");
    return std::nullopt;
  }
  bool ok = true;
  auto text = [&](const char* key, std::string& field) {
    if (const YAML::Node v = node[key]) {
      if (auto s = ScalarOf(v, key, errors)) {
        field = *s;
      } else {
        ok = false;
      }
    }
  };
  text("database", conn.database);
  text("host", conn.host);
  text("user", conn.user);
  text("password", conn.password);
  text("sslmode", conn.sslmode);
  if (const YAML::Node v = node["port"]) {
    if (auto port = PositiveIntOf(v, "port", errors, 65535)) {
      conn.port = *port;
    } else {
      ok = false;
    }
  }
  if (const YAML::Node v = node["connect_timeout"]) {
    if (auto seconds = PositiveIntOf(v, "connect_timeout", errors)) {
      conn.connect_timeout_seconds = *seconds;
    } else {
      ok = false;
    }
  }
  if (const YAML::Node v = node["concurrent_tasks"]) {
    auto tasks = PositiveIntOf(v, "concurrent_tasks", errors, 1024);
    if (tasks && gateway != nullptr) {
      gateway->concurrent_tasks = *tasks;
    }
  }
  const bool duckdb = conn.type == engine::EngineType::kDuckDb;
  for (const char* key : {"catalogs", "extensions", "connector_config"}) {
    if (node[key] && !duckdb) {
      errors.Add(node[key], fmt::format("{} is a setting of DuckDB connections", key),
                 "remove it, or use it in a connection of type duckdb");
      ok = false;
    }
  }
  if (duckdb) {
    if (const YAML::Node catalogs = node["catalogs"]) {
      ok = ParseCatalogs(catalogs, project_dir, errors, &conn) && ok;
      if (node["database"] && !conn.catalogs.empty()) {
        errors.Add(node["database"], "a DuckDB connection has either 'database' or 'catalogs'",
                   "the first of 'catalogs' is the default database; remove 'database'");
        ok = false;
      }
    }
    if (const YAML::Node extensions = node["extensions"]) {
      ok = ParseExtensions(extensions, errors, &conn) && ok;
    }
    if (const YAML::Node settings = node["connector_config"]) {
      if (!settings.IsMap()) {
        errors.Add(settings, "connector_config must map DuckDB settings to values",
                   "connector_config: {threads: 2}");
        ok = false;
      } else {
        for (const auto& entry : settings) {
          if (auto value = ScalarOf(entry.second, entry.first.Scalar(), errors)) {
            conn.settings.emplace_back(entry.first.Scalar(), *value);
          } else {
            ok = false;
          }
        }
      }
    }
    if (!conn.catalogs.empty()) {
      conn.database = conn.catalogs.front().path;
    }
    if (conn.database.empty()) {
      conn.database = "db.duckdb";
    }
    conn.database = ResolveDuckDbPath(conn.database, project_dir);
  } else if (conn.database.empty()) {
    errors.Add(node, fmt::format("{} of type postgres needs a 'database'", what));
    ok = false;
  }
  if (!ok) {
    return std::nullopt;
  }
  return conn;
}

// A `variables:` mapping; names are case-insensitive (kept lower-case).
void ParseVariables(const YAML::Node& node, std::string_view what, ErrorSink& errors,
                    std::map<std::string, YAML::Node>* out) {
  if (!node.IsMap()) {
    errors.Add(node, fmt::format("{} must be a mapping of names to values", what));
    return;
  }
  for (const auto& entry : node) {
    (*out)[ToLower(entry.first.Scalar())] = YAML::Clone(entry.second);
  }
}

// A list of strings (`before_all`, `ignore_patterns`, ...), each with its location.
std::vector<ConfigScalar> StringList(const YAML::Node& node, std::string_view what,
                                     ErrorSink& errors) {
  std::vector<ConfigScalar> out;
  if (!node.IsSequence()) {
    errors.Add(node, fmt::format("{} must be a list of strings", what));
    return out;
  }
  for (const YAML::Node& item : node) {
    if (auto text = ScalarOf(item, what, errors)) {
      out.push_back(ConfigScalar{*text, errors.At(item)});
    }
  }
  return out;
}

// The settings of SQLMesh that shape a project but live outside gateways and model_defaults.
void ParseProjectSettings(const YAML::Node& root, Config& config, ErrorSink& errors) {
  if (const YAML::Node v = root["project"]) {
    config.project = ScalarOf(v, "project", errors).value_or("");
  }
  if (const YAML::Node v = root["model_naming"]) {
    if (!v.IsMap()) {
      errors.Add(v, "model_naming must be a mapping", "model_naming:\n  infer_names: true");
    } else {
      CheckKeys(v, kModelNamingKeys, "model_naming", errors);
      if (const YAML::Node infer = v["infer_names"]) {
        config.infer_names = BoolOf(infer, "model_naming.infer_names", errors).value_or(false);
      }
    }
  }
  for (const char* key : {"physical_schema_override", "physical_schema_mapping"}) {
    const YAML::Node v = root[key];
    if (!v) {
      continue;
    }
    if (!v.IsMap()) {
      errors.Add(v, fmt::format("{} must map model schemas to physical schemas", key),
                 fmt::format("{}:\n  '^sales$': sales_physical", key));
      continue;
    }
    const bool exact = std::string_view(key) == "physical_schema_override";
    for (const auto& entry : v) {
      std::string pattern = entry.first.Scalar();
      if (exact) {
        // The deprecated form maps schema names, not patterns.
        std::string escaped = "^";
        for (char c : ToLower(pattern)) {
          if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) {
            escaped += '\\';
          }
          escaped += c;
        }
        pattern = escaped + "$";
      } else {
        try {
          std::regex check(pattern);
        } catch (const std::regex_error&) {
          errors.Add(
              entry.first,
              fmt::format("'{}' in physical_schema_mapping is not a regular expression", pattern));
          continue;
        }
      }
      if (auto schema = ScalarOf(entry.second, key, errors)) {
        config.physical_schema_mapping.emplace_back(pattern, *schema);
      }
    }
  }
  if (const YAML::Node v = root["environment_suffix_target"]) {
    const std::string target =
        ToLower(ScalarOf(v, "environment_suffix_target", errors).value_or(""));
    if (target == "schema") {
      config.environment_suffix_target = EnvironmentSuffixTarget::kSchema;
    } else if (target == "table") {
      config.environment_suffix_target = EnvironmentSuffixTarget::kTable;
    } else if (target == "catalog") {
      config.environment_suffix_target = EnvironmentSuffixTarget::kCatalog;
    } else {
      errors.Add(v, fmt::format("environment_suffix_target must be schema, table or catalog, not "
                                "'{}'",
                                target));
    }
  }
  if (const YAML::Node v = root["default_target_environment"]) {
    config.default_target_environment =
        ToLower(ScalarOf(v, "default_target_environment", errors).value_or("prod"));
  }
  if (const YAML::Node v = root["before_all"]) {
    config.before_all = StringList(v, "before_all", errors);
  }
  if (const YAML::Node v = root["after_all"]) {
    config.after_all = StringList(v, "after_all", errors);
  }
  if (const YAML::Node v = root["ignore_patterns"]) {
    for (ConfigScalar& pattern : StringList(v, "ignore_patterns", errors)) {
      config.ignore_patterns.push_back(std::move(pattern.value));
    }
  }
  if (const YAML::Node v = root["format"]) {
    if (!v.IsMap()) {
      errors.Add(v, "format must be a mapping of formatting settings", "format:\n  indent: 2");
    } else {
      CheckKeys(v, kFormatKeys, "format", errors);
      FormatConfig& format = config.format;
      auto flag = [&](const char* key, bool* out) {
        if (const YAML::Node f = v[key]) {
          *out = BoolOf(f, fmt::format("format.{}", key), errors).value_or(*out);
        }
      };
      auto number = [&](const char* key, int* out) {
        if (const YAML::Node n = v[key]) {
          *out = PositiveIntOf(n, fmt::format("format.{}", key), errors, 10000).value_or(*out);
        }
      };
      flag("normalize", &format.normalize);
      flag("leading_comma", &format.leading_comma);
      flag("append_newline", &format.append_newline);
      number("indent", &format.indent);
      number("pad", &format.pad);
      number("max_text_width", &format.max_text_width);
    }
  }
  if (const YAML::Node v = root["linter"]) {
    if (!v.IsMap()) {
      errors.Add(v, "linter must be a mapping of linter settings", "linter:\n  enabled: true");
    } else {
      CheckKeys(v, kLinterKeys, "linter", errors);
      if (const YAML::Node enabled = v["enabled"]) {
        config.linter.enabled = BoolOf(enabled, "linter.enabled", errors).value_or(false);
      }
      auto rules = [&](const char* key, std::vector<std::string>* out) {
        const YAML::Node list = v[key];
        if (!list) {
          return;
        }
        if (list.IsScalar()) {  // "ALL" or one rule
          out->push_back(list.Scalar());
          return;
        }
        for (ConfigScalar& rule : StringList(list, fmt::format("linter.{}", key), errors)) {
          out->push_back(std::move(rule.value));
        }
      };
      rules("rules", &config.linter.rules);
      rules("warn_rules", &config.linter.warn_rules);
      rules("ignored_rules", &config.linter.ignored_rules);
    }
  }
}

void ParseGateways(const YAML::Node& node, const fs::path& project_dir,
                   const std::optional<engine::ConnectionConfig>& default_connection,
                   const std::optional<engine::ConnectionConfig>& default_test_connection,
                   Config& config, ErrorSink& errors) {
  if (!node.IsMap() || node.size() == 0) {
    errors.Add(node, "gateways must be a mapping of gateway names to their connections");
    return;
  }
  for (const auto& entry : node) {
    GatewayConfig gateway;
    gateway.name = ToLower(entry.first.Scalar());  // gateway names are case-insensitive
    const YAML::Node body = entry.second;
    if (!body.IsMap()) {
      errors.Add(body,
                 fmt::format("gateway '{}' must be a mapping with a 'connection'", gateway.name));
      continue;
    }
    CheckKeys(body, kGatewayKeys, kRuntimeGatewayKeys, fmt::format("gateways.{}.", gateway.name),
              fmt::format("gateway '{}'", gateway.name), errors);
    if (const YAML::Node conn = body["connection"]) {
      if (auto c = ParseConnection(conn, "connection", project_dir, errors, &gateway)) {
        gateway.connection = *c;
      }
    } else if (default_connection) {
      gateway.connection = *default_connection;
    } else {
      errors.Add(entry.first, fmt::format("gateway '{}' has no 'connection'", gateway.name),
                 "add 'connection: {type: duckdb, database: db.duckdb}'");
    }
    if (const YAML::Node conn = body["state_connection"]) {
      gateway.state_connection =
          ParseConnection(conn, "state_connection", project_dir, errors, nullptr);
    }
    if (const YAML::Node conn = body["test_connection"]) {
      gateway.test_connection =
          ParseConnection(conn, "test_connection", project_dir, errors, nullptr);
    } else if (default_test_connection) {
      gateway.test_connection = default_test_connection;
    }
    if (const YAML::Node variables = body["variables"]) {
      ParseVariables(variables, fmt::format("gateways.{}.variables", gateway.name), errors,
                     &gateway.variables);
    }
    if (const YAML::Node schema = body["state_schema"]) {
      gateway.state_schema = ScalarOf(schema, "state_schema", errors).value_or("strata_state");
    }
    if (config.default_gateway.empty()) {
      config.default_gateway = gateway.name;  // the first gateway is the default
    }
    config.gateways[gateway.name] = std::move(gateway);
  }
}

GatewayConfig DefaultGateway(const fs::path& project_dir) {
  GatewayConfig gateway;
  gateway.name = "local";
  gateway.connection.database = (project_dir / "db.duckdb").lexically_normal().string();
  return gateway;
}

}  // namespace

Result<const GatewayConfig*> Config::Gateway(const std::string& name) const {
  const std::string wanted = name.empty() ? default_gateway : ToLower(name);
  auto it = gateways.find(wanted);
  if (it == gateways.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : gateways) {
      names.push_back(n);
    }
    const std::string nearest = NearestName(wanted, names);
    return Status::NotFound(fmt::format("no gateway named '{}'", wanted))
        .WithHint(fmt::format("{}gateways in {}: {}",
                              nearest.empty() ? "" : "did you mean '" + nearest + "'? ",
                              path.empty() ? "the project" : path.string(), Join(names, ", ")));
  }
  return &it->second;
}

std::map<std::string, YAML::Node> Config::VariablesFor(const std::string& name) const {
  std::map<std::string, YAML::Node> merged = variables;
  auto it = gateways.find(name.empty() ? default_gateway : ToLower(name));
  if (it == gateways.end()) {
    it = gateways.find(name);
  }
  if (it != gateways.end()) {
    for (const auto& [key, value] : it->second.variables) {
      // Not merged[key] = value: assigning a YAML::Node writes through to the node it shares.
      merged.erase(key);
      merged.emplace(key, value);
    }
  }
  return merged;
}

Result<Config> ParseConfig(const std::string& text, const fs::path& file,
                           const fs::path& project_dir) {
  ErrorSink errors(file, text);
  const std::string substituted = SubstituteEnvVars(text, errors);
  Config config;
  config.path = file;

  YAML::Node root;
  try {
    root = YAML::Load(substituted);
  } catch (const YAML::Exception& e) {
    errors.Add(Status::ParseError(fmt::format("invalid YAML: {}", e.msg))
                   .WithLocation(errors.At(e.mark.line + 1, e.mark.column + 1)));
    return errors.ToStatus();
  }
  if (root.IsNull()) {
    config.gateways["local"] = DefaultGateway(project_dir);
    config.default_gateway = "local";
    STRATA_RETURN_IF_ERROR(errors.ToStatus());
    return config;
  }
  if (!root.IsMap()) {
    errors.Add(root, "config.yaml must be a mapping of settings (gateways, model_defaults, ...)");
    return errors.ToStatus();
  }
  try {
    CheckKeys(root, kTopLevelKeys, kRuntimeTopLevelKeys, "", "config.yaml", errors);
    std::optional<engine::ConnectionConfig> default_connection;
    std::optional<engine::ConnectionConfig> default_test_connection;
    if (const YAML::Node conn = root["default_connection"]) {
      default_connection =
          ParseConnection(conn, "default_connection", project_dir, errors, nullptr);
    }
    if (const YAML::Node conn = root["default_test_connection"]) {
      default_test_connection =
          ParseConnection(conn, "default_test_connection", project_dir, errors, nullptr);
    }
    if (const YAML::Node gateways = root["gateways"]) {
      ParseGateways(gateways, project_dir, default_connection, default_test_connection, config,
                    errors);
    } else {
      config.gateways["local"] = DefaultGateway(project_dir);
      if (default_connection) {
        config.gateways["local"].connection = *default_connection;
      }
      config.gateways["local"].test_connection = default_test_connection;
      config.default_gateway = "local";
    }
    if (const YAML::Node def = root["default_gateway"]) {
      if (auto name = ScalarOf(def, "default_gateway", errors)) {
        *name = ToLower(*name);
        if (config.gateways.count(*name) == 0) {
          std::vector<std::string> names;
          for (const auto& [gateway, _] : config.gateways) {
            names.push_back(gateway);
          }
          const std::string nearest = NearestName(*name, names);
          errors.Add(def, fmt::format("default_gateway '{}' is not one of the gateways", *name),
                     nearest.empty() ? fmt::format("gateways: {}", Join(names, ", "))
                                     : fmt::format("did you mean '{}'? (gateways: {})", nearest,
                                                   Join(names, ", ")));
        } else {
          config.default_gateway = *name;
        }
      }
    }
    if (const YAML::Node defaults = root["model_defaults"]) {
      if (!defaults.IsMap()) {
        errors.Add(defaults, "model_defaults must be a mapping of model properties");
      } else {
        CheckKeys(defaults, kModelDefaultKeys, kRuntimeModelDefaultKeys, "model_defaults.",
                  "model_defaults", errors);
        for (const auto& entry : defaults) {
          const std::string key = entry.first.Scalar();
          if (std::find(kModelDefaultKeys.begin(), kModelDefaultKeys.end(), key) ==
              kModelDefaultKeys.end()) {
            continue;
          }
          if (auto value = ScalarOf(entry.second, key, errors)) {
            config.model_defaults[key] = ConfigScalar{*value, errors.At(entry.second)};
          }
        }
      }
    }
    if (const YAML::Node variables = root["variables"]) {
      ParseVariables(variables, "variables", errors, &config.variables);
    }
    ParseProjectSettings(root, config, errors);
    if (const YAML::Node tasks = root["concurrent_tasks"]) {
      config.concurrent_tasks = PositiveIntOf(tasks, "concurrent_tasks", errors, 1024).value_or(4);
    }
    if (const YAML::Node ttl = root["snapshot_ttl"]) {
      config.snapshot_ttl = TtlOf(ttl, "snapshot_ttl", errors).value_or(config.snapshot_ttl);
    }
    if (const YAML::Node ttl = root["environment_ttl"]) {
      config.environment_ttl =
          TtlOf(ttl, "environment_ttl", errors).value_or(config.environment_ttl);
    }
    if (const YAML::Node plan = root["plan"]) {
      if (!plan.IsMap()) {
        errors.Add(plan, "plan must be a mapping of plan settings (auto_categorize_changes, ...)");
      } else {
        CheckKeys(plan, kPlanKeys, kRuntimePlanKeys, "plan.", "plan", errors);
        if (const YAML::Node v = plan["auto_categorize_changes"]) {
          if (v.IsMap()) {
            // SQLMesh's form: a mode (full, semi, off) per model source; strata's models are SQL.
            CheckKeys(v, {"sql", "seed", "python", "external"}, "plan.auto_categorize_changes",
                      errors);
            if (const YAML::Node sql = v["sql"]) {
              config.plan.auto_categorize_changes =
                  ToLower(ScalarOf(sql, "plan.auto_categorize_changes.sql", errors).value_or("")) ==
                  "full";
            }
          } else {
            config.plan.auto_categorize_changes =
                BoolOf(v, "plan.auto_categorize_changes", errors).value_or(false);
          }
        }
        if (const YAML::Node v = plan["include_unmodified"]) {
          config.plan.include_unmodified =
              BoolOf(v, "plan.include_unmodified", errors).value_or(false);
        }
      }
    }
  } catch (const YAML::Exception& e) {
    errors.Add(Status::ParseError(fmt::format("invalid config: {}", e.msg))
                   .WithLocation(errors.At(e.mark.line + 1, e.mark.column + 1)));
  }
  if (config.environment_suffix_target == EnvironmentSuffixTarget::kCatalog) {
    config.warnings.push_back(fmt::format(
        "{}: environment_suffix_target catalog is not supported (DuckDB and PostgreSQL make no "
        "catalog per environment): strata names the views of environment E in schema S as S__E "
        "(see docs/coming-from-sqlmesh.md)",
        file.filename().string()));
  }
  if (!errors.ignored.empty()) {
    config.warnings.push_back(
        fmt::format("{}: ignored settings of SQLMesh's Python runtime, scheduler or cloud, which "
                    "strata does not use: {}",
                    file.filename().string(), Join(errors.ignored, ", ")));
  }
  STRATA_RETURN_IF_ERROR(errors.ToStatus());
  return config;
}

Result<Config> LoadConfig(const fs::path& project_dir) {
  for (const char* name : {"config.yaml", "config.yml"}) {
    const fs::path file = project_dir / name;
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      return Status::IoError(fmt::format("cannot read {}", file.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ParseConfig(text.str(), file, project_dir);
  }
  // Without a config file, a folder with models/ is a project on the default DuckDB gateway; any
  // other folder is not one (and gets no database file created in it).
  std::error_code ec;
  if (!fs::is_directory(project_dir / "models", ec)) {
    return Status::NotFound(
               fmt::format("{} is not a strata project: it has no config.yaml and "
                           "no models/ folder",
                           project_dir.empty() ? std::string(".") : project_dir.string()))
        .WithHint("create one with `strata init`, or point -p at the project's folder");
  }
  Config config;
  config.gateways["local"] = DefaultGateway(project_dir);
  config.default_gateway = "local";
  return config;
}

}  // namespace strata::project
