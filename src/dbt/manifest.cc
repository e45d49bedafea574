#include "dbt/manifest.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <mutex>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/file_text.h"
#include "base/text.h"
#include "dbt/microbatch.h"
#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

// Files under `root/dirs` with one of `extensions`, relative to root, sorted.
std::vector<fs::path> FilesUnder(const fs::path& root, const std::vector<std::string>& dirs,
                                 std::initializer_list<std::string_view> extensions) {
  std::vector<fs::path> files;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(root / dir, ec)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root / dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() &&
          std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
        files.push_back(fs::relative(entry.path(), root));
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// fqn of a file: package, the folders between its resource path and it, then `name`.
std::vector<std::string> Fqn(const std::string& package, const fs::path& file,
                             const std::vector<std::string>& resource_paths,
                             const std::string& name) {
  std::vector<std::string> fqn = {package};
  fs::path parent = file.parent_path();
  for (const std::string& dir : resource_paths) {
    const fs::path base(dir);
    auto [b, p] = std::mismatch(base.begin(), base.end(), parent.begin(), parent.end());
    if (b == base.end()) {
      for (; p != parent.end(); ++p) {
        fqn.push_back(p->string());
      }
      break;
    }
  }
  fqn.push_back(name);
  return fqn;
}

// `sql` with `ctes` (name, query) defined at its top: after its leading `with` when it starts with
// one (comments and blanks before it skipped), else in a WITH of their own.
std::string InjectCtes(const std::string& sql,
                       const std::vector<std::pair<std::string, std::string>>& ctes) {
  if (ctes.empty()) {
    return sql;
  }
  std::string defs;
  for (const auto& [name, query] : ctes) {
    defs += fmt::format("{}{} as (\n{}\n)", defs.empty() ? "" : ", ", name, query);
  }
  size_t i = 0;
  while (i < sql.size()) {
    if (IsAsciiSpace(sql[i])) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      const size_t eol = sql.find('\n', i);
      i = eol == std::string::npos ? sql.size() : eol + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      const size_t close = sql.find("*/", i + 2);
      i = close == std::string::npos ? sql.size() : close + 2;
    } else {
      break;
    }
  }
  const bool has_with =
      i + 4 < sql.size() && EqualsIgnoreCase(sql.substr(i, 4), "with") && IsAsciiSpace(sql[i + 4]);
  if (has_with) {
    return sql.substr(0, i + 4) + " " + defs + "," + sql.substr(i + 4);
  }
  return sql.substr(0, i) + "with " + defs + "\n" + sql.substr(i);
}

// The call of a generic test's macro (`test_<name>`, in its package when namespaced) with
// `model=strata_test_model` (which the caller sets), `column_name` and the test's arguments,
// binding what it passes in `vars`; a string argument that calls ref() or source() is that call.
std::string TestMacroCall(const TestDefinition& test, jinja::Variables* vars) {
  std::string call =
      test.namespace_.empty()
          ? fmt::format("test_{}(model=strata_test_model", test.test_name)
          : fmt::format("{}.test_{}(model=strata_test_model", test.namespace_, test.test_name);
  if (test.column) {
    (*vars)["strata_test_column"] = jinja::Value::String(*test.column);
    call += ", column_name=strata_test_column";
  }
  int i = 0;
  for (const auto& [key_value, value] : test.kwargs.as_dict()->entries()) {
    const std::string key = jinja::Str(key_value);
    if (value.is_string() && (value.as_string().find("ref(") != std::string::npos ||
                              value.as_string().find("source(") != std::string::npos)) {
      call += fmt::format(", {}={}", key, value.as_string());
      continue;
    }
    const std::string name = fmt::format("strata_test_arg{}", i++);
    (*vars)[name] = value;
    call += fmt::format(", {}={}", key, name);
  }
  return call + ")";
}

// The version an unversioned ref() reads: `latest_version`, else the greatest `v` (as numbers
// when every version is one, else as text).
std::string LatestVersion(const NodeProperties& props) {
  if (!props.latest_version.empty() || props.versions.empty()) {
    return props.latest_version;
  }
  auto number = [](const std::string& text) -> std::optional<double> {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) {
      return std::nullopt;
    }
    return value;
  };
  const bool numeric = std::all_of(props.versions.begin(), props.versions.end(),
                                   [&](const ModelVersion& v) { return number(v.v).has_value(); });
  const ModelVersion* latest = &props.versions[0];
  for (const ModelVersion& version : props.versions) {
    if (numeric ? *number(version.v) > *number(latest->v) : version.v > latest->v) {
      latest = &version;
    }
  }
  return latest->v;
}

}  // namespace

std::string_view ResourceTypeName(ResourceType type) {
  switch (type) {
    case ResourceType::kModel:
      return "model";
    case ResourceType::kSeed:
      return "seed";
    case ResourceType::kTest:
      return "test";
    case ResourceType::kSource:
      return "source";
    case ResourceType::kSnapshot:
      return "snapshot";
    case ResourceType::kUnitTest:
      return "unit_test";
  }
  return "node";
}

RenderNode Node::ToRender() const {
  RenderNode render;
  render.package = package;
  render.name = name;
  render.resource_type = std::string(ResourceTypeName(type));
  render.unique_id = unique_id;
  render.fqn = fqn;
  render.original_file_path = original_file_path;
  render.relation = relation;
  render.version = version;
  render.latest_version = latest_version;
  render.config = &config;
  return render;
}

const Node* Manifest::Find(const std::string& unique_id) const {
  auto it = nodes_.find(unique_id);
  return it == nodes_.end() ? nullptr : &it->second;
}

const std::set<std::string>& Manifest::Parents(const std::string& id) const {
  static const std::set<std::string> kNone;
  auto it = parents_.find(id);
  return it == parents_.end() ? kNone : it->second;
}

const std::set<std::string>& Manifest::Children(const std::string& id) const {
  static const std::set<std::string> kNone;
  auto it = children_.find(id);
  return it == children_.end() ? kNone : it->second;
}

