// SQLMesh's own example projects (../shared/corpora/sqlmesh/<project>/, see its README), as
// shipped: each loads with `strata info` unchanged and plans on DuckDB, in a copy of the project.
// The sushi project's raw tables are loaded first with its DuckDB loader (raw_data/duckdb_1.sql).
// Skipped, saying so, when the corpus folder is absent, and for a project that needs the Jinja
// engine while strata cannot render Jinja in models yet.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/duckdb/duckdb_engine.h"
#include "source_paths.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(STRATA_SHARED_DIR) / "corpora" / "sqlmesh";

// The projects of the corpus: its folders holding a config.yaml.
std::vector<std::string> Projects() {
  std::vector<std::string> projects;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCorpus, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "config.yaml")) {
      projects.push_back(entry.path().filename().string());
    }
  }
  std::sort(projects.begin(), projects.end());
  return projects;
}

// The execution time of the first plan the corpus README suggests for `project`.
std::string PlanTime(const std::string& project) {
  return project == "sushi" ? "2024-01-08" : "2020-01-05";
}

// Runs the statements of `loader` (a raw_data/duckdb_N.sql file) on the DuckDB file `database`,
// with the CSV files it reads taken from the loader's folder.
void LoadRawData(const fs::path& loader, const fs::path& database) {
  std::ifstream in(loader);
  std::ostringstream text;
  text << in.rdbuf();
  // Without its comment lines (a comment may hold a ';').
  std::string sql;
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("--", 0) != 0) {
      sql += line + "\n";
    }
  }
  const std::string folder = loader.parent_path().string() + "/";
  for (size_t at = sql.find("read_csv('"); at != std::string::npos;
       at = sql.find("read_csv('", at + 1)) {
    sql.insert(at + 10, folder);
  }
  auto engine = engine::duckdb::DuckDbEngine::Open(database.string());
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto connection = (*engine)->Connect();
  ASSERT_TRUE(connection.ok()) << connection.status().ToString();
  std::istringstream statements(sql);
  std::string statement;
  while (std::getline(statements, statement, ';')) {
    const bool blank = statement.find_first_not_of(" \n\t") == std::string::npos;
    const bool writes = statement.find("CREATE") != std::string::npos ||
                        statement.find("INSERT") != std::string::npos;
    if (blank || !writes) {
      continue;
    }
    auto ran = (*connection)->Execute(statement);
    ASSERT_TRUE(ran.ok()) << ran.status().ToString() << "\n" << statement;
  }
}

class SqlMeshCorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlMeshCorpusTest, LoadsUnchangedAndPlansOnDuckDb) {
  const fs::path source = kCorpus / GetParam();
  TempDir dir;
  const fs::path project = fs::path(dir.path()) / GetParam();
  fs::copy(source, project, fs::copy_options::recursive);

  CommandResult info = RunStrata({"-p", project.string(), "info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;

  if (fs::exists(project / "raw_data" / "duckdb_1.sql")) {
    ASSERT_NO_FATAL_FAILURE(
        LoadRawData(project / "raw_data" / "duckdb_1.sql", project / "db.duckdb"));
  }
  CommandResult plan = RunStrata(
      {"-p", project.string(), "plan", "--auto-apply", "--execution-time", PlanTime(GetParam())});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("Plan applied successfully"), std::string::npos) << plan.out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, SqlMeshCorpusTest, ::testing::ValuesIn(Projects()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SqlMeshCorpusTest);

TEST(SqlMeshCorpusPresenceTest, CorpusFolderIsThere) {
  if (!fs::is_directory(kCorpus)) {
    GTEST_SKIP() << "SQLMesh corpus not found: " << kCorpus;
  }
  EXPECT_FALSE(Projects().empty()) << kCorpus;
}

}  // namespace
}  // namespace strata::testing
