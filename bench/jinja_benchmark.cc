// P9: Jinja rendering of a generated 10,000-model dbt-like project on one core. Each model is its
// own template (config, source, ref, a project macro, an is_incremental block), parsed and
// rendered with host functions standing in for the dbt layer's; the project macro comes from a
// macro file that a name resolver imports once per render. Reports models/s and MB/s of
// template source.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "jinja/environment.h"
#include "jinja/value_format.h"

namespace strata::jinja {
namespace {

constexpr int kModels = 10000;

std::string ModelSource(int i) {
  std::string n = std::to_string(i);
  std::string upstream = std::to_string(i > 0 ? i - 1 : 0);
  return "{{ config(materialized='incremental', unique_key='order_id', tags=['finance']) }}\n"
         "\n"
         "with source as (\n"
         "    select * from {{ source('shop', 'orders_" +
         n +
         "') }}\n"
         "),\n"
         "\n"
         "upstream as (\n"
         "    select * from {{ ref('stg_orders_" +
         upstream +
         "') }}\n"
         ")\n"
         "\n"
         "select\n"
         "    source.order_id,\n"
         "    source.customer_id,\n"
         "    {{ cents_to_dollars('source.amount_cents') }} as amount,\n"
         "    upstream.status,\n"
         "    source.updated_at\n"
         "from source\n"
         "left join upstream on upstream.order_id = source.order_id\n"
         "{% if is_incremental() %}\n"
         "where source.updated_at > (select max(updated_at) from {{ this }})\n"
         "{% endif %}\n";
}

const char* kMacros =
    "{% macro cents_to_dollars(column_name, scale=2) -%}\n"
    "    round({{ column_name }} / 100.0, {{ scale }})\n"
    "{%- endmacro %}\n";

std::unique_ptr<Environment> MakeEnvironment() {
  auto env = std::make_unique<Environment>();
  env->AddFunction("config",
                   [](CallContext&, Arguments&) -> Result<Value> { return Value::String(""); });
  env->AddFunction("ref", [](CallContext&, Arguments& args) -> Result<Value> {
    return Value::String("\"analytics\".\"" + Str(args.positional.back()) + "\"");
  });
  env->AddFunction("source", [](CallContext&, Arguments& args) -> Result<Value> {
    return Value::String("\"raw_" + Str(args.positional.at(0)) + "\".\"" +
                         Str(args.positional.at(1)) + "\"");
  });
  env->AddFunction("is_incremental",
                   [](CallContext&, Arguments&) -> Result<Value> { return Value::Bool(true); });
  env->SetLoader([](std::string_view name) -> Result<std::string> {
    if (name == "macros/cents_to_dollars.sql") {
      return std::string(kMacros);
    }
    return Status::NotFound("no template " + std::string(name));
  });
  env->SetNameResolver([](CallContext& ctx, std::string_view name) -> Result<std::optional<Value>> {
    if (name != "cents_to_dollars") {
      return std::optional<Value>();
    }
    STRATA_ASSIGN_OR_RETURN(Value module, ctx.Import("macros/cents_to_dollars.sql"));
    STRATA_ASSIGN_OR_RETURN(Value macro, ctx.GetAttribute(module, name));
    return std::optional<Value>(macro);
  });
  return env;
}

struct Project {
  std::vector<std::string> sources;
  std::vector<Variables> contexts;
  size_t bytes = 0;
};

const Project& GeneratedProject() {
  static const Project project = [] {
    Project p;
    for (int i = 0; i < kModels; ++i) {
      p.sources.push_back(ModelSource(i));
      p.bytes += p.sources.back().size();
      Variables vars;
      vars["this"] = Value::String("\"analytics\".\"fct_orders_" + std::to_string(i) + "\"");
      p.contexts.push_back(std::move(vars));
    }
    return p;
  }();
  return project;
}

// Parse and render every model: what compiling a project costs.
void BM_ParseAndRender10kModels(benchmark::State& state) {
  const Project& project = GeneratedProject();
  auto env = MakeEnvironment();
  size_t output = 0;
  for (auto _ : state) {
    for (int i = 0; i < kModels; ++i) {
      auto tmpl = env->Parse(project.sources[static_cast<size_t>(i)], "model.sql");
      Result<std::string> sql = env->Render(*tmpl, project.contexts[static_cast<size_t>(i)]);
      if (!sql.ok()) {
        state.SkipWithError(sql.status().ToString().c_str());
        return;
      }
      output += sql->size();
      benchmark::DoNotOptimize(sql->data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * project.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kModels);
  state.counters["output_bytes_per_model"] =
      static_cast<double>(output) / static_cast<double>(state.iterations() * kModels);
}
BENCHMARK(BM_ParseAndRender10kModels)->Unit(benchmark::kMillisecond);

// Render pre-parsed models: the second pass of dbt (execute) over templates already parsed.
void BM_Render10kParsedModels(benchmark::State& state) {
  const Project& project = GeneratedProject();
  auto env = MakeEnvironment();
  std::vector<std::shared_ptr<const Template>> templates;
  for (const std::string& source : project.sources) {
    templates.push_back(*env->Parse(source, "model.sql"));
  }
  for (auto _ : state) {
    for (int i = 0; i < kModels; ++i) {
      Result<std::string> sql =
          env->Render(templates[static_cast<size_t>(i)], project.contexts[static_cast<size_t>(i)]);
      benchmark::DoNotOptimize(sql);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * project.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kModels);
}
BENCHMARK(BM_Render10kParsedModels)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace strata::jinja