size_t Manifest::Count(ResourceType type) const {
  return std::count_if(nodes_.begin(), nodes_.end(),
                       [&](const auto& entry) { return entry.second.type == type; });
}

Result<const Node*> Manifest::ResolveRef(const RefCall& ref,
                                         const std::string& from_package) const {
  const Node* found = nullptr;
  // A versioned model: the version asked for, else its latest.
  auto versioned = [&](const std::string& package) -> const Node* {
    if (ref.version) {
      return Find(fmt::format("model.{}.{}.v{}", package, ref.name, *ref.version));
    }
    auto it = latest_.find(package + "." + ref.name);
    return it == latest_.end() ? nullptr : Find(it->second);
  };
  for (const std::string& package : ref.package
                                        ? std::vector<std::string>{*ref.package}
                                        : std::vector<std::string>{from_package, project_->name}) {
    if (!ref.version) {
      for (const char* type : {"model", "seed", "snapshot"}) {
        if (const Node* node = Find(fmt::format("{}.{}.{}", type, package, ref.name))) {
          return node;
        }
      }
    }
    if (const Node* node = versioned(package)) {
      return node;
    }
  }
  if (!ref.package) {
    for (const auto& [id, node] : nodes_) {
      if ((node.type == ResourceType::kModel || node.type == ResourceType::kSeed ||
           node.type == ResourceType::kSnapshot) &&
          node.name == ref.name &&
          (ref.version ? node.version == *ref.version : node.version == node.latest_version)) {
        found = &node;
      }
    }
  }
  if (found != nullptr) {
    return found;
  }
  return Status::NotFound(fmt::format("a node named '{}'{}{} was not found", ref.name,
                                      ref.version ? " with version '" + *ref.version + "'" : "",
                                      ref.package ? " in package '" + *ref.package + "'" : ""))
      .WithHint("check the name in ref(), or whether that model is disabled");
}

Result<const Node*> Manifest::ResolveSource(const std::string& source,
                                            const std::string& table) const {
  for (const auto& [id, node] : nodes_) {
    if (node.type == ResourceType::kSource && node.source_name == source && node.name == table) {
      return &node;
    }
  }
  return Status::NotFound(fmt::format("a source named '{}.{}' was not found", source, table))
      .WithHint("declare it under `sources:` in a properties file");
}

jinja::Variables Manifest::CompileVariables(const RenderNode& render, bool ephemeral_as_cte,
                                            const CompileOptions& options) const {
  const std::string package = render.package;
  const std::optional<std::pair<int64_t, int64_t>> batch = options.batch;
  const bool empty = options.empty;
  // In a microbatch, a node with an event_time reads only the batch's rows; with --empty, none.
  const bool alias_subquery = target_.type != "duckdb";
  auto filtered = [batch, empty, alias_subquery](const Node& target) {
    RelationName relation = target.relation;
    relation.empty = empty;
    relation.alias_subquery = alias_subquery;
    if (std::optional<std::string> event_time = target.config.String("event_time");
        batch && event_time) {
      relation.filter =
          fmt::format("{0} >= cast('{1}' as timestamp) and {0} < cast('{2}' as timestamp)",
                      *event_time, BatchTime(batch->first), BatchTime(batch->second));
    }
    return relation;
  };
  // Shared by the resolvers, which outlive `options` (a caller's temporary) in the variables.
  auto mocks = std::make_shared<const std::map<std::string, std::string>>(options.mocks);
  jinja::Variables vars = compile_->NodeVariables(
      render, nullptr,
      [this, package, ephemeral_as_cte, filtered,
       mocks](const RefCall& ref) -> Result<RelationName> {
        STRATA_ASSIGN_OR_RETURN(const Node* target, ResolveRef(ref, package));
        if (mocks->count(target->unique_id) || (ephemeral_as_cte && IsEphemeral(*target))) {
          return RelationName{"", "", CteName(*target), true};
        }
        return filtered(*target);
      },
      [this, filtered, mocks](const std::string& source,
                              const std::string& table) -> Result<RelationName> {
        STRATA_ASSIGN_OR_RETURN(const Node* target, ResolveSource(source, table));
        if (mocks->count(target->unique_id)) {
          return RelationName{"", "", CteName(*target), true};
        }
        return filtered(*target);
      });
  ApplyOverrides(options, &vars);
  return vars;
}

std::string Manifest::CteName(const Node& node) {
  return node.type == ResourceType::kSource
             ? fmt::format("__dbt__cte__{}__{}", node.source_name, node.name)
             : "__dbt__cte__" + node.name;
}

void Manifest::ApplyOverrides(const CompileOptions& options, jinja::Variables* vars) const {
  if (options.mock_this) {
    (*vars)["this"] = Relation::Make(RelationName{"", "", "__dbt__cte__this", true});
  }
  if (options.override_macros.is_dict()) {
    for (const auto& [key, value] : options.override_macros.as_dict()->entries()) {
      const jinja::Value answer = value;
      (*vars)[jinja::Str(key)] =
          HostFunction::Make(jinja::Str(key), [answer](jinja::CallContext&, jinja::Arguments&) {
            return Result<jinja::Value>(answer);
          });
    }
  }
  // var() and env_var() answer from the overrides first, then as usual.
  auto wrap = [vars](const std::string& name, const jinja::Value& overrides,
                     const jinja::Value& fallback) {
    if (!overrides.is_dict() || overrides.as_dict()->entries().empty()) {
      return;
    }
    (*vars)[name] = HostFunction::Make(
        name,
        [overrides, fallback, name](jinja::CallContext& context,
                                    jinja::Arguments& args) -> Result<jinja::Value> {
          if (!args.positional.empty() && args.positional[0].is_string()) {
            if (const jinja::Value* value =
                    overrides.as_dict()->FindString(args.positional[0].as_string())) {
              return name == "env_var" ? jinja::Value::String(jinja::Str(*value)) : *value;
            }
          }
          return context.Call(fallback, args);
        });
  };
  if (auto it = vars->find("var"); it != vars->end()) {
    wrap("var", options.override_vars, it->second);
  }
  if (options.override_env_vars.is_dict() &&
      !options.override_env_vars.as_dict()->entries().empty()) {
    // env_var is a global of the environment.
    const jinja::Value* global = compile_->environment().FindGlobal("env_var");
    wrap("env_var", options.override_env_vars, global ? *global : jinja::Value::None());
  }
}

