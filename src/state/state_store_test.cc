// The StateStore, one typed suite run on DuckDB (a file) and on PostgreSQL (a fresh database of
// the test server): the same portable SQL must behave the same on both, transactions included.
#include "state/state_store.h"

#include <gtest/gtest.h>

#include "engine/engine_adapter.h"
#include "support/engine_backends.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::state {
namespace {

template <typename Backend>
class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Backend::kType == engine::EngineType::kPostgres) {
      strata::testing::PostgresServer* server = nullptr;
      STRATA_REQUIRE_POSTGRES(server);
      (void)server;
    }
    Result<engine::ConnectionConfig> config = Backend::Config(dir_);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto engine = engine::OpenEngine(*config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    conn_ = Connect();
    ASSERT_NE(conn_, nullptr);
    store_ = std::make_unique<StateStore>(conn_.get(), "strata_state");
    Status migrated = store_->Migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.ToString();
  }

  // A new connection to the same database; nullptr (and a test failure) when it fails.
  std::unique_ptr<engine::EngineAdapter> Connect() {
    auto conn = engine_->Connect();
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  // The number of rows of `table` (a state table name), through `conn`.
  int64_t Count(const std::string& table, engine::EngineAdapter* conn = nullptr) {
    auto rows =
        (conn == nullptr ? conn_.get() : conn)->Query("SELECT count(*) FROM strata_state." + table);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? rows->rows[0][0].AsInt64() : -1;
  }

  strata::testing::TempDir dir_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::EngineAdapter> conn_;
  std::unique_ptr<StateStore> store_;
};

TYPED_TEST_SUITE(StateStoreTest, strata::testing::EngineBackends,
                 strata::testing::EngineBackendNames);

TYPED_TEST(StateStoreTest, MigrateIsIdempotentAndRecordsTheVersion) {
  EXPECT_EQ(*this->store_->SchemaVersion(), kStateSchemaVersion);
  ASSERT_TRUE(this->store_->Migrate().ok());
  EXPECT_EQ(*this->store_->SchemaVersion(), kStateSchemaVersion);
  StateStore other(this->conn_.get(), "other_state");
  EXPECT_EQ(*other.SchemaVersion(), 0);
}

TYPED_TEST(StateStoreTest, RefusesStateFromANewerStrata) {
  ASSERT_TRUE(this->conn_->Execute("UPDATE strata_state._versions SET schema_version = 99").ok());
  Status status = this->store_->Migrate();
  EXPECT_EQ(status.code(), StatusCode::kProjectError);
  EXPECT_NE(status.hint().find("upgrade strata"), std::string::npos);
}

TYPED_TEST(StateStoreTest, SnapshotsAreWrittenOnce) {
  SnapshotRecord a{{"sales.daily", "f1"}, "f1", "FULL", "{\"q\": \"it's\"}", 10, 20};
  SnapshotRecord b{{"sales.daily", "f2"}, "f1", "FULL", "{}", 11, 20};
  ASSERT_TRUE(this->store_->PutSnapshots({a, b}).ok());
  SnapshotRecord changed = a;
  changed.payload = "other";
  ASSERT_TRUE(this->store_->PutSnapshots({changed}).ok());  // ignored: ids are immutable
  auto got = this->store_->GetSnapshots({{"sales.daily", "f1"}, {"sales.daily", "missing"}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0], a);
  auto all = this->store_->AllSnapshots();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  ASSERT_TRUE(this->store_->DeleteSnapshots({{"sales.daily", "f2"}}).ok());
  EXPECT_EQ(this->store_->AllSnapshots()->size(), 1u);
}

TYPED_TEST(StateStoreTest, EnvironmentsAreReplacedByName) {
  EnvironmentRecord prod;
  prod.name = "prod";
  prod.snapshots = {{"a.b", "f1"}, {"c.d", "f2"}};
  prod.end_ts = 100;
  prod.plan_id = "p1";
  prod.updated_ts = 5;
  ASSERT_TRUE(this->store_->PutEnvironment(prod).ok());
  auto got = this->store_->GetEnvironment("prod");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, prod);
  prod.plan_id = "p2";
  prod.previous_plan_id = "p1";
  prod.finalized_ts = 7;
  ASSERT_TRUE(this->store_->PutEnvironment(prod).ok());
  EXPECT_EQ(*this->store_->GetEnvironment("prod"), prod);
  EXPECT_EQ(this->store_->AllEnvironments()->size(), 1u);
  EXPECT_EQ(this->store_->GetEnvironment("dev").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(this->store_->DeleteEnvironment("prod").ok());
  EXPECT_FALSE(this->store_->GetEnvironment("prod").ok());
}

