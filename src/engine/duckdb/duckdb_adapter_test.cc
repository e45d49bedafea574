// DuckDbEngine and DuckDbAdapter, what is particular to DuckDB: its error messages, statements
// that keep their effect when a later one fails, failures DuckDB alone would not treat as fatal to
// a transaction, STRUCT columns, persistence, and results spanning many chunks. The contract
// shared with PostgreSQL is tested on both engines in engine_conformance_test.cc.
#include "engine/duckdb/duckdb_adapter.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/duckdb/duckdb_test_util.h"

namespace strata::engine::duckdb {
namespace {

using DuckDbAdapterTest = DuckDbFileTest;

TEST_F(DuckDbAdapterTest, SqlErrorsCarryDuckDbsMessage) {
  auto r = db_->Query("SELECT no_such_column");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kEngineError);
  EXPECT_NE(r.status().message().find("no_such_column"), std::string::npos) << r.status().message();

  auto parse = db_->Execute("SELEC 1");
  ASSERT_FALSE(parse.ok());
  EXPECT_EQ(parse.status().code(), StatusCode::kEngineError);
  EXPECT_NE(parse.status().message().find("syntax error"), std::string::npos)
      << parse.status().message();

  auto runtime = db_->Query("SELECT 'abc'::INTEGER");
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.status().code(), StatusCode::kEngineError);
  EXPECT_NE(runtime.status().message().find("Conversion Error"), std::string::npos)
      << runtime.status().message();

  auto missing = db_->Execute("INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nowhere"), std::string::npos);

  auto nul = db_->Execute(std::string("SELECT 1\0", 9));
  EXPECT_EQ(nul.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DuckDbAdapterTest, StatementsBeforeAFailingOneKeepTheirEffect) {
  auto r = db_->Execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1); SELECT x;");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Rows("SELECT count(*) FROM t").rows[0][0], Value::Integer(1));
}

TEST_F(DuckDbAdapterTest, FailedStatementInATransactionThenRollback) {
  Exec("CREATE TABLE t (a INTEGER PRIMARY KEY)");
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (1)");
  EXPECT_FALSE(db_->Execute("INSERT INTO t VALUES (1)").ok());
  // The failed transaction cannot commit: Commit rolls back and says why.
  Status commit = db_->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kEngineError);
  EXPECT_NE(commit.message().find("rolled back"), std::string::npos) << commit.message();
  EXPECT_NE(commit.message().find("PRIMARY KEY"), std::string::npos) << commit.message();
  EXPECT_FALSE(db_->InTransaction());
  EXPECT_EQ(Rows("SELECT count(*) FROM t").rows[0][0], Value::Integer(0));
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (2)");
  ASSERT_TRUE(db_->Commit().ok());
  EXPECT_EQ(Rows("SELECT count(*) FROM t").rows[0][0], Value::Integer(1));
}

TEST_F(DuckDbAdapterTest, IntrospectsSchemasTablesViewsAndColumns) {
  Exec("CREATE SCHEMA sales");
  Exec(
      "CREATE TABLE sales.orders (id BIGINT, amount DECIMAL(18,2), tags VARCHAR[], "
      "\"Odd Name\" STRUCT(a INTEGER))");
  Exec("CREATE VIEW sales.big_orders AS SELECT id FROM sales.orders WHERE amount > 100");
  Exec("CREATE TABLE main.other (x DATE)");

  auto schemas = db_->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_EQ(*schemas, (std::vector<std::string>{"main", "sales"}));

  auto tables = db_->ListTables("sales");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(*tables,
            (std::vector<TableRef>{{"sales", "big_orders", true}, {"sales", "orders", false}}));
  EXPECT_TRUE(db_->ListTables("nowhere")->empty());

  auto columns = db_->DescribeTable("sales", "orders");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 4u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[0].type.id, TypeId::kBigInt);
  EXPECT_EQ((*columns)[1].type.ToString(), "DECIMAL(18,2)");
  EXPECT_EQ((*columns)[2].type.ToString(), "VARCHAR[]");
  EXPECT_EQ((*columns)[3].name, "Odd Name");
  EXPECT_EQ((*columns)[3].type.ToString(), "STRUCT(a INTEGER)");

  auto view = db_->DescribeTable("sales", "big_orders");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(*view, (std::vector<Column>{{"id", LogicalType{TypeId::kBigInt}}}));

  EXPECT_EQ(db_->DescribeTable("sales", "missing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(db_->DescribeTable("nowhere", "orders").status().code(), StatusCode::kNotFound);
  // Quotes in names are not SQL.
  EXPECT_EQ(db_->DescribeTable("sales", "x' OR '1'='1").status().code(), StatusCode::kNotFound);
}

TEST_F(DuckDbAdapterTest, ReopenedFileKeepsItsData) {
  Exec("CREATE TABLE t AS SELECT 'kept' AS v");
  db_.reset();
  engine_.reset();
  auto engine = DuckDbEngine::Open(path_);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto conn = (*engine)->Connect();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Query("SELECT v FROM t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows[0][0], Value::Varchar("kept"));
}

TEST_F(DuckDbAdapterTest, ManyChunks) {
  QueryResult r = Rows(
      "SELECT range AS i, range::VARCHAR || '-text-longer-than-twelve' AS s, "
      "CASE WHEN range % 3 = 0 THEN NULL ELSE [range, range + 1] END AS l "
      "FROM range(10000) ORDER BY i");
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

TEST(DuckDbEngineTest, UnopenablePathNamesThePath) {
  auto engine = DuckDbEngine::Open("/nonexistent-folder-strata/sub/db.duckdb");
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), StatusCode::kIoError);
  EXPECT_NE(engine.status().message().find("/nonexistent-folder-strata/sub/db.duckdb"),
            std::string::npos)
      << engine.status().message();
  EXPECT_EQ(DuckDbEngine::Open("").status().code(), StatusCode::kInvalidArgument);
}

TEST(DuckDbEngineTest, NotADatabaseFile) {
  strata::testing::TempDir dir;
  const std::string path = dir.path() + "/text.duckdb";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database, just some text that is long enough to be checked\n", f);
    std::fclose(f);
  }
  auto engine = DuckDbEngine::Open(path);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), StatusCode::kIoError);
  EXPECT_NE(engine.status().message().find(path), std::string::npos);
}

TEST(DuckDbEngineTest, InMemoryAndOpenEngine) {
  ConnectionConfig config;
  config.database = ":memory:";
  auto engine = OpenEngine(config);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_EQ((*engine)->type(), EngineType::kDuckDb);
  auto conn = (*engine)->Connect();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->type(), EngineType::kDuckDb);
  EXPECT_EQ((*conn)->Query("SELECT 1 + 1")->rows[0][0], Value::Integer(2, TypeId::kInteger));
}

}  // namespace
}  // namespace strata::engine::duckdb
