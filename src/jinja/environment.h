// The host API of the Jinja engine. A host (the dbt layer, SQLMesh compatibility) builds one
// Environment with its options, registers globals, functions, filters and tests, optionally a
// loader for include/import, then parses templates once and renders them with per-render
// variables. Registration is not thread-safe; once set up, Parse, Load and Render may be called
// from several threads at once (each render has its own state; the template cache is locked).
//
//   jinja::Environment env;
//   env.AddFunction("ref", [](jinja::CallContext& ctx, jinja::Arguments& args) { … });
//   auto tmpl = env.Parse("select * from {{ ref('orders') }}", "models/x.sql");
//   auto sql = env.Render(**tmpl, {{"target", target}});
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "jinja/ast.h"
#include "jinja/call_context.h"
#include "jinja/lexer.h"
#include "jinja/source_text.h"
#include "jinja/value.h"

namespace strata::jinja {

struct Options {
  Syntax syntax;
  UndefinedBehavior undefined = UndefinedBehavior::kDefault;
  // The most loop iterations plus macro calls one render may take (0: no limit). Jinja2 has
  // none; a host rendering untrusted templates (or a fuzzer) bounds the work with it.
  uint64_t max_steps = 0;
};

// A parsed template: immutable, shared between renders and with the macros it defines.
class Template {
 public:
  Template(SourceText source, Body body) : source_(std::move(source)), body_(std::move(body)) {}
  const std::string& name() const { return source_.name(); }
  const SourceText& source() const { return source_; }
  const Body& body() const { return body_; }

 private:
  SourceText source_;
  Body body_;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
// The variables of one render, by name.
using Variables = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

using Function = std::function<Result<Value>(CallContext& context, Arguments& args)>;
using FilterFunction =
    std::function<Result<Value>(CallContext& context, const Value& input, Arguments& args)>;
using TestFunction =
    std::function<Result<bool>(CallContext& context, const Value& input, Arguments& args)>;
// Produces a value the first time a render looks the name up; cached for that render.
using LazyValue = std::function<Result<Value>(CallContext& context)>;
// Resolves a name no scope, variable or global defines; nullopt leaves it undefined.
using NameResolver =
    std::function<Result<std::optional<Value>>(CallContext& context, std::string_view name)>;
// The source of the template `name`; a NotFound status when there is none.
using Loader = std::function<Result<std::string>(std::string_view name)>;

class Environment {
 public:
  // The environment dbt-core configures: the `do` and loop-control extensions are always on,
  // Jinja2's built-in filters, tests and globals (range, dict, namespace, cycler, joiner).
  explicit Environment(Options options = {});
  const Options& options() const { return options_; }

  void SetGlobal(std::string name, Value value);
  void AddFunction(std::string name, Function function);
  void AddFilter(std::string name, FilterFunction filter);
  void AddTest(std::string name, TestFunction test);
  void AddLazyGlobal(std::string name, LazyValue producer);
  void SetNameResolver(NameResolver resolver) { resolver_ = std::move(resolver); }
  void SetLoader(Loader loader) { loader_ = std::move(loader); }

  // Parses `source`; `name` is the file name errors show. Fails with a parse error (file, line,
  // column, caret, hint).
  Result<std::shared_ptr<const Template>> Parse(std::string_view source, std::string name) const;
  // The template `name` from the loader, parsed once and cached. Fails when there is no loader,
  // the loader fails, or the template does not parse.
  Result<std::shared_ptr<const Template>> Load(std::string_view name) const;
  // Renders `tmpl` with `variables` (which take precedence over globals). Fails with the first
  // runtime error: file, line, column, caret and the chain of macro calls that led there.
  Result<std::string> Render(const std::shared_ptr<const Template>& tmpl,
                             const Variables& variables) const;
  // Parse, then Render.
  Result<std::string> RenderString(std::string_view source, std::string name,
                                   const Variables& variables) const;

  // Lookup tables, for the interpreter.
  const Value* FindGlobal(std::string_view name) const;
  const FilterFunction* FindFilter(std::string_view name) const;
  const TestFunction* FindTest(std::string_view name) const;
  const LazyValue* FindLazy(std::string_view name) const;
  const NameResolver& resolver() const { return resolver_; }
  // The names of every filter / test, for "did you mean" hints.
  std::vector<std::string> FilterNames() const;
  std::vector<std::string> TestNames() const;

 private:
  Options options_;
  std::unordered_map<std::string, Value, StringHash, std::equal_to<>> globals_;
  std::unordered_map<std::string, FilterFunction, StringHash, std::equal_to<>> filters_;
  std::unordered_map<std::string, TestFunction, StringHash, std::equal_to<>> tests_;
  std::unordered_map<std::string, LazyValue, StringHash, std::equal_to<>> lazy_;
  NameResolver resolver_;
  Loader loader_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, std::shared_ptr<const Template>, std::less<>> cache_;
};

// Registers Jinja2's built-in filters, tests and global functions (filters.cc, tests.cc,
// globals.cc); the Environment constructor calls these.
void RegisterBuiltinFilters(Environment* env);
void RegisterBuiltinTests(Environment* env);
void RegisterBuiltinGlobals(Environment* env);

}  // namespace strata::jinja
