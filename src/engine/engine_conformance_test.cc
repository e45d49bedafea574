// The EngineAdapter contract, one typed test suite run on every engine (DuckDB on a file in a
// temporary folder, PostgreSQL on a fresh database of the test server): rows-changed counts,
// several statements in one text, errors, transactions, introspection, several connections and
// large results. Engine-specific behaviour lives in each engine's own adapter tests.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine_adapter.h"
#include "support/engine_backends.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::engine {
namespace {

template <typename Backend>
class EngineConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Backend::kType == EngineType::kPostgres) {
      strata::testing::PostgresServer* server = nullptr;
      STRATA_REQUIRE_POSTGRES(server);
      (void)server;
    }
    Result<ConnectionConfig> config = Backend::Config(dir_);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto engine = OpenEngine(*config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    ASSERT_EQ(engine_->type(), Backend::kType);
    db_ = Connect();
    ASSERT_NE(db_, nullptr);
  }

  std::unique_ptr<EngineAdapter> Connect() {
    auto db = engine_->Connect();
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  void Exec(const std::string& sql) {
    auto r = db_->Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }

  QueryResult Rows(const std::string& sql, EngineAdapter* db = nullptr) {
    auto r = (db == nullptr ? db_.get() : db)->Query(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? std::move(r).value() : QueryResult{};
  }

  // The count of rows of `table`, as text (engines differ in the count's type).
  std::string Count(const std::string& table, EngineAdapter* db = nullptr) {
    QueryResult r = Rows("SELECT count(*) FROM " + table, db);
    return r.rows.size() == 1 ? r.rows[0][0].ToString() : "?";
  }

  strata::testing::TempDir dir_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<EngineAdapter> db_;
};

TYPED_TEST_SUITE(EngineConformanceTest, strata::testing::EngineBackends,
                 strata::testing::EngineBackendNames);

TYPED_TEST(EngineConformanceTest, ExecuteReturnsRowsChangedByTheLastStatement) {
  auto& db = this->db_;
  EXPECT_EQ(*db->Execute("CREATE TABLE t (a INTEGER, b VARCHAR)"), 0);
  EXPECT_EQ(*db->Execute("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')"), 3);
  EXPECT_EQ(*db->Execute("UPDATE t SET b = 'w' WHERE a >= 2"), 2);
  EXPECT_EQ(*db->Execute("DELETE FROM t WHERE a = 1"), 1);
  EXPECT_EQ(*db->Execute("INSERT INTO t VALUES (9, 'q'); DELETE FROM t WHERE a > 1"), 3);
  EXPECT_EQ(*db->Execute("SELECT * FROM t"), 0);
  EXPECT_EQ(*db->Execute(""), 0);
  EXPECT_EQ(*db->Execute("  -- only a comment\n"), 0);
  // CREATE TABLE … AS counts the rows it wrote (a batch's temporary table of rows).
  EXPECT_EQ(*db->Execute("CREATE TABLE u AS SELECT * FROM (VALUES (1), (2)) AS v(a)"), 2);
  EXPECT_EQ(*db->Execute("CREATE TEMPORARY TABLE e AS SELECT * FROM t WHERE a < 0"), 0);
}

TYPED_TEST(EngineConformanceTest, DescribeQueryBindsWithoutReadingRows) {
  this->Exec("CREATE TABLE t (a INTEGER, b VARCHAR); INSERT INTO t VALUES (1, 'x')");
  auto columns =
      this->db_->DescribeQuery("SELECT b, a * 2 AS twice, CAST(a AS BIGINT) AS l FROM t");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(*columns, (std::vector<Column>{{"b", LogicalType(TypeId::kVarchar)},
                                           {"twice", LogicalType(TypeId::kInteger)},
                                           {"l", LogicalType(TypeId::kBigInt)}}));
  EXPECT_EQ(*columns,
            this->Rows("SELECT b, a * 2 AS twice, CAST(a AS BIGINT) AS l FROM t").columns);
  EXPECT_EQ(this->db_->DescribeQuery("SELECT nope FROM t").status().code(),
            StatusCode::kEngineError);
  // A query that does not bind inside a transaction dooms it, as a failed statement does.
  ASSERT_TRUE(this->db_->Begin().ok());
  EXPECT_FALSE(this->db_->DescribeQuery("SELECT * FROM missing_table").ok());
  EXPECT_FALSE(this->db_->Commit().ok());
}

TYPED_TEST(EngineConformanceTest, MergeReportsRowsChanged) {
  this->Exec("CREATE TABLE t (k INTEGER, v VARCHAR); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  auto merged = this->db_->Execute(
      "MERGE INTO t USING (SELECT 2 AS k, 'B' AS v UNION ALL SELECT 3, 'C') s ON t.k = s.k "
      "WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(*merged, 2);
  EXPECT_EQ(this->Count("t"), "3");
}

TYPED_TEST(EngineConformanceTest, ExecuteRunsEveryStatementInOrder) {
  this->Exec("CREATE SCHEMA s; CREATE TABLE s.t AS SELECT 1 AS a; INSERT INTO s.t VALUES (2);");
  QueryResult r = this->Rows("SELECT sum(a) FROM s.t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].ToString(), "3");
}

TYPED_TEST(EngineConformanceTest, QueryReturnsTheLastStatementsRows) {
  QueryResult r = this->Rows("CREATE TABLE t AS SELECT 5 AS a; SELECT a + 1 AS b FROM t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns[0].name, "b");
  EXPECT_EQ(r.rows[0][0], Value::Integer(6, TypeId::kInteger));
  EXPECT_EQ(this->db_->Query("").status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST(EngineConformanceTest, SqlErrorsAreEngineErrors) {
  auto column = this->db_->Query("SELECT no_such_column");
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.status().code(), StatusCode::kEngineError);
  EXPECT_NE(column.status().message().find("no_such_column"), std::string::npos)
      << column.status().message();
  auto parse = this->db_->Execute("SELEC 1");
  EXPECT_EQ(parse.status().code(), StatusCode::kEngineError);
  auto runtime = this->db_->Query("SELECT CAST('abc' AS INTEGER)");
  EXPECT_EQ(runtime.status().code(), StatusCode::kEngineError);
  auto missing = this->db_->Execute("INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nowhere"), std::string::npos);
  EXPECT_EQ(this->db_->Execute(std::string("SELECT 1\0", 9)).status().code(),
            StatusCode::kInvalidArgument);
  // The connection stays usable.
  EXPECT_EQ(this->Rows("SELECT 1 AS x").rows.size(), 1u);
}

TYPED_TEST(EngineConformanceTest, CommittedTransactionIsVisibleToOtherConnections) {
  this->Exec("CREATE TABLE t (a INTEGER)");
  std::unique_ptr<EngineAdapter> other = this->Connect();
  ASSERT_TRUE(this->db_->Begin().ok());
  EXPECT_TRUE(this->db_->InTransaction());
  this->Exec("INSERT INTO t VALUES (1), (2)");
  EXPECT_EQ(this->Count("t", other.get()), "0");
  ASSERT_TRUE(this->db_->Commit().ok());
  EXPECT_FALSE(this->db_->InTransaction());
  EXPECT_EQ(this->Count("t", other.get()), "2");
  ASSERT_TRUE(other->Execute("INSERT INTO t VALUES (3)").ok());
  EXPECT_EQ(this->Count("t"), "3");
}

TYPED_TEST(EngineConformanceTest, RolledBackTransactionIsNotVisible) {
  this->Exec("CREATE TABLE t (a INTEGER)");
  ASSERT_TRUE(this->db_->Begin().ok());
  this->Exec("INSERT INTO t VALUES (1), (2)");
  this->Exec("CREATE TABLE u (b INTEGER)");
  ASSERT_TRUE(this->db_->Rollback().ok());
  EXPECT_FALSE(this->db_->InTransaction());
  EXPECT_EQ(this->Count("t"), "0");
  EXPECT_FALSE(this->db_->Query("SELECT * FROM u").ok());
}

TYPED_TEST(EngineConformanceTest, TransactionStateIsChecked) {
  EXPECT_EQ(this->db_->Commit().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->db_->Rollback().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(this->db_->Begin().ok());
  EXPECT_EQ(this->db_->Begin().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(this->db_->InTransaction());
  ASSERT_TRUE(this->db_->Rollback().ok());
}

TYPED_TEST(EngineConformanceTest, FailedStatementDoomsTheTransaction) {
  this->Exec("CREATE TABLE t (a INTEGER PRIMARY KEY)");
  ASSERT_TRUE(this->db_->Begin().ok());
  this->Exec("INSERT INTO t VALUES (1)");
  EXPECT_FALSE(this->db_->Execute("INSERT INTO t VALUES (1)").ok());
  Status commit = this->db_->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kEngineError);
  EXPECT_NE(commit.message().find("rolled back"), std::string::npos) << commit.message();
  EXPECT_FALSE(this->db_->InTransaction());
  EXPECT_EQ(this->Count("t"), "0");
  // A query error dooms it too.
  ASSERT_TRUE(this->db_->Begin().ok());
  this->Exec("INSERT INTO t VALUES (1)");
  EXPECT_FALSE(this->db_->Query("SELECT no_such_column FROM t").ok());
  EXPECT_EQ(this->db_->Commit().code(), StatusCode::kEngineError);
  EXPECT_EQ(this->Count("t"), "0");
  // A rollback clears the failure for the next transaction.
  ASSERT_TRUE(this->db_->Begin().ok());
  EXPECT_FALSE(this->db_->Query("SELECT x").ok());
  ASSERT_TRUE(this->db_->Rollback().ok());
  ASSERT_TRUE(this->db_->Begin().ok());
  this->Exec("INSERT INTO t VALUES (2)");
  ASSERT_TRUE(this->db_->Commit().ok());
  EXPECT_EQ(this->Count("t"), "1");
}

TYPED_TEST(EngineConformanceTest, IntrospectsSchemasTablesViewsAndColumns) {
  this->Exec("CREATE SCHEMA sales");
  this->Exec(
      "CREATE TABLE sales.orders (id BIGINT, amount DECIMAL(18,2), tags VARCHAR[], "
      "\"Odd Name\" DATE)");
  this->Exec("CREATE VIEW sales.big_orders AS SELECT id FROM sales.orders WHERE amount > 100");
  this->Exec("CREATE TABLE other (x DATE)");

  auto schemas = this->db_->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_EQ(*schemas, (std::vector<std::string>{TypeParam::kDefaultSchema, "sales"}));

  auto tables = this->db_->ListTables("sales");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(*tables,
            (std::vector<TableRef>{{"sales", "big_orders", true}, {"sales", "orders", false}}));
  EXPECT_EQ(this->db_->ListTables("SALES")->size(), 2u);
  EXPECT_TRUE(this->db_->ListTables("nowhere")->empty());
  EXPECT_EQ(*this->db_->ListTables(TypeParam::kDefaultSchema),
            (std::vector<TableRef>{{TypeParam::kDefaultSchema, "other", false}}));

  auto columns = this->db_->DescribeTable("sales", "orders");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(*columns,
            (std::vector<Column>{{"id", LogicalType(TypeId::kBigInt)},
                                 {"amount", LogicalType::Decimal(18, 2)},
                                 {"tags", LogicalType::List(LogicalType(TypeId::kVarchar))},
                                 {"Odd Name", LogicalType(TypeId::kDate)}}));
  EXPECT_EQ(this->db_->DescribeTable("SALES", "Orders")->size(), 4u);

  auto view = this->db_->DescribeTable("sales", "big_orders");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(*view, (std::vector<Column>{{"id", LogicalType{TypeId::kBigInt}}}));

  EXPECT_EQ(this->db_->DescribeTable("sales", "missing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(this->db_->DescribeTable("nowhere", "orders").status().code(), StatusCode::kNotFound);
  // Quotes in names are not SQL.
  EXPECT_EQ(this->db_->DescribeTable("sales", "x' OR '1'='1").status().code(),
            StatusCode::kNotFound);
}

TYPED_TEST(EngineConformanceTest, QueryColumnTypesMatchDescribeTable) {
  this->Exec(
      "CREATE TABLE t (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, f REAL, d DOUBLE PRECISION, "
      "n DECIMAL(10,3), v VARCHAR, bt BYTEA, dt DATE, tm TIME, ts TIMESTAMP, "
      "tz TIMESTAMP WITH TIME ZONE, iv INTERVAL, u UUID, li INTEGER[])");
  auto described = this->db_->DescribeTable(TypeParam::kDefaultSchema, "t");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(this->Rows("SELECT * FROM t").columns, *described);
  ASSERT_EQ(described->size(), 16u);
  EXPECT_EQ((*described)[8].type.id, TypeId::kBlob);
  EXPECT_EQ((*described)[12].type.id, TypeId::kTimestampTz);
}

TYPED_TEST(EngineConformanceTest, ConnectionsFromSeveralThreads) {
  this->Exec("CREATE TABLE t (a INTEGER)");
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([this, i, &ok] {
      auto conn = this->engine_->Connect();
      if (!conn.ok()) {
        return;
      }
      auto r = (*conn)->Execute("INSERT INTO t SELECT * FROM generate_series(1, 100)");
      ok[i] = r.ok() && *r == 100;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok, std::vector<int>(4, 1));
  EXPECT_EQ(this->Count("t"), "400");
}

TYPED_TEST(EngineConformanceTest, ConnectionOutlivesItsEngine) {
  this->engine_.reset();
  EXPECT_TRUE(this->db_->Query("SELECT 1").ok());
}

TYPED_TEST(EngineConformanceTest, ManyRows) {
  QueryResult r = this->Rows(
      "SELECT i, CAST(i AS VARCHAR) || '-text-longer-than-twelve' AS s, "
      "CASE WHEN i % 3 = 0 THEN NULL ELSE ARRAY[i, i + 1] END AS l "
      "FROM generate_series(0, 9999) AS g(i) ORDER BY i");
  ASSERT_EQ(r.rows.size(), 10000u);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto n = static_cast<int64_t>(i);
    ASSERT_EQ(r.rows[i][0].AsInt64(), n);
    ASSERT_EQ(r.rows[i][1].AsString(), std::to_string(i) + "-text-longer-than-twelve");
    if (i % 3 == 0) {
      ASSERT_TRUE(r.rows[i][2].is_null());
    } else {
      ASSERT_EQ(r.rows[i][2].AsList().size(), 2u);
      ASSERT_EQ(r.rows[i][2].AsList()[1].AsInt64(), n + 1);
    }
  }
}

}  // namespace
}  // namespace strata::engine
