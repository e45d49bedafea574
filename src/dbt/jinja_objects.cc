#include "dbt/jinja_objects.h"

#include "jinja/arguments.h"

namespace strata::dbt {
namespace {

std::string Quote(std::string_view part) {
  std::string out = "\"";
  for (char c : part) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

}  // namespace

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
  std::string out;
  for (const std::string* part : {&database, &schema, &identifier}) {
    if (part->empty()) {
      continue;
    }
    if (!out.empty()) {
      out += '.';
    }
    out += Quote(*part);
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
  if (name == "render") {
    const std::string rendered = name_.Render();
    return HostFunction::Make(
        "render", [rendered](jinja::CallContext&, jinja::Arguments&) -> Result<jinja::Value> {
          return jinja::Value::String(rendered);
        });
  }
  return std::nullopt;
}

}  // namespace strata::dbt
