// Unit tests of the host API: functions with positional and keyword arguments, filters, tests,
// lazily resolved names, a name resolver, the loader and its cache, dbt's return(), and the
// undefined behaviours.
#include "jinja/environment.h"

#include <gtest/gtest.h>

#include "jinja/arguments.h"
#include "jinja/value_format.h"

namespace strata::jinja {
namespace {

std::string Render(const Environment& env, std::string_view source, const Variables& vars = {}) {
  Result<std::string> out = env.RenderString(source, "t.sql", vars);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : "";
}

Status RenderError(const Environment& env, std::string_view source, const Variables& vars = {}) {
  Result<std::string> out = env.RenderString(source, "t.sql", vars);
  EXPECT_FALSE(out.ok()) << "rendered: " << (out.ok() ? *out : "");
  return out.status();
}

TEST(JinjaEnvironment, HostFunctionsTakePositionalAndKeywordArguments) {
  Environment env;
  // A stand-in for dbt's ref(): one or two names, an optional version=.
  env.AddFunction("ref", [](CallContext&, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("ref", args, {"package", "name", "version"}, 1));
    std::string name = a[1] ? Str(*a[1]) : Str(*a[0]);
    std::string out = "\"analytics\".\"" + name + "\"";
    if (a[2]) {
      out += "_v" + Str(*a[2]);
    }
    return Value::String(out);
  });
  EXPECT_EQ(Render(env, "{{ ref('orders') }} {{ ref('pkg', 'x') }} {{ ref('y', version=2) }}"),
            "\"analytics\".\"orders\" \"analytics\".\"x\" \"analytics\".\"y\"_v2");
  Status error = RenderError(env, "{{ ref(nope='x') }}");
  EXPECT_NE(error.message().find("unexpected keyword argument 'nope'"), std::string::npos);
  EXPECT_EQ(error.location().line, 1);
  EXPECT_EQ(error.location().column, 4);
}

TEST(JinjaEnvironment, ConfigTakesKeywordsOrADict) {
  Environment env;
  auto captured = std::make_shared<Value>(Value::Dict());
  env.AddFunction("config", [captured](CallContext&, Arguments& args) -> Result<Value> {
    for (const Value& dict : args.positional) {
      if (!dict.is_dict()) {
        return Status::InvalidArgument("config() takes keyword arguments or one dict");
      }
      for (const auto& [k, v] : dict.as_dict()->entries()) {
        STRATA_RETURN_IF_ERROR(captured->as_dict()->Set(k, v));
      }
    }
    for (const auto& [k, v] : args.keyword) {
      captured->as_dict()->SetString(k, v);
    }
    return Value::String("");
  });
  EXPECT_EQ(Render(env, "{{ config(materialized='table', tags=['a']) }}{{ config({'x': 1}) }}"),
            "");
  EXPECT_EQ(Str(*captured), "{'materialized': 'table', 'tags': ['a'], 'x': 1}");
}

TEST(JinjaEnvironment, FiltersAndTestsFromTheHost) {
  Environment env;
  env.AddFilter("as_bool", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    return Value::Bool(Str(v) == "True");
  });
  env.AddTest("positive", [](CallContext&, const Value& v, Arguments&) -> Result<bool> {
    return v.is_number() && v.as_double() > 0;
  });
  EXPECT_EQ(Render(env, "{{ 'True' | as_bool }} {{ 3 is positive }} {{ -1 is positive }}"),
            "True True False");
}

TEST(JinjaEnvironment, LazyGlobalsResolveOncePerRender) {
  Environment env;
  auto calls = std::make_shared<int>(0);
  env.AddLazyGlobal("graph", [calls](CallContext&) -> Result<Value> {
    ++*calls;
    Value nodes = Value::Dict();
    nodes.as_dict()->SetString("n", Value::Int(1));
    return nodes;
  });
  EXPECT_EQ(Render(env, "no use"), "no use");
  EXPECT_EQ(*calls, 0);
  EXPECT_EQ(Render(env, "{{ graph.n }}{{ graph.n }}"), "11");
  EXPECT_EQ(*calls, 1);
  EXPECT_EQ(Render(env, "{{ graph.n }}"), "1");
  EXPECT_EQ(*calls, 2);
}

TEST(JinjaEnvironment, NameResolverSuppliesUnknownNames) {
  Environment env;
  env.SetNameResolver([](CallContext&, std::string_view name) -> Result<std::optional<Value>> {
    if (name.rfind("macro_", 0) == 0) {
      return std::optional<Value>(Value::String(std::string(name).substr(6)));
    }
    return std::optional<Value>();
  });
  EXPECT_EQ(Render(env, "{{ macro_x }}[{{ other }}]"), "x[]");
}

TEST(JinjaEnvironment, VariablesTakePrecedenceOverGlobals) {
  Environment env;
  env.SetGlobal("target", Value::String("global"));
  EXPECT_EQ(Render(env, "{{ target }}"), "global");
  EXPECT_EQ(Render(env, "{{ target }}", {{"target", Value::String("render")}}), "render");
}

