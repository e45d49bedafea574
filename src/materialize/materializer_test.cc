// The materializer on real engines: every kind's table creation and batch, typed over DuckDB (a
// database file in a temporary folder) and PostgreSQL (a fresh database of the test server).
#include "materialize/materializer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "materialize/materialize_strategy.h"
#include "materialize/materializer_test_util.h"
#include "source_paths.h"

namespace strata {
namespace {

using testing::At;
using testing::MaterializerHarness;
using RowList = std::vector<std::string>;

using testing::BackendNames;
using testing::Backends;

template <typename Backend>
class MaterializerTest : public ::testing::Test, public MaterializerHarness {
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
  }

  bool IsPostgres() const { return Backend::kType == engine::EngineType::kPostgres; }

  // raw.events: five events around the day boundaries of 2025-01-02.
  void CreateEvents() {
    Exec(
        "CREATE SCHEMA raw; CREATE TABLE raw.events (happened VARCHAR, v INTEGER); "
        "INSERT INTO raw.events VALUES ('2025-01-01 10:00:00', 1), ('2025-01-02 00:00:00', 2), "
        "('2025-01-02 23:59:59.999999', 3), ('2025-01-03 00:00:00', 4), "
        "('2025-01-04 12:00:00', 5)");
  }

  void ExpectResult(const Result<BatchResult>& result, int64_t inserted, int64_t deleted,
                    int64_t dropped = 0) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->inserted, inserted);
    EXPECT_EQ(result->deleted, deleted);
    EXPECT_EQ(result->updated, 0);
    EXPECT_EQ(result->dropped_outside_interval, dropped);
  }

  strata::testing::TempDir dir_;
};

TYPED_TEST_SUITE(MaterializerTest, Backends, BackendNames);

// ---- FULL

TYPED_TEST(MaterializerTest, FullReplacesEveryRow) {
  this->Exec(
      "CREATE SCHEMA raw; CREATE TABLE raw.src (id INTEGER, name VARCHAR); "
      "INSERT INTO raw.src VALUES (1, 'a'), (2, 'b')");
  this->Write("models/full.sql",
              "MODEL (name s.full_model, kind FULL);\nSELECT id, name FROM raw.src");
  this->Load();
  ASSERT_TRUE(this->Create("s.full_model").ok());
  const std::string table = this->Table("s.full_model");
  EXPECT_EQ(table, "strata__s.s__full_model__v1");
  EXPECT_EQ(this->Rows("SELECT * FROM " + table), RowList{});

  this->ExpectResult(this->RunBatch("s.full_model", "2025-01-01", "2025-01-02"), 2, 0);
  EXPECT_EQ(this->Rows("SELECT id, name FROM " + table), (RowList{"1|a", "2|b"}));

  this->Exec("DELETE FROM raw.src WHERE id = 1; INSERT INTO raw.src VALUES (3, 'c')");
  this->ExpectResult(this->RunBatch("s.full_model", "2025-01-02", "2025-01-03"), 2, 2);
  EXPECT_EQ(this->Rows("SELECT id, name FROM " + table), (RowList{"2|b", "3|c"}));
  EXPECT_EQ(this->Intervals("s.full_model"), "{[2025-01-01, 2025-01-03)}");
}

TYPED_TEST(MaterializerTest, FullReadersSeeTheOldRowsUntilTheCommit) {
  this->Exec(
      "CREATE SCHEMA raw; CREATE TABLE raw.src (id INTEGER); INSERT INTO raw.src VALUES (1), (2)");
  this->Write("models/full.sql", "MODEL (name s.full_model, kind FULL);\nSELECT id FROM raw.src");
  this->Load();
  ASSERT_TRUE(this->Create("s.full_model").ok());
  this->ExpectResult(this->RunBatch("s.full_model", "2025-01-01", "2025-01-02"), 2, 0);
  // What an environment view looks like: a view over the physical table.
  this->Exec("CREATE VIEW raw.reader AS SELECT * FROM " + this->Table("s.full_model"));
  this->Exec("INSERT INTO raw.src VALUES (3)");

  WriteContext context;
  context.connection = this->db_.get();
  context.dialect = DialectOf(TypeParam::kType);
  context.model = &this->Model("s.full_model");
  context.table = PhysicalTableOf("s.full_model", "v1");
  context.table_sql = context.table.Sql();
  context.query = "SELECT id FROM raw.src";
  ASSERT_TRUE(this->db_->Begin().ok());
  this->ExpectResult(WriteFullBatch(context), 3, 2);
  auto reader = this->Connect();
  EXPECT_EQ(this->Rows("SELECT id FROM raw.reader", reader.get()), (RowList{"1", "2"}));
  ASSERT_TRUE(this->db_->Commit().ok());
  EXPECT_EQ(this->Rows("SELECT id FROM raw.reader", reader.get()), (RowList{"1", "2", "3"}));
}

