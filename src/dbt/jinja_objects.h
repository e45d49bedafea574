// Host objects the dbt context hands to templates: a callable backed by C++ (`ref`, `config`,
// `adapter.dispatch`, …), an object with named attributes (`adapter`, `exceptions`), and a
// relation (`this`, what `ref` and `source` return) that prints as dbt-duckdb and dbt-postgres
// quote it: "database"."schema"."identifier".
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/environment.h"
#include "jinja/value.h"

namespace strata::dbt {

// A function as a Jinja value; `attributes` (e.g. `config.get`) are reachable with `.name`.
class HostFunction : public jinja::Object {
 public:
  HostFunction(std::string name, jinja::Function function,
               std::map<std::string, jinja::Value, std::less<>> attributes = {})
      : name_(std::move(name)),
        function_(std::move(function)),
        attributes_(std::move(attributes)) {}
  static jinja::Value Make(std::string name, jinja::Function function,
                           std::map<std::string, jinja::Value, std::less<>> attributes = {});
  std::string TypeName() const override { return "function"; }
  std::optional<jinja::Value> GetAttribute(std::string_view name) const override;
  bool IsCallable() const override { return true; }
  Result<jinja::Value> Call(jinja::CallContext& context, jinja::Arguments& args) override;
  std::string Repr() const override { return "<function " + name_ + ">"; }

 private:
  std::string name_;
  jinja::Function function_;
  std::map<std::string, jinja::Value, std::less<>> attributes_;
};

// An object with fixed attributes (`adapter`, `exceptions`).
class HostObject : public jinja::Object {
 public:
  HostObject(std::string type_name, std::map<std::string, jinja::Value, std::less<>> attributes)
      : type_name_(std::move(type_name)), attributes_(std::move(attributes)) {}
  static jinja::Value Make(std::string type_name,
                           std::map<std::string, jinja::Value, std::less<>> attributes);
  std::string TypeName() const override { return type_name_; }
  std::optional<jinja::Value> GetAttribute(std::string_view name) const override;

 private:
  std::string type_name_;
  std::map<std::string, jinja::Value, std::less<>> attributes_;
};

// A database relation. Empty parts are left out when printed.
struct RelationName {
  std::string database;
  std::string schema;
  std::string identifier;
  // An ephemeral model's CTE (`__dbt__cte__name`), printed bare.
  bool cte = false;
  // A filter on the relation (a microbatch's event-time range): printed as
  // `(select * from <relation> where <filter>) _dbt_et_filter_subq_<identifier>`.
  std::string filter = {};
  // `--empty`: printed as `(select * from <relation> where false limit 0)
  // _dbt_limit_subq_<identifier>`, as dbt renders a ref or source then.
  bool empty = false;
  // Whether those subqueries get their alias: dbt-postgres adds it (PostgreSQL requires one),
  // dbt-duckdb does not (so that a ref the model aliases itself stays valid).
  bool alias_subquery = true;
  // "database"."schema"."identifier", each part double-quoted (a `"` inside doubled); a CTE's
  // identifier alone, unquoted.
  std::string Render() const;
};

class Relation : public jinja::Object {
 public:
  explicit Relation(RelationName name) : name_(std::move(name)) {}
  static jinja::Value Make(RelationName name);
  std::string TypeName() const override { return "Relation"; }
  // Attributes: database, schema, identifier (name, table), is_cte, render(), and — as dbt's
  // relations are mappings — get(key, default) and items, `metadata.type` "BaseRelation".
  std::optional<jinja::Value> GetAttribute(std::string_view name) const override;
  std::optional<jinja::Value> GetItem(const jinja::Value& key) const override;
  bool IsMapping() const override { return true; }
  std::string Str() const override { return name_.Render(); }
  std::string Repr() const override { return "<Relation " + name_.Render() + ">"; }
  const RelationName& name() const { return name_; }

 private:
  RelationName name_;
};

}  // namespace strata::dbt