TEST(JinjaEnvironment, ReturnEndsTheInnermostMacroWithAValue) {
  Environment env;
  env.AddFunction("return", [](CallContext& context, Arguments& args) -> Result<Value> {
    return context.ReturnFromMacro(args.positional.empty() ? Value::None() : args.positional[0]);
  });
  EXPECT_EQ(Render(env,
                   "{% macro cols() %}ignored{% do return(['a', 'b']) %}never{% endmacro %}"
                   "{{ cols() | join(',') }} {{ cols() is sequence }}"),
            "a,b True");
  Status error = RenderError(env, "x{{ return(1) }}");
  EXPECT_NE(error.message().find("outside of a macro"), std::string::npos);
}

TEST(JinjaEnvironment, HostFunctionsCanCallMacros) {
  Environment env;
  env.AddFunction("twice", [](CallContext& context, Arguments& args) -> Result<Value> {
    Arguments none;
    STRATA_ASSIGN_OR_RETURN(Value first, context.Call(args.positional.at(0), none));
    STRATA_ASSIGN_OR_RETURN(Value second, context.Call(args.positional.at(0), none));
    return Value::String(Str(first) + Str(second));
  });
  EXPECT_EQ(Render(env, "{% macro m() %}ab{% endmacro %}{{ twice(m) }}"), "abab");
}

TEST(JinjaEnvironment, LoaderIsCachedAndParsedTemplatesAreShared) {
  Environment env;
  auto loads = std::make_shared<int>(0);
  env.SetLoader([loads](std::string_view name) -> Result<std::string> {
    ++*loads;
    if (name == "part.sql") {
      return std::string("[{{ x }}]");
    }
    return Status::NotFound("no template " + std::string(name));
  });
  auto tmpl = env.Parse("{% include 'part.sql' %}{% include 'part.sql' %}", "main.sql");
  ASSERT_TRUE(tmpl.ok());
  EXPECT_EQ(*env.Render(*tmpl, {{"x", Value::Int(1)}}), "[1][1]");
  EXPECT_EQ(*env.Render(*tmpl, {{"x", Value::Int(2)}}), "[2][2]");
  EXPECT_EQ(*loads, 1);
}

TEST(JinjaEnvironment, ProjectMacrosThroughImportAndResolver) {
  Environment env;
  auto runs = std::make_shared<int>(0);
  env.SetLoader([runs](std::string_view name) -> Result<std::string> {
    if (name != "macros/money.sql") {
      return Status::NotFound("no template " + std::string(name));
    }
    ++*runs;
    return std::string("{% macro cents(col) %}({{ col }} / 100.0)::{{ numeric }}{% endmacro %}");
  });
  env.SetNameResolver([](CallContext& ctx, std::string_view name) -> Result<std::optional<Value>> {
    if (name != "cents") {
      return std::optional<Value>();
    }
    STRATA_ASSIGN_OR_RETURN(Value module, ctx.Import("macros/money.sql"));
    STRATA_ASSIGN_OR_RETURN(Value macro, ctx.GetAttribute(module, name));
    return std::optional<Value>(macro);
  });
  // The macro sees the render's variables, as a dbt macro sees the model's context.
  EXPECT_EQ(
      Render(env, "{{ cents('a') }} {{ cents('b') }}", {{"numeric", Value::String("decimal")}}),
      "(a / 100.0)::decimal (b / 100.0)::decimal");
  EXPECT_EQ(*runs, 1);  // loaded once, then cached by the environment
}

TEST(JinjaEnvironment, UndefinedBehaviours) {
  Options strict;
  strict.undefined = UndefinedBehavior::kStrict;
  Environment strict_env(strict);
  EXPECT_EQ(RenderError(strict_env, "{{ nope }}").message(), "'nope' is undefined");
  EXPECT_EQ(Render(strict_env, "{{ nope is defined }}{{ nope | default('d') }}"), "Falsed");

  Options lenient;
  lenient.undefined = UndefinedBehavior::kLenient;
  Environment lenient_env(lenient);
  EXPECT_EQ(Render(lenient_env, "[{{ adapter.dispatch('x')('y').z }}]"), "[]");

  Environment default_env;
  EXPECT_EQ(Render(default_env, "[{{ nope }}]"), "[]");
  Status error = RenderError(default_env, "{{ nope.attr }}");
  EXPECT_EQ(error.message(), "'nope' is undefined");
}

TEST(JinjaEnvironment, ParseErrorsCarryLocationAndHint) {
  Environment env;
  Result<std::shared_ptr<const Template>> tmpl = env.Parse("line one\n{{ x | lenght }}", "m.sql");
  ASSERT_FALSE(tmpl.ok());
  EXPECT_EQ(tmpl.status().location().file, "m.sql");
  EXPECT_EQ(tmpl.status().location().line, 2);
  EXPECT_EQ(tmpl.status().location().column, 8);
  EXPECT_EQ(tmpl.status().hint(), "did you mean 'length'?");
}

}  // namespace
}  // namespace strata::jinja