// ---- VIEW

TYPED_TEST(MaterializerTest, ViewIsCreatedOnceAndBatchesWriteNothing) {
  this->Exec(
      "CREATE SCHEMA raw; CREATE TABLE raw.src (id INTEGER); INSERT INTO raw.src VALUES (1), (2)");
  this->Write("models/v.sql", "MODEL (name s.v, kind VIEW);\nSELECT id * 10 AS x FROM raw.src");
  this->Load();
  ASSERT_TRUE(this->Create("s.v").ok());
  ASSERT_TRUE(this->Create("s.v").ok());  // idempotent
  const std::string view = this->Table("s.v");
  EXPECT_EQ(this->Rows("SELECT x FROM " + view), (RowList{"10", "20"}));
  auto tables = this->db_->ListTables("strata__s");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_TRUE((*tables)[0].is_view);

  this->ExpectResult(this->RunBatch("s.v", "2025-01-01", "2025-01-02"), 0, 0);
  this->Exec("INSERT INTO raw.src VALUES (3)");
  EXPECT_EQ(this->Rows("SELECT x FROM " + view), (RowList{"10", "20", "30"}));
}

TYPED_TEST(MaterializerTest, MaterializedViewStoresRowsUntilTheNextBatch) {
  this->Exec(
      "CREATE SCHEMA raw; CREATE TABLE raw.src (id INTEGER); INSERT INTO raw.src VALUES (1), (2)");
  this->Write(
      "models/v.sql",
      "MODEL (name s.mv, kind VIEW (materialized true));\nSELECT id * 10 AS x FROM raw.src");
  this->Load();
  ASSERT_TRUE(this->Create("s.mv").ok());
  ASSERT_TRUE(this->Create("s.mv").ok());
  const std::string view = this->Table("s.mv");
  if (this->IsPostgres()) {
    EXPECT_EQ(this->Rows("SELECT matviewname FROM pg_matviews WHERE schemaname = 'strata__s'"),
              RowList{"s__mv__v1"});
  } else {
    auto tables = this->db_->ListTables("strata__s");
    ASSERT_TRUE(tables.ok()) << tables.status().ToString();
    ASSERT_EQ(tables->size(), 1u);
    EXPECT_FALSE((*tables)[0].is_view);
  }
  this->ExpectResult(this->RunBatch("s.mv", "2025-01-01", "2025-01-02"), 2, 0);
  this->Exec("INSERT INTO raw.src VALUES (3)");
  EXPECT_EQ(this->Rows("SELECT x FROM " + view), (RowList{"10", "20"}));
  this->ExpectResult(this->RunBatch("s.mv", "2025-01-02", "2025-01-03"), 3, 2);
  EXPECT_EQ(this->Rows("SELECT x FROM " + view), (RowList{"10", "20", "30"}));
}

// ---- SEED

