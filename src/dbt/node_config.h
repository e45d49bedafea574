// A node's config as dbt resolves it: the keys of `dbt_project.yml`'s `models:`/`seeds:`/… trees
// (outermost folder first), then the node's `config:` in a properties YAML file, then its
// `config()` calls, each layer over the one before. `tags` add up across layers; every other key
// is replaced by the later layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/value.h"

namespace strata::dbt {

class NodeConfig {
 public:
  // Sets `key` (a leading `+` is dropped) to `value` over what is there; `tags` (a string or a
  // list of strings) is added to the tags already set, without duplicates.
  void Apply(std::string_view key, const jinja::Value& value);
  // Apply() for every entry of `dict`. REQUIRES: dict is a dict.
  void ApplyDict(const jinja::Value& dict);

  // The value of `key`, or nullptr.
  const jinja::Value* Find(std::string_view key) const;
  // The string value of `key`; nullopt when unset or None.
  std::optional<std::string> String(std::string_view key) const;
  // `materialized`, or `fallback` when unset.
  std::string Materialized(std::string_view fallback) const;
  // `enabled` (true when unset).
  bool Enabled() const;
  // The tags, in the order they were first set.
  std::vector<std::string> Tags() const;
  // The config as a Jinja dict (for `config.get` and `model.config`).
  jinja::Value ToJinja() const;

 private:
  std::vector<std::pair<std::string, jinja::Value>> entries_;
};

}  // namespace strata::dbt
