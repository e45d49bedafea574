// Crash safety of one batch (DESIGN.md §5 "Atomicity"): a child process runs ExecuteBatch with
// STRATA_FAIL_POINT naming each batch fail point and dies there (SIGKILL, like kill -9); the
// parent then reconnects (to the DuckDB file, or to the PostgreSQL database, which aborted the
// dead child's transaction) and checks that the batch's rows and its interval are both there or
// both absent.
//
// Fail points read STRATA_FAIL_POINT once per process, so this process itself never reaches one:
// only its children run batches. ctest runs every test of this binary in its own process (each
// starting its own PostgreSQL test server).
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "base/fail_point.h"
#include "materialize/materializer.h"
#include "materialize/materializer_test_util.h"

namespace strata {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MaterializerHarness;
using RowList = std::vector<std::string>;

template <typename Backend>
class MaterializerFailPointTest : public ::testing::Test, public MaterializerHarness {
 protected:
  void SetUp() override {
    if (Backend::kType == engine::EngineType::kPostgres) {
      strata::testing::PostgresServer* server = nullptr;
      STRATA_REQUIRE_POSTGRES(server);
      (void)server;
    }
    Result<engine::ConnectionConfig> config = testing::FreshDatabase(Backend::kType, dir_.path());
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    Open(*config);
    Write("config.yaml", "model_defaults:\n  dialect: duckdb\n");
    Exec(
        "CREATE SCHEMA raw; CREATE TABLE raw.events (happened TIMESTAMP, v INTEGER); "
        "INSERT INTO raw.events VALUES ('2025-01-01 10:00', 1), ('2025-01-02 10:00', 2)");
    Write("models/e.sql",
          "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column happened));\n"
          "SELECT happened, v FROM raw.events");
    Write("models/f.sql", "MODEL (name s.f, kind FULL);\nSELECT happened, v FROM raw.events");
    Load();
    ASSERT_TRUE(Create("s.e").ok());
    ASSERT_TRUE(Create("s.f").ok());
  }

  // Runs one batch of `model` over 2025-01-01 in a child with STRATA_FAIL_POINT=`fail_point`
  // (none when empty); returns the signal that ended the child, or 1000 + its exit code.
  int RunChild(const std::string& model, const std::string& fail_point) {
    Close();  // DuckDB allows one process per file
    const pid_t pid = fork();
    if (pid == 0) {
      if (!fail_point.empty()) {
        setenv("STRATA_FAIL_POINT", fail_point.c_str(), 1);
      }
      auto engine = engine::OpenEngine(config_);
      if (!engine.ok()) {
        _exit(2);
      }
      auto connection = (*engine)->Connect();
      if (!connection.ok()) {
        _exit(3);
      }
      state::StateStore state(connection->get(), "strata_state");
      Result<BatchResult> result =
          ExecuteBatch(**connection, state, Request(model, "2025-01-01", "2025-01-02"));
      _exit(result.ok() ? 0 : 4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Open(config_);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 1000 + WEXITSTATUS(status);
  }

  void ExpectBatchAbsent(const std::string& model) {
    EXPECT_EQ(Rows("SELECT count(*) FROM " + Table(model)), RowList{"0"});
    EXPECT_EQ(Intervals(model), "{}");
  }

  void ExpectBatchPresent(const std::string& model, const RowList& values) {
    EXPECT_EQ(Rows("SELECT v FROM " + Table(model)), values);
    EXPECT_EQ(Intervals(model), "{[2025-01-01, 2025-01-02)}");
  }

  strata::testing::TempDir dir_;
};

TYPED_TEST_SUITE(MaterializerFailPointTest, Backends, BackendNames);

TYPED_TEST(MaterializerFailPointTest, WithoutAFailPointTheBatchCommits) {
  EXPECT_EQ(this->RunChild("s.e", ""), 1000);
  this->ExpectBatchPresent("s.e", {"1"});
}

TYPED_TEST(MaterializerFailPointTest, DeathBeforeTheCommitLeavesNeitherRowsNorInterval) {
  for (const char* point : {"batch_before_write", "batch_after_write", "batch_before_commit"}) {
    SCOPED_TRACE(point);
    for (const char* model : {"s.e", "s.f"}) {
      SCOPED_TRACE(model);
      EXPECT_EQ(this->RunChild(model, point), SIGKILL);
      this->ExpectBatchAbsent(model);
    }
  }
}

TYPED_TEST(MaterializerFailPointTest, DeathAfterTheCommitLeavesRowsAndInterval) {
  EXPECT_EQ(this->RunChild("s.e", "batch_after_commit"), SIGKILL);
  this->ExpectBatchPresent("s.e", {"1"});
  EXPECT_EQ(this->RunChild("s.f", "batch_after_commit"), SIGKILL);
  this->ExpectBatchPresent("s.f", {"1", "2"});
}

TEST(MaterializerFailPointsTest, TheTestsCoverEveryBatchFailPoint) {
  std::vector<std::string> batch_points;
  for (std::string_view point : kFailPoints) {
    if (point.starts_with("batch_")) {
      batch_points.emplace_back(point);
    }
  }
  EXPECT_EQ(batch_points, (std::vector<std::string>{"batch_before_write", "batch_after_write",
                                                    "batch_before_commit", "batch_after_commit"}));
}

}  // namespace
}  // namespace strata