TYPED_TEST(MaterializerTest, SeedInfersTypesAndKeepsNullApartFromEmptyText) {
  this->Write("seeds/people.csv",
              "id,name,score,born,active,note\n"
              "1,Zoë,1.5,2020-01-02,true,\"\"\n"
              "2,\"O'Brien, Jr.\",2,2021-02-03,false,\n"
              "3,日本語 🎉,,2022-03-04,TRUE,\"x\"\"y\"\n");
  this->Write("models/people.sql",
              "MODEL (name s.people, kind SEED (path '../seeds/people.csv'));");
  this->Load();
  ASSERT_TRUE(this->Create("s.people").ok());
  const std::string table = this->Table("s.people");
  auto columns = ColumnsOf(*this->db_, table);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  std::vector<std::string> types;
  for (const engine::Column& column : *columns) {
    types.push_back(column.name + " " + column.type.ToString());
  }
  EXPECT_EQ(types, (std::vector<std::string>{"id BIGINT", "name VARCHAR", "score DOUBLE",
                                             "born VARCHAR", "active BOOLEAN", "note VARCHAR"}));

  this->ExpectResult(this->RunBatch("s.people", "2025-01-01", "2025-01-02"), 3, 0);
  const std::string select =
      "SELECT id, name, score, born, active, note IS NULL, note FROM " + table;
  const RowList expected{"1|Zoë|1.5|2020-01-02|true|false|",
                         "2|O'Brien, Jr.|2.0|2021-02-03|false|true|NULL",
                         "3|日本語 🎉|NULL|2022-03-04|true|false|x\"y"};
  EXPECT_EQ(this->Rows(select), expected);
  // Loading the same version again replaces the rows with the same rows.
  this->ExpectResult(this->RunBatch("s.people", "2025-01-01", "2025-01-02"), 3, 3);
  EXPECT_EQ(this->Rows(select), expected);
}

TYPED_TEST(MaterializerTest, SeedUsesDeclaredColumnTypes) {
  this->Write("seeds/prices.csv",
              "sold_on;Amount;ratio;ignored\n2025-01-01;10.25;0.5;x\n2025-01-02;3;2;y\n");
  this->Write("models/prices.sql",
              "MODEL (name s.prices, kind SEED (path '../seeds/prices.csv', csv_settings "
              "(delimiter ';')),\n"
              "  columns (sold_on DATE, amount DECIMAL(10, 2), ratio DOUBLE));");
  this->Load();
  ASSERT_TRUE(this->Create("s.prices").ok());
  auto columns = ColumnsOf(*this->db_, this->Table("s.prices"));
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ((*columns)[0].type.id, engine::TypeId::kDate);
  EXPECT_EQ((*columns)[1].type, engine::LogicalType::Decimal(10, 2));
  EXPECT_EQ((*columns)[2].type.id, engine::TypeId::kDouble);
  this->ExpectResult(this->RunBatch("s.prices", "2025-01-01", "2025-01-02"), 2, 0);
  EXPECT_EQ(this->Rows("SELECT * FROM " + this->Table("s.prices")),
            (RowList{"2025-01-01|10.25|0.5", "2025-01-02|3.00|2.0"}));
}

// ---- INCREMENTAL_BY_TIME_RANGE

