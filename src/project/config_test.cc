#include "project/config.h"

#include <cstdlib>

#include <gtest/gtest.h>

namespace strata::project {
namespace {

Result<Config> Parse(const std::string& text) { return ParseConfig(text, "/p/config.yaml", "/p"); }

TEST(ConfigTest, EmptyConfigHasOneLocalDuckDbGateway) {
  Result<Config> config = Parse("");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<const GatewayConfig*> gateway = config->Gateway("");
  ASSERT_TRUE(gateway.ok());
  EXPECT_EQ((*gateway)->name, "local");
  EXPECT_EQ((*gateway)->connection.type, engine::EngineType::kDuckDb);
  EXPECT_EQ((*gateway)->connection.database, "/p/db.duckdb");
}

TEST(ConfigTest, ReadsGatewaysDefaultsAndSettings) {
  Result<Config> config = Parse(R"(
gateways:
  local:
    connection:
      type: duckdb
      database: data/warehouse.duckdb
  pg:
    connection:
      type: postgres
      host: 127.0.0.1
      port: 5433
      user: strata
      password: secret
      database: analytics
      concurrent_tasks: 8
    state_connection:
      type: duckdb
      database: ":memory:"
    state_schema: my_state
default_gateway: pg
model_defaults:
  dialect: duckdb
  cron: '@daily'
variables:
  Region: EU
  limits: [1, 2]
concurrent_tasks: 2
snapshot_ttl: in 2 weeks
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->default_gateway, "pg");
  EXPECT_EQ(config->gateways.at("local").connection.database, "/p/data/warehouse.duckdb");
  const GatewayConfig& pg = config->gateways.at("pg");
  EXPECT_EQ(pg.connection.type, engine::EngineType::kPostgres);
  EXPECT_EQ(pg.connection.port, 5433);
  EXPECT_EQ(pg.connection.password, "secret");
  EXPECT_EQ(pg.concurrent_tasks, 8);
  ASSERT_TRUE(pg.state_connection.has_value());
  EXPECT_EQ(pg.state_connection->database, ":memory:");
  EXPECT_EQ(pg.state_schema, "my_state");
  EXPECT_EQ(config->model_defaults.at("cron").value, "@daily");
  EXPECT_EQ(config->model_defaults.at("cron").location.line, 23);
  EXPECT_EQ(config->variables.at("region").Scalar(), "EU");
  EXPECT_TRUE(config->variables.at("limits").IsSequence());
  EXPECT_EQ(config->concurrent_tasks, 2);
  EXPECT_EQ(config->snapshot_ttl, "in 2 weeks");
}

TEST(ConfigTest, ReadsThePlanSection) {
  Result<Config> config =
      Parse("plan:\n  auto_categorize_changes: true\n  include_unmodified: yes\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->plan.auto_categorize_changes);
  EXPECT_TRUE(config->plan.include_unmodified);
  EXPECT_FALSE(Parse("")->plan.auto_categorize_changes);
  Result<Config> bad = Parse("plan:\n  auto_categorize_changes: sometimes\n  auto_aply: true\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("must be true or false, not 'sometimes'"),
            std::string::npos)
      << bad.status().ToString();
  // A key neither tool knows is an error naming the nearest; SQLMesh's own `auto_apply` is
  // accepted with a warning (it is a command-line flag in strata).
  EXPECT_NE(bad.status().ToString().find("did you mean 'auto_apply'?"), std::string::npos);
  Result<Config> runtime = Parse("plan:\n  auto_apply: true\n");
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
  ASSERT_EQ(runtime->warnings.size(), 1u);
  EXPECT_NE(runtime->warnings[0].find("plan.auto_apply"), std::string::npos);
}

TEST(ConfigTest, SubstitutesEnvVarsWithDefaults) {
  setenv("STRATA_TEST_PG_PASSWORD", "s3cr3t", 1);
  unsetenv("STRATA_TEST_MISSING");
  Result<Config> config = Parse(R"(
gateways:
  pg:
    connection:
      type: postgres
      database: "{{ env_var('STRATA_TEST_MISSING', 'fallback') }}"
      password: "{{ env_var('STRATA_TEST_PG_PASSWORD') }}"
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->gateways.at("pg").connection.password, "s3cr3t");
  EXPECT_EQ(config->gateways.at("pg").connection.database, "fallback");
}

TEST(ConfigTest, MissingEnvVarIsAnErrorThatDoesNotLeakOtherValues) {
  setenv("STRATA_TEST_PG_PASSWORD", "s3cr3t", 1);
  unsetenv("STRATA_TEST_MISSING");
  Result<Config> config = Parse(
      "gateways:\n"
      "  pg:\n"
      "    connection:\n"
      "      type: postgres\n"
      "      password: \"{{ env_var('STRATA_TEST_PG_PASSWORD') }}\"\n"
      "      database: \"{{ env_var('STRATA_TEST_MISSING') }}\"\n");
  ASSERT_FALSE(config.ok());
  const std::string text = config.status().ToString();
  EXPECT_NE(text.find("/p/config.yaml:6:18: error: environment variable STRATA_TEST_MISSING is "
                      "not set"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
}

TEST(ConfigTest, ReportsEveryUnknownKeyWithLocationAndSuggestion) {
  Result<Config> config = Parse(
      "gateway:\n"
      "  x: 1\n"
      "model_defaults:\n"
      "  dialekt: duckdb\n"
      "concurrent_tasks: zero\n");
  ASSERT_FALSE(config.ok());
  const Status& status = config.status();
  ASSERT_EQ(status.errors().size(), 3u) << status.ToString();
  EXPECT_EQ(status.errors()[0].location().line, 1);
  EXPECT_EQ(status.errors()[0].hint(), "did you mean 'gateways'?");
  EXPECT_EQ(status.errors()[1].location().line, 4);
  EXPECT_EQ(status.errors()[1].location().column, 3);
  EXPECT_EQ(status.errors()[1].hint(), "did you mean 'dialect'?");
  EXPECT_NE(status.errors()[2].message().find("concurrent_tasks must be a whole number"),
            std::string::npos);
}

TEST(ConfigTest, BadYamlNamesLineAndColumn) {
  Result<Config> config = Parse("gateways:\n  local: [unclosed\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kParseError);
  EXPECT_GT(config.status().location().line, 0);
  EXPECT_NE(config.status().ToString().find("invalid YAML"), std::string::npos);
}

TEST(ConfigTest, UnknownGatewayListsTheKnownOnes) {
  Result<Config> config = Parse("gateways:\n  a:\n    connection: {type: duckdb}\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<const GatewayConfig*> gateway = config->Gateway("b");
  ASSERT_FALSE(gateway.ok());
  EXPECT_EQ(gateway.status().code(), StatusCode::kNotFound);
  EXPECT_NE(gateway.status().hint().find("a"), std::string::npos);
}

TEST(ConfigTest, UnknownConnectionTypeAndMissingPostgresDatabase) {
  Result<Config> config = Parse(
      "gateways:\n"
      "  a:\n"
      "    connection: {type: oracle}\n"
      "  b:\n"
      "    connection: {type: postgres, host: h}\n");
  ASSERT_FALSE(config.ok());
  ASSERT_EQ(config.status().errors().size(), 2u) << config.status().ToString();
  EXPECT_NE(config.status().errors()[0].message().find("unknown connection type 'oracle'"),
            std::string::npos);
  EXPECT_NE(config.status().errors()[1].message().find("needs a 'database'"), std::string::npos);
}

TEST(ConfigTest, ReadsSqlMeshProjectSettings) {
  Result<Config> config = Parse(R"yaml(
project: shop
gateways:
  Local:
    connection:
      type: duckdb
      catalogs:
        main_db: data/main.duckdb
        other: {type: sqlite, path: other.db, read_only: true}
        mem: ':memory:'
      extensions: [json, {name: parquet}]
      connector_config:
        threads: 2
      register_comments: true
    variables:
      Region: EU
default_gateway: LOCAL
model_naming: {infer_names: true}
variables:
  region: XX
  other: 1
environment_suffix_target: table
default_target_environment: Dev
before_all: ["CREATE TABLE t (x INT)"]
after_all: ["DROP TABLE t"]
ignore_patterns: ["models/scratch/*"]
format: {indent: 4, leading_comma: true}
linter: {enabled: true, rules: ALL, ignored_rules: [noselectstar]}
log_limit: 3
)yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->project, "shop");
  EXPECT_EQ(config->default_gateway, "local");
  const GatewayConfig& local = config->gateways.at("local");
  ASSERT_EQ(local.connection.catalogs.size(), 3u);
  EXPECT_EQ(local.connection.catalogs[0].name, "main_db");
  EXPECT_EQ(local.connection.catalogs[0].path, "/p/data/main.duckdb");
  EXPECT_EQ(local.connection.database, "/p/data/main.duckdb");
  EXPECT_EQ(local.connection.catalogs[1].type, "sqlite");
  EXPECT_TRUE(local.connection.catalogs[1].read_only);
  EXPECT_EQ(local.connection.catalogs[2].path, ":memory:");
  EXPECT_EQ(local.connection.extensions, (std::vector<std::string>{"json", "parquet"}));
  ASSERT_EQ(local.connection.settings.size(), 1u);
  EXPECT_EQ(local.connection.settings[0], (std::pair<std::string, std::string>{"threads", "2"}));
  EXPECT_TRUE(config->infer_names);
  EXPECT_EQ(config->VariablesFor("").at("region").Scalar(), "EU");
  EXPECT_EQ(config->VariablesFor("local").at("other").Scalar(), "1");
  EXPECT_EQ(config->variables.at("region").Scalar(), "XX");
  EXPECT_EQ(config->environment_suffix_target, EnvironmentSuffixTarget::kTable);
  EXPECT_EQ(config->default_target_environment, "dev");
  ASSERT_EQ(config->before_all.size(), 1u);
  EXPECT_EQ(config->before_all[0].value, "CREATE TABLE t (x INT)");
  EXPECT_EQ(config->before_all[0].location.line, 24);
  EXPECT_EQ(config->ignore_patterns, (std::vector<std::string>{"models/scratch/*"}));
  EXPECT_EQ(config->format.indent, 4);
  EXPECT_TRUE(config->format.leading_comma);
  EXPECT_TRUE(config->linter.enabled);
  EXPECT_EQ(config->linter.rules, (std::vector<std::string>{"ALL"}));
  // One warning names every runtime-only setting (the suffix target `table` is applied).
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_NE(config->warnings[0].find("log_limit, gateways.local.connection.register_comments"),
            std::string::npos)
      << config->warnings[0];
}

TEST(ConfigTest, SqlMeshSettingErrors) {
  Result<Config> config = Parse(
      "gateways:\n"
      "  a:\n"
      "    connection: {type: duckdb, database: x.duckdb, catalogs: {c: c.duckdb}}\n"
      "  b:\n"
      "    connection: {type: postgres, database: d, extensions: [json]}\n"
      "environment_suffix_target: view\n"
      "model_naming: {infer_name: true}\n");
  ASSERT_FALSE(config.ok());
  const std::string text = config.status().ToString();
  EXPECT_NE(text.find("either 'database' or 'catalogs'"), std::string::npos) << text;
  EXPECT_NE(text.find("extensions is a setting of DuckDB connections"), std::string::npos) << text;
  EXPECT_NE(text.find("must be schema, table or catalog"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'infer_names'?"), std::string::npos) << text;
}

}  // namespace
}  // namespace strata::project
