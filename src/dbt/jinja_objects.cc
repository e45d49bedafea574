#include "dbt/jinja_objects.h"

#include "base/text.h"
#include "jinja/arguments.h"

namespace strata::dbt {

jinja::Value HostFunction::Make(std::string name, jinja::Function function,
                                std::map<std::string, jinja::Value, std::less<>> attributes) {
  return jinja::Value::FromObject(
      std::make_shared<HostFunction>(std::move(name), std::move(function), std::move(attributes)));
}

std::optional<jinja::Value> HostFunction::GetAttribute(std::string_view name) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end()) {
    return std::nullopt;
  }
  return it->second;
}

Result<jinja::Value> HostFunction::Call(jinja::CallContext& context, jinja::Arguments& args) {
  return function_(context, args);
}

jinja::Value HostObject::Make(std::string type_name,
                              std::map<std::string, jinja::Value, std::less<>> attributes) {
  return jinja::Value::FromObject(
      std::make_shared<HostObject>(std::move(type_name), std::move(attributes)));
}

std::optional<jinja::Value> HostObject::GetAttribute(std::string_view name) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::string RelationName::Render() const {
  if (cte) {
    return identifier;
  }
  if (empty) {
    RelationName plain = *this;
    plain.empty = false;
    return "(select * from " + plain.Render() + " where false limit 0)" +
           (alias_subquery ? " _dbt_limit_subq_" + identifier : std::string());
  }
  if (!filter.empty()) {
    RelationName plain = *this;
    plain.filter.clear();
    // Aliased as dbt aliases it (PostgreSQL requires an alias for a subquery in FROM).
    return "(select * from " + plain.Render() + " where " + filter + ")" +
           (alias_subquery ? " _dbt_et_filter_subq_" + identifier : std::string());
  }
  std::string out;
  for (const std::string* part : {&database, &schema, &identifier}) {
    if (part->empty()) {
      continue;
    }
    if (!out.empty()) {
      out += '.';
    }
    out += QuoteSqlIdentifier(*part);
  }
  return out;
}

jinja::Value Relation::Make(RelationName name) {
  return jinja::Value::FromObject(std::make_shared<Relation>(std::move(name)));
}

std::optional<jinja::Value> Relation::GetAttribute(std::string_view name) const {
  auto text = [](const std::string& s) {
    return s.empty() ? jinja::Value::None() : jinja::Value::String(s);
  };
  if (name == "database") {
    return text(name_.database);
  }
  if (name == "schema") {
    return text(name_.schema);
  }
  if (name == "identifier" || name == "name" || name == "table") {
    return text(name_.identifier);
  }
  if (name == "is_cte") {
    return jinja::Value::Bool(name_.cte);
  }
  if (name == "get") {
    const RelationName relation = name_;
    return HostFunction::Make(
        "get", [relation](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
          STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("get", args, {"key", "default"}, 1));
          if (std::optional<jinja::Value> item = Relation(relation).GetItem(*a[0])) {
            return *item;
          }
          return a[1] ? *a[1] : jinja::Value::None();
        });
  }
  if (name == "render") {
    const std::string rendered = name_.Render();
    return HostFunction::Make(
        "render", [rendered](jinja::CallContext&, jinja::Arguments&) -> Result<jinja::Value> {
          return jinja::Value::String(rendered);
        });
  }
  return std::nullopt;
}

std::optional<jinja::Value> Relation::GetItem(const jinja::Value& key) const {
  if (!key.is_string()) {
    return std::nullopt;
  }
  if (key.as_string() == "metadata") {
    jinja::Value metadata = jinja::Value::Dict();
    metadata.as_dict()->SetString("type", jinja::Value::String("BaseRelation"));
    return metadata;
  }
  if (key.as_string() == "path") {
    jinja::Value path = jinja::Value::Dict();
    path.as_dict()->SetString("database", jinja::Value::String(name_.database));
    path.as_dict()->SetString("schema", jinja::Value::String(name_.schema));
    path.as_dict()->SetString("identifier", jinja::Value::String(name_.identifier));
    return path;
  }
  if (key.as_string() == "type") {
    return jinja::Value::None();
  }
  return GetAttribute(key.as_string());
}

}  // namespace strata::dbt
