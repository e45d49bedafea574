// Test fixture: a fresh database on the test binary's PostgreSQL server (see
// tests/support/postgres_server.h) and one connection to it. Tests skip when PostgreSQL is not
// installed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/postgres/postgres_engine.h"
#include "support/postgres_server.h"

namespace strata::engine::postgres {

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_POSTGRES(server_);
    auto database = server_->CreateDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = *database;
    auto engine = PostgresEngine::Open(server_->Config(database_));
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto db = engine_->Connect();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  // Runs `sql`, failing the test on error.
  void Exec(const std::string& sql) {
    auto r = db_->Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }

  // The rows of `sql`, failing the test on error.
  QueryResult Rows(const std::string& sql) {
    auto r = db_->Query(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? std::move(r).value() : QueryResult{};
  }

  // The single value `SELECT expr` returns.
  Value One(const std::string& expr) {
    QueryResult r = Rows("SELECT " + expr);
    if (r.rows.size() != 1 || r.rows[0].size() != 1) {
      ADD_FAILURE() << "SELECT " << expr << " did not return one value";
      return Value();
    }
    return r.rows[0][0];
  }

  strata::testing::PostgresServer* server_ = nullptr;
  std::string database_;
  std::unique_ptr<PostgresEngine> engine_;
  std::unique_ptr<EngineAdapter> db_;
};

}  // namespace strata::engine::postgres
