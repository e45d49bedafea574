// CompareRows: type-aware cells, order, partial outputs and the difference table; and
// FreezeCurrentTime.
#include "testing/row_comparison.h"

#include <gtest/gtest.h>

#include "sql/generator.h"
#include "sql/parser.h"
#include "testing/unit_test_runner.h"

namespace strata {
namespace {

using engine::LogicalType;
using engine::TypeId;
using engine::Value;

engine::QueryResult Result2(std::vector<Value> a, std::vector<Value> b) {
  engine::QueryResult result;
  result.columns = {{"day", LogicalType(TypeId::kTimestamp)},
                    {"total", LogicalType(TypeId::kDouble)}};
  for (size_t i = 0; i < a.size(); ++i) {
    result.rows.push_back({a[i], b[i]});
  }
  return result;
}

constexpr int64_t kDay = int64_t{86400} * 1000000;

TEST(RowComparisonTest, TypeAwareAndOrderInsensitive) {
  engine::QueryResult actual =
      Result2({Value::Timestamp(20089 * kDay), Value::Timestamp(20090 * kDay)},
              {Value::Double(15.0), Value::Null(LogicalType(TypeId::kDouble))});
  ExpectedRows expected;
  expected.columns = {"day", "total"};
  expected.rows = {{"2025-01-02", std::nullopt}, {"2025-01-01 00:00:00", "15"}};
  EXPECT_EQ(CompareRows(actual, expected, {}), std::nullopt);
  CompareOptions ordered;
  ordered.ordered = true;
  EXPECT_NE(CompareRows(actual, expected, ordered), std::nullopt);
}

TEST(RowComparisonTest, DifferingCellsAreMarked) {
  engine::QueryResult actual =
      Result2({Value::Timestamp(20089 * kDay), Value::Timestamp(20090 * kDay)},
              {Value::Double(15.0), Value::Double(3.5)});
  ExpectedRows expected;
  expected.columns = {"day", "total"};
  expected.rows = {{"2025-01-01", "15.0"}, {"2025-01-02", "4"}};
  std::optional<std::string> difference = CompareRows(actual, expected, {});
  ASSERT_TRUE(difference.has_value());
  EXPECT_NE(difference->find("expected 2 rows, got 2; 1 matches"), std::string::npos)
      << *difference;
  EXPECT_NE(difference->find("| expected | 2025-01-02 00:00:00 | 4 ✘"), std::string::npos)
      << *difference;
  EXPECT_NE(difference->find("| actual   | 2025-01-02 00:00:00 | 3.5 ✘"), std::string::npos)
      << *difference;
}

TEST(RowComparisonTest, ColumnsPartialAndMissing) {
  engine::QueryResult actual = Result2({Value::Timestamp(0)}, {Value::Double(1)});
  ExpectedRows expected;
  expected.columns = {"total"};
  expected.rows = {{"1"}};
  std::optional<std::string> extra = CompareRows(actual, expected, {});
  ASSERT_TRUE(extra.has_value());
  EXPECT_NE(extra->find("the test does not list: day"), std::string::npos) << *extra;
  CompareOptions partial;
  partial.partial = true;
  EXPECT_EQ(CompareRows(actual, expected, partial), std::nullopt);
  expected.columns = {"nope"};
  std::optional<std::string> missing = CompareRows(actual, expected, partial);
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->find("no column nope; its columns are: day, total"), std::string::npos);
}

TEST(RowComparisonTest, CanonicalCells) {
  EXPECT_EQ(CanonicalCell(LogicalType::Decimal(10, 2), "15.00"), "15");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kBigInt), "007"), "7");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kDouble), "0.1"), "0.1");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kDate), "2025-01-01 00:00:00"), "2025-01-01");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kTimestampTz), "2025-01-01 06:00:00+00"),
            "2025-01-01 06:00:00");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kBoolean), "TRUE"), "true");
  EXPECT_EQ(CanonicalCell(LogicalType(TypeId::kVarchar), " x "), " x ");
}

TEST(FreezeCurrentTimeTest, ReplacesEveryCurrentTimeCall) {
  Result<sql::ParsedScript> script = sql::ParseOneStatement(
      "SELECT CURRENT_TIMESTAMP, now(), CURRENT_DATE, current_timestamp(), today(), "
      "LOCALTIMESTAMP, now FROM t");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  sql::Node* query = script->statements[0];
  EXPECT_EQ(FreezeCurrentTime(query, 20089 * kDay + 3600000000, script->arena.get()), 6);
  Result<std::string> sql = sql::Generate(query);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql,
            "SELECT CAST('2025-01-01 01:00:00+00' AS TIMESTAMPTZ), CAST('2025-01-01 01:00:00+00' "
            "AS TIMESTAMPTZ), CAST('2025-01-01' AS DATE), CAST('2025-01-01 01:00:00+00' AS "
            "TIMESTAMPTZ), CAST('2025-01-01' AS DATE), CAST('2025-01-01 01:00:00' AS TIMESTAMP), "
            "now FROM t");
}

}  // namespace
}  // namespace strata