TYPED_TEST(StateStoreTest, EnvironmentKeepsItsPromotedSnapshotsAndExpiration) {
  EnvironmentRecord dev;
  dev.name = "dev";
  dev.snapshots = {{"a.b", "f1"}, {"c.d", "f2"}};
  dev.promoted = std::vector<SnapshotId>{{"c.d", "f2"}};
  dev.expiration_ts = 1234;
  dev.plan_id = "p1";
  dev.updated_ts = 5;
  ASSERT_TRUE(this->store_->PutEnvironment(dev).ok());
  EXPECT_EQ(*this->store_->GetEnvironment("dev"), dev);
  dev.promoted = std::nullopt;  // every snapshot has a view
  ASSERT_TRUE(this->store_->PutEnvironment(dev).ok());
  EXPECT_EQ(*this->store_->GetEnvironment("dev"), dev);
}

TYPED_TEST(StateStoreTest, MigratesAVersionOneStateKeepingItsEnvironments) {
  StateStore old(this->conn_.get(), "old_state");
  // The tables as format 1 created them.
  for (const char* statement :
       {"CREATE SCHEMA old_state",
        "CREATE TABLE old_state._versions (schema_version INTEGER NOT NULL, strata_version "
        "VARCHAR NOT NULL)",
        "INSERT INTO old_state._versions VALUES (1, '0.1')",
        "CREATE TABLE old_state.snapshots (name VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, "
        "version VARCHAR NOT NULL, kind VARCHAR NOT NULL, payload VARCHAR NOT NULL, created_ts "
        "BIGINT NOT NULL, ttl_us BIGINT NOT NULL, PRIMARY KEY (name, fingerprint))",
        "CREATE TABLE old_state.environments (name VARCHAR NOT NULL PRIMARY KEY, snapshots "
        "VARCHAR NOT NULL, start_ts BIGINT, end_ts BIGINT, plan_id VARCHAR NOT NULL, "
        "previous_plan_id VARCHAR NOT NULL, expiration_ts BIGINT, finalized_ts BIGINT, "
        "updated_ts BIGINT NOT NULL)",
        "CREATE TABLE old_state.intervals (seq BIGINT NOT NULL, name VARCHAR NOT NULL, version "
        "VARCHAR NOT NULL, start_ts BIGINT NOT NULL, end_ts BIGINT NOT NULL, is_removed BOOLEAN "
        "NOT NULL, created_ts BIGINT NOT NULL)",
        "INSERT INTO old_state.environments VALUES ('prod', '[{\"name\": \"a.b\", "
        "\"fingerprint\": \"f1\"}]', NULL, NULL, 'p1', '', NULL, 7, 7)"}) {
    ASSERT_TRUE(this->conn_->Execute(statement).ok()) << statement;
  }
  ASSERT_TRUE(old.Migrate().ok());
  EXPECT_EQ(*old.SchemaVersion(), kStateSchemaVersion);
  Result<EnvironmentRecord> prod = old.GetEnvironment("prod");
  ASSERT_TRUE(prod.ok()) << prod.status().ToString();
  EXPECT_EQ(prod->snapshots, (std::vector<SnapshotId>{{"a.b", "f1"}}));
  EXPECT_FALSE(prod->promoted.has_value());
}

TYPED_TEST(StateStoreTest, IntervalsReplayAddsAndRemovalsInOrder) {
  const IntervalKey key{"sales.weekly", "v1"};
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 10, 20).ok());
  ASSERT_TRUE(this->store_->RemoveInterval(key, 5, 15).ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 12, 13).ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 30, 30).ok());  // empty: nothing
  ASSERT_TRUE(this->store_->AddInterval({"other", "v1"}, 0, 100).ok());
  auto set = this->store_->GetIntervals(key);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, IntervalSet::FromRanges({{0, 5}, {12, 13}, {15, 20}}));

  ASSERT_TRUE(this->store_->CompactIntervals().ok());
  EXPECT_EQ(*this->store_->GetIntervals(key),
            IntervalSet::FromRanges({{0, 5}, {12, 13}, {15, 20}}));
  auto rows = this->conn_->Query("SELECT count(*) FROM strata_state.intervals");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0].AsInt64(), 4);  // three ranges of `key`, one of "other"

  auto both =
      this->store_->GetIntervals(std::vector<IntervalKey>{key, {"other", "v1"}, {"none", "v"}});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->at({"other", "v1"}), IntervalSet::FromRanges({{0, 100}}));
  EXPECT_TRUE(both->at({"none", "v"}).empty());

  ASSERT_TRUE(this->store_->DeleteIntervals(key).ok());
  EXPECT_TRUE(this->store_->GetIntervals(key)->empty());
}

