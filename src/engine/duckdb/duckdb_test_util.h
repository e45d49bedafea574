// Test fixture: a DuckDB database file in a fresh temporary folder and one connection to it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/connection_test_util.h"

#include "engine/duckdb/duckdb_engine.h"
#include "support/run_command.h"

namespace strata::engine::duckdb {

class DuckDbFileTest : public ConnectionTest {
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

  strata::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<DuckDbEngine> engine_;
};

}  // namespace strata::engine::duckdb
