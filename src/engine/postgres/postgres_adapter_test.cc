// PostgresEngine and PostgresAdapter against a real server, what is particular to PostgreSQL:
// SQLSTATEs in errors, multi-statement texts as one implicit transaction, COMMIT of a failed
// transaction, deferred constraints, reconnecting after the server ends a session, unreachable
// servers and wrong passwords (never echoed), and catalog introspection of PostgreSQL's kinds of
// relation. The contract shared with DuckDB is in engine_conformance_test.cc.
#include "engine/postgres/postgres_adapter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "base/text.h"
#include "engine/postgres/postgres_test_util.h"

namespace strata::engine::postgres {
namespace {

using PostgresAdapterTest = PostgresTest;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(PostgresAdapterTest, ErrorsCarryTheSqlstate) {
  auto missing = db_->Query("SELECT * FROM nowhere");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kEngineError);
  EXPECT_EQ(missing.status().message(), "ERROR 42P01: relation \"nowhere\" does not exist");

  auto syntax = db_->Execute("SELEC 1");
  EXPECT_TRUE(Contains(syntax.status().message(), "ERROR 42601: syntax error"))
      << syntax.status().message();

  // The server's hint becomes the status's hint.
  auto function = db_->Query("SELECT lenght('x')");
  EXPECT_TRUE(Contains(function.status().message(), "42883")) << function.status().message();
  EXPECT_FALSE(function.status().hint().empty());

  // Details are kept.
  Exec("CREATE TABLE t (a INTEGER PRIMARY KEY)");
  Exec("INSERT INTO t VALUES (1)");
  auto duplicate = db_->Execute("INSERT INTO t VALUES (1)");
  EXPECT_TRUE(Contains(duplicate.status().message(), "ERROR 23505: duplicate key value"))
      << duplicate.status().message();
  EXPECT_TRUE(Contains(duplicate.status().message(), "Key (a)=(1) already exists"))
      << duplicate.status().message();
}

TEST_F(PostgresAdapterTest, TextCannotHoldNul) {
  auto nul = db_->Query("SELECT chr(0)");
  ASSERT_FALSE(nul.ok());
  EXPECT_TRUE(Contains(nul.status().message(), "54000")) << nul.status().message();
  EXPECT_EQ(db_->Query(std::string("SELECT 'a\0b'", 13)).status().code(),
            StatusCode::kInvalidArgument);
  // bytea holds any byte.
  EXPECT_EQ(One("'\\x00ff'::bytea"), Value::Blob(std::string("\0\xff", 2)));
}

TEST_F(PostgresAdapterTest, SeveralStatementsRunAsOneImplicitTransaction) {
  auto r = db_->Execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1); SELECT x");
  ASSERT_FALSE(r.ok());
  // Unlike DuckDB, PostgreSQL undoes the statements before the failing one.
  EXPECT_EQ(db_->Query("SELECT * FROM t").status().code(), StatusCode::kEngineError);
}

TEST_F(PostgresAdapterTest, QueryOfAStatementWithoutRows) {
  QueryResult r = Rows("CREATE TABLE t (a INTEGER)");
  EXPECT_TRUE(r.columns.empty());
  EXPECT_TRUE(r.rows.empty());
  Exec("INSERT INTO t VALUES (1), (2)");
  EXPECT_EQ(*db_->Execute("INSERT INTO t SELECT a + 10 FROM t RETURNING a"), 2);
}

TEST_F(PostgresAdapterTest, FailedTransactionNamesTheFirstFailure) {
  Exec("CREATE TABLE t (a INTEGER PRIMARY KEY)");
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (1)");
  EXPECT_FALSE(db_->Execute("INSERT INTO t VALUES (1)").ok());
  // Later statements are refused by the server (25P02), the first failure is what Commit names.
  auto refused = db_->Execute("INSERT INTO t VALUES (2)");
  EXPECT_TRUE(Contains(refused.status().message(), "25P02")) << refused.status().message();
  Status commit = db_->Commit();
  EXPECT_TRUE(Contains(commit.message(), "rolled back")) << commit.message();
  EXPECT_TRUE(Contains(commit.message(), "23505")) << commit.message();
  EXPECT_EQ(One("count(*) FROM t").ToString(), "0");
}

TEST_F(PostgresAdapterTest, DeferredConstraintFailsAtCommit) {
  Exec("CREATE TABLE t (a INTEGER UNIQUE DEFERRABLE INITIALLY DEFERRED)");
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (1), (1)");
  Status commit = db_->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kEngineError);
  EXPECT_TRUE(Contains(commit.message(), "23505")) << commit.message();
  EXPECT_FALSE(db_->InTransaction());
  EXPECT_EQ(One("count(*) FROM t").ToString(), "0");
}