bool Manifest::IsEphemeral(const Node& node) {
  return node.type == ResourceType::kModel && node.config.Materialized("view") == "ephemeral";
}

Result<std::string> Manifest::RenderWithCtes(const Node& node, const CompileOptions& options,
                                             std::vector<std::pair<std::string, std::string>>* ctes,
                                             std::set<std::string>* done) const {
  for (const std::string& parent_id : node.depends_on) {
    const Node* parent = Find(parent_id);
    if (parent == nullptr || done->count(parent_id)) {
      continue;
    }
    if (auto mock = options.mocks.find(parent_id); mock != options.mocks.end()) {
      done->insert(parent_id);
      ctes->emplace_back(CteName(*parent), mock->second);
      continue;
    }
    if (!IsEphemeral(*parent)) {
      continue;
    }
    done->insert(parent_id);
    CompileOptions parent_options;
    parent_options.batch = options.batch;
    parent_options.empty = options.empty;
    parent_options.mocks = options.mocks;
    parent_options.override_macros = options.override_macros;
    parent_options.override_vars = options.override_vars;
    parent_options.override_env_vars = options.override_env_vars;
    STRATA_ASSIGN_OR_RETURN(std::string sql, RenderWithCtes(*parent, parent_options, ctes, done));
    ctes->emplace_back(CteName(*parent), std::move(sql));
  }
  if (options.mock_this && !done->count("this")) {
    done->insert("this");
    ctes->emplace_back("__dbt__cte__this", *options.mock_this);
  }
  RenderNode render = node.ToRender();
  render.incremental = options.is_incremental;
  jinja::Variables vars = CompileVariables(render, true, options);
  return compile_->Render(node.raw_code, (node.package_root / node.original_file_path).string(),
                          vars);
}

Result<std::string> Manifest::RenderProjectHook(std::string_view text,
                                                const jinja::Variables& extra) const {
  Node project_node;
  project_node.type = ResourceType::kModel;
  project_node.name = project_->name;
  project_node.package = project_->name;
  project_node.package_root = project_->root;
  project_node.original_file_path = "dbt_project.yml";
  project_node.relation = {target_.database, target_.schema, ""};
  return RenderForNode(project_node, text, extra);
}

Result<std::string> Manifest::RenderForNode(const Node& node, std::string_view text,
                                            const jinja::Variables& extra) const {
  jinja::Variables vars = CompileVariables(node.ToRender(), false);
  for (const auto& [name, value] : extra) {
    vars[name] = value;
  }
  return compile_->Render(text, (node.package_root / node.original_file_path).string(), vars);
}

Result<std::string> Manifest::Compile(const Node& node, const CompileOptions& options) const {
  std::vector<std::pair<std::string, std::string>> ctes;
  std::set<std::string> done;
  STRATA_ASSIGN_OR_RETURN(std::string sql, RenderWithCtes(node, options, &ctes, &done));
  return InjectCtes(sql, ctes);
}

Result<std::string> Manifest::CompileTest(const Node& node) const {
  if (!node.test) {
    return Compile(node);
  }
  const TestDefinition& test = *node.test;
  Result<const Node*> tested =
      test.source_name.empty()
          ? ResolveRef(
                {std::nullopt, test.attached_to,
                 test.attached_version.empty() ? std::nullopt
                                               : std::optional<std::string>(test.attached_version)},
                node.package)
          : ResolveSource(test.source_name, test.attached_to);
  if (!tested.ok()) {
    return tested.status();
  }
  jinja::Variables vars = CompileVariables(node.ToRender(), false);
  if (std::optional<std::string> where = node.config.String("where")) {
    vars["strata_test_model"] = jinja::Value::String(fmt::format(
        "(select * from {} where {}) dbt_subquery", (*tested)->relation.Render(), *where));
  } else {
    vars["strata_test_model"] = Relation::Make((*tested)->relation);
  }
  const std::string call = TestMacroCall(test, &vars);
  STRATA_ASSIGN_OR_RETURN(std::string sql, compile_->RenderRepeated("{{ " + call + " }}", vars));
  const size_t begin = sql.find_first_not_of(" \t\r\n");
  const size_t end = sql.find_last_not_of(" \t\r\n");
  return begin == std::string::npos ? std::string() : sql.substr(begin, end - begin + 1);
}