TYPED_TEST(StateStoreTest, StoresSharingASequenceNumberTheirRecordsAfterTheLog) {
  const IntervalKey key{"sales.daily", "v1"};
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 10, 20).ok());
  // Two stores on two connections (two batches of one backfill) share one sequence; the third
  // record of the second is written in a transaction that rolls back, which leaves a gap.
  auto other_connection = this->Connect();
  ASSERT_NE(other_connection, nullptr);
  StateStore first(this->conn_.get(), "strata_state");
  StateStore second(other_connection.get(), "strata_state");
  auto sequence = std::make_shared<IntervalSequence>();
  first.UseIntervalSequence(sequence);
  second.UseIntervalSequence(sequence);
  ASSERT_TRUE(first.AddInterval(key, 20, 30).ok());
  ASSERT_TRUE(second.AddInterval(key, 30, 40).ok());
  ASSERT_TRUE(other_connection->Begin().ok());
  ASSERT_TRUE(second.AddInterval(key, 40, 50).ok());
  ASSERT_TRUE(other_connection->Rollback().ok());
  ASSERT_TRUE(first.AddInterval(key, 50, 60).ok());
  // A removal without the sequence (a plan's restatement) comes after all of them.
  ASSERT_TRUE(this->store_->RemoveInterval(key, 25, 35).ok());
  auto rows = this->conn_->Query(
      "SELECT seq, start_ts, is_removed FROM strata_state.intervals ORDER BY seq");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> log;
  for (const auto& row : rows->rows) {
    log.push_back(row[0].ToString() + ":" + row[1].ToString() + (row[2].AsBool() ? "-" : "+"));
  }
  EXPECT_EQ(log, (std::vector<std::string>{"1:0+", "2:10+", "3:20+", "4:30+", "6:50+", "7:25-"}));
  EXPECT_EQ(*this->store_->GetIntervals(key),
            IntervalSet::FromRanges({{0, 25}, {35, 40}, {50, 60}}));
}