TEST_F(PostgresAdapterTest, CopyFromStdinFailsInsteadOfWaiting) {
  Exec("CREATE TABLE t (a INTEGER)");
  auto copy = db_->Execute("COPY t FROM STDIN");
  ASSERT_FALSE(copy.ok());
  EXPECT_TRUE(Contains(copy.status().message(), "COPY")) << copy.status().message();
  Exec("INSERT INTO t VALUES (1), (2)");
  EXPECT_EQ(*db_->Execute("COPY t TO STDOUT"), 2);
  EXPECT_EQ(One("count(*) FROM t").ToString(), "2");
}

TEST_F(PostgresAdapterTest, SessionSettingsAreStrataS) {
  EXPECT_EQ(One("current_setting('TimeZone')"), Value::Varchar("UTC"));
  EXPECT_EQ(One("current_setting('IntervalStyle')"), Value::Varchar("iso_8601"));
  EXPECT_EQ(One("current_setting('application_name')"), Value::Varchar("strata"));
}

// The backend pid of `db`.
int64_t BackendPid(EngineAdapter& db) {
  auto r = db.Query("SELECT pg_backend_pid()");
  return r.ok() ? r->rows[0][0].AsInt64() : -1;
}

// Ends `pid`'s session from another connection and waits until it is gone.
void Terminate(strata::testing::PostgresServer& server, int64_t pid) {
  ASSERT_TRUE(server.Execute(fmt::format("SELECT pg_terminate_backend({})", pid)).ok());
  for (int i = 0; i < 500; ++i) {
    auto r = server.Execute(
        fmt::format("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {}) THEN "
                    "RAISE EXCEPTION 'alive'; END IF; END $$",
                    pid));
    if (r.ok()) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "backend " << pid << " did not end";
}

TEST_F(PostgresAdapterTest, ReconnectsAfterTheServerEndsTheSession) {
  Exec("CREATE TABLE t (a INTEGER)");
  const int64_t before = BackendPid(*db_);
  ASSERT_GT(before, 0);
  Terminate(*server_, before);
  // The server ended the session before this statement: it runs once, on a new connection.
  auto inserted = db_->Execute("INSERT INTO t VALUES (1)");
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 1);
  const int64_t after = BackendPid(*db_);
  EXPECT_NE(after, before);
  EXPECT_EQ(One("count(*) FROM t").ToString(), "1");
  // The new session has strata's settings again.
  EXPECT_EQ(One("current_setting('IntervalStyle')"), Value::Varchar("iso_8601"));
  // And so does a transaction started right after the session ends.
  Terminate(*server_, after);
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (2)");
  ASSERT_TRUE(db_->Commit().ok());
  EXPECT_EQ(One("count(*) FROM t").ToString(), "2");
}

TEST_F(PostgresAdapterTest, LostConnectionInsideATransactionIsAnError) {
  Exec("CREATE TABLE t (a INTEGER)");
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (1)");
  Terminate(*server_, BackendPid(*db_));
  auto r = db_->Execute("INSERT INTO t VALUES (2)");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "lost the connection")) << r.status().message();
  EXPECT_TRUE(db_->InTransaction());
  Status commit = db_->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kEngineError);
  EXPECT_FALSE(db_->InTransaction());
  // The next statement reconnects; nothing of the transaction was kept.
  EXPECT_EQ(One("count(*) FROM t").ToString(), "0");
}

TEST_F(PostgresAdapterTest, CommitOnALostConnectionFails) {
  Exec("CREATE TABLE t (a INTEGER)");
  ASSERT_TRUE(db_->Begin().ok());
  Exec("INSERT INTO t VALUES (1)");
  Terminate(*server_, BackendPid(*db_));
  // Never reported as committed: the server rolled the transaction back.
  EXPECT_EQ(db_->Commit().code(), StatusCode::kEngineError);
  EXPECT_EQ(One("count(*) FROM t").ToString(), "0");
  // Rollback of a transaction whose connection is gone succeeds.
  ASSERT_TRUE(db_->Begin().ok());
  Terminate(*server_, BackendPid(*db_));
  EXPECT_TRUE(db_->Rollback().ok());
  EXPECT_FALSE(db_->InTransaction());
}

