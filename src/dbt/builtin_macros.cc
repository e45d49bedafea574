#include "dbt/builtin_macros.h"

namespace strata::dbt {

// Written for strata from dbt's documented behaviour ("custom schemas", "custom aliases",
// "custom databases"): a node without a custom schema lands in the target's schema, one with
// a custom schema in <target schema>_<custom>; the alias is the custom alias or the node's name;
// the database is the custom database or the target's.
std::string_view BuiltinMacrosSource() {
  return R"JINJA({% macro generate_schema_name(custom_schema_name, node) -%}
{{- return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) -}}
{%- endmacro %}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none -%}{{ target.schema }}
{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
{{- return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) -}}
{%- endmacro %}
{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
{%- if custom_alias_name -%}{{ custom_alias_name | trim }}
{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
{{- return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) -}}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
{%- if custom_database_name is none -%}{{ target.database }}
{%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}
)JINJA";
}

}  // namespace strata::dbt
