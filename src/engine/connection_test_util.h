// Test fixture base: one engine connection (`db_`) and helpers that run SQL on it and fail the test
// on error. The DuckDB and PostgreSQL fixtures derive from it and open `db_` in SetUp.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/engine_adapter.h"

namespace strata::engine {

class ConnectionTest : public ::testing::Test {
 protected:
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

  std::unique_ptr<EngineAdapter> db_;
};

}  // namespace strata::engine
