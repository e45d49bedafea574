#include "cli/run_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "base/time_parse.h"
#include "engine/engine_adapter.h"
#include "support/run_command.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

int64_t At(const char* text) { return ParseTimePoint(text, 0, TimeRole::kStart).value(); }

class RunCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = fs::path(dir_.path()) / "db.duckdb";
    Run("CREATE TABLE t (a INTEGER)");
  }

  // Opens the database, runs `sql` (if any), closes it.
  void Run(const std::string& sql) {
    engine::ConnectionConfig config;
    config.database = database_.string();
    auto engine = engine::OpenEngine(config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto connection = (*engine)->Connect();
    ASSERT_TRUE(connection.ok());
    if (!sql.empty()) {
      ASSERT_TRUE((*connection)->Execute(sql).ok());
    }
  }

  strata::testing::TempDir dir_;
  fs::path database_;
};

TEST_F(RunCacheTest, FingerprintChangesWithEveryWriteButNotWithReads) {
  const std::optional<std::string> before = DuckDbFileFingerprint(database_);
  ASSERT_TRUE(before.has_value());
  Run("SELECT count(*) FROM t");
  Run("");
  EXPECT_EQ(DuckDbFileFingerprint(database_), before);
  Run("INSERT INTO t VALUES (1)");
  const std::optional<std::string> written = DuckDbFileFingerprint(database_);
  ASSERT_TRUE(written.has_value());
  EXPECT_NE(written, before);
  // The same write again leaves a file of the same size: the headers still differ.
  Run("DELETE FROM t");
  Run("INSERT INTO t VALUES (1)");
  EXPECT_NE(DuckDbFileFingerprint(database_), written);
}

TEST_F(RunCacheTest, NoFingerprintWhileAWalHoldsChanges) {
  std::ofstream(database_.string() + ".wal") << "changes not checkpointed yet";
  EXPECT_FALSE(DuckDbFileFingerprint(database_).has_value());
  EXPECT_FALSE(DuckDbFileFingerprint(fs::path(dir_.path()) / "missing.duckdb").has_value());
}

TEST_F(RunCacheTest, AnswerHoldsFromItsExecutionTimeUntilTheNextDueTime) {
  RememberNoOpRun(database_, "strata_state", "prod",
                  NoOpRun{At("2025-01-05 10:00"), At("2025-01-06"), "s.daily"});
  auto hit = LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05 10:00"));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->next_due, At("2025-01-06"));
  EXPECT_EQ(hit->next_model, "s.daily");
  EXPECT_EQ(hit->execution_time, At("2025-01-05 10:00"));
  EXPECT_TRUE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-06") - 1));
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-06")));
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05 09:59")));
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "dev", At("2025-01-05 10:00")));
  EXPECT_FALSE(LookupNoOpRun(database_, "other_state", "prod", At("2025-01-05 10:00")));

  // Another environment's answer is kept beside it; nothing ever due holds at any later time.
  RememberNoOpRun(database_, "strata_state", "dev", NoOpRun{At("2025-01-05"), std::nullopt, ""});
  EXPECT_TRUE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05 11:00")));
  auto never = LookupNoOpRun(database_, "strata_state", "dev", At("2030-01-01"));
  ASSERT_TRUE(never.has_value());
  EXPECT_FALSE(never->next_due.has_value());
}

TEST_F(RunCacheTest, AnyWriteOrForgetInvalidatesTheAnswer) {
  RememberNoOpRun(database_, "strata_state", "prod", NoOpRun{At("2025-01-05"), std::nullopt, ""});
  ASSERT_TRUE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));
  Run("INSERT INTO t VALUES (2)");
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));

  RememberNoOpRun(database_, "strata_state", "prod", NoOpRun{At("2025-01-05"), std::nullopt, ""});
  ASSERT_TRUE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));
  ASSERT_TRUE(ForgetNoOpRuns(database_).ok());
  EXPECT_FALSE(fs::exists(RunCachePath(database_)));
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));
  EXPECT_TRUE(ForgetNoOpRuns(database_).ok());  // nothing to remove
}

TEST_F(RunCacheTest, DamagedOrForeignCachesAreIgnored) {
  RememberNoOpRun(database_, "strata_state", "prod", NoOpRun{At("2025-01-05"), std::nullopt, ""});
  std::string text;
  {
    std::ifstream in(RunCachePath(database_));
    std::getline(in, text);
  }
  for (const std::string& damaged :
       {std::string("not json"), std::string("[]"), std::string("{\"format\": 1}"),
        text.substr(0, text.size() / 2)}) {
    std::ofstream(RunCachePath(database_)) << damaged;
    EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05"))) << damaged;
  }
  // Written by another build of strata.
  std::string foreign = text;
  foreign.replace(foreign.find("\"strata\":\""), 10, "\"strata\":\"x");
  std::ofstream(RunCachePath(database_)) << foreign;
  EXPECT_FALSE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));
  std::ofstream(RunCachePath(database_)) << text;
  EXPECT_TRUE(LookupNoOpRun(database_, "strata_state", "prod", At("2025-01-05")));
}

}  // namespace
}  // namespace strata::cli
