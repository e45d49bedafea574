// profiles.yml: where it is found, the target chosen, env_var in values, errors.
#include "dbt/profiles.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

class ProfilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("strata_profiles_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_ / "project");
    fs::create_directories(root_ / "home" / ".dbt");
    fs::create_directories(root_ / "env");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const fs::path& dir, const std::string& text) {
    std::ofstream(root_ / dir / "profiles.yml") << text;
  }
  ProfileOptions Options() {
    ProfileOptions options;
    options.project_dir = root_ / "project";
    options.env = [this](std::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return options;
  }
  fs::path root_;
  std::map<std::string, std::string> env_;
};

TEST_F(ProfilesTest, LookupOrder) {
  env_["HOME"] = (root_ / "home").string();
  Write("home/.dbt", "p: {target: dev, outputs: {dev: {type: duckdb, path: home.duckdb}}}");
  EXPECT_EQ(FindProfilesFile(Options()).value(), root_ / "home" / ".dbt" / "profiles.yml");
  Write("project", "p: {target: dev, outputs: {dev: {type: duckdb}}}");
  EXPECT_EQ(FindProfilesFile(Options()).value(), root_ / "project" / "profiles.yml");
  Write("env", "p: {}");
  env_["DBT_PROFILES_DIR"] = (root_ / "env").string();
  EXPECT_EQ(FindProfilesFile(Options()).value(), root_ / "env" / "profiles.yml");
  ProfileOptions flag = Options();
  flag.profiles_dir = (root_ / "home" / ".dbt").string();
  EXPECT_EQ(FindProfilesFile(flag).value(), root_ / "home" / ".dbt" / "profiles.yml");
  flag.profiles_dir = (root_ / "nowhere").string();
  EXPECT_EQ(FindProfilesFile(flag).status().code(), StatusCode::kNotFound);
}

TEST_F(ProfilesTest, TargetsAndEnvVar) {
  Write("project", R"(
shop:
  target: "{{ env_var('SHOP_TARGET', 'dev') }}"
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('DB_DIR') }}/shop.duckdb"
      threads: "{{ env_var('THREADS', '4') | as_number }}"
    prod:
      type: postgres
      host: localhost
      user: me
      password: "{{ env_var('PGPASSWORD', '') }}"
      port: 5433
      dbname: analytics
      schema: prod
)");
  env_["DB_DIR"] = "/data";
  Result<Target> dev = LoadTarget("shop", Options());
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  EXPECT_EQ(dev->name, "dev");
  EXPECT_EQ(dev->path, "/data/shop.duckdb");
  EXPECT_EQ(dev->database, "shop");
  EXPECT_EQ(dev->schema, "main");
  EXPECT_EQ(dev->threads, 4);

  env_["SHOP_TARGET"] = "prod";
  Result<Target> prod = LoadTarget("shop", Options());
  ASSERT_TRUE(prod.ok()) << prod.status().ToString();
  EXPECT_EQ(prod->type, "postgres");
  EXPECT_EQ(prod->database, "analytics");
  EXPECT_EQ(prod->port, 5433);

  ProfileOptions other = Options();
  other.target = "qa";
  Status missing = LoadTarget("shop", other).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.hint(), "targets there: dev, prod");

  env_.erase("DB_DIR");
  env_.erase("SHOP_TARGET");
  Status no_env = LoadTarget("shop", Options()).status();
  EXPECT_NE(no_env.message().find("Env var required but not provided: 'DB_DIR'"), std::string::npos)
      << no_env.ToString();
  EXPECT_GT(no_env.location().line, 0);
}

}  // namespace
}  // namespace strata::dbt
