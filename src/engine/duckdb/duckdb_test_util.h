// Test fixture: a DuckDB database file in a fresh temporary folder and one connection to it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/duckdb/duckdb_engine.h"
#include "support/run_command.h"

namespace strata::engine::duckdb {

class DuckDbFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/test.duckdb";
    auto engine = DuckDbEngine::Open(path_);
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

  strata::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<DuckDbEngine> engine_;
  std::unique_ptr<EngineAdapter> db_;
};

}  // namespace strata::engine::duckdb
