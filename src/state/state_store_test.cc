#include "state/state_store.h"

#include <gtest/gtest.h>

#include "engine/engine_adapter.h"
#include "support/run_command.h"

namespace strata::state {
namespace {

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::ConnectionConfig config;
    config.database = dir_.path() + "/state.duckdb";
    auto engine = engine::OpenEngine(config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto conn = engine_->Connect();
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    store_ = std::make_unique<StateStore>(conn_.get(), "strata_state");
    ASSERT_TRUE(store_->Migrate().ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::EngineAdapter> conn_;
  std::unique_ptr<StateStore> store_;
};

TEST_F(StateStoreTest, MigrateIsIdempotentAndRecordsTheVersion) {
  EXPECT_EQ(*store_->SchemaVersion(), kStateSchemaVersion);
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), kStateSchemaVersion);
  StateStore other(conn_.get(), "other_state");
  EXPECT_EQ(*other.SchemaVersion(), 0);
}

TEST_F(StateStoreTest, RefusesStateFromANewerStrata) {
  ASSERT_TRUE(conn_->Execute("UPDATE strata_state._versions SET schema_version = 99").ok());
  Status status = store_->Migrate();
  EXPECT_EQ(status.code(), StatusCode::kProjectError);
  EXPECT_NE(status.hint().find("upgrade strata"), std::string::npos);
}

TEST_F(StateStoreTest, SnapshotsAreWrittenOnce) {
  SnapshotRecord a{{"sales.daily", "f1"}, "f1", "FULL", "{\"q\": \"it's\"}", 10, 20};
  SnapshotRecord b{{"sales.daily", "f2"}, "f1", "FULL", "{}", 11, 20};
  ASSERT_TRUE(store_->PutSnapshots({a, b}).ok());
  SnapshotRecord changed = a;
  changed.payload = "other";
  ASSERT_TRUE(store_->PutSnapshots({changed}).ok());  // ignored: ids are immutable
  auto got = store_->GetSnapshots({{"sales.daily", "f1"}, {"sales.daily", "missing"}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0], a);
  auto all = store_->AllSnapshots();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  ASSERT_TRUE(store_->DeleteSnapshots({{"sales.daily", "f2"}}).ok());
  EXPECT_EQ(store_->AllSnapshots()->size(), 1u);
}

TEST_F(StateStoreTest, EnvironmentsAreReplacedByName) {
  EnvironmentRecord prod;
  prod.name = "prod";
  prod.snapshots = {{"a.b", "f1"}, {"c.d", "f2"}};
  prod.end_ts = 100;
  prod.plan_id = "p1";
  prod.updated_ts = 5;
  ASSERT_TRUE(store_->PutEnvironment(prod).ok());
  auto got = store_->GetEnvironment("prod");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, prod);
  prod.plan_id = "p2";
  prod.previous_plan_id = "p1";
  prod.finalized_ts = 7;
  ASSERT_TRUE(store_->PutEnvironment(prod).ok());
  EXPECT_EQ(*store_->GetEnvironment("prod"), prod);
  EXPECT_EQ(store_->AllEnvironments()->size(), 1u);
  EXPECT_EQ(store_->GetEnvironment("dev").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteEnvironment("prod").ok());
  EXPECT_FALSE(store_->GetEnvironment("prod").ok());
}

TEST_F(StateStoreTest, IntervalsReplayAddsAndRemovalsInOrder) {
  const IntervalKey key{"sales.weekly", "v1"};
  ASSERT_TRUE(store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(store_->AddInterval(key, 10, 20).ok());
  ASSERT_TRUE(store_->RemoveInterval(key, 5, 15).ok());
  ASSERT_TRUE(store_->AddInterval(key, 12, 13).ok());
  ASSERT_TRUE(store_->AddInterval(key, 30, 30).ok());  // empty: nothing
  ASSERT_TRUE(store_->AddInterval({"other", "v1"}, 0, 100).ok());
  auto set = store_->GetIntervals(key);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, IntervalSet::FromRanges({{0, 5}, {12, 13}, {15, 20}}));

  ASSERT_TRUE(store_->CompactIntervals().ok());
  EXPECT_EQ(*store_->GetIntervals(key), IntervalSet::FromRanges({{0, 5}, {12, 13}, {15, 20}}));
  auto rows = conn_->Query("SELECT count(*) FROM strata_state.intervals");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0].AsInt64(), 4);  // three ranges of `key`, one of "other"

  auto both = store_->GetIntervals(std::vector<IntervalKey>{key, {"other", "v1"}, {"none", "v"}});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->at({"other", "v1"}), IntervalSet::FromRanges({{0, 100}}));
  EXPECT_TRUE(both->at({"none", "v"}).empty());

  ASSERT_TRUE(store_->DeleteIntervals(key).ok());
  EXPECT_TRUE(store_->GetIntervals(key)->empty());
}

TEST_F(StateStoreTest, AnIntervalRolledBackIsNotRecorded) {
  const IntervalKey key{"m", "v"};
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_TRUE(store_->GetIntervals(key)->empty());
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(*store_->GetIntervals(key), IntervalSet::FromRanges({{0, 10}}));
}

TEST_F(StateStoreTest, NamesWithQuotesAreData) {
  const IntervalKey key{"we'ird\"name", "v'1"};
  ASSERT_TRUE(store_->AddInterval(key, 1, 2).ok());
  EXPECT_EQ(*store_->GetIntervals(key), IntervalSet::FromRanges({{1, 2}}));
  StateStore quoted(conn_.get(), "my \"state\"");
  ASSERT_TRUE(quoted.Migrate().ok());
  EXPECT_EQ(*quoted.SchemaVersion(), kStateSchemaVersion);
}

}  // namespace
}  // namespace strata::state
