// Reading config.yaml: env_var substitution on the text, then a walk over the YAML tree that
// checks every key and type and collects every problem with its location.
#include "project/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::project {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopLevelKeys = {
    "gateways",         "default_gateway", "model_defaults",  "variables",
    "concurrent_tasks", "snapshot_ttl",    "environment_ttl", "plan"};
const std::vector<std::string> kPlanKeys = {"auto_categorize_changes", "include_unmodified"};
const std::vector<std::string> kGatewayKeys = {"connection", "state_connection", "test_connection",
                                               "state_schema"};
const std::vector<std::string> kConnectionKeys = {"type",
                                                  "database",
                                                  "host",
                                                  "port",
                                                  "user",
                                                  "password",
                                                  "sslmode",
                                                  "connect_timeout",
                                                  "concurrent_tasks"};
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

void CheckKeys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what,
               ErrorSink& errors) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) {
      continue;
    }
    std::string nearest = NearestName(key, known);
    errors.Add(entry.first, fmt::format("unknown key '{}' in {}", key, what),
               nearest.empty() ? fmt::format("known keys: {}", Join(known, ", "))
                               : fmt::format("did you mean '{}'?", nearest));
  }
}

std::optional<std::string> ScalarOf(const YAML::Node& node, std::string_view what,
                                    ErrorSink& errors) {
  if (!node.IsScalar()) {
    errors.Add(node, fmt::format("{} must be a single value", what));
    return std::nullopt;
  }
  return node.Scalar();
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

std::optional<engine::ConnectionConfig> ParseConnection(const YAML::Node& node,
                                                        std::string_view what,
                                                        const fs::path& project_dir,
                                                        ErrorSink& errors, GatewayConfig* gateway) {
  if (!node.IsMap()) {
    errors.Add(node, fmt::format("{} must be a mapping with a 'type' key", what));
    return std::nullopt;
  }
  CheckKeys(node, kConnectionKeys, what, errors);
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
  if (conn.type == engine::EngineType::kDuckDb) {
    if (conn.database.empty()) {
      conn.database = "db.duckdb";
    }
    if (conn.database != ":memory:" && fs::path(conn.database).is_relative()) {
      conn.database = (project_dir / conn.database).lexically_normal().string();
    }
  } else if (conn.database.empty()) {
    errors.Add(node, fmt::format("{} of type postgres needs a 'database'", what));
    ok = false;
  }
  if (!ok) {
    return std::nullopt;
  }
  return conn;
}

void ParseGateways(const YAML::Node& node, const fs::path& project_dir, Config& config,
                   ErrorSink& errors) {
  if (!node.IsMap() || node.size() == 0) {
    errors.Add(node, "gateways must be a mapping of gateway names to their connections");
    return;
  }
  for (const auto& entry : node) {
    GatewayConfig gateway;
    gateway.name = entry.first.Scalar();
    const YAML::Node body = entry.second;
    if (!body.IsMap()) {
      errors.Add(body,
                 fmt::format("gateway '{}' must be a mapping with a 'connection'", gateway.name));
      continue;
    }
    CheckKeys(body, kGatewayKeys, fmt::format("gateway '{}'", gateway.name), errors);
    if (const YAML::Node conn = body["connection"]) {
      if (auto c = ParseConnection(conn, "connection", project_dir, errors, &gateway)) {
        gateway.connection = *c;
      }
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
  const std::string& wanted = name.empty() ? default_gateway : name;
  auto it = gateways.find(wanted);
  if (it == gateways.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : gateways) {
      names.push_back(n);
    }
    return Status::NotFound(fmt::format("no gateway named '{}'", wanted))
        .WithHint(fmt::format("gateways in {}: {}", path.empty() ? "the project" : path.string(),
                              Join(names, ", ")));
  }
  return &it->second;
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
    CheckKeys(root, kTopLevelKeys, "config.yaml", errors);
    if (const YAML::Node gateways = root["gateways"]) {
      ParseGateways(gateways, project_dir, config, errors);
    } else {
      config.gateways["local"] = DefaultGateway(project_dir);
      config.default_gateway = "local";
    }
    if (const YAML::Node def = root["default_gateway"]) {
      if (auto name = ScalarOf(def, "default_gateway", errors)) {
        if (config.gateways.count(*name) == 0) {
          errors.Add(def, fmt::format("default_gateway '{}' is not one of the gateways", *name));
        } else {
          config.default_gateway = *name;
        }
      }
    }
    if (const YAML::Node defaults = root["model_defaults"]) {
      if (!defaults.IsMap()) {
        errors.Add(defaults, "model_defaults must be a mapping of model properties");
      } else {
        CheckKeys(defaults, kModelDefaultKeys, "model_defaults", errors);
        for (const auto& entry : defaults) {
          const std::string key = entry.first.Scalar();
          if (auto value = ScalarOf(entry.second, key, errors)) {
            config.model_defaults[key] = ConfigScalar{*value, errors.At(entry.second)};
          }
        }
      }
    }
    if (const YAML::Node variables = root["variables"]) {
      if (!variables.IsMap()) {
        errors.Add(variables, "variables must be a mapping of names to values");
      } else {
        for (const auto& entry : variables) {
          std::string name = entry.first.Scalar();
          std::transform(name.begin(), name.end(), name.begin(),
                         [](unsigned char c) { return std::tolower(c); });
          config.variables[name] = YAML::Clone(entry.second);
        }
      }
    }
    if (const YAML::Node tasks = root["concurrent_tasks"]) {
      config.concurrent_tasks = PositiveIntOf(tasks, "concurrent_tasks", errors, 1024).value_or(4);
    }
    if (const YAML::Node ttl = root["snapshot_ttl"]) {
      config.snapshot_ttl = ScalarOf(ttl, "snapshot_ttl", errors).value_or(config.snapshot_ttl);
    }
    if (const YAML::Node ttl = root["environment_ttl"]) {
      config.environment_ttl =
          ScalarOf(ttl, "environment_ttl", errors).value_or(config.environment_ttl);
    }
    if (const YAML::Node plan = root["plan"]) {
      if (!plan.IsMap()) {
        errors.Add(plan, "plan must be a mapping of plan settings (auto_categorize_changes, ...)");
      } else {
        CheckKeys(plan, kPlanKeys, "plan", errors);
        if (const YAML::Node v = plan["auto_categorize_changes"]) {
          config.plan.auto_categorize_changes =
              BoolOf(v, "plan.auto_categorize_changes", errors).value_or(false);
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
  Config config;
  config.gateways["local"] = DefaultGateway(project_dir);
  config.default_gateway = "local";
  return config;
}

}  // namespace strata::project
