#include "dbt/manifest_json.h"

#include <chrono>
#include <ctime>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/version.h"
#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

using nlohmann::json;

json ToJson(const jinja::Value& value) {
  if (value.is_none() || value.is_undefined()) {
    return nullptr;
  }
  if (value.is_bool()) {
    return value.as_bool();
  }
  if (value.is_int()) {
    return value.as_int();
  }
  if (value.is_float()) {
    return value.as_double();
  }
  if (value.is_string()) {
    return value.as_string();
  }
  if (value.is_sequence()) {
    json out = json::array();
    for (const jinja::Value& item : value.items()) {
      out.push_back(ToJson(item));
    }
    return out;
  }
  if (value.is_dict()) {
    json out = json::object();
    for (const auto& [key, item] : value.as_dict()->entries()) {
      out[jinja::Str(key)] = ToJson(item);
    }
    return out;
  }
  return jinja::Str(value);
}

json NodeJson(const Node& node) {
  json tags = json::array();
  for (const std::string& tag : node.config.Tags()) {
    tags.push_back(tag);
  }
  json depends = json::array();
  for (const std::string& id : node.depends_on) {
    depends.push_back(id);
  }
  json config = ToJson(node.config.ToJinja());
  if (node.type != ResourceType::kSource && !config.contains("materialized")) {
    config["materialized"] = node.type == ResourceType::kTest       ? "test"
                             : node.type == ResourceType::kUnitTest ? "unit"
                             : node.type == ResourceType::kSeed     ? "seed"
                             : node.type == ResourceType::kSnapshot ? "snapshot"
                                                                    : "view";
  }
  // `path` is relative to the resource's folder (models/, seeds/, …); a generic test's is its
  // name.
  std::string path = node.original_file_path;
  if (node.test) {
    path = node.name + ".sql";
  } else if (size_t slash = path.find('/'); slash != std::string::npos) {
    path = path.substr(slash + 1);
  }
  json out = {
      {"unique_id", node.unique_id},
      {"resource_type", std::string(ResourceTypeName(node.type))},
      {"name", node.name},
      {"package_name", node.package},
      {"path", path},
      {"original_file_path", node.original_file_path},
      {"fqn", node.fqn},
      {"database", node.relation.database},
      {"schema", node.relation.schema},
      {"config", config},
      {"tags", tags},
      {"depends_on", {{"macros", json::array()}, {"nodes", depends}}},
      {"description", ""},
      {"columns", json::object()},
      {"meta", json::object()},
  };
  if (node.unit_test) {
    const UnitTestDefinition& test = *node.unit_test;
    out["model"] = test.model;
    json given = json::array();
    for (const UnitTestFixture& fixture : test.given) {
      given.push_back(
          {{"input", fixture.input},
           {"format", fixture.format},
           {"rows", ToJson(fixture.rows)},
           {"fixture", fixture.fixture.empty() ? json(nullptr) : json(fixture.fixture)}});
    }
    out["given"] = given;
    out["expect"] = {
        {"format", test.expect.format},
        {"rows", ToJson(test.expect.rows)},
        {"fixture", test.expect.fixture.empty() ? json(nullptr) : json(test.expect.fixture)}};
    out["overrides"] = {{"macros", ToJson(test.override_macros)},
                        {"vars", ToJson(test.override_vars)},
                        {"env_vars", ToJson(test.override_env_vars)}};
    return out;
  }
  if (node.type == ResourceType::kSource) {
    out["source_name"] = node.source_name;
    out["identifier"] = node.relation.identifier;
    out["relation_name"] = node.relation.Render();
    return out;
  }
  if (node.type == ResourceType::kModel) {
    out["version"] = node.version.empty() ? json(nullptr) : json(node.version);
    out["latest_version"] = node.latest_version.empty() ? json(nullptr) : json(node.latest_version);
  }
  out["alias"] = node.relation.identifier;
  out["raw_code"] = node.raw_code;
  out["language"] = "sql";
  out["relation_name"] = node.type == ResourceType::kTest || Manifest::IsEphemeral(node)
                             ? json(nullptr)
                             : json(node.relation.Render());
  if (node.test) {
    json kwargs = ToJson(node.test->kwargs);
    if (node.test->column) {
      kwargs["column_name"] = *node.test->column;
    }
    out["test_metadata"] = {
        {"name", node.test->test_name},
        {"namespace", node.test->namespace_.empty() ? json(nullptr) : json(node.test->namespace_)},
        {"kwargs", kwargs}};
    out["column_name"] = node.test->column ? json(*node.test->column) : json(nullptr);
    out["attached_node"] = node.depends_on.empty() ? json(nullptr) : json(node.depends_on[0]);
  }
  return out;
}

}  // namespace

Status WriteManifestJson(const std::filesystem::path& file, const Manifest& manifest) {
  // Streamed: one small document per node, the large maps written entry by entry (a 10,000-model
  // project's manifest would otherwise be built whole in memory first).
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char generated[32];
  std::strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
  const json metadata = {{"dbt_schema_version", "https://schemas.getdbt.com/dbt/manifest/v12.json"},
                         {"dbt_version", fmt::format("strata {}", kStrataVersion)},
                         {"generated_at", generated},
                         {"project_name", manifest.project().name},
                         {"adapter_type", manifest.target().type},
                         {"env", json::object()}};
  out << "{\"metadata\": " << metadata.dump();
  auto write_map = [&](std::string_view key, auto&& select, auto&& value) {
    out << ",\n\"" << key << "\": {";
    bool first = true;
    for (const auto& [id, node] : manifest.nodes()) {
      if (!select(node)) {
        continue;
      }
      out << (first ? "\n" : ",\n") << json(id).dump() << ": " << value(id, node).dump();
      first = false;
    }
    out << "}";
  };
  auto ids = [](const std::set<std::string>& set) {
    json list = json::array();
    for (const std::string& id : set) {
      list.push_back(id);
    }
    return list;
  };
  write_map(
      "nodes",
      [](const Node& node) {
        return node.type != ResourceType::kSource && node.type != ResourceType::kUnitTest;
      },
      [](const std::string&, const Node& node) { return NodeJson(node); });
  write_map(
      "sources", [](const Node& node) { return node.type == ResourceType::kSource; },
      [](const std::string&, const Node& node) { return NodeJson(node); });
  write_map(
      "unit_tests", [](const Node& node) { return node.type == ResourceType::kUnitTest; },
      [](const std::string&, const Node& node) { return NodeJson(node); });
  write_map(
      "parent_map", [](const Node&) { return true; },
      [&](const std::string& id, const Node&) { return ids(manifest.Parents(id)); });
  write_map(
      "child_map", [](const Node&) { return true; },
      [&](const std::string& id, const Node&) { return ids(manifest.Children(id)); });
  for (const char* empty : {"macros", "docs", "exposures", "metrics", "groups", "selectors",
                            "disabled", "group_map", "saved_queries", "semantic_models"}) {
    out << ",\n\"" << empty << "\": {}";
  }
  out << "}\n";
  if (!out) {
    return Status::IoError(fmt::format("cannot write {}", file.string()));
  }
  return Status::OK();
}

}  // namespace strata::dbt
