// Test fixture: a fresh database on the test binary's PostgreSQL server (see
// tests/support/postgres_server.h) and one connection to it. Tests skip when PostgreSQL is not
// installed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/connection_test_util.h"

#include "engine/postgres/postgres_engine.h"
#include "support/postgres_server.h"

namespace strata::engine::postgres {

class PostgresTest : public ConnectionTest {
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

  strata::testing::PostgresServer* server_ = nullptr;
  std::string database_;
  std::unique_ptr<PostgresEngine> engine_;
};

}  // namespace strata::engine::postgres
