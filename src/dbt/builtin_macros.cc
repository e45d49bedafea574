#include "dbt/builtin_macros.h"

namespace strata::dbt {

// Written for strata from dbt's documented behaviour ("custom schemas", "custom aliases",
// "custom databases"): a node without a custom schema lands in the target's schema, one with
// a custom schema in <target schema>_<custom>; the alias is the custom alias or the node's name;
// the database is the custom database or the target's. The four generic data tests return the
// rows that fail them ("data tests" in dbt's docs): duplicated non-null values, nulls, values
// outside the accepted list (NULL passes, as SQL's `not in` has it), and non-null values with no
// match in the referenced column.
std::string_view BuiltinNamingAndTestMacros() {
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
{%- elif node.version -%}{{ node.name ~ "_v" ~ (node.version | replace(".", "_")) }}
{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
{{- return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) -}}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
{%- if custom_database_name is none -%}{{ target.database }}
{%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro statement(name=none, fetch_result=false, auto_begin=true, language='sql') -%}
{%- if execute -%}{{ strata_statement(name, caller(), fetch_result) }}{%- endif -%}
{%- endmacro %}
{% macro should_store_failures() -%}{{ return(false) }}{%- endmacro %}
{% macro test_unique(model, column_name) -%}
{{- return(adapter.dispatch('test_unique', 'dbt')(model, column_name)) -}}
{%- endmacro %}
{% macro default__test_unique(model, column_name) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endmacro %}
{% macro test_not_null(model, column_name) -%}
{{- return(adapter.dispatch('test_not_null', 'dbt')(model, column_name)) -}}
{%- endmacro %}
{% macro default__test_not_null(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
{% endmacro %}
{% macro test_accepted_values(model, column_name, values, quote=true) -%}
{{- return(adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, values, quote)) -}}
{%- endmacro %}
{% macro default__test_accepted_values(model, column_name, values, quote=true) %}
select value_field, n_records
from (
    select {{ column_name }} as value_field, count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
) strata_values
where value_field not in (
    {%- for value in values -%}
    {%- if quote %}'{{ value }}'{% else %}{{ value }}{% endif %}{{ ", " if not loop.last }}
    {%- endfor -%}
)
{% endmacro %}
{% macro test_relationships(model, column_name, to, field) -%}
{{- return(adapter.dispatch('test_relationships', 'dbt')(model, column_name, to, field)) -}}
{%- endmacro %}
{% macro default__test_relationships(model, column_name, to, field) %}
select strata_child.from_field
from (
    select {{ column_name }} as from_field from {{ model }} where {{ column_name }} is not null
) strata_child
left join (select {{ field }} as to_field from {{ to }}) strata_parent
    on strata_child.from_field = strata_parent.to_field
where strata_parent.to_field is null
{% endmacro %}
)JINJA";
}

const std::vector<BuiltinMacroFile>& BuiltinMacroFiles() {
  static const std::vector<BuiltinMacroFile> kFiles = {
      {"macros/strata_builtins.sql", BuiltinNamingAndTestMacros()},
      {"macros/strata_cross_database.sql", BuiltinCrossDatabaseMacros()},
  };
  return kFiles;
}

}  // namespace strata::dbt