// One model per kind of time column, each over raw.events; a batch for 2025-01-02 keeps the two
// events of that day (00:00:00 and 23:59:59.999999) and drops the other three.
TYPED_TEST(MaterializerTest, TimeRangeFiltersDateTimestampAndTextColumns) {
  this->CreateEvents();
  const char* kHeader = "kind INCREMENTAL_BY_TIME_RANGE (time_column ";
  this->Write(
      "models/by_date.sql",
      std::string("MODEL (name s.by_date, ") + kHeader +
          "ds));\nSELECT CAST(CAST(happened AS TIMESTAMP) AS DATE) AS ds, v FROM raw.events");
  this->Write("models/by_ts.sql",
              std::string("MODEL (name s.by_ts, ") + kHeader +
                  "ts));\nSELECT CAST(happened AS TIMESTAMP) AS ts, v FROM raw.events");
  this->Write("models/by_text.sql",
              std::string("MODEL (name s.by_text, ") + kHeader +
                  "(ds, '%Y-%m-%d')));\nSELECT substr(happened, 1, 10) AS ds, v FROM raw.events");
  this->Write("models/by_compact_text.sql", std::string("MODEL (name s.by_compact_text, ") +
                                                kHeader +
                                                "(ds, '%Y%m%d')));\n"
                                                "SELECT substr(happened, 1, 4) || substr(happened, "
                                                "6, 2) || substr(happened, 9, 2) AS ds, v "
                                                "FROM raw.events");
  this->Write("models/by_parsed_text.sql",
              std::string("MODEL (name s.by_parsed_text, ") + kHeader +
                  "(ds, '%d/%m/%Y %H:%M:%S')));\n"
                  "SELECT substr(happened, 9, 2) || '/' || substr(happened, 6, 2) || '/' || "
                  "substr(happened, 1, 4) "
                  "|| ' ' || substr(happened, 12, 8) AS ds, v FROM raw.events");
  this->Load();
  for (const char* name :
       {"s.by_date", "s.by_ts", "s.by_text", "s.by_compact_text", "s.by_parsed_text"}) {
    SCOPED_TRACE(name);
    Status created = this->Create(name);
    ASSERT_TRUE(created.ok()) << created.ToString();
    const std::string select = std::string("SELECT v FROM ") + this->Table(name);
    this->ExpectResult(this->RunBatch(name, "2025-01-02", "2025-01-03"), 2, 0, 3);
    EXPECT_EQ(this->Rows(select), (RowList{"2", "3"}));
    // A wider batch over the same day replaces its rows and adds the others.
    this->ExpectResult(this->RunBatch(name, "2025-01-01", "2025-01-05"), 5, 2, 0);
    EXPECT_EQ(this->Rows(select), (RowList{"1", "2", "3", "4", "5"}));
    EXPECT_EQ(this->Intervals(name), "{[2025-01-01, 2025-01-05)}");
  }
  if (this->IsPostgres()) {
    // An index serves each filter that compares the column itself (the text formats that sort
    // like time in byte order); parsed text gets none.
    EXPECT_EQ(
        this->Rows("SELECT tablename || ': ' || substr(indexdef, strpos(indexdef, 'btree')) "
                   "FROM pg_indexes WHERE schemaname = 'strata__s' ORDER BY tablename"),
        (RowList{"s__by_compact_text__v1: btree (ds COLLATE \"C\")", "s__by_date__v1: btree (ds)",
                 "s__by_text__v1: btree (ds COLLATE \"C\")", "s__by_ts__v1: btree (ts)"}));
  }
}

