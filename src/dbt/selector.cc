#include "dbt/selector.h"

#include <fnmatch.h>

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

constexpr int kUnbounded = -1;

bool Matches(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

// `selector` (dotted, wildcards allowed) names the node's fqn: its leaf (the node's name) or a
// leading run of its parts (package, folders).
bool MatchesFqn(const std::string& selector, const std::vector<std::string>& fqn) {
  if (Matches(selector, fqn.back())) {
    return true;
  }
  const std::vector<std::string> parts = Split(selector, '.');
  if (parts.empty() || parts.size() > fqn.size()) {
    return false;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].find_first_of("*?[") != std::string::npos) {
      // A wildcard matches the rest of the fqn as one dotted text.
      std::string rest_selector, rest_fqn;
      for (size_t j = i; j < parts.size(); ++j) {
        rest_selector += (j > i ? "." : "") + parts[j];
      }
      for (size_t j = i; j < fqn.size(); ++j) {
        rest_fqn += (j > i ? "." : "") + fqn[j];
      }
      return Matches(rest_selector, rest_fqn);
    }
    if (parts[i] != fqn[i]) {
      return false;
    }
  }
  return true;
}

Result<bool> MatchesMethod(const Node& node, const std::string& method, const std::string& value) {
  if (method == "fqn") {
    // A versioned model answers to its name (every version), `name.v2` and `name_v2`.
    if (!node.version.empty()) {
      const std::vector<std::string> parts = Split(value, '.');
      if (Matches(value, node.name) || value == node.name + "_v" + node.version ||
          (parts.size() >= 2 && parts[parts.size() - 2] == node.name &&
           parts.back() == "v" + node.version)) {
        return true;
      }
    }
    return MatchesFqn(value, node.fqn);
  }
  if (method == "version") {
    // latest, old (below the latest), prerelease (above it), none (unversioned models).
    if (node.type != ResourceType::kModel) {
      return false;
    }
    if (value == "none") {
      return node.version.empty();
    }
    if (node.version.empty()) {
      return false;
    }
    if (value == "latest") {
      return node.version == node.latest_version;
    }
    const double version = std::strtod(node.version.c_str(), nullptr);
    const double latest = std::strtod(node.latest_version.c_str(), nullptr);
    return (value == "old" && version < latest) || (value == "prerelease" && version > latest);
  }
  if (method == "tag") {
    for (const std::string& tag : node.config.Tags()) {
      if (Matches(value, tag)) {
        return true;
      }
    }
    return false;
  }
  if (method == "source") {
    if (node.type != ResourceType::kSource) {
      return false;
    }
    const std::vector<std::string> parts = Split(value, '.');
    // source:src, source:src.table, source:package.src.table
    if (parts.size() == 1) {
      return Matches(parts[0], node.source_name);
    }
    if (parts.size() == 2) {
      return Matches(parts[0], node.source_name) && Matches(parts[1], node.name);
    }
    return parts.size() == 3 && Matches(parts[0], node.package) &&
           Matches(parts[1], node.source_name) && Matches(parts[2], node.name);
  }
  if (method == "resource_type") {
    return value == ResourceTypeName(node.type);
  }
  if (method == "package") {
    return Matches(value, node.package);
  }
  if (method == "path") {
    std::string prefix = value;
    while (prefix.size() > 1 && prefix.back() == '/') {
      prefix.pop_back();
    }
    return Matches(prefix, node.original_file_path) ||
           node.original_file_path.starts_with(prefix + "/") ||
           Matches(prefix + "/*", node.original_file_path);
  }
  if (method == "file") {
    const std::string file = std::filesystem::path(node.original_file_path).filename().string();
    const std::string stem = std::filesystem::path(node.original_file_path).stem().string();
    return node.type != ResourceType::kTest && node.type != ResourceType::kSource &&
           node.type != ResourceType::kUnitTest && (Matches(value, file) || Matches(value, stem));
  }
  if (method == "test_type") {
    // dbt: `unit` tests, `data` tests (`generic` and `singular` split them by how defined).
    if (value == "unit") {
      return node.type == ResourceType::kUnitTest;
    }
    if (node.type != ResourceType::kTest) {
      return false;
    }
    return value == "data" || (value == "generic" && node.test.has_value()) ||
           (value == "singular" && !node.test.has_value());
  }
  if (method == "test_name") {
    return node.test && Matches(value, node.test->test_name);
  }
  if (method.starts_with("config.")) {
    const jinja::Value* config = node.config.Find(method.substr(7));
    if (config == nullptr) {
      return false;
    }
    if (config->is_sequence()) {
      for (const jinja::Value& item : config->items()) {
        if (Matches(value, jinja::Str(item))) {
          return true;
        }
      }
      return false;
    }
    std::string text = jinja::Str(*config);
    if (config->is_bool()) {
      text = config->as_bool() ? "true" : "false";
    }
    return Matches(value, text);
  }
  return Status::InvalidArgument(fmt::format("unknown selector method '{}'", method))
      .WithHint(
          "methods: fqn, tag, source, resource_type, path, file, package, test_name, version, "
          "config.KEY");
}

