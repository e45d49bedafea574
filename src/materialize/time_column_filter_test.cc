#include "materialize/time_column_filter.h"

#include <gtest/gtest.h>

#include "base/time_parse.h"

namespace strata {
namespace {

int64_t At(const char* text) {
  Result<int64_t> t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : 0;
}

std::string Filter(const char* format, engine::TypeId type, const char* start, const char* end,
                   sql::DialectKind dialect = sql::DialectKind::kDuckDb) {
  project::TimeColumn column{"ds", format};
  Result<std::string> sql =
      TimeColumnFilter(column, engine::LogicalType(type), Interval{At(start), At(end)}, dialect);
  return sql.ok() ? *sql : sql.status().ToString();
}

TEST(FormatTimeWithFormatTest, EveryDirective) {
  const int64_t t = At("2024-03-05 07:08:09.012345");
  EXPECT_EQ(*FormatTimeWithFormat(t, "%Y-%m-%d %H:%M:%S.%f"), "2024-03-05 07:08:09.012345");
  EXPECT_EQ(*FormatTimeWithFormat(t, "%F %T"), "2024-03-05 07:08:09");
  EXPECT_EQ(*FormatTimeWithFormat(t, "%y/%j 100%%"), "24/065 100%");
  EXPECT_EQ(*FormatTimeWithFormat(At("2024-12-31"), "%j"), "366");
  EXPECT_EQ(FormatTimeWithFormat(t, "%A").status().code(), StatusCode::kUnsupported);
}

TEST(FormatSortsLikeTimeTest, MostSignificantFirstWithoutGaps) {
  EXPECT_TRUE(FormatSortsLikeTime("%Y-%m-%d"));
  EXPECT_TRUE(FormatSortsLikeTime("%Y%m%d%H"));
  EXPECT_TRUE(FormatSortsLikeTime("%F %T"));
  EXPECT_TRUE(FormatSortsLikeTime("%Y-%j"));
  EXPECT_TRUE(FormatSortsLikeTime("%Y-%m"));
  EXPECT_FALSE(FormatSortsLikeTime("%d/%m/%Y"));
  EXPECT_FALSE(FormatSortsLikeTime("%m/%d/%Y"));
  EXPECT_FALSE(FormatSortsLikeTime("%Y-%d"));
  EXPECT_FALSE(FormatSortsLikeTime("%y-%m-%d"));
  EXPECT_FALSE(FormatSortsLikeTime("no fields"));
}

TEST(TimeColumnFilterTest, DateColumnsCompareWholeDays) {
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kDate, "2025-01-01", "2025-01-08"),
            "\"ds\" BETWEEN DATE '2025-01-01' AND DATE '2025-01-07'");
  // An hour holds no midnight unless it starts at one: a date belongs to the interval that
  // contains its midnight, so hourly batches never overlap on a DATE column.
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kDate, "2025-01-01 05:00", "2025-01-01 06:00"),
            "\"ds\" BETWEEN DATE '2025-01-02' AND DATE '2025-01-01'");
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kDate, "2025-01-01 00:00", "2025-01-01 01:00"),
            "\"ds\" BETWEEN DATE '2025-01-01' AND DATE '2025-01-01'");
}

TEST(TimeColumnFilterTest, TimestampColumnsUseTheInclusiveEnd) {
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kTimestamp, "2025-01-01", "2025-01-02"),
            "\"ds\" BETWEEN TIMESTAMP '2025-01-01 00:00:00' AND TIMESTAMP '2025-01-01 "
            "23:59:59.999999'");
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kTimestampTz, "2025-01-01", "2025-01-02"),
            "\"ds\" BETWEEN TIMESTAMPTZ '2025-01-01 00:00:00+00' AND TIMESTAMPTZ '2025-01-01 "
            "23:59:59.999999+00'");
}

TEST(TimeColumnFilterTest, SortableTextComparesAsText) {
  EXPECT_EQ(Filter("%Y-%m-%d", engine::TypeId::kVarchar, "2025-01-01", "2025-01-08"),
            "\"ds\" BETWEEN '2025-01-01' AND '2025-01-07'");
  EXPECT_EQ(Filter("%Y%m%d", engine::TypeId::kVarchar, "2025-01-01", "2025-01-08",
                   sql::DialectKind::kPostgres),
            "\"ds\" COLLATE \"C\" BETWEEN '20250101' AND '20250107'");
  // A monthly text column and a mid-month start: the month named by the value starts before
  // the interval, so it is not in it.
  EXPECT_EQ(Filter("%Y-%m", engine::TypeId::kVarchar, "2025-01-15", "2025-03-01"),
            "\"ds\" BETWEEN '2025-02' AND '2025-02'");
}

TEST(TimeColumnFilterTest, OtherTextFormatsAreParsed) {
  EXPECT_EQ(Filter("%d/%m/%Y", engine::TypeId::kVarchar, "2025-01-01", "2025-01-02"),
            "strptime(\"ds\", '%d/%m/%Y') BETWEEN TIMESTAMP '2025-01-01 00:00:00' AND TIMESTAMP "
            "'2025-01-01 23:59:59.999999'");
  EXPECT_EQ(Filter("%d/%m/%Y %T", engine::TypeId::kVarchar, "2025-01-01", "2025-01-02",
                   sql::DialectKind::kPostgres),
            "CAST(to_timestamp(\"ds\", 'DD\"/\"MM\"/\"YYYY\" \"HH24:MI:SS') AS TIMESTAMP) BETWEEN "
            "TIMESTAMP '2025-01-01 00:00:00' AND TIMESTAMP '2025-01-01 23:59:59.999999'");
}

TEST(TimeColumnFilterTest, OtherTypesAreUnsupported) {
  std::string error = Filter("%Y", engine::TypeId::kInteger, "2025-01-01", "2025-01-02");
  EXPECT_NE(error.find("the time column ds has type INTEGER"), std::string::npos) << error;
  error = Filter("%Q", engine::TypeId::kVarchar, "2025-01-01", "2025-01-02");
  EXPECT_NE(error.find("%Q"), std::string::npos) << error;
}

}  // namespace
}  // namespace strata
