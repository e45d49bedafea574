// Properties YAML files (`version: 2`) under a project's model, seed and snapshot paths: the
// `config:` of models, seeds and snapshots, the data tests on them and their columns (`data_tests:`
// or `tests:`), `sources:` with their tables, and `unit_tests:`. Descriptions and `{% docs %}`
// blocks (in `.md` files, which are not read) are documentation and not kept.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "jinja/value.h"

namespace strata::dbt {

// One generic data test applied to a model, seed, snapshot or source table.
struct TestDefinition {
  std::string test_name;    // the generic test (`unique`, `accepted_values`, `expression_is_true`)
  std::string namespace_;   // its package when written `dbt_utils.expression_is_true`, else empty
  std::string custom_name;  // the test's `name:`, when given
  jinja::Value kwargs = jinja::Value::Dict();  // its arguments, in the order written
  jinja::Value config = jinja::Value::Dict();
  std::optional<std::string> column;
  // What it tests: a model/seed/snapshot name, or a source table (`source_name` set).
  std::string attached_to;
  std::string attached_version;  // a test of a versioned model: the version it tests
  std::string source_name;
  std::filesystem::path file;  // the properties file, relative to the project root

  // dbt's name for the test: `<test>_<model>_<column>__<args>` (`source_<test>_<source>_<table>…`
  // for a source table), arguments sorted by key and reduced to [0-9A-Za-z_].
  std::string Name() const;
};

// One entry of a model's `versions:`.
struct ModelVersion {
  std::string v;           // the version identifier as text ("2", "1.5", "beta")
  std::string defined_in;  // the file's name without extension; default `<model>_v<v>`
  jinja::Value config = jinja::Value::Dict();
};

struct NodeProperties {
  std::string name;
  std::filesystem::path file;
  jinja::Value config = jinja::Value::Dict();
  // A snapshot defined in YAML: what it snapshots (`ref('orders')`, `source('app', 'users')`).
  std::string relation = {};
  // A versioned model: its versions, and the one an unversioned ref() reads (`latest_version`,
  // else the greatest `v`).
  std::vector<ModelVersion> versions = {};
  std::string latest_version = {};
};

struct SourceTable {
  std::string source_name;
  std::string name;
  std::string identifier;  // the table's `identifier`, else its name
  std::string schema;      // the source's `schema`, else the source's name
  std::string database;    // empty: the target's
  jinja::Value config = jinja::Value::Dict();
  std::filesystem::path file;
};

// The mock rows of one unit-test input (`given:`) or of its expected output (`expect:`).
struct UnitTestFixture {
  std::string input;            // `ref('x')`, `source('a', 'b')` or `this`; empty for `expect`
  std::string format = "dict";  // dict, csv or sql
  // dict: a list of mappings; csv and sql: the text (a fixture file's, once it is read).
  jinja::Value rows = jinja::Value::List();
  std::string fixture;  // the name of a file under a test path's `fixtures/`, when given
};

// One `unit_tests:` entry: a model run over mock inputs, its output compared with `expect`.
struct UnitTestDefinition {
  std::string name;
  std::string model;
  std::vector<UnitTestFixture> given;
  UnitTestFixture expect;
  // `overrides:` — macros (`is_incremental: true`), vars and env_vars seen by the model.
  jinja::Value override_macros = jinja::Value::Dict();
  jinja::Value override_vars = jinja::Value::Dict();
  jinja::Value override_env_vars = jinja::Value::Dict();
  jinja::Value config = jinja::Value::Dict();
  std::filesystem::path file;
};

struct Properties {
  std::map<std::string, NodeProperties> models;
  std::map<std::string, NodeProperties> seeds;
  std::map<std::string, NodeProperties> snapshots;
  std::vector<SourceTable> sources;
  std::vector<TestDefinition> tests;
  std::vector<UnitTestDefinition> unit_tests;
};

// Reads the properties files `files` (relative to `root`) into one Properties. Collects every
// error (bad YAML, an entry without a name, a model described twice, a malformed test) and fails
// with them all.
Result<Properties> LoadProperties(const std::filesystem::path& root,
                                  const std::vector<std::filesystem::path>& files);

}  // namespace strata::dbt
