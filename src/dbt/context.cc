#include "dbt/context.h"

#include <chrono>

#include <cstdio>

#include <fmt/format.h>

#include "dbt/python_modules.h"
#include "jinja/arguments.h"
#include "jinja/objects.h"
#include "jinja/value_format.h"
#include "project/model_jinja.h"

namespace strata::dbt {
namespace {

using Attributes = std::map<std::string, jinja::Value, std::less<>>;

// The macro `name` of the imported template `module`, private (`_name`) ones included.
Result<jinja::Value> ModuleMacro(jinja::CallContext& context, const jinja::Value& module,
                                 const std::string& name) {
  if (module.is_object()) {
    if (const auto* imported = dynamic_cast<const jinja::ModuleObject*>(module.as_object().get())) {
      if (std::optional<jinja::Value> macro = imported->Member(name)) {
        return *macro;
      }
    }
  }
  return context.GetAttribute(module, name);
}

// A macro of a package, found by name and imported when first called (`dbt_utils.star(...)`).
class MacroRef : public jinja::Object {
 public:
  MacroRef(std::string template_name, std::string macro)
      : template_name_(std::move(template_name)), macro_(std::move(macro)) {}
  std::string TypeName() const override { return "macro"; }
  bool IsCallable() const override { return true; }
  Result<jinja::Value> Call(jinja::CallContext& context, jinja::Arguments& args) override {
    STRATA_ASSIGN_OR_RETURN(jinja::Value module, context.Import(template_name_));
    STRATA_ASSIGN_OR_RETURN(jinja::Value macro, ModuleMacro(context, module, macro_));
    return context.Call(macro, args);
  }
  std::string Repr() const override { return "<Macro '" + macro_ + "'>"; }

 private:
  std::string template_name_;
  std::string macro_;
};

// A package's macros as `package.macro` — a mapping, as dbt's macro namespace is, so that
// `package._private` reaches a macro whose name starts with an underscore.
class PackageNamespace : public jinja::Object {
 public:
  PackageNamespace(std::shared_ptr<const MacroIndex> macros, std::string package)
      : macros_(std::move(macros)), package_(std::move(package)) {}
  std::string TypeName() const override { return "namespace"; }
  std::optional<jinja::Value> GetItem(const jinja::Value& key) const override {
    if (!key.is_string()) {
      return std::nullopt;
    }
    std::optional<std::string> file = macros_->Find(package_, key.as_string());
    if (!file) {
      return std::nullopt;
    }
    return jinja::Value::FromObject(std::make_shared<MacroRef>(*file, key.as_string()));
  }

