// TextColumnReader without a server: PostgreSQL's text forms (as the adapter's session settings
// make the server print them) read into Values, and malformed text rejected.
#include "engine/postgres/text_column_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "base/time.h"

namespace strata::engine::postgres {
namespace {

Value Read(const LogicalType& type, std::string_view text) {
  Result<Value> value = TextColumnReader(type).Read(text);
  EXPECT_TRUE(value.ok()) << text << ": " << value.status().ToString();
  return value.ok() ? *value : Value();
}

bool Fails(const LogicalType& type, std::string_view text) {
  Result<Value> value = TextColumnReader(type).Read(text);
  return !value.ok() && value.status().code() == StatusCode::kEngineError;
}

int64_t Days(int64_t year, int month, int day) { return DaysFromCivil({year, month, day}); }

TEST(TextColumnReaderTest, Dates) {
  EXPECT_EQ(*ParseDate("2025-01-31"), Days(2025, 1, 31));
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  // 44 BC is astronomical year -43.
  EXPECT_EQ(*ParseDate("0044-03-15 BC"), Days(-43, 3, 15));
  EXPECT_EQ(*ParseDate("0001-12-31 BC"), Days(0, 12, 31));
  EXPECT_EQ(*ParseDate("4713-01-01 BC"), Days(-4712, 1, 1));
  EXPECT_EQ(*ParseDate("12345-06-07"), Days(12345, 6, 7));
  EXPECT_EQ(*ParseDate("infinity"), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(*ParseDate("-infinity"), -std::numeric_limits<int32_t>::max());
  EXPECT_EQ(Read(LogicalType(TypeId::kDate), "0044-03-15 BC").ToString(), "0044-03-15 (BC)");
  for (const char* bad :
       {"", "2025-1-31", "2025-02-30", "2025-13-01", "01/31/2025", "2025-01-31x", "0000-01-01"}) {
    EXPECT_FALSE(ParseDate(bad).ok()) << bad;
  }
}

TEST(TextColumnReaderTest, TimesAndTimestamps) {
  EXPECT_EQ(*ParseTime("13:45:00"), 13 * kMicrosPerHour + 45 * kMicrosPerMinute);
  EXPECT_EQ(*ParseTime("00:00:00.25"), 250000);
  EXPECT_EQ(*ParseTime("23:59:59.999999"), kMicrosPerDay - 1);
  EXPECT_EQ(*ParseTime("24:00:00"), kMicrosPerDay);
  EXPECT_FALSE(ParseTime("24:00:01").ok());
  EXPECT_FALSE(ParseTime("12:00:00.1234567").ok());

  const int64_t day = Days(2025, 1, 31) * kMicrosPerDay;
  EXPECT_EQ(*ParseTimestamp("2025-01-31 12:00:00", false), day + 12 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("2025-01-31 12:00:00.000001", false), day + 12 * kMicrosPerHour + 1);
  EXPECT_EQ(*ParseTimestamp("1969-12-31 23:59:59.5", false), -500000);
  EXPECT_EQ(*ParseTimestamp("0044-03-15 12:00:00 BC", false),
            Days(-43, 3, 15) * kMicrosPerDay + 12 * kMicrosPerHour);
  // Offsets are read and removed: every TIMESTAMPTZ is UTC inside strata.
  EXPECT_EQ(*ParseTimestamp("2025-01-31 12:00:00+00", true), day + 12 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("2025-01-31 12:00:00+05:30", true),
            day + 6 * kMicrosPerHour + 30 * kMicrosPerMinute);
  EXPECT_EQ(*ParseTimestamp("2025-01-31 12:00:00-08", true), day + 20 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("1900-01-01 00:00:00+00:09:21", true),
            Days(1900, 1, 1) * kMicrosPerDay - (9 * 60 + 21) * kMicrosPerSecond);
  EXPECT_EQ(*ParseTimestamp("0044-03-15 12:00:00+00 BC", true),
            Days(-43, 3, 15) * kMicrosPerDay + 12 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("infinity", true), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*ParseTimestamp("-infinity", false), -std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseTimestamp("2025-01-31 12:00:00", true).ok());  // no offset
  EXPECT_FALSE(ParseTimestamp("2025-01-31T12:00:00", false).ok());
  // Beyond int64 microseconds since 1970 (PostgreSQL counts from 2000).
  EXPECT_FALSE(ParseTimestamp("294276-12-31 23:59:59", false).ok());
}

TEST(TextColumnReaderTest, Intervals) {
  EXPECT_EQ(*ParseInterval("P1Y2M3DT4H5M6.5S"),
            (IntervalValue{14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'500'000}));
  EXPECT_EQ(*ParseInterval("PT0S"), (IntervalValue{0, 0, 0}));
  EXPECT_EQ(*ParseInterval("P-1Y-2M3DT-4H-5M-6.5S"),
            (IntervalValue{-14, 3, -(4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'500'000)}));
  EXPECT_EQ(*ParseInterval("P-1DT-0.000001S"), (IntervalValue{0, -1, -1}));
  EXPECT_EQ(*ParseInterval("PT2562047788H54.775807S"),
            (IntervalValue{0, 0, std::numeric_limits<int64_t>::max()}));
  for (const char* bad : {"", "P", "1 day", "P1H", "PT1D", "P1.5D", "P1DT"}) {
    EXPECT_FALSE(ParseInterval(bad).ok()) << bad;
  }
}

TEST(TextColumnReaderTest, Scalars) {
  EXPECT_EQ(Read(LogicalType(TypeId::kBoolean), "t"), Value::Boolean(true));
  EXPECT_EQ(Read(LogicalType(TypeId::kBoolean), "f"), Value::Boolean(false));
  EXPECT_EQ(Read(LogicalType(TypeId::kSmallInt), "-32768"),
            Value::Integer(-32768, TypeId::kSmallInt));
  EXPECT_EQ(Read(LogicalType(TypeId::kBigInt), "-9223372036854775808"),
            Value::Integer(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(Read(LogicalType(TypeId::kDouble), "1e+308"), Value::Double(1e308));
  EXPECT_EQ(Read(LogicalType(TypeId::kDouble), "-Infinity"),
            Value::Double(-std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(std::isnan(Read(LogicalType(TypeId::kFloat), "NaN").AsDouble()));
  EXPECT_EQ(Read(LogicalType(TypeId::kFloat), "0.1"), Value::Float(0.1f));
  EXPECT_EQ(Read(LogicalType::Decimal(10, 3), "-12.340"), Value::Decimal(-12340, 10, 3));
  EXPECT_EQ(Read(LogicalType::Decimal(38, 0), "99999999999999999999999999999999999999").ToString(),
            "99999999999999999999999999999999999999");
  EXPECT_EQ(Read(LogicalType(TypeId::kBlob), "\\x00ff41"), Value::Blob(std::string("\0\xff"
                                                                                   "A",
                                                                                   3)));
  EXPECT_EQ(Read(LogicalType(TypeId::kBlob), "\\x"), Value::Blob(""));
  EXPECT_EQ(Read(LogicalType(TypeId::kUuid), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").ToString(),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(Read(LogicalType(TypeId::kVarchar), "it's \"x\""), Value::Varchar("it's \"x\""));

  EXPECT_TRUE(Fails(LogicalType(TypeId::kBoolean), "true"));
  EXPECT_TRUE(Fails(LogicalType(TypeId::kInteger), "1.5"));
  EXPECT_TRUE(Fails(LogicalType::Decimal(10, 2), "1.234"));
  EXPECT_TRUE(Fails(LogicalType::Decimal(10, 2), "NaN"));
  EXPECT_TRUE(Fails(LogicalType(TypeId::kBlob), "\\x0"));
  EXPECT_TRUE(Fails(LogicalType(TypeId::kBlob), "abc"));
  EXPECT_TRUE(Fails(LogicalType(TypeId::kUuid), "a0eebc99"));
}

TEST(TextColumnReaderTest, Arrays) {
  const LogicalType ints = LogicalType::List(LogicalType(TypeId::kInteger));
  EXPECT_EQ(Read(ints, "{1,2,NULL}").ToString(), "[1, 2, NULL]");
  EXPECT_EQ(Read(ints, "{}").AsList().size(), 0u);
  EXPECT_EQ(Read(ints, "[0:1]={7,8}").ToString(), "[7, 8]");

  const LogicalType texts = LogicalType::List(LogicalType(TypeId::kVarchar));
  Value v = Read(texts, R"({"a b","c\"d","e\\f",NULL,"NULL",plain,""})");
  ASSERT_EQ(v.AsList().size(), 7u);
  EXPECT_EQ(v.AsList()[0], Value::Varchar("a b"));
  EXPECT_EQ(v.AsList()[1], Value::Varchar("c\"d"));
  EXPECT_EQ(v.AsList()[2], Value::Varchar("e\\f"));
  EXPECT_TRUE(v.AsList()[3].is_null());
  EXPECT_EQ(v.AsList()[4], Value::Varchar("NULL"));  // quoted: the word, not a NULL
  EXPECT_EQ(v.AsList()[5], Value::Varchar("plain"));
  EXPECT_EQ(v.AsList()[6], Value::Varchar(""));

  EXPECT_EQ(ArrayDimensions("{{1,2},{3,4}}"), 2);
  EXPECT_EQ(ArrayDimensions("[1:2][1:1]={{1},{2}}"), 2);
  EXPECT_EQ(ArrayDimensions("{}"), 1);
  const LogicalType matrix = LogicalType::List(ints);
  Value m = Read(matrix, "{{1,2},{3,NULL}}");
  EXPECT_EQ(m.ToString(), "[[1, 2], [3, NULL]]");
  EXPECT_EQ(m.type(), matrix);
  EXPECT_EQ(m.AsList()[0].type(), ints);

  const LogicalType bytes = LogicalType::List(LogicalType(TypeId::kBlob));
  EXPECT_EQ(Read(bytes, R"({"\\x41",NULL})").AsList()[0], Value::Blob("A"));

  for (const char* bad : {"", "{", "{1,2", "1,2}", "{1}x", "{{1}}", "{a}", "{1,,2}"}) {
    EXPECT_TRUE(Fails(ints, bad)) << bad;
  }
}

}  // namespace
}  // namespace strata::engine::postgres
