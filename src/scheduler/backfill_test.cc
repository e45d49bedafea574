// Backfill on real engines: with the state on a connection of its own (intervals recorded after
// each batch commits, serialized across worker threads), and on PostgreSQL when the server ends
// the workers' sessions between batches (the next batch reconnects).
#include "scheduler/backfill.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "materialize/materializer_test_util.h"

namespace strata {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MaterializerHarness;

template <typename Backend>
class BackfillTest : public ::testing::Test, public MaterializerHarness {
 protected:
  void SetUp() override {
    if (Backend::kType == engine::EngineType::kPostgres) {
      STRATA_REQUIRE_POSTGRES(server_);
    }
    Result<engine::ConnectionConfig> config = testing::FreshDatabase(Backend::kType, dir_.path());
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    Open(*config);
    Exec(
        "CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT i AS id, DATE '2025-01-01' + "
        "CAST(i % 12 AS INTEGER) AS day FROM generate_series(1, 48) AS g(i)");
    Write("config.yaml", "model_defaults:\n  dialect: duckdb\n");
    Write("models/daily.sql",
          "MODEL (name s.daily, kind INCREMENTAL_BY_TIME_RANGE (time_column day), "
          "start '2025-01-01');\n"
          "SELECT day, COUNT(*) AS orders FROM raw.orders "
          "WHERE day BETWEEN @start_ds AND @end_ds GROUP BY day\n");
    Load();
    ASSERT_TRUE(Create("s.daily").ok());
  }

  // s.daily's batches: one per day of [2025-01-01, 2025-01-01 + days).
  std::vector<BackfillModel> Models(int days) {
    BackfillModel model;
    model.model = &Model("s.daily");
    model.name = "s.daily";
    model.table = PhysicalTableOf("s.daily", testing::kTestVersion);
    model.interval_key = {"s.daily", testing::kTestVersion};
    for (int d = 0; d < days; ++d) {
      const int64_t start = testing::At("2025-01-01") + d * kMicrosPerDay;
      model.batches.push_back(Interval{start, start + kMicrosPerDay});
    }
    return {model};
  }

  BackfillOptions Options(int threads) {
    BackfillOptions options;
    options.threads = threads;
    options.execution_time = testing::At("2025-01-13");
    options.table_mapping = testing::MappingOf(*project_);
    return options;
  }

  strata::testing::PostgresServer* server_ = nullptr;
  strata::testing::TempDir dir_;
};

TYPED_TEST_SUITE(BackfillTest, Backends, BackendNames);

TYPED_TEST(BackfillTest, RecordsIntervalsInASeparateState) {
  // The state in a DuckDB file of its own; the data on the backend.
  engine::ConnectionConfig state_config;
  state_config.database = this->dir_.path() + "/state.duckdb";
  auto state_engine = engine::OpenEngine(state_config);
  ASSERT_TRUE(state_engine.ok()) << state_engine.status().ToString();
  auto state_connection = (*state_engine)->Connect();
  ASSERT_TRUE(state_connection.ok());
  state::StateStore separate(state_connection->get(), "strata_state");
  ASSERT_TRUE(separate.Migrate().ok());

  BackfillOptions options = this->Options(4);
  options.separate_state = &separate;
  Result<BackfillSummary> summary =
      Backfill(*this->engine_, *this->project_, this->Models(12), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->succeeded, 12);
  EXPECT_EQ(summary->failed, 0);
  EXPECT_EQ(this->Rows("SELECT COUNT(*), SUM(orders) FROM " + this->Table("s.daily")),
            std::vector<std::string>{"12|48"});
  auto recorded = separate.GetIntervals(state::IntervalKey{"s.daily", testing::kTestVersion});
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->ToString([](int64_t t) { return FormatDate(DayOf(t)); }),
            "{[2025-01-01, 2025-01-13)}");
  // Twelve rows in the log, one per batch: none lost to concurrent appends.
  auto rows = (*state_connection)->Query("SELECT COUNT(*) FROM strata_state.intervals");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0].ToString(), "12");
  // Nothing recorded in the data database's state.
  EXPECT_EQ(this->Intervals("s.daily"), "{}");

  // Intervals lost after their data committed run again, idempotently.
  ASSERT_TRUE((*state_connection)
                  ->Execute("DELETE FROM strata_state.intervals WHERE start_ts >= " +
                            std::to_string(testing::At("2025-01-07")))
                  .ok());
  std::vector<BackfillModel> again = this->Models(12);
  again[0].batches.erase(again[0].batches.begin(), again[0].batches.begin() + 6);
  summary = Backfill(*this->engine_, *this->project_, again, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->succeeded, 6);
  EXPECT_EQ(this->Rows("SELECT COUNT(*), SUM(orders) FROM " + this->Table("s.daily")),
            std::vector<std::string>{"12|48"});
}

TYPED_TEST(BackfillTest, ReconnectsWhenTheServerEndsSessionsBetweenBatches) {
  if (TypeParam::kType != engine::EngineType::kPostgres) {
    GTEST_SKIP() << "only a server can end a session";
  }
  // One worker: on_batch_done runs on it after each batch and before the next, so every
  // session the workers hold is terminated strictly between batches.
  BackfillOptions options = this->Options(1);
  std::atomic<int> terminated{0};
  const std::string database = this->config_.database;
  options.on_batch_done = [&](const BatchReport&) {
    Status status = this->server_->Execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database +
        "' AND pid <> pg_backend_pid() AND application_name = 'strata'");
    EXPECT_TRUE(status.ok()) << status.ToString();
    ++terminated;
  };
  Result<BackfillSummary> summary =
      Backfill(*this->engine_, *this->project_, this->Models(5), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(terminated.load(), 5);
  EXPECT_EQ(summary->failed, 0);
  for (const Status& error : summary->errors) {
    ADD_FAILURE() << error.ToString();
  }
  EXPECT_EQ(summary->succeeded, 5);
  // The harness's own connection was terminated too: it reconnects for the next statement.
  EXPECT_EQ(this->Rows("SELECT COUNT(*), SUM(orders) FROM " + this->Table("s.daily")),
            std::vector<std::string>{"5|20"});
  EXPECT_EQ(this->Intervals("s.daily"), "{[2025-01-01, 2025-01-06)}");
}

}  // namespace
}  // namespace strata