 private:
  std::shared_ptr<const MacroIndex> macros_;
  std::string package_;
};

jinja::Value Text(const std::string& s) { return jinja::Value::String(s); }

Result<std::optional<std::string>> OptionalString(const std::optional<jinja::Value>& value,
                                                  std::string_view what) {
  if (!value || value->is_none()) {
    return std::optional<std::string>();
  }
  STRATA_ASSIGN_OR_RETURN(std::string text, jinja::StringArgument(*value, what));
  return std::optional<std::string>(text);
}

}  // namespace

jinja::Value RenderNode::ToJinja() const {
  jinja::Value dict = jinja::Value::Dict();
  auto& d = *dict.as_dict();
  d.SetString("name", Text(name));
  d.SetString("alias", Text(relation.identifier));
  d.SetString("schema", Text(relation.schema));
  d.SetString("database", Text(relation.database));
  d.SetString("resource_type", Text(resource_type));
  d.SetString("unique_id", Text(unique_id));
  d.SetString("package_name", Text(package));
  d.SetString("original_file_path", Text(original_file_path));
  d.SetString("version", version.empty() ? jinja::Value::None() : Text(version));
  d.SetString("latest_version",
              latest_version.empty() ? jinja::Value::None() : Text(latest_version));
  std::vector<jinja::Value> fqn_items;
  for (const std::string& part : fqn) {
    fqn_items.push_back(Text(part));
  }
  d.SetString("fqn", jinja::Value::List(std::move(fqn_items)));
  d.SetString("config", config != nullptr ? config->ToJinja() : jinja::Value::Dict());
  return dict;
}

DbtContext::DbtContext(const DbtProject& project, const Target& target,
                       std::shared_ptr<const MacroIndex> macros, YAML::Node cli_vars, Pass pass,
                       EnvLookup env)
    : project_(project),
      target_(target),
      macros_(std::move(macros)),
      cli_vars_(std::move(cli_vars)),
      pass_(pass),
      env_lookup_(std::move(env)) {
  jinja::Options options;
  options.undefined = pass == Pass::kParse ? jinja::UndefinedBehavior::kLenient
                                           : jinja::UndefinedBehavior::kDefault;
  env_ = std::make_shared<jinja::Environment>(options);
  RegisterGlobals();
  RegisterMacroResolution();
}

namespace {

// The time this command started, the same for every render (dbt's run_started_at).
int64_t RunStartedAt() {
  static const int64_t kStarted = std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
  return kStarted;
}

}  // namespace

void DbtContext::RegisterGlobals() {
  jinja::Environment& env = *env_;
  const bool compile = pass_ == Pass::kCompile;
  AddEnvVar(&env, env_lookup_);
  AddYamlFilters(&env);
  env.SetGlobal("execute", jinja::Value::Bool(compile));
  env.SetGlobal("target", target_.ToJinja());
  env.SetGlobal("project_name", Text(project_.name));
  // Python's datetime and re, and the time the command started (UTC, timezone-aware).
  env.SetGlobal("modules", PythonModules());
  env.SetGlobal("run_started_at", DateTimeValue(RunStartedAt(), /*with_zone=*/true));
  env.AddFunction("return",
                  [](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
                    return context.ReturnFromMacro(args.positional.empty() ? jinja::Value::None()
                                                                           : args.positional[0]);
                  });
  env.AddFunction("is_incremental",
                  [](jinja::CallContext&, jinja::Arguments&) -> Result<jinja::Value> {
                    return jinja::Value::Bool(false);
                  });
  env.AddFunction(
      "log", [compile](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("log", args, {"msg", "info"}, 1));
        if (compile && a[1] && a[1]->Truthy()) {
          fmt::print(stderr, "{}\n", jinja::Str(*a[0]));
        }
        return Text("");
      });
  Attributes warehouse_methods = RegisterWarehouseFunctions(&env, warehouse_, compile);
  const jinja::Value raise_compiler_error = HostFunction::Make(
      "raise_compiler_error",
      [](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a,
                                jinja::BindArguments("raise_compiler_error", args, {"msg"}, 1));
        return context.Error("Compilation Error: " + jinja::Str(*a[0]));
      });
  const jinja::Value warn = HostFunction::Make(
      "warn", [](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("warn", args, {"msg"}, 1));
        fmt::print(stderr, "warning: {}\n", jinja::Str(*a[0]));
        return Text("");
      });
  env.SetGlobal("exceptions",
                HostObject::Make("exceptions", Attributes{
                                                   {"raise_compiler_error", raise_compiler_error},
                                                   {"warn", warn},
                                               }));
  const std::string adapter_type = target_.type;
  const jinja::Value dispatch = HostFunction::Make(
      "dispatch",
      [this](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, jinja::BindArguments("dispatch", args, {"macro_name", "macro_namespace"}, 1));
        STRATA_ASSIGN_OR_RETURN(std::string name,
                                jinja::StringArgument(*a[0], "dispatch's macro_name"));
        STRATA_ASSIGN_OR_RETURN(std::optional<std::string> ns,
                                OptionalString(a[1], "dispatch's macro_namespace"));
        return Dispatch(context, name, ns);
      });
  const jinja::Value quote = HostFunction::Make(
      "quote", [](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("quote", args, {"identifier"}, 1));
        return Text(RelationName{"", "", jinja::Str(*a[0])}.Render());
      });
  const jinja::Value type = HostFunction::Make(
      "type", [adapter_type](jinja::CallContext&, jinja::Arguments&) -> Result<jinja::Value> {
        return Text(adapter_type);
      });
  warehouse_methods["dispatch"] = dispatch;
  warehouse_methods["quote"] = quote;
  warehouse_methods["type"] = type;
  env.SetGlobal("adapter", HostObject::Make("adapter", std::move(warehouse_methods)));
}