Result<Manifest> Manifest::Parse(const DbtProject& root_project, const Target& target,
                                 const ManifestOptions& options) {
  Manifest manifest;
  manifest.project_ = std::make_shared<DbtProject>(root_project);
  manifest.target_ = target;
  const DbtProject& project = *manifest.project_;
  std::vector<Status> errors;

  // Packages installed by `dbt deps`.
  std::vector<const DbtProject*> all = {&project};
  {
    std::error_code ec;
    std::vector<fs::path> dirs;
    for (const auto& entry :
         fs::directory_iterator(project.root / project.packages_install_path, ec)) {
      if (entry.is_directory() && fs::exists(entry.path() / "dbt_project.yml")) {
        dirs.push_back(entry.path());
      }
    }
    std::sort(dirs.begin(), dirs.end());
    manifest.packages_.reserve(dirs.size());
    for (const fs::path& dir : dirs) {
      Result<DbtProject> package = LoadDbtProject(dir);
      if (!package.ok()) {
        errors.push_back(package.status());
        continue;
      }
      manifest.packages_.push_back(std::move(*package));
    }
    for (const DbtProject& package : manifest.packages_) {
      all.push_back(&package);
    }
  }
  manifest.macros_ = std::make_shared<MacroIndex>();
  for (const DbtProject* p : all) {
    // Generic tests may also live in `generic/` under a test path, as dbt reads them.
    std::vector<std::string> macro_dirs = p->macro_paths;
    for (const std::string& dir : p->test_paths) {
      macro_dirs.push_back((fs::path(dir) / "generic").generic_string());
    }
    STRATA_RETURN_IF_ERROR(manifest.macros_->AddPackage(p->name, p->root, macro_dirs));
  }
  manifest.macros_->AddBuiltins();
  DbtContext parse_context(project, target, manifest.macros_, options.cli_vars, Pass::kParse);
  // dbt's `graph` is empty while parsing.
  parse_context.AddLazyGlobal("graph", [](jinja::CallContext&) -> Result<jinja::Value> {
    jinja::Value graph = jinja::Value::Dict();
    for (const char* key :
         {"nodes", "sources", "macros", "exposures", "metrics", "groups", "semantic_models"}) {
      graph.as_dict()->SetString(key, jinja::Value::Dict());
    }
    return graph;
  });
  manifest.compile_ = std::make_unique<DbtContext>(project, target, manifest.macros_,
                                                   options.cli_vars, Pass::kCompile);

  // Config from the package's own dbt_project.yml, then the root project's for it.
  auto project_config = [&](const DbtProject& p, std::string_view resource,
                            const std::vector<std::string>& fqn, NodeConfig* config) {
    p.Configs(resource).ApplyTo(fqn, config);
    if (&p != &project) {
      project.Configs(resource).ApplyTo(fqn, config);
    }
  };

  // A node of `type` defined by `file` of package `p`, named `name`.
  auto new_node = [](const DbtProject& p, ResourceType type, const fs::path& file,
                     const std::vector<std::string>& paths, const std::string& name) {
    Node node;
    node.type = type;
    node.name = name;
    node.package = p.name;
    node.unique_id = fmt::format("{}.{}.{}", ResourceTypeName(type), p.name, name);
    node.fqn = Fqn(p.name, file, paths, name);
    node.package_root = p.root;
    node.original_file_path = file.generic_string();
    return node;
  };
  // The parse pass over the node's raw_code, recording its ref/source/config() calls; false (and
  // the error collected) when it fails.
  auto parse_render = [&](Node& node, Capture* capture) {
    Result<std::string> parsed = parse_context.Render(
        node.raw_code, (node.package_root / node.original_file_path).string(),
        parse_context.NodeVariables(node.ToRender(), capture, nullptr, nullptr));
    if (!parsed.ok()) {
      errors.push_back(parsed.status());
      return false;
    }
    return true;
  };
  // The node a model or singular-test file defines, read and parse-rendered; nullopt (the error
  // collected) when the file cannot be read or rendered.
  auto file_node = [&](const DbtProject& p, ResourceType type, const fs::path& file,
                       const std::vector<std::string>& paths,
                       Capture* capture) -> std::optional<Node> {
    Node node = new_node(p, type, file, paths, file.stem().string());
    Result<std::string> text = ReadFileText(p.root / file);
    if (!text.ok()) {
      errors.push_back(text.status());
      return std::nullopt;
    }
    node.raw_code = *text;
    if (!parse_render(node, capture)) {
      return std::nullopt;
    }
    return node;
  };
  // What the parse pass recorded, over the config the project and properties files gave.
  auto adopt = [](Node& node, const Capture& capture) {
    const jinja::Value from_calls = capture.config.ToJinja();  // outlives ApplyDict
    node.config.ApplyDict(from_calls);
    node.refs = capture.refs;
    node.sources = capture.sources;
  };

  for (const DbtProject* p : all) {
    std::vector<fs::path> yml_files = FilesUnder(p->root, p->model_paths, {".yml", ".yaml"});
    for (const fs::path& f : FilesUnder(p->root, p->seed_paths, {".yml", ".yaml"})) {
      yml_files.push_back(f);
    }
    for (const fs::path& f : FilesUnder(p->root, p->snapshot_paths, {".yml", ".yaml"})) {
      yml_files.push_back(f);
    }
    Result<Properties> properties = LoadProperties(p->root, yml_files);
    if (!properties.ok()) {
      errors.push_back(properties.status());
      continue;
    }
    std::map<std::string, Node> package_nodes;
    // Versioned models: the file stem each version is defined in → (model, version).
    std::map<std::string, std::pair<const NodeProperties*, const ModelVersion*>> version_files;
    std::set<std::string> version_files_found;
    for (const auto& [name, props] : properties->models) {
      for (const ModelVersion& version : props.versions) {
        version_files[version.defined_in] = {&props, &version};
      }
    }
    // Models.
    for (const fs::path& file : FilesUnder(p->root, p->model_paths, {".sql", ".py"})) {
      if (file.extension() == ".py") {
        errors.push_back(Status::Unsupported("Python models are not supported by strata dbt yet")
                             .WithLocation({(p->root / file).string(), 1, 1, ""}));
        continue;
      }
      Capture capture;
      std::optional<Node> parsed =
          file_node(*p, ResourceType::kModel, file, p->model_paths, &capture);
      if (!parsed) {
        continue;
      }
      Node& node = *parsed;
      const ModelVersion* version = nullptr;
      if (auto it = version_files.find(node.name); it != version_files.end()) {
        const NodeProperties& props = *it->second.first;
        version = it->second.second;
        version_files_found.insert(node.name);
        node.name = props.name;
        node.version = version->v;
        node.latest_version = LatestVersion(props);
        node.unique_id = fmt::format("model.{}.{}.v{}", p->name, props.name, version->v);
        node.fqn.back() = props.name;
        node.fqn.push_back("v" + version->v);
      }
      project_config(*p, "models", node.fqn, &node.config);
      if (auto it = properties->models.find(node.name); it != properties->models.end()) {
        node.config.ApplyDict(it->second.config);
      }
      if (version != nullptr) {
        node.config.ApplyDict(version->config);
      }
      // config() calls override the properties file.
      adopt(node, capture);
      if (package_nodes.count(node.unique_id)) {
        errors.push_back(
            Status::ProjectError(
                fmt::format("two models are named '{}' in package '{}'", node.name, p->name))
                .WithLocation({(p->root / file).string(), 0, 0, ""})
                .WithHint("model names must be unique: rename one of the files"));
        continue;
      }
      package_nodes[node.unique_id] = std::move(node);
    }
    for (const auto& [stem, entry] : version_files) {
      if (!version_files_found.count(stem)) {
        errors.push_back(Status::ProjectError(fmt::format("version {} of model '{}' has no file: "
                                                          "no {}.sql under the model paths",
                                                          entry.second->v, entry.first->name, stem))
                             .WithLocation({(p->root / entry.first->file).string(), 0, 0, ""})
                             .WithHint("name the file " + stem +
                                       ".sql, or point `defined_in` at the file that defines it"));
      }
    }
    for (const auto& [name, props] : properties->models) {
      if (!props.versions.empty()) {
        manifest.latest_[p->name + "." + name] =
            fmt::format("model.{}.{}.v{}", p->name, name, LatestVersion(props));
      }
    }
    // Seeds.
    for (const fs::path& file : FilesUnder(p->root, p->seed_paths, {".csv"})) {
      Node node;
      node.type = ResourceType::kSeed;
      node.name = file.stem().string();
      node.package = p->name;
      node.unique_id = fmt::format("seed.{}.{}", p->name, node.name);
      node.fqn = Fqn(p->name, file, p->seed_paths, node.name);
      node.package_root = p->root;
      node.original_file_path = file.generic_string();
      project_config(*p, "seeds", node.fqn, &node.config);
      if (auto it = properties->seeds.find(node.name); it != properties->seeds.end()) {
        node.config.ApplyDict(it->second.config);
      }
      package_nodes[node.unique_id] = std::move(node);
    }
    // Sources.
    for (const SourceTable& table : properties->sources) {
      Node node;
      node.type = ResourceType::kSource;
      node.name = table.name;
      node.source_name = table.source_name;
      node.package = p->name;
      node.unique_id = fmt::format("source.{}.{}.{}", p->name, table.source_name, table.name);
      node.fqn = Fqn(p->name, table.file, p->model_paths, table.source_name);
      node.fqn.push_back(table.name);
      node.package_root = p->root;
      node.original_file_path = table.file.generic_string();
      project_config(*p, "sources", node.fqn, &node.config);
      node.config.ApplyDict(table.config);
      node.relation = {table.database.empty() ? target.database : table.database, table.schema,
                       table.identifier};
      package_nodes[node.unique_id] = std::move(node);
    }
    // Generic data tests; on a versioned model, one per version (`unique_dim_v2_id`).
    std::vector<TestDefinition> tests;
    for (const TestDefinition& test : properties->tests) {
      auto model = test.source_name.empty() ? properties->models.find(test.attached_to)
                                            : properties->models.end();
      if (model == properties->models.end() || model->second.versions.empty()) {
        tests.push_back(test);
        continue;
      }
      for (const ModelVersion& version : model->second.versions) {
        tests.push_back(test);
        tests.back().attached_version = version.v;
      }
    }
    for (const TestDefinition& test : tests) {
      Node node;
      node.type = ResourceType::kTest;
      node.name = test.Name();
      node.package = p->name;
      node.unique_id = fmt::format("test.{}.{}", p->name, node.name);
      node.fqn = Fqn(p->name, test.file, p->model_paths, node.name);
      node.package_root = p->root;
      node.original_file_path = test.file.generic_string();
      node.test = test;
      project_config(*p, "data_tests", node.fqn, &node.config);
      {
        // config() calls in the test's macro (dbt_utils' equal_rowcount sets its fail_calc so)
        // apply over the project file, under the test's own config. The compile pass reports
        // what fails to render.
        Capture capture;
        jinja::Variables vars =
            parse_context.NodeVariables(node.ToRender(), &capture, nullptr, nullptr);
        vars["strata_test_model"] =
            Relation::Make({target.database, target.schema, test.attached_to});
        const std::string call = TestMacroCall(test, &vars);
        if (parse_context.RenderRepeated("{{ " + call + " }}", vars).ok()) {
          const jinja::Value from_calls = capture.config.ToJinja();
          node.config.ApplyDict(from_calls);
        }
      }
      node.config.ApplyDict(test.config);
      if (test.source_name.empty()) {
        node.refs.push_back({std::nullopt, test.attached_to,
                             test.attached_version.empty()
                                 ? std::nullopt
                                 : std::optional<std::string>(test.attached_version)});
      } else {
        node.sources.emplace_back(test.source_name, test.attached_to);
      }
      // Arguments such as `to: ref('customers')` are Jinja: their refs are dependencies too.
      for (const auto& [key, value] : test.kwargs.as_dict()->entries()) {
        if (!value.is_string() || (value.as_string().find("ref(") == std::string::npos &&
                                   value.as_string().find("source(") == std::string::npos)) {
          continue;
        }
        Capture capture;
        Result<std::string> parsed = parse_context.Render(
            "{{ " + value.as_string() + " }}", test.file.string(),
            parse_context.NodeVariables(node.ToRender(), &capture, nullptr, nullptr));
        if (!parsed.ok()) {
          errors.push_back(parsed.status());
        }
        node.refs.insert(node.refs.end(), capture.refs.begin(), capture.refs.end());
        node.sources.insert(node.sources.end(), capture.sources.begin(), capture.sources.end());
      }
      package_nodes[node.unique_id] = std::move(node);
    }
    // Singular data tests: the queries under test-paths (their `generic/` folders hold macros).
    for (const fs::path& file : FilesUnder(p->root, p->test_paths, {".sql"})) {
      const bool generic =
          std::any_of(p->test_paths.begin(), p->test_paths.end(), [&](const std::string& dir) {
            const std::string prefix = (fs::path(dir) / "generic").generic_string() + "/";
            return file.generic_string().rfind(prefix, 0) == 0;
          });
      if (generic) {
        continue;
      }
      Capture capture;
      std::optional<Node> parsed =
          file_node(*p, ResourceType::kTest, file, p->test_paths, &capture);
      if (!parsed) {
        continue;
      }
      Node& node = *parsed;
      project_config(*p, "data_tests", node.fqn, &node.config);
      adopt(node, capture);
      package_nodes[node.unique_id] = std::move(node);
    }
    // Snapshots: `{% snapshot name %} … {% endsnapshot %}` blocks under snapshot-paths.
    for (const fs::path& file : FilesUnder(p->root, p->snapshot_paths, {".sql"})) {
      Result<std::string> text = ReadFileText(p->root / file);
      if (!text.ok()) {
        errors.push_back(text.status());
        continue;
      }
      static const std::regex kBlock(
          R"(\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\})");
      for (std::sregex_iterator it(text->begin(), text->end(), kBlock), end; it != end; ++it) {
        Node node = new_node(*p, ResourceType::kSnapshot, file, p->snapshot_paths, (*it)[1].str());
        node.fqn.insert(node.fqn.end() - 1, file.stem().string());
        // The body keeps its line numbers: the text before it becomes blank lines.
        const std::string before = text->substr(0, (*it).position(2));
        node.raw_code =
            std::string(std::count(before.begin(), before.end(), '\n'), '\n') + (*it)[2].str();
        Capture capture;
        if (!parse_render(node, &capture)) {
          continue;
        }
        project_config(*p, "snapshots", node.fqn, &node.config);
        if (auto found = properties->snapshots.find(node.name);
            found != properties->snapshots.end()) {
          node.config.ApplyDict(found->second.config);
        }
        adopt(node, capture);
        package_nodes[node.unique_id] = std::move(node);
      }
    }
    // Snapshots defined in YAML (dbt 1.9): `relation:` says what they snapshot.
    for (const auto& [name, props] : properties->snapshots) {
      const std::string id = fmt::format("snapshot.{}.{}", p->name, name);
      if (props.relation.empty() || package_nodes.count(id)) {
        continue;
      }
      Node node = new_node(*p, ResourceType::kSnapshot, props.file, p->snapshot_paths, name);
      node.raw_code = "select * from {{ " + props.relation + " }}";
      Capture capture;
      if (!parse_render(node, &capture)) {
        continue;
      }
      project_config(*p, "snapshots", node.fqn, &node.config);
      node.config.ApplyDict(props.config);
      adopt(node, capture);
      package_nodes[node.unique_id] = std::move(node);
    }
    // Unit tests: the root project's, as dbt runs them.
    for (const UnitTestDefinition& def : properties->unit_tests) {
      if (p != &project) {
        continue;
      }
      // Named after its model in the fqn: <package>.<folders>.<model>.<test>.
      Node node = new_node(*p, ResourceType::kUnitTest, def.file, p->model_paths, def.model);
      node.name = def.name;
      node.unique_id = fmt::format("unit_test.{}.{}.{}", p->name, def.model, def.name);
      node.fqn.push_back(def.name);
      project_config(*p, "unit_tests", node.fqn, &node.config);
      node.config.ApplyDict(def.config);
      node.unit_test = def;
      bool fixtures_ok = true;
      auto read_fixture = [&](UnitTestFixture& fixture) {
        if (fixture.fixture.empty()) {
          return;
        }
        const std::string wanted = fixture.fixture + "." + fixture.format;
        for (const fs::path& file : FilesUnder(p->root, p->test_paths, {".csv", ".sql"})) {
          if (file.filename() == wanted) {
            Result<std::string> text = ReadFileText(p->root / file);
            if (!text.ok()) {
              errors.push_back(text.status());
              fixtures_ok = false;
            } else {
              fixture.rows = jinja::Value::String(*text);
            }
            return;
          }
        }
        errors.push_back(Status::NotFound(fmt::format("unit test '{}': no fixture file {} under "
                                                      "the test paths",
                                                      def.name, wanted))
                             .WithLocation({(p->root / def.file).string(), 0, 0, ""})
                             .WithHint("put it in tests/fixtures/ (or a test path's fixtures/)"));
        fixtures_ok = false;
      };
      for (UnitTestFixture& given : node.unit_test->given) {
        read_fixture(given);
      }
      read_fixture(node.unit_test->expect);
      if (!fixtures_ok) {
        continue;
      }
      // A versioned model's unit test tests every version (as dbt: `<test>_v<v>` each).
      std::vector<std::optional<std::string>> versions = {std::nullopt};
      if (auto model = properties->models.find(def.model);
          model != properties->models.end() && !model->second.versions.empty()) {
        versions.clear();
        for (const ModelVersion& version : model->second.versions) {
          versions.push_back(version.v);
        }
      }
      for (const std::optional<std::string>& version : versions) {
        Node copy = node;
        if (version) {
          copy.name = def.name + "_v" + *version;
          copy.unique_id = fmt::format("unit_test.{}.{}.{}", p->name, def.model, copy.name);
          copy.fqn.back() = copy.name;
        }
        copy.refs.push_back({std::nullopt, def.model, version});
        if (package_nodes.count(copy.unique_id)) {
          errors.push_back(Status::ProjectError(fmt::format("two unit tests of model '{}' are "
                                                            "named '{}'",
                                                            def.model, def.name))
                               .WithLocation({(p->root / def.file).string(), 0, 0, ""})
                               .WithHint("rename one of them"));
          continue;
        }
        package_nodes[copy.unique_id] = std::move(copy);
      }
    }
    for (auto& [id, node] : package_nodes) {
      if (node.config.Enabled()) {
        manifest.nodes_[id] = std::move(node);
      }
    }
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }

  // Dependencies.
  for (auto& [id, node] : manifest.nodes_) {
    for (const RefCall& ref : node.refs) {
      Result<const Node*> parent = manifest.ResolveRef(ref, node.package);
      if (!parent.ok()) {
        errors.push_back(
            Status::ProjectError(fmt::format("{} '{}' ({}) depends on {}",
                                             ResourceTypeName(node.type), node.name,
                                             node.original_file_path, parent.status().message()))
                .WithHint(parent.status().hint()));
        continue;
      }
      if (std::find(node.depends_on.begin(), node.depends_on.end(), (*parent)->unique_id) ==
          node.depends_on.end()) {
        node.depends_on.push_back((*parent)->unique_id);
      }
    }
    for (const auto& [source, table] : node.sources) {
      Result<const Node*> parent = manifest.ResolveSource(source, table);
      if (!parent.ok()) {
        errors.push_back(
            Status::ProjectError(fmt::format("{} '{}' ({}) depends on {}",
                                             ResourceTypeName(node.type), node.name,
                                             node.original_file_path, parent.status().message()))
                .WithHint(parent.status().hint()));
        continue;
      }
      if (std::find(node.depends_on.begin(), node.depends_on.end(), (*parent)->unique_id) ==
          node.depends_on.end()) {
        node.depends_on.push_back((*parent)->unique_id);
      }
    }
    // A unit test's inputs: ref(), source() or `this`.
    if (node.unit_test) {
      for (const UnitTestFixture& given : node.unit_test->given) {
        if (given.input == "this") {
          node.unit_inputs.push_back(node.depends_on.empty() ? "" : node.depends_on[0]);
          continue;
        }
        Capture capture;
        Result<std::string> parsed = parse_context.Render(
            "{{ " + given.input + " }}", node.original_file_path,
            parse_context.NodeVariables(node.ToRender(), &capture, nullptr, nullptr));
        Result<const Node*> input =
            Status::ProjectError(fmt::format("unit test '{}': the input '{}' is not a ref() or "
                                             "source() call",
                                             node.name, given.input));
        if (parsed.ok() && capture.refs.size() == 1 && capture.sources.empty()) {
          input = manifest.ResolveRef(capture.refs[0], node.package);
        } else if (parsed.ok() && capture.sources.size() == 1 && capture.refs.empty()) {
          input = manifest.ResolveSource(capture.sources[0].first, capture.sources[0].second);
        }
        if (!input.ok()) {
          errors.push_back(
              Status::ProjectError(fmt::format("unit test '{}' ({}): {}", node.name,
                                               node.original_file_path, input.status().message()))
                  .WithHint("write input: ref('model'), source('source', 'table') "
                            "or this"));
          continue;
        }
        node.unit_inputs.push_back((*input)->unique_id);
      }
    }
    for (const std::string& parent : node.depends_on) {
      manifest.parents_[id].insert(parent);
      manifest.children_[parent].insert(id);
    }
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }

  // Cycles: a depth-first walk; a node met again while on the stack closes a cycle.
  {
    std::map<std::string, int> state;  // 1: on the stack, 2: done
    std::vector<std::string> stack;
    std::function<Status(const std::string&)> visit = [&](const std::string& id) -> Status {
      state[id] = 1;
      stack.push_back(id);
      for (const std::string& parent : manifest.Parents(id)) {
        if (state[parent] == 1) {
          auto start = std::find(stack.begin(), stack.end(), parent);
          std::vector<std::string> cycle(start, stack.end());
          cycle.push_back(parent);
          return Status::ProjectError(fmt::format("Found a cycle: {}", fmt::join(cycle, " --> ")))
              .WithHint("break the cycle: one of these models must not ref() the next");
        }
        if (state[parent] == 0) {
          STRATA_RETURN_IF_ERROR(visit(parent));
        }
      }
      stack.pop_back();
      state[id] = 2;
      return Status::OK();
    };
    for (const auto& [id, node] : manifest.nodes_) {
      if (state[id] == 0) {
        STRATA_RETURN_IF_ERROR(visit(id));
      }
    }
  }

  // Relations, through the (overridable) generate_*_name macros.
  for (auto& [id, node] : manifest.nodes_) {
    if (node.type != ResourceType::kModel && node.type != ResourceType::kSeed &&
        node.type != ResourceType::kSnapshot) {
      continue;
    }
    auto custom = [&](std::string_view key) {
      std::optional<std::string> value = node.config.String(key);
      return value ? jinja::Value::String(*value) : jinja::Value::None();
    };
    jinja::Variables vars =
        manifest.compile_->NodeVariables(node.ToRender(), nullptr, nullptr, nullptr);
    vars["strata_node"] = node.ToRender().ToJinja();
    vars["strata_custom_schema"] = custom("schema");
    vars["strata_custom_alias"] = custom("alias");
    vars["strata_custom_database"] = custom("database");
    auto render = [&](std::string_view source) -> Result<std::string> {
      STRATA_ASSIGN_OR_RETURN(std::string out,
                              manifest.compile_->RenderRepeated(std::string(source), vars));
      // The macros' output is whitespace-trimmed, as dbt strips it.
      const size_t begin = out.find_first_not_of(" \t\r\n");
      const size_t end = out.find_last_not_of(" \t\r\n");
      return begin == std::string::npos ? std::string() : out.substr(begin, end - begin + 1);
    };
    Result<std::string> schema =
        render("{{ generate_schema_name(strata_custom_schema, strata_node) }}");
    Result<std::string> database =
        render("{{ generate_database_name(strata_custom_database, strata_node) }}");
    if (!schema.ok() || !database.ok()) {
      errors.push_back(!schema.ok() ? schema.status() : database.status());
      continue;
    }
    node.relation.schema = *schema;
    node.relation.database = *database;
    // A snapshot's legacy target_schema / target_database are taken as written.
    if (node.type == ResourceType::kSnapshot) {
      if (std::optional<std::string> target_schema = node.config.String("target_schema")) {
        node.relation.schema = *target_schema;
      }
      if (std::optional<std::string> target_database = node.config.String("target_database")) {
        node.relation.database = *target_database;
      }
    }
    vars["strata_node"] = node.ToRender().ToJinja();
    Result<std::string> alias =
        render("{{ generate_alias_name(strata_custom_alias, strata_node) }}");
    if (!alias.ok()) {
      errors.push_back(alias.status());
      continue;
    }
    node.relation.identifier = *alias;
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  manifest.RegisterGraph();
  return manifest;
}

namespace {

jinja::Value Text(const std::string& text) { return jinja::Value::String(text); }

// A node as `graph.nodes[…]` / `graph.sources[…]` show it (the fields packages read).
jinja::Value GraphNode(const Node& node) {
  jinja::Value dict = jinja::Value::Dict();
  auto& d = *dict.as_dict();
  d.SetString("unique_id", Text(node.unique_id));
  d.SetString("name", Text(node.name));
  d.SetString("resource_type", Text(std::string(ResourceTypeName(node.type))));
  d.SetString("package_name", Text(node.package));
  d.SetString("original_file_path", Text(node.original_file_path));
  std::vector<jinja::Value> fqn;
  for (const std::string& part : node.fqn) {
    fqn.push_back(Text(part));
  }
  d.SetString("fqn", jinja::Value::List(std::move(fqn)));
  jinja::Value config = node.config.ToJinja();
  if (node.type != ResourceType::kSource && !config.as_dict()->FindString("materialized")) {
    config.as_dict()->SetString("materialized",
                                Text(node.type == ResourceType::kModel      ? "view"
                                     : node.type == ResourceType::kSeed     ? "seed"
                                     : node.type == ResourceType::kSnapshot ? "snapshot"
                                     : node.type == ResourceType::kUnitTest ? "unit"
                                                                            : "test"));
  }
  d.SetString("config", config);
  std::vector<jinja::Value> tags;
  for (const std::string& tag : node.config.Tags()) {
    tags.push_back(Text(tag));
  }
  d.SetString("tags", jinja::Value::List(std::move(tags)));
  std::vector<jinja::Value> parents;
  for (const std::string& id : node.depends_on) {
    parents.push_back(Text(id));
  }
  jinja::Value depends = jinja::Value::Dict();
  depends.as_dict()->SetString("nodes", jinja::Value::List(std::move(parents)));
  depends.as_dict()->SetString("macros", jinja::Value::List());
  d.SetString("depends_on", depends);
  d.SetString("database", Text(node.relation.database));
  d.SetString("schema", Text(node.relation.schema));
  d.SetString("alias", Text(node.relation.identifier));
  d.SetString("identifier", Text(node.relation.identifier));
  d.SetString("relation_name", node.type == ResourceType::kTest ||
                                       node.type == ResourceType::kUnitTest ||
                                       Manifest::IsEphemeral(node)
                                   ? jinja::Value::None()
                                   : Text(node.relation.Render()));
  d.SetString("raw_code", Text(node.raw_code));
  d.SetString("language", Text("sql"));
  d.SetString("version", node.version.empty() ? jinja::Value::None() : Text(node.version));
  if (node.type == ResourceType::kSource) {
    d.SetString("source_name", Text(node.source_name));
  }
  if (node.test) {
    jinja::Value kwargs = jinja::Value::Dict();
    for (const auto& [key, value] : node.test->kwargs.as_dict()->entries()) {
      kwargs.as_dict()->SetString(jinja::Str(key), value);
    }
    if (node.test->column) {
      kwargs.as_dict()->SetString("column_name", Text(*node.test->column));
    }
    jinja::Value metadata = jinja::Value::Dict();
    metadata.as_dict()->SetString("name", Text(node.test->test_name));
    metadata.as_dict()->SetString("namespace", node.test->namespace_.empty()
                                                   ? jinja::Value::None()
                                                   : Text(node.test->namespace_));
    metadata.as_dict()->SetString("kwargs", kwargs);
    d.SetString("test_metadata", metadata);
    d.SetString("column_name", node.test->column ? Text(*node.test->column) : jinja::Value::None());
    d.SetString("attached_node",
                node.depends_on.empty() ? jinja::Value::None() : Text(node.depends_on[0]));
  }
  return dict;
}

}  // namespace

void Manifest::RegisterGraph() {
  // dbt's `graph` in the compile pass: every node (`graph.nodes`, sources
  // under `graph.sources`), built once, on first use. The nodes' addresses survive moves of the
  // manifest (a std::map's elements do not move).
  std::vector<const Node*> nodes;
  for (const auto& [id, node] : nodes_) {
    nodes.push_back(&node);
  }
  auto built = std::make_shared<std::optional<jinja::Value>>();
  auto mutex = std::make_shared<std::mutex>();
  compile_->AddLazyGlobal(
      "graph",
      [nodes = std::move(nodes), built, mutex](jinja::CallContext&) -> Result<jinja::Value> {
        std::lock_guard lock(*mutex);
        if (!*built) {
          jinja::Value graph = jinja::Value::Dict();
          jinja::Value graph_nodes = jinja::Value::Dict();
          jinja::Value sources = jinja::Value::Dict();
          for (const Node* node : nodes) {
            (node->type == ResourceType::kSource ? sources : graph_nodes)
                .as_dict()
                ->SetString(node->unique_id, GraphNode(*node));
          }
          graph.as_dict()->SetString("nodes", graph_nodes);
          graph.as_dict()->SetString("sources", sources);
          for (const char* key : {"macros", "exposures", "metrics", "groups", "semantic_models"}) {
            graph.as_dict()->SetString(key, jinja::Value::Dict());
          }
          *built = graph;
        }
        return **built;
      });
}

}  // namespace strata::dbt