TEST_F(PostgresAdapterTest, IntrospectsPostgresRelations) {
  Exec("CREATE SCHEMA \"Mixed Case\"");
  Exec("CREATE TABLE \"Mixed Case\".t (a INTEGER)");
  Exec("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one");
  Exec("CREATE TABLE parts (d DATE) PARTITION BY RANGE (d)");
  Exec(
      "CREATE TABLE parts_2025 PARTITION OF parts FOR VALUES FROM ('2025-01-01') TO "
      "('2026-01-01')");
  Exec("CREATE TYPE mood AS ENUM ('sad', 'happy')");
  Exec("CREATE TABLE feelings (m mood, r int4range, j jsonb, n NUMERIC, w NUMERIC(50, 2))");
  Exec("CREATE TABLE nothing ()");

  EXPECT_EQ(*db_->ListSchemas(), (std::vector<std::string>{"Mixed Case", "public"}));
  EXPECT_EQ(*db_->ListTables("Mixed Case"), (std::vector<TableRef>{{"Mixed Case", "t", false}}));
  EXPECT_TRUE(db_->ListTables("mixed case")->empty());
  EXPECT_EQ(*db_->ListTables("public"), (std::vector<TableRef>{{"public", "feelings", false},
                                                               {"public", "mv", true},
                                                               {"public", "nothing", false},
                                                               {"public", "parts", false},
                                                               {"public", "parts_2025", false}}));

  auto columns = db_->DescribeTable("public", "feelings");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 5u);
  EXPECT_EQ((*columns)[0].type.id, TypeId::kEnum);
  EXPECT_EQ((*columns)[0].type.ToString(), "mood");
  EXPECT_EQ((*columns)[1].type.ToString(), "int4range");
  EXPECT_EQ((*columns)[2].type.ToString(), "jsonb");
  EXPECT_EQ((*columns)[3].type.ToString(), "numeric");
  EXPECT_EQ((*columns)[4].type.ToString(), "numeric(50,2)");
  EXPECT_EQ(*db_->DescribeTable("public", "mv"),
            (std::vector<Column>{{"one", LogicalType(TypeId::kInteger)}}));
  // A table without columns exists.
  auto nothing = db_->DescribeTable("public", "nothing");
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty());

  // Query names the same types from the catalog.
  Exec("INSERT INTO feelings VALUES ('happy', '[1,5)', '{\"a\": [1, 2]}', 1.50, 2.25)");
  QueryResult r = Rows("SELECT * FROM feelings");
  EXPECT_EQ(r.columns, *columns);
  EXPECT_EQ(r.rows[0][0], Value::Enum("happy", ShareType((*columns)[0].type)));
  EXPECT_EQ(r.rows[0][1].ToString(), "[1,5)");
  EXPECT_EQ(r.rows[0][2].ToString(), "{\"a\": [1, 2]}");
  EXPECT_EQ(r.rows[0][3].ToString(), "1.50");
  EXPECT_EQ(r.rows[0][4].ToString(), "2.25");
}

TEST(PostgresEngineTest, UnreachableServerNamesHostAndPortButNotThePassword) {
  // A port nobody listens on: bind one, then close it.
  ConnectionConfig config;
  config.type = EngineType::kPostgres;
  config.host = "127.0.0.1";
  config.port = 1;
  config.user = "someone";
  config.password = "very-secret-password";
  config.database = "db";
  config.connect_timeout_seconds = 5;
  auto engine = OpenEngine(config);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto connection = (*engine)->Connect();
  ASSERT_FALSE(connection.ok());
  const Status& status = connection.status();
  EXPECT_EQ(status.code(), StatusCode::kEngineError);
  EXPECT_TRUE(Contains(status.message(), "cannot connect to PostgreSQL at 127.0.0.1:1: "))
      << status.message();
  EXPECT_TRUE(Contains(status.message(), "refused")) << status.message();
  EXPECT_FALSE(Contains(status.ToString(), "very-secret-password")) << status.ToString();
  EXPECT_FALSE(status.hint().empty());
}

TEST_F(PostgresAdapterTest, WrongPasswordIsRefusedWithoutEchoingIt) {
  ConnectionConfig config = server_->Config(database_);
  config.password = "wrong-secret-password";
  auto engine = PostgresEngine::Open(config);
  ASSERT_TRUE(engine.ok());
  auto connection = (*engine)->Connect();
  ASSERT_FALSE(connection.ok());
  EXPECT_TRUE(Contains(connection.status().message(), "password authentication failed"))
      << connection.status().message();
  EXPECT_FALSE(Contains(connection.status().ToString(), "wrong-secret-password"));
  EXPECT_FALSE(Contains(connection.status().ToString(), server_->password()));
}

TEST_F(PostgresAdapterTest, NamesThatNeedEscapingInTheConnection) {
  // A database name with spaces and quotes is a name, not a connection string.
  const std::string odd = "odd name ' = x";
  ASSERT_TRUE(server_->Execute("CREATE DATABASE " + QuoteSqlIdentifier(odd)).ok());
  auto engine = PostgresEngine::Open(server_->Config(odd));
  ASSERT_TRUE(engine.ok());
  auto connection = (*engine)->Connect();
  ASSERT_TRUE(connection.ok()) << connection.status().ToString();
  EXPECT_EQ((*connection)->Query("SELECT current_database()")->rows[0][0], Value::Varchar(odd));
}

TEST(PostgresEngineTest, OpenChecksTheConfig) {
  ConnectionConfig config;
  config.type = EngineType::kPostgres;
  config.database = "";
  EXPECT_EQ(PostgresEngine::Open(config).status().code(), StatusCode::kInvalidArgument);
  config.database = std::string("a\0b", 3);
  EXPECT_EQ(PostgresEngine::Open(config).status().code(), StatusCode::kInvalidArgument);
  config.database = "db";
  auto engine = OpenEngine(config);
  ASSERT_TRUE(engine.ok());
  EXPECT_EQ((*engine)->type(), EngineType::kPostgres);
}

}  // namespace
}  // namespace strata::engine::postgres
