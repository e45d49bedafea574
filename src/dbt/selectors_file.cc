#include "dbt/selectors_file.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "base/text.h"
#include "dbt/selector.h"
#include "project/yaml_file.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

struct Selectors {
  project::YamlFile file;
  std::map<std::string, YAML::Node> definitions;
  std::optional<std::string> default_name;
};

Result<std::optional<Selectors>> LoadSelectors(const Manifest& manifest) {
  const fs::path root = manifest.project().root;
  if (!fs::exists(root / "selectors.yml")) {
    return std::optional<Selectors>();
  }
  STRATA_ASSIGN_OR_RETURN(project::YamlFile file, project::YamlFile::Load(root, "selectors.yml"));
  Selectors out{file, {}, std::nullopt};
  const YAML::Node list = file.root()["selectors"];
  if (!list || !list.IsSequence()) {
    return file.Error(file.root(), "selectors.yml must hold a `selectors:` list",
                      "write `selectors:` followed by `- name: …` entries");
  }
  for (const YAML::Node& entry : list) {
    if (!entry.IsMap() || !entry["name"] || !entry["definition"]) {
      return file.Error(entry, "a selector needs a `name` and a `definition`");
    }
    const std::string name = entry["name"].as<std::string>();
    out.definitions[name] = entry["definition"];
    if (entry["default"] && entry["default"].as<bool>(false)) {
      out.default_name = name;
    }
  }
  return std::optional<Selectors>(std::move(out));
}

// A method mapping as a selection string: `2+tag:x+1`, `@path:models`.
Result<std::string> MethodAsString(const Selectors& s, const YAML::Node& def) {
  if (!def["method"] || !def["value"]) {
    return s.file.Error(def, "a selector definition needs `method` and `value`");
  }
  std::string term = def["method"].as<std::string>();
  term.append(":").append(def["value"].as<std::string>());
  auto flag = [&](const char* key) { return def[key] && def[key].as<bool>(false); };
  auto depth = [&](const char* key) {
    return def[key] ? def[key].as<std::string>() : std::string();
  };
  std::string out;
  if (flag("childrens_parents")) {
    out.append("@").append(term);
    return out;
  }
  if (flag("parents")) {
    out.append(depth("parents_depth")).append("+");
  }
  out.append(term);
  if (flag("children")) {
    out.append("+").append(depth("children_depth"));
  }
  term = out;
  return term;
}

Result<std::set<std::string>> Evaluate(const Manifest& manifest, const Selectors& s,
                                       const YAML::Node& def, std::vector<std::string>* stack) {
  if (def.IsScalar()) {
    // One spec, as dbt reads a string definition: spaces do not make a union here (dbt would
    // look for one node named with the spaces and select nothing).
    const std::string text = def.as<std::string>();
    if (SplitWhitespace(text).size() > 1) {
      return s.file.Error(
          def, fmt::format("a selector string is one selection, not several: '{}'", text),
          "list them under `union:`, one item each");
    }
    return SelectNodes(manifest, {text}, {});
  }
  if (!def.IsMap()) {
    return s.file.Error(def,
                        "a selector definition is a string, a method mapping, a union or an "
                        "intersection");
  }
  for (const char* op : {"union", "intersection"}) {
    const YAML::Node items = def[op];
    if (!items) {
      continue;
    }
    if (!items.IsSequence()) {
      return s.file.Error(items, fmt::format("`{}` takes a list of definitions", op));
    }
    std::optional<std::set<std::string>> result;
    std::set<std::string> excluded;
    for (const YAML::Node& item : items) {
      if (item.IsMap() && item["exclude"]) {
        for (const YAML::Node& ex : item["exclude"]) {
          STRATA_ASSIGN_OR_RETURN(std::set<std::string> ids, Evaluate(manifest, s, ex, stack));
          excluded.insert(ids.begin(), ids.end());
        }
        continue;
      }
      STRATA_ASSIGN_OR_RETURN(std::set<std::string> ids, Evaluate(manifest, s, item, stack));
      if (!result) {
        result = std::move(ids);
      } else if (std::string_view(op) == "union") {
        result->insert(ids.begin(), ids.end());
      } else {
        std::set<std::string> both;
        std::set_intersection(result->begin(), result->end(), ids.begin(), ids.end(),
                              std::inserter(both, both.begin()));
        result = std::move(both);
      }
    }
    std::set<std::string> out = result.value_or(std::set<std::string>{});
    for (const std::string& id : excluded) {
      out.erase(id);
    }
    return out;
  }
  if (def["method"] && def["method"].as<std::string>() == "selector") {
    const std::string other = def["value"].as<std::string>("");
    if (std::find(stack->begin(), stack->end(), other) != stack->end()) {
      return s.file.Error(def, fmt::format("selector '{}' includes itself", other));
    }
    auto it = s.definitions.find(other);
    if (it == s.definitions.end()) {
      return s.file.Error(def, fmt::format("no selector named '{}'", other));
    }
    stack->push_back(other);
    Result<std::set<std::string>> ids = Evaluate(manifest, s, it->second, stack);
    stack->pop_back();
    return ids;
  }
  STRATA_ASSIGN_OR_RETURN(std::string term, MethodAsString(s, def));
  return SelectNodes(manifest, {term}, {});
}

}  // namespace

Result<std::set<std::string>> SelectBySelector(const Manifest& manifest, const std::string& name) {
  STRATA_ASSIGN_OR_RETURN(std::optional<Selectors> selectors, LoadSelectors(manifest));
  if (!selectors) {
    return Status::InvalidArgument(
               fmt::format("--selector {}: the project has no selectors.yml", name))
        .WithHint("define it in selectors.yml beside dbt_project.yml");
  }
  auto it = selectors->definitions.find(name);
  if (it == selectors->definitions.end()) {
    std::vector<std::string> known;
    for (const auto& [known_name, def] : selectors->definitions) {
      known.push_back(known_name);
    }
    return Status::InvalidArgument(fmt::format("no selector named '{}' in selectors.yml", name))
        .WithHint("known selectors: " + Join(known, ", "));
  }
  std::vector<std::string> stack = {name};
  return Evaluate(manifest, *selectors, it->second, &stack);
}

Result<std::optional<std::string>> DefaultSelector(const Manifest& manifest) {
  STRATA_ASSIGN_OR_RETURN(std::optional<Selectors> selectors, LoadSelectors(manifest));
  if (!selectors) {
    return std::optional<std::string>();
  }
  return selectors->default_name;
}

}  // namespace strata::dbt