TYPED_TEST(StateStoreTest, WritesRolledBackLeaveNothing) {
  const IntervalKey key{"m", "v"};
  EnvironmentRecord prod;
  prod.name = "prod";
  prod.snapshots = {{"m", "v"}};
  prod.plan_id = "p1";
  prod.updated_ts = 1;
  ASSERT_TRUE(this->store_->PutEnvironment(prod).ok());

  // Everything a plan or a batch writes, in one transaction that is rolled back.
  ASSERT_TRUE(this->conn_->Begin().ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(this->store_->RemoveInterval({"other", "v"}, 0, 5).ok());
  ASSERT_TRUE(this->store_->PutSnapshots({{{"m", "v"}, "v", "FULL", "{}", 1, 2}}).ok());
  EnvironmentRecord replaced = prod;
  replaced.plan_id = "p2";
  ASSERT_TRUE(this->store_->PutEnvironment(replaced).ok());
  EnvironmentRecord dev = prod;
  dev.name = "dev";
  ASSERT_TRUE(this->store_->PutEnvironment(dev).ok());
  EXPECT_EQ(this->store_->GetEnvironment("prod")->plan_id, "p2");  // visible inside
  ASSERT_TRUE(this->conn_->Rollback().ok());

  EXPECT_TRUE(this->store_->GetIntervals(key)->empty());
  EXPECT_EQ(this->Count("intervals"), 0);
  EXPECT_EQ(this->Count("snapshots"), 0);
  EXPECT_EQ(*this->store_->AllEnvironments(), std::vector<EnvironmentRecord>{prod});

  ASSERT_TRUE(this->conn_->Begin().ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  ASSERT_TRUE(this->store_->PutEnvironment(replaced).ok());
  ASSERT_TRUE(this->conn_->Commit().ok());
  EXPECT_EQ(*this->store_->GetIntervals(key), IntervalSet::FromRanges({{0, 10}}));
  EXPECT_EQ(*this->store_->GetEnvironment("prod"), replaced);
}

TYPED_TEST(StateStoreTest, AFailedStatementRollsTheWholeTransactionBack) {
  const IntervalKey key{"m", "v"};
  ASSERT_TRUE(this->conn_->Begin().ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  EXPECT_FALSE(this->conn_->Execute("INSERT INTO strata_state.no_such_table VALUES (1)").ok());
  EXPECT_FALSE(this->conn_->Commit().ok());  // a batch whose data write failed
  EXPECT_FALSE(this->conn_->InTransaction());
  EXPECT_TRUE(this->store_->GetIntervals(key)->empty());
}

TYPED_TEST(StateStoreTest, AnotherConnectionSeesCommittedIntervalsOnly) {
  std::unique_ptr<engine::EngineAdapter> other_conn = this->Connect();
  ASSERT_NE(other_conn, nullptr);
  StateStore other(other_conn.get(), "strata_state");
  const IntervalKey key{"m", "v"};

  ASSERT_TRUE(this->conn_->Begin().ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 0, 10).ok());
  EXPECT_TRUE(other.GetIntervals(key)->empty());  // not yet committed

  // A concurrent writer (another batch) appends and commits while the first is still open.
  ASSERT_TRUE(other_conn->Begin().ok());
  ASSERT_TRUE(other.AddInterval(key, 10, 20).ok());
  ASSERT_TRUE(other_conn->Commit().ok());
  EXPECT_EQ(*other.GetIntervals(key), IntervalSet::FromRanges({{10, 20}}));

  ASSERT_TRUE(this->conn_->Commit().ok());
  EXPECT_EQ(*other.GetIntervals(key), IntervalSet::FromRanges({{0, 20}}));
  EXPECT_EQ(*this->store_->GetIntervals(key), IntervalSet::FromRanges({{0, 20}}));

  // A rolled-back writer leaves nothing for the other connection either.
  ASSERT_TRUE(this->conn_->Begin().ok());
  ASSERT_TRUE(this->store_->AddInterval(key, 20, 30).ok());
  ASSERT_TRUE(this->conn_->Rollback().ok());
  EXPECT_EQ(*other.GetIntervals(key), IntervalSet::FromRanges({{0, 20}}));
}

TYPED_TEST(StateStoreTest, NamesWithQuotesAreData) {
  const IntervalKey key{"we'ird\"name", "v'1"};
  ASSERT_TRUE(this->store_->AddInterval(key, 1, 2).ok());
  EXPECT_EQ(*this->store_->GetIntervals(key), IntervalSet::FromRanges({{1, 2}}));
  StateStore quoted(this->conn_.get(), "my \"state\"");
  ASSERT_TRUE(quoted.Migrate().ok());
  EXPECT_EQ(*quoted.SchemaVersion(), kStateSchemaVersion);
}

// Listings are in byte order on every server, also one whose collation orders names as a
// dictionary does (ICU en-US: "a" < "B" < "_c" is not byte order).
TEST(PostgresStateStoreTest, ListsInByteOrderWhateverTheCollation) {
  strata::testing::PostgresServer* server = nullptr;
  STRATA_REQUIRE_POSTGRES(server);
  Status created = server->Execute(
      "CREATE DATABASE strata_icu TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
      "LOCALE 'C'");
  ASSERT_TRUE(created.ok()) << created.ToString();
  auto engine = engine::OpenEngine(server->Config("strata_icu"));
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto conn = (*engine)->Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  StateStore store(conn->get(), "strata_state");
  ASSERT_TRUE(store.Migrate().ok());
  const std::vector<std::string> names = {"prod", "a", "_c", "B"};
  for (const std::string& name : names) {
    EnvironmentRecord e;
    e.name = name;
    ASSERT_TRUE(store.PutEnvironment(e).ok());
    ASSERT_TRUE(store.PutSnapshots({{{name, "f"}, "f", "FULL", "{}", 1, 1}}).ok());
  }
  // The premise: this server's ORDER BY is not byte order.
  auto server_order = (*conn)->Query("SELECT name FROM strata_state.environments ORDER BY name");
  ASSERT_TRUE(server_order.ok());
  EXPECT_NE(server_order->rows[0][0].AsString(), "B");

  const std::vector<std::string> byte_order = {"B", "_c", "a", "prod"};
  auto all_environments = store.AllEnvironments();
  ASSERT_TRUE(all_environments.ok());
  std::vector<std::string> environments;
  for (const EnvironmentRecord& e : *all_environments) {
    environments.push_back(e.name);
  }
  EXPECT_EQ(environments, byte_order);
  auto all_snapshots = store.AllSnapshots();
  ASSERT_TRUE(all_snapshots.ok());
  std::vector<std::string> snapshots;
  for (const SnapshotRecord& s : *all_snapshots) {
    snapshots.push_back(s.id.name);
  }
  EXPECT_EQ(snapshots, byte_order);
}

}  // namespace
}  // namespace strata::state
