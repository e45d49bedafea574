#include "cli/sql_log.h"

#include <gtest/gtest.h>

namespace strata::cli {
namespace {

TEST(SqlLogTest, OneLineWithTimeEngineAndCollapsedText) {
  engine::ObservedStatement statement;
  statement.sql = "DELETE FROM t\n  WHERE  ds = 1";
  statement.seconds = 0.00125;
  EXPECT_EQ(SqlLogLine(statement, 400),
            "sql          1.25 ms  duckdb   DELETE FROM t WHERE ds = 1");
  statement.engine = engine::EngineType::kPostgres;
  statement.ok = false;
  statement.bound_only = true;
  EXPECT_EQ(SqlLogLine(statement, 400),
            "describe     1.25 ms  postgres failed: DELETE FROM t WHERE ds = 1");
}

TEST(SqlLogTest, LongStatementsAreCut) {
  engine::ObservedStatement statement;
  statement.sql = "SELECT 1234567890";
  EXPECT_EQ(SqlLogLine(statement, 10), "sql          0.00 ms  duckdb   SELECT 123…");
  EXPECT_EQ(SqlLogLine(statement, std::string::npos),
            "sql          0.00 ms  duckdb   SELECT 1234567890");
}

}  // namespace
}  // namespace strata::cli
