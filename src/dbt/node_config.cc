#include "dbt/node_config.h"

#include <algorithm>

#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

void AddTag(const jinja::Value& tag, jinja::Value* tags) {
  for (const jinja::Value& existing : tags->items()) {
    if (jinja::Equals(existing, tag)) {
      return;
    }
  }
  tags->as_list()->items.push_back(tag);
}

}  // namespace

void NodeConfig::Apply(std::string_view key, const jinja::Value& value) {
  if (!key.empty() && key.front() == '+') {
    key.remove_prefix(1);
  }
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const auto& entry) { return entry.first == key; });
  if (key == "tags") {
    if (it == entries_.end()) {
      entries_.emplace_back(std::string(key), jinja::Value::List());
      it = entries_.end() - 1;
    }
    if (value.is_sequence()) {
      for (const jinja::Value& tag : value.items()) {
        AddTag(tag, &it->second);
      }
    } else if (!value.is_none()) {
      AddTag(value, &it->second);
    }
    return;
  }
  if (it == entries_.end()) {
    entries_.emplace_back(std::string(key), value);
  } else {
    it->second = value;
  }
}

void NodeConfig::ApplyDict(const jinja::Value& dict) {
  for (const auto& [key, value] : dict.as_dict()->entries()) {
    Apply(jinja::Str(key), value);
  }
}

const jinja::Value* NodeConfig::Find(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

std::optional<std::string> NodeConfig::String(std::string_view key) const {
  const jinja::Value* value = Find(key);
  if (value == nullptr || value->is_none() || value->is_undefined()) {
    return std::nullopt;
  }
  return jinja::Str(*value);
}

std::string NodeConfig::Materialized(std::string_view fallback) const {
  return String("materialized").value_or(std::string(fallback));
}

bool NodeConfig::Enabled() const {
  const jinja::Value* value = Find("enabled");
  return value == nullptr || value->Truthy();
}

std::vector<std::string> NodeConfig::Tags() const {
  std::vector<std::string> tags;
  if (const jinja::Value* value = Find("tags")) {
    for (const jinja::Value& tag : value->items()) {
      tags.push_back(jinja::Str(tag));
    }
  }
  return tags;
}

jinja::Value NodeConfig::ToJinja() const {
  jinja::Value dict = jinja::Value::Dict();
  for (const auto& [key, value] : entries_) {
    dict.as_dict()->SetString(key, value);
  }
  return dict;
}

}  // namespace strata::dbt