void Walk(const Manifest& manifest, const std::string& id, int depth, bool up,
          std::set<std::string>* out) {
  if (depth == 0) {
    return;
  }
  for (const std::string& next : up ? manifest.Parents(id) : manifest.Children(id)) {
    if (out->insert(next).second || depth != kUnbounded) {
      Walk(manifest, next, depth == kUnbounded ? kUnbounded : depth - 1, up, out);
    }
  }
}

Result<int> Depth(const std::string& digits, const std::string& part) {
  if (digits.empty()) {
    return kUnbounded;
  }
  if (!std::all_of(digits.begin(), digits.end(), ::isdigit)) {
    return Status::InvalidArgument(fmt::format("malformed graph operator in '{}'", part));
  }
  return std::stoi(digits);
}

// The nodes one comma-free part selects, graph operators applied.
Result<std::set<std::string>> SelectPart(const Manifest& manifest, std::string part) {
  bool at = false;
  if (part.starts_with('@')) {
    at = true;
    part = part.substr(1);
  }
  int up = 0, down = 0;
  if (size_t plus = part.find('+'); plus != std::string::npos && plus < part.find(':')) {
    // n+x or +x
    if (plus == 0 || std::all_of(part.begin(), part.begin() + plus, ::isdigit)) {
      STRATA_ASSIGN_OR_RETURN(up, Depth(part.substr(0, plus), part));
      part = part.substr(plus + 1);
    }
  }
  if (size_t plus = part.rfind('+'); plus != std::string::npos) {
    STRATA_ASSIGN_OR_RETURN(down, Depth(part.substr(plus + 1), part));
    part = part.substr(0, plus);
  }
  if (part.empty()) {
    return Status::InvalidArgument("an empty selector");
  }
  std::string method, value;
  if (size_t colon = part.find(':'); colon != std::string::npos) {
    method = part.substr(0, colon);
    value = part.substr(colon + 1);
  } else if (part.find('/') != std::string::npos) {
    method = "path";
    value = part;
  } else if (part.ends_with(".sql") || part.ends_with(".csv") || part.ends_with(".py")) {
    method = "file";
    value = part;
  } else {
    method = "fqn";
    value = part;
  }
  std::set<std::string> selected;
  for (const auto& [id, node] : manifest.nodes()) {
    STRATA_ASSIGN_OR_RETURN(bool match, MatchesMethod(node, method, value));
    if (match) {
      selected.insert(id);
    }
  }
  std::set<std::string> out = selected;
  for (const std::string& id : selected) {
    if (up != 0) {
      Walk(manifest, id, up, /*up=*/true, &out);
    }
    if (down != 0 || at) {
      std::set<std::string> descendants;
      Walk(manifest, id, at ? kUnbounded : down, /*up=*/false, &descendants);
      out.insert(descendants.begin(), descendants.end());
      if (at) {
        descendants.insert(id);
        for (const std::string& d : descendants) {
          Walk(manifest, d, kUnbounded, /*up=*/true, &out);
        }
      }
    }
  }
  return out;
}

Result<std::set<std::string>> SelectTerms(const Manifest& manifest,
                                          const std::vector<std::string>& args) {
  std::set<std::string> out;
  for (const std::string& arg : args) {
    for (const std::string& term : Split(arg, ' ')) {
      std::optional<std::set<std::string>> intersection;
      for (const std::string& part : Split(term, ',')) {
        STRATA_ASSIGN_OR_RETURN(std::set<std::string> nodes, SelectPart(manifest, part));
        if (!intersection) {
          intersection = std::move(nodes);
        } else {
          std::set<std::string> both;
          std::set_intersection(intersection->begin(), intersection->end(), nodes.begin(),
                                nodes.end(), std::inserter(both, both.end()));
          intersection = std::move(both);
        }
      }
      if (intersection) {
        out.insert(intersection->begin(), intersection->end());
      }
    }
  }
  // Eager indirect selection: a test with a selected parent is selected.
  std::set<std::string> tests;
  for (const std::string& id : out) {
    for (const std::string& child : manifest.Children(id)) {
      const ResourceType type = manifest.Find(child)->type;
      if (type == ResourceType::kTest || type == ResourceType::kUnitTest) {
        tests.insert(child);
      }
    }
  }
  out.insert(tests.begin(), tests.end());
  return out;
}

}  // namespace

Result<std::set<std::string>> SelectNodes(const Manifest& manifest,
                                          const std::vector<std::string>& select,
                                          const std::vector<std::string>& exclude) {
  std::set<std::string> selected;
  if (select.empty()) {
    for (const auto& [id, node] : manifest.nodes()) {
      selected.insert(id);
    }
  } else {
    STRATA_ASSIGN_OR_RETURN(selected, SelectTerms(manifest, select));
  }
  if (!exclude.empty()) {
    STRATA_ASSIGN_OR_RETURN(std::set<std::string> excluded, SelectTerms(manifest, exclude));
    for (const std::string& id : excluded) {
      selected.erase(id);
    }
  }
  return selected;
}

}  // namespace strata::dbt