void DbtContext::RegisterMacroResolution() {
  std::shared_ptr<const MacroIndex> macros = macros_;
  env_->SetLoader(
      [macros](std::string_view name) -> Result<std::string> { return macros->Load(name); });
  const std::string root = project_.name;
  env_->SetNameResolver([macros, root](
                            jinja::CallContext& context,
                            std::string_view name) -> Result<std::optional<jinja::Value>> {
    // A macro by name: the root project's, then strata's builtins, then any package's.
    std::vector<std::string> order = {root, std::string(kBuiltinPackage)};
    for (const MacroPackage& package : macros->packages()) {
      if (package.name != root && package.name != kBuiltinPackage) {
        order.push_back(package.name);
      }
    }
    for (const std::string& package : order) {
      if (std::optional<std::string> file = macros->Find(package, name)) {
        STRATA_ASSIGN_OR_RETURN(jinja::Value module, context.Import(*file));
        STRATA_ASSIGN_OR_RETURN(jinja::Value macro,
                                ModuleMacro(context, module, std::string(name)));
        return std::optional<jinja::Value>(macro);
      }
    }
    if (macros->Package(name) != nullptr) {
      return std::optional<jinja::Value>(
          jinja::Value::FromObject(std::make_shared<PackageNamespace>(macros, std::string(name))));
    }
    return std::optional<jinja::Value>();
  });
}

Result<jinja::Value> DbtContext::Dispatch(jinja::CallContext& context,
                                          const std::string& macro_name,
                                          const std::optional<std::string>& macro_namespace) const {
  if (macro_name.find('.') != std::string::npos) {
    return Status(context.Error(fmt::format(
                      "In adapter.dispatch, got a macro name of \"{}\", but \".\" is not a valid "
                      "macro name component",
                      macro_name)))
        .WithHint("pass the package as macro_namespace=");
  }
  std::vector<std::string> search;
  if (macro_namespace) {
    for (const DispatchOrder& order : project_.dispatch) {
      if (order.macro_namespace == *macro_namespace) {
        search = order.search_order;
      }
    }
    if (search.empty()) {
      search = {project_.name, *macro_namespace};
    }
  } else {
    search = {project_.name, std::string(kBuiltinPackage)};
  }
  std::vector<std::string> tried;
  for (const std::string& package : search) {
    for (const std::string& prefix : {target_.type, std::string("default")}) {
      const std::string candidate = prefix + "__" + macro_name;
      if (std::optional<std::string> file = macros_->Find(package, candidate)) {
        STRATA_ASSIGN_OR_RETURN(jinja::Value module, context.Import(*file));
        return ModuleMacro(context, module, candidate);
      }
      tried.push_back(package + "." + candidate);
    }
  }
  return Status(context.Error(
                    fmt::format("In dispatch: No macro named '{}' found within namespace: '{}'",
                                macro_name, macro_namespace.value_or(project_.name))))
      .WithHint(fmt::format("searched for: {}", fmt::join(tried, ", ")));
}

std::optional<jinja::Value> DbtContext::Var(const std::string& package,
                                            const std::string& name) const {
  if (cli_vars_ && cli_vars_.IsMap() && cli_vars_[name]) {
    return project::YamlToJinja(cli_vars_[name]);
  }
  if (project_.vars && project_.vars.IsMap()) {
    const YAML::Node scoped = project_.vars[package];
    if (scoped && scoped.IsMap() && scoped[name]) {
      return project::YamlToJinja(scoped[name]);
    }
    const YAML::Node global = project_.vars[name];
    // A mapping named after a package holds that package's vars, not a value.
    if (global && name != project_.name) {
      return project::YamlToJinja(global);
    }
  }
  return std::nullopt;
}