TYPED_TEST(MaterializerTest, TimeRangeRerunOfAnIntervalChangesNothing) {
  this->CreateEvents();
  this->Write("models/e.sql",
              "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column ts));\n"
              "SELECT CAST(happened AS TIMESTAMP) AS ts, v FROM raw.events\n"
              "WHERE CAST(happened AS TIMESTAMP) BETWEEN @start_ts AND @end_ts");
  this->Load();
  ASSERT_TRUE(this->Create("s.e").ok());
  const std::string select = "SELECT ts, v FROM " + this->Table("s.e");
  this->ExpectResult(this->RunBatch("s.e", "2025-01-01", "2025-01-03"), 3, 0, 0);
  const RowList first = this->Rows(select);
  EXPECT_EQ(first.size(), 3u);
  this->ExpectResult(this->RunBatch("s.e", "2025-01-01", "2025-01-03"), 3, 3, 0);
  EXPECT_EQ(this->Rows(select), first);
  // Another interval leaves these rows alone, even when the source of the first changed.
  this->Exec("INSERT INTO raw.events VALUES ('2025-01-01 11:00:00', 9)");
  this->ExpectResult(this->RunBatch("s.e", "2025-01-03", "2025-01-05"), 2, 0, 0);
  EXPECT_EQ(this->Rows("SELECT v FROM " + this->Table("s.e")), (RowList{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(this->Intervals("s.e"), "{[2025-01-01, 2025-01-05)}");
}

TYPED_TEST(MaterializerTest, TimeRangeCastsToDeclaredColumns) {
  this->CreateEvents();
  this->Write("models/e.sql",
              "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column ds),\n"
              "  columns (ds DATE, v BIGINT, label TEXT));\n"
              "SELECT substr(happened, 1, 10) AS ds, CAST(v AS VARCHAR) AS v, 'n' || v AS label "
              "FROM raw.events");
  this->Load();
  Status created = this->Create("s.e");
  ASSERT_TRUE(created.ok()) << created.ToString();
  auto columns = ColumnsOf(*this->db_, this->Table("s.e"));
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ((*columns)[0].type.id, engine::TypeId::kDate);
  EXPECT_EQ((*columns)[1].type.id, engine::TypeId::kBigInt);
  EXPECT_EQ((*columns)[2].type.id, engine::TypeId::kVarchar);
  this->ExpectResult(this->RunBatch("s.e", "2025-01-03", "2025-01-05"), 2, 0, 3);
  EXPECT_EQ(this->Rows("SELECT * FROM " + this->Table("s.e")),
            (RowList{"2025-01-03|4|n4", "2025-01-04|5|n5"}));
}

TYPED_TEST(MaterializerTest, TimeColumnMustExistWithAFilterableType) {
  this->CreateEvents();
  this->Write("models/missing.sql",
              "MODEL (name s.missing, kind INCREMENTAL_BY_TIME_RANGE (time_column ds));\n"
              "SELECT * FROM raw.events");
  this->Write("models/number.sql",
              "MODEL (name s.number, kind INCREMENTAL_BY_TIME_RANGE (time_column v));\n"
              "SELECT v FROM raw.events");
  this->Load();
  Status missing = this->Create("s.missing");
  EXPECT_EQ(missing.code(), StatusCode::kProjectError);
  EXPECT_NE(missing.message().find("the time_column ds of s.missing is not a column of its query"),
            std::string::npos)
      << missing.ToString();
  EXPECT_EQ(missing.hint(), "its columns are: happened, v");
  Status number = this->Create("s.number");
  EXPECT_EQ(number.code(), StatusCode::kUnsupported);
  EXPECT_NE(number.message().find("the time column v has type INTEGER"), std::string::npos)
      << number.ToString();
}

// The scheduler runs batches of one model at once (batch_concurrency), each on its own
// connection: they write disjoint intervals of the same table and the same state table.
TYPED_TEST(MaterializerTest, ConcurrentBatchesOfOneModelOnSeveralConnections) {
  this->Write("models/e.sql",
              "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column ds));\n"
              "SELECT CAST(@start_ds AS DATE) + i AS ds, i AS v\n"
              "FROM (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS days");
  constexpr int kThreads = 4;
  // And a FULL model per thread in the same schema, replaced by every batch.
  for (int t = 0; t < kThreads; ++t) {
    this->Write("models/f" + std::to_string(t) + ".sql", "MODEL (name s.f" + std::to_string(t) +
                                                             ", kind FULL);\nSELECT " +
                                                             std::to_string(t) + " AS v");
  }
  this->Load();
  ASSERT_TRUE(this->Create("s.e").ok());
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_TRUE(this->Create("s.f" + std::to_string(t)).ok());
  }
  constexpr int kBatchesPerThread = 6;
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &errors] {
      auto connection = this->engine_->Connect();
      if (!connection.ok()) {
        errors[t] = connection.status().ToString();
        return;
      }
      state::StateStore state(connection->get(), "strata_state");
      for (int b = 0; b < kBatchesPerThread; ++b) {
        // Three-day batches, interleaved between the threads.
        const int64_t start = At("2025-01-01") + (b * kThreads + t) * 3 * kMicrosPerDay;
        BatchRequest request = this->Request("s.e", "2025-01-01", "2025-01-02");
        request.interval = Interval{start, start + 3 * kMicrosPerDay};
        Result<BatchResult> result = ExecuteBatch(**connection, state, request);
        if (!result.ok()) {
          errors[t] += result.status().ToString() + "\n";
        } else if (result->inserted != 3) {
          errors[t] += "inserted " + std::to_string(result->inserted) + "\n";
        }
        BatchRequest full = this->Request("s.f" + std::to_string(t), "2025-01-01", "2025-01-02");
        full.interval = request.interval;
        result = ExecuteBatch(**connection, state, full);
        if (!result.ok()) {
          errors[t] += result.status().ToString() + "\n";
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const std::string& error : errors) {
    EXPECT_EQ(error, "");
  }
  const int days = kThreads * kBatchesPerThread * 3;
  EXPECT_EQ(this->Rows("SELECT count(*), count(DISTINCT ds) FROM " + this->Table("s.e")),
            RowList{std::to_string(days) + "|" + std::to_string(days)});
  EXPECT_EQ(this->Intervals("s.e"),
            "{[2025-01-01, " + FormatDate(DayOf(At("2025-01-01")) + days) + ")}");
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(this->Rows("SELECT v FROM " + this->Table("s.f" + std::to_string(t))),
              RowList{std::to_string(t)});
  }
}

// ---- failures

TYPED_TEST(MaterializerTest, FailingStatementRollsBackTheDataAndTheInterval) {
  this->CreateEvents();
  this->Exec("CREATE TABLE raw.flags (flag VARCHAR); INSERT INTO raw.flags VALUES ('1')");
  this->Exec("CREATE TABLE raw.log (n INTEGER)");
  // The post-statement runs after the rows are written; it fails once raw.flags says 'x'.
  this->Write("models/e.sql",
              "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column ts));\n"
              "SELECT CAST(happened AS TIMESTAMP) AS ts, v FROM raw.events;\n"
              "INSERT INTO raw.log SELECT CAST(flag AS INTEGER) FROM raw.flags");
  this->Load();
  ASSERT_TRUE(this->Create("s.e").ok());
  this->ExpectResult(this->RunBatch("s.e", "2025-01-01", "2025-01-02"), 1, 0, 4);
  this->Exec("UPDATE raw.flags SET flag = 'x'; UPDATE raw.events SET v = v + 100");

  Result<BatchResult> failed = this->RunBatch("s.e", "2025-01-01", "2025-01-03");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kEngineError);
  EXPECT_EQ(failed.status().message().rfind("model s.e, interval [2025-01-01, 2025-01-03): ", 0),
            0u)
      << failed.status().ToString();
  EXPECT_FALSE(this->db_->InTransaction());
  EXPECT_EQ(this->Rows("SELECT v FROM " + this->Table("s.e")), RowList{"1"});
  EXPECT_EQ(this->Rows("SELECT n FROM raw.log"), RowList{"1"});
  EXPECT_EQ(this->Intervals("s.e"), "{[2025-01-01, 2025-01-02)}");

  // The next batch on the same connection works.
  this->Exec("UPDATE raw.flags SET flag = '2'");
  this->ExpectResult(this->RunBatch("s.e", "2025-01-01", "2025-01-03"), 3, 1, 2);
  EXPECT_EQ(this->Rows("SELECT v FROM " + this->Table("s.e")), (RowList{"101", "102", "103"}));
}

TYPED_TEST(MaterializerTest, FailingQueryNamesTheModelAndTheInterval) {
  this->CreateEvents();
  this->Write(
      "models/e.sql",
      "MODEL (name s.e, kind INCREMENTAL_BY_TIME_RANGE (time_column ts));\n"
      "SELECT CAST(happened AS TIMESTAMP) AS ts, CAST(happened AS INTEGER) AS v FROM raw.events");
  this->Write(
      "models/f.sql",
      "MODEL (name s.f, kind FULL);\nSELECT CAST(happened AS INTEGER) AS v FROM raw.events");
  this->Load();
  // LIMIT 0 reads no row, so the tables can be created.
  ASSERT_TRUE(this->Create("s.e").ok());
  ASSERT_TRUE(this->Create("s.f").ok());
  for (const char* name : {"s.e", "s.f"}) {
    Result<BatchResult> failed = this->RunBatch(name, "2025-01-02 06:00", "2025-01-03");
    ASSERT_FALSE(failed.ok()) << name;
    EXPECT_EQ(
        failed.status().message().rfind(
            std::string("model ") + name + ", interval [2025-01-02 06:00:00, 2025-01-03): ", 0),
        0u)
        << failed.status().ToString();
    EXPECT_EQ(this->Rows("SELECT count(*) FROM " + this->Table(name)), RowList{"0"});
    EXPECT_EQ(this->Intervals(name), "{}");
    EXPECT_FALSE(this->db_->InTransaction());
  }
}

TYPED_TEST(MaterializerTest, EmbeddedAndExternalModelsHaveNoTable) {
  this->CreateEvents();
  this->Write("external_models.yaml",
              "- name: raw.events\n  columns:\n    happened: VARCHAR\n    v: INT\n");
  this->Write("models/emb.sql",
              "MODEL (name s.emb, kind EMBEDDED);\nSELECT v * 2 AS w FROM raw.events");
  this->Write("models/user.sql", "MODEL (name s.user_model, kind FULL);\nSELECT w FROM s.emb");
  this->Load();
  ASSERT_TRUE(this->Create("s.emb").ok());
  ASSERT_TRUE(this->Create("raw.events").ok());
  EXPECT_TRUE(this->db_->ListTables("strata__s")->empty());
  EXPECT_EQ(this->RunBatch("s.emb", "2025-01-01", "2025-01-02").status().code(),
            StatusCode::kInvalidArgument);
  // The embedded query is inlined into its reader.
  ASSERT_TRUE(this->Create("s.user_model").ok());
  this->ExpectResult(this->RunBatch("s.user_model", "2025-01-01", "2025-01-02"), 5, 0);
  EXPECT_EQ(this->Rows("SELECT w FROM " + this->Table("s.user_model")),
            (RowList{"10", "2", "4", "6", "8"}));
}

// ---- the example project

// examples/orders end to end on the materializer: the seed, the daily model over January, the
// weekly model week by week; the weekly rows equal an aggregation of the raw orders.
TYPED_TEST(MaterializerTest, OrdersExampleAggregatesTheSeed) {
  Result<project::Project> loaded =
      project::LoadProject(std::filesystem::path(STRATA_SOURCE_DIR) / "examples/orders");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  this->project_ = std::make_unique<project::Project>(std::move(loaded).value());
  for (const char* name : {"raw.raw_orders", "sales.daily_sales", "sales.weekly_sales"}) {
    Status created = this->Create(name, "2025-01-15");
    ASSERT_TRUE(created.ok()) << created.ToString();
  }
  Result<BatchResult> seed = this->RunBatch("raw.raw_orders", "2025-01-01", "2025-01-02");
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();
  EXPECT_GT(seed->inserted, 100);
  Result<BatchResult> daily = this->RunBatch("sales.daily_sales", "2025-01-01", "2025-02-01");
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  EXPECT_EQ(daily->inserted, 31);
  EXPECT_EQ(daily->dropped_outside_interval, 0);
  for (const char* week : {"2025-01-06", "2025-01-13", "2025-01-20"}) {
    int64_t start = At(week);
    std::string end = FormatDate(DayOf(start) + 7);
    Result<BatchResult> weekly = this->RunBatch("sales.weekly_sales", week, end.c_str());
    ASSERT_TRUE(weekly.ok()) << weekly.status().ToString();
    EXPECT_EQ(weekly->inserted, 1) << week;
    EXPECT_EQ(weekly->dropped_outside_interval, 0) << week;
  }
  const std::string check =
      "SELECT CAST(w.order_date AS DATE), w.total_orders = e.n, "
      "ABS(CAST(w.total_revenue AS DOUBLE PRECISION) - CAST(e.revenue AS DOUBLE PRECISION)) < 1 "
      "FROM " +
      this->Table("sales.weekly_sales") +
      " AS w JOIN (SELECT CAST(DATE_TRUNC('week', order_date) AS DATE) AS week, count(*) AS n, "
      "SUM(total_amount) AS revenue FROM " +
      this->Table("raw.raw_orders") + " GROUP BY 1) AS e ON e.week = CAST(w.order_date AS DATE)";
  EXPECT_EQ(this->Rows(check),
            (RowList{"2025-01-06|true|true", "2025-01-13|true|true", "2025-01-20|true|true"}));
}

}  // namespace
}  // namespace strata
