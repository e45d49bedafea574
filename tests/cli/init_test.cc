// End-to-end tests of `strata init`: the orders template is examples/orders byte for byte and
// loads; the empty template; nothing is ever overwritten.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "source_paths.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kExample = fs::path(STRATA_SOURCE_DIR) / "examples/orders";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(InitCommandTest, OrdersTemplateIsTheExampleProject) {
  TempDir dir;
  const fs::path project = fs::path(dir.path()) / "orders360";
  CommandResult r = RunStrata({"init", project.string(), "--template", "orders"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote the Orders360 example project (--template orders) to"),
            std::string::npos)
      << r.out;
  // The next step is the README's story, at a time inside the seed's orders.
  EXPECT_NE(r.out.find("strata plan --auto-apply --execution-time 2025-01-15"), std::string::npos)
      << r.out;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kExample)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.starts_with("db.duckdb")) {
      continue;
    }
    ++files;
    const fs::path relative = fs::relative(entry.path(), kExample);
    EXPECT_EQ(ReadFile(project / relative), ReadFile(entry.path())) << relative;
  }
  EXPECT_GE(files, 6);
  CommandResult info = RunStrata({"-p", project.string(), "info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Models: 3"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("SEED: 1"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("INCREMENTAL_BY_TIME_RANGE: 2"), std::string::npos) << info.out;
}

TEST(InitCommandTest, DefaultsToTheOrdersTemplateInTheProjectFolder) {
  TempDir dir;
  CommandResult r = RunStrata({"-p", dir.path(), "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "models/sales/weekly_sales.sql"));
  // It says which template it chose and how to get the other.
  EXPECT_NE(r.out.find("the default; --template empty writes a bare project"), std::string::npos)
      << r.out;
}

TEST(InitCommandTest, AFreshProjectIsFormatted) {
  for (const char* name : {"orders", "empty"}) {
    TempDir dir;
    ASSERT_EQ(RunStrata({"init", dir.path(), "--template", name}).exit_code, 0);
    CommandResult check = RunStrata({"-p", dir.path(), "format", "--check"});
    EXPECT_EQ(check.exit_code, 0) << name << ": " << check.out << check.err;
  }
}

TEST(InitCommandTest, AFolderWithoutAProjectIsRefusedAndLeftAlone) {
  TempDir dir;
  CommandResult plan = RunStrata({"-p", dir.path(), "plan"});
  EXPECT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  EXPECT_NE(plan.err.find("is not a strata project: it has no config.yaml and no models/ folder"),
            std::string::npos)
      << plan.err;
  EXPECT_NE(plan.err.find("strata init"), std::string::npos) << plan.err;
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(InitCommandTest, EmptyTemplateWritesConfigAndFolders) {
  TempDir dir;
  CommandResult r = RunStrata({"init", dir.path(), "--template", "empty"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 file (config.yaml)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Next: add a model"), std::string::npos) << r.out;
  for (const char* folder : {"models", "seeds", "audits", "tests"}) {
    EXPECT_TRUE(fs::is_directory(fs::path(dir.path()) / folder)) << folder;
  }
  EXPECT_NE(ReadFile(fs::path(dir.path()) / "config.yaml").find("type: duckdb"), std::string::npos);
  CommandResult info = RunStrata({"-p", dir.path(), "info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Models: 0"), std::string::npos) << info.out;
}

TEST(InitCommandTest, RefusesToOverwriteAndWritesNothing) {
  TempDir dir;
  const fs::path config = fs::path(dir.path()) / "config.yaml";
  std::ofstream(config) << "mine\n";
  CommandResult r = RunStrata({"init", dir.path(), "--template", "orders"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("a file already exists: " + config.string()), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(config), "mine\n");
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "models"));
  // Several: "files already exist".
  fs::create_directories(fs::path(dir.path()) / "tests");
  std::ofstream(fs::path(dir.path()) / "tests/test_daily_sales.yaml") << "mine\n";
  CommandResult two = RunStrata({"init", dir.path(), "--template", "orders"});
  EXPECT_NE(two.err.find("files already exist: "), std::string::npos) << two.err;

  // A second init over a complete project names every file it would overwrite.
  TempDir other;
  ASSERT_EQ(RunStrata({"init", other.path(), "--template", "empty"}).exit_code, 0);
  CommandResult again = RunStrata({"init", other.path(), "--template", "empty"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("config.yaml"), std::string::npos) << again.err;
}

TEST(InitCommandTest, UnknownTemplateExitsTwo) {
  TempDir dir;
  CommandResult r = RunStrata({"init", dir.path(), "--template", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace strata::testing