jinja::Variables DbtContext::NodeVariables(const RenderNode& node, Capture* capture,
                                           RefResolver resolve_ref,
                                           SourceResolver resolve_source) const {
  const bool compile = pass_ == Pass::kCompile;
  jinja::Variables vars;
  const RelationName placeholder{target_.database, target_.schema, node.name};
  vars["ref"] = HostFunction::Make(
      "ref",
      [compile, capture, resolve_ref, placeholder](jinja::CallContext& context,
                                                   jinja::Arguments& args) -> Result<jinja::Value> {
        RefCall call;
        for (const char* key : {"version", "v"}) {
          if (const jinja::Value* version = args.Keyword(key)) {
            if (!version->is_none()) {
              call.version = jinja::Str(*version);
            }
          }
        }
        args.keyword.erase(std::remove_if(args.keyword.begin(), args.keyword.end(),
                                          [](const auto& entry) {
                                            return entry.first == "version" || entry.first == "v";
                                          }),
                           args.keyword.end());
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("ref", args, {"first", "second"}, 1));
        STRATA_ASSIGN_OR_RETURN(std::string first, jinja::StringArgument(*a[0], "ref's name"));
        if (a[1]) {
          call.package = first;
          STRATA_ASSIGN_OR_RETURN(call.name, jinja::StringArgument(*a[1], "ref's name"));
        } else {
          call.name = first;
        }
        if (!compile) {
          capture->refs.push_back(call);
          return Relation::Make({placeholder.database, placeholder.schema, call.name});
        }
        Result<RelationName> relation = resolve_ref(call);
        if (!relation.ok()) {
          return Status(context.Error(relation.status().message()))
              .WithHint(relation.status().hint());
        }
        return Relation::Make(*relation);
      });
  vars["source"] = HostFunction::Make(
      "source",
      [compile, capture, resolve_source, placeholder](
          jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, jinja::BindArguments("source", args, {"source_name", "table_name"}, 2));
        STRATA_ASSIGN_OR_RETURN(std::string source, jinja::StringArgument(*a[0], "source's name"));
        STRATA_ASSIGN_OR_RETURN(std::string table, jinja::StringArgument(*a[1], "source's table"));
        if (!compile) {
          capture->sources.emplace_back(source, table);
          return Relation::Make({placeholder.database, source, table});
        }
        Result<RelationName> relation = resolve_source(source, table);
        if (!relation.ok()) {
          return Status(context.Error(relation.status().message()))
              .WithHint(relation.status().hint());
        }
        return Relation::Make(*relation);
      });
  const jinja::Value resolved =
      compile && node.config != nullptr ? node.config->ToJinja() : jinja::Value::Dict();
  auto get = [resolved, compile](jinja::CallContext& context, jinja::Arguments& args,
                                 bool required) -> Result<jinja::Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("get", args, {"name", "default"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::string key, jinja::StringArgument(*a[0], "the config's name"));
    if (const jinja::Value* value = resolved.as_dict()->FindString(key)) {
      return *value;
    }
    if (required && compile) {
      return context.Error(fmt::format("missing config: '{}'", key));
    }
    return a[1] ? *a[1] : jinja::Value::None();
  };
  vars["config"] = HostFunction::Make(
      "config",
      [compile, capture](jinja::CallContext& context,
                         jinja::Arguments& args) -> Result<jinja::Value> {
        if (compile) {
          return Text("");
        }
        for (const jinja::Value& dict : args.positional) {
          if (!dict.is_dict()) {
            return context.Error("config() takes keyword arguments or one dict");
          }
          capture->config.ApplyDict(dict);
        }
        for (const auto& [key, value] : args.keyword) {
          capture->config.Apply(key, value);
        }
        return Text("");
      },
      Attributes{
          {"get",
           HostFunction::Make("get", [get](jinja::CallContext& c,
                                           jinja::Arguments& a) { return get(c, a, false); })},
          {"require",
           HostFunction::Make("require", [get](jinja::CallContext& c,
                                               jinja::Arguments& a) { return get(c, a, true); })},
      });
  const std::string package = node.package;
  vars["var"] = HostFunction::Make(
      "var",
      [this, package](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("var", args, {"name", "default"}, 1));
        STRATA_ASSIGN_OR_RETURN(std::string name, jinja::StringArgument(*a[0], "var's name"));
        if (std::optional<jinja::Value> value = Var(package, name)) {
          return *value;
        }
        if (a[1]) {
          return *a[1];
        }
        return Status(context.Error(fmt::format("Required var '{}' not found in config", name)))
            .WithHint(fmt::format(
                "define it under `vars:` in dbt_project.yml, pass --vars '{{{}: …}}', or give "
                "var() a default",
                name));
      });
  const bool incremental = compile && node.incremental;
  vars["is_incremental"] =
      HostFunction::Make("is_incremental", [incremental](jinja::CallContext&, jinja::Arguments&) {
        return Result<jinja::Value>(jinja::Value::Bool(incremental));
      });
  vars["this"] = Relation::Make(compile ? node.relation : placeholder);
  vars["model"] = node.ToJinja();
  return vars;
}

Result<std::string> DbtContext::RenderRepeated(const std::string& source,
                                               const jinja::Variables& variables) const {
  auto it = repeated_.find(source);
  if (it == repeated_.end()) {
    STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const jinja::Template> parsed,
                            env_->Parse(source, "<strata>"));
    it = repeated_.emplace(source, std::move(parsed)).first;
  }
  return env_->Render(it->second, variables);
}

Result<std::string> DbtContext::Render(std::string_view source, const std::string& name,
                                       const jinja::Variables& variables) const {
  return env_->RenderString(source, name, variables);
}

}  // namespace strata::dbt
