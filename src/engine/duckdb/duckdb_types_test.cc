// Every DuckDB type strata reads: stored in a real database file, read back through the adapter,
// checked as exact C++ values, as text, and as NULL.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "engine/duckdb/duckdb_test_util.h"
#include "engine/int128.h"

namespace strata::engine::duckdb {
namespace {

class DuckDbTypesTest : public DuckDbFileTest {
 protected:
  // Stores `literal` and a NULL in a `sql_type` column, then checks what comes back.
  void ExpectRoundTrip(const std::string& sql_type, const std::string& literal,
                       const Value& expected, const std::string& text) {
    SCOPED_TRACE(sql_type + " " + literal);
    const std::string table = "t" + std::to_string(++tables_);
    Exec("CREATE TABLE " + table + " (id INTEGER, v " + sql_type + ")");
    Exec("INSERT INTO " + table + " VALUES (1, " + literal + "), (2, NULL)");
    QueryResult r = Rows("SELECT v FROM " + table + " ORDER BY id");
    ASSERT_EQ(r.rows.size(), 2u);
    ASSERT_EQ(r.columns.size(), 1u);
    EXPECT_EQ(r.columns[0].type, expected.type()) << r.columns[0].type.ToString();
    EXPECT_EQ(r.rows[0][0], expected) << r.rows[0][0].ToString();
    EXPECT_EQ(r.rows[0][0].ToString(), text);
    EXPECT_TRUE(r.rows[1][0].is_null());
    EXPECT_EQ(r.rows[1][0].type(), expected.type());
  }

  int tables_ = 0;
};

constexpr int64_t kDay = 86400000000LL;

TEST_F(DuckDbTypesTest, BooleanAndIntegers) {
  ExpectRoundTrip("BOOLEAN", "true", Value::Boolean(true), "true");
  ExpectRoundTrip("TINYINT", "-128", Value::Integer(-128, TypeId::kTinyInt), "-128");
  ExpectRoundTrip("SMALLINT", "-32768", Value::Integer(-32768, TypeId::kSmallInt), "-32768");
  ExpectRoundTrip("INTEGER", "-2147483648", Value::Integer(-2147483648LL, TypeId::kInteger),
                  "-2147483648");
  ExpectRoundTrip("BIGINT", "-9223372036854775808",
                  Value::Integer(std::numeric_limits<int64_t>::min(), TypeId::kBigInt),
                  "-9223372036854775808");
  ExpectRoundTrip("UTINYINT", "255", Value::Unsigned(255, TypeId::kUTinyInt), "255");
  ExpectRoundTrip("USMALLINT", "65535", Value::Unsigned(65535, TypeId::kUSmallInt), "65535");
  ExpectRoundTrip("UINTEGER", "4294967295", Value::Unsigned(4294967295ULL, TypeId::kUInteger),
                  "4294967295");
  ExpectRoundTrip("UBIGINT", "18446744073709551615",
                  Value::Unsigned(std::numeric_limits<uint64_t>::max(), TypeId::kUBigInt),
                  "18446744073709551615");
}

TEST_F(DuckDbTypesTest, HugeIntegers) {
  const Int128 max = static_cast<Int128>((~UInt128{0}) >> 1);
  ExpectRoundTrip("HUGEINT", "-170141183460469231731687303715884105728", Value::HugeInt(-max - 1),
                  "-170141183460469231731687303715884105728");
  ExpectRoundTrip("HUGEINT", "-1", Value::HugeInt(-1), "-1");
  ExpectRoundTrip("HUGEINT", "18446744073709551616", Value::HugeInt(Int128{1} << 64),
                  "18446744073709551616");
  ExpectRoundTrip("UHUGEINT", "340282366920938463463374607431768211455",
                  Value::UHugeInt(~UInt128{0}), "340282366920938463463374607431768211455");
}

TEST_F(DuckDbTypesTest, DecimalsOfEveryStorageWidth) {
  ExpectRoundTrip("DECIMAL(4,1)", "-123.4", Value::Decimal(-1234, 4, 1), "-123.4");
  ExpectRoundTrip("DECIMAL(5,3)", "12.34", Value::Decimal(12340, 5, 3), "12.340");
  ExpectRoundTrip("DECIMAL(9,3)", "-123456.789", Value::Decimal(-123456789, 9, 3), "-123456.789");
  ExpectRoundTrip("DECIMAL(18,3)", "123456789012345.678",
                  Value::Decimal(123456789012345678LL, 18, 3), "123456789012345.678");
  // DuckDB rounds the literal to 10 digits: 12345678901234567890123456789 unscaled.
  const Int128 big = static_cast<Int128>(12345678901234567890ULL) * 1000000000 + 123456789;
  ExpectRoundTrip("DECIMAL(38,10)", "-1234567890123456789.0123456789012345678",
                  Value::Decimal(-big, 38, 10), "-1234567890123456789.0123456789");
  ExpectRoundTrip("DECIMAL(3,3)", "-0.005", Value::Decimal(-5, 3, 3), "-0.005");
}

TEST_F(DuckDbTypesTest, FloatingPoint) {
  ExpectRoundTrip("FLOAT", "1.1", Value::Float(1.1f), "1.1");
  ExpectRoundTrip("DOUBLE", "0.1", Value::Double(0.1), "0.1");
  ExpectRoundTrip("DOUBLE", "1e20", Value::Double(1e20), "1e+20");
  ExpectRoundTrip("DOUBLE", "'-inf'", Value::Double(-std::numeric_limits<double>::infinity()),
                  "-inf");
}

TEST_F(DuckDbTypesTest, TextKeepsQuotesUnicodeAndNul) {
  ExpectRoundTrip("VARCHAR", "'it''s \"q\"'", Value::Varchar("it's \"q\""), "it's \"q\"");
  ExpectRoundTrip("VARCHAR", "''", Value::Varchar(""), "");
  ExpectRoundTrip("VARCHAR", "'héllo wörld ✓ 😀 long enough to leave the inline form'",
                  Value::Varchar("héllo wörld ✓ 😀 long enough to leave the inline form"),
                  "héllo wörld ✓ 😀 long enough to leave the inline form");
  ExpectRoundTrip("VARCHAR", "'a' || chr(0) || 'b'", Value::Varchar(std::string("a\0b", 3)),
                  std::string("a\0b", 3));
  ExpectRoundTrip("VARCHAR", "'exactly12chr'", Value::Varchar("exactly12chr"), "exactly12chr");
  ExpectRoundTrip("VARCHAR", "'thirteen chrs'", Value::Varchar("thirteen chrs"), "thirteen chrs");
  ExpectRoundTrip("BLOB", "'\\xAB\\x00z'::BLOB", Value::Blob(std::string("\xAB\0z", 3)),
                  "\\xAB\\x00z");
}

TEST_F(DuckDbTypesTest, DatesTimesAndIntervals) {
  ExpectRoundTrip("DATE", "'2025-01-31'", Value::Date(20119), "2025-01-31");
  ExpectRoundTrip("DATE", "'1969-12-31'", Value::Date(-1), "1969-12-31");
  ExpectRoundTrip("TIME", "'12:34:56.789'", Value::Time(45296789000LL), "12:34:56.789000");
  const int64_t ts = 20119 * kDay + 12 * 3600000000LL + 123456;
  ExpectRoundTrip("TIMESTAMP", "'2025-01-31 12:00:00.123456'", Value::Timestamp(ts),
                  "2025-01-31 12:00:00.123456");
  ExpectRoundTrip("TIMESTAMP", "'1969-12-31 23:59:59.5'", Value::Timestamp(-500000),
                  "1969-12-31 23:59:59.500000");
  ExpectRoundTrip("TIMESTAMP_S", "'2025-01-31 12:00:01'",
                  Value::Timestamp(20119 * kDay + 12 * 3600000000LL + 1000000),
                  "2025-01-31 12:00:01");
  ExpectRoundTrip("TIMESTAMP_MS", "'2025-01-31 12:00:00.123'",
                  Value::Timestamp(20119 * kDay + 12 * 3600000000LL + 123000),
                  "2025-01-31 12:00:00.123000");
  ExpectRoundTrip("TIMESTAMP_NS", "'2025-01-31 12:00:00.123456789'",
                  Value::Timestamp(20119 * kDay + 12 * 3600000000LL + 123456),
                  "2025-01-31 12:00:00.123456");
  ExpectRoundTrip("TIMESTAMP", "'infinity'", Value::Timestamp(std::numeric_limits<int64_t>::max()),
                  "infinity");
  // Stored as an instant: 12:00 at +02 is 10:00 UTC.
  ExpectRoundTrip("TIMESTAMPTZ", "'2025-01-31 12:00:00+02'",
                  Value::TimestampTz(20119 * kDay + 10 * 3600000000LL), "2025-01-31 10:00:00+00");
  ExpectRoundTrip("INTERVAL", "INTERVAL '1 year 2 months 3 days 04:05:06.5'",
                  Value::Interval({14, 3, 14706500000LL}), "1 year 2 months 3 days 04:05:06.5");
}

TEST_F(DuckDbTypesTest, UuidAndEnum) {
  const UInt128 uuid = (static_cast<UInt128>(0x123e4567e89b12d3ULL) << 64) | 0xa456426614174000ULL;
  ExpectRoundTrip("UUID", "'123e4567-e89b-12d3-a456-426614174000'", Value::Uuid(uuid),
                  "123e4567-e89b-12d3-a456-426614174000");
  // The top bit is where DuckDB's storage differs from the UUID's bytes.
  const UInt128 high = (static_cast<UInt128>(0xffffffffffffffffULL) << 64) | 1;
  ExpectRoundTrip("UUID", "'ffffffff-ffff-ffff-0000-000000000001'", Value::Uuid(high),
                  "ffffffff-ffff-ffff-0000-000000000001");
  ExpectRoundTrip("UUID", "'00000000-0000-0000-0000-000000000000'", Value::Uuid(0),
                  "00000000-0000-0000-0000-000000000000");

  Exec("CREATE TYPE mood AS ENUM ('sad', 'o''k', 'happy')");
  LogicalType mood;
  mood.id = TypeId::kEnum;
  mood.engine_name = "ENUM('sad', 'o''k', 'happy')";
  ExpectRoundTrip("mood", "'o''k'", Value::Enum("o'k", ShareType(mood)), "o'k");
}

TEST_F(DuckDbTypesTest, ListsStructsMapsAndArrays) {
  const LogicalType integer{TypeId::kInteger};
  const LogicalType varchar{TypeId::kVarchar};
  ExpectRoundTrip("INTEGER[]", "[1, NULL, 3]",
                  Value::List(integer, {Value::Integer(1, TypeId::kInteger), Value::Null(integer),
                                        Value::Integer(3, TypeId::kInteger)}),
                  "[1, NULL, 3]");
  ExpectRoundTrip("INTEGER[]", "[]", Value::List(integer, {}), "[]");
  LogicalType int_list;
  int_list.id = TypeId::kList;
  int_list.children.emplace_back("", integer);
  ExpectRoundTrip(
      "INTEGER[][]", "[[1], NULL, [], [2, 3]]",
      Value::List(int_list, {Value::List(integer, {Value::Integer(1, TypeId::kInteger)}),
                             Value::Null(int_list), Value::List(integer, {}),
                             Value::List(integer, {Value::Integer(2, TypeId::kInteger),
                                                   Value::Integer(3, TypeId::kInteger)})}),
      "[[1], NULL, [], [2, 3]]");
  ExpectRoundTrip("VARCHAR[]", "['a,b', NULL, 'a string longer than twelve']",
                  Value::List(varchar, {Value::Varchar("a,b"), Value::Null(varchar),
                                        Value::Varchar("a string longer than twelve")}),
                  "['a,b', NULL, a string longer than twelve]");
  ExpectRoundTrip(
      "STRUCT(a INTEGER, b VARCHAR)", "{'a': 1, 'b': NULL}",
      Value::Struct({{"a", Value::Integer(1, TypeId::kInteger)}, {"b", Value::Null(varchar)}}),
      "{'a': 1, 'b': NULL}");
  ExpectRoundTrip("STRUCT(a INTEGER[], s STRUCT(x VARCHAR))", "{'a': [7], 's': {'x': 'y'}}",
                  Value::Struct({{"a", Value::List(integer, {Value::Integer(7, TypeId::kInteger)})},
                                 {"s", Value::Struct({{"x", Value::Varchar("y")}})}}),
                  "{'a': [7], 's': {'x': y}}");
  ExpectRoundTrip("MAP(VARCHAR, INTEGER)", "MAP {'k': 1, 'n': NULL}",
                  Value::Map(varchar, integer,
                             {{Value::Varchar("k"), Value::Integer(1, TypeId::kInteger)},
                              {Value::Varchar("n"), Value::Null(integer)}}),
                  "{k=1, n=NULL}");
  ExpectRoundTrip("INTEGER[3]", "[1, NULL, 3]",
                  Value::List(integer, {Value::Integer(1, TypeId::kInteger), Value::Null(integer),
                                        Value::Integer(3, TypeId::kInteger)}),
                  "[1, NULL, 3]");
}

TEST_F(DuckDbTypesTest, NullStructsAndNullsInsideNestedValues) {
  QueryResult r = Rows(
      "SELECT * FROM (VALUES (1, {'a': 1}), (2, NULL), (3, {'a': NULL})) t(id, s) ORDER BY id");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0][1].ToString(), "{'a': 1}");
  EXPECT_TRUE(r.rows[1][1].is_null());
  EXPECT_EQ(r.rows[1][1].type().id, TypeId::kStruct);
  EXPECT_FALSE(r.rows[2][1].is_null());
  EXPECT_TRUE(r.rows[2][1].AsStruct()[0].second.is_null());
}

TEST_F(DuckDbTypesTest, TypesStrataDoesNotModelAreReadAsText) {
  Value bit = One("'10110'::BIT");
  EXPECT_EQ(bit.type().id, TypeId::kOther);
  EXPECT_EQ(bit.type().engine_name, "BIT");
  EXPECT_EQ(bit.ToString(), "10110");
  EXPECT_EQ(One("'1'::BIT").ToString(), "1");
  EXPECT_EQ(One("'101010101'::BIT").ToString(), "101010101");
  EXPECT_EQ(One("TIMETZ '12:00:00+05'").ToString(), "12:00:00+05");
  EXPECT_EQ(One("TIMETZ '12:00:00.5-05:30'").ToString(), "12:00:00.5-05:30");
  for (const char* n : {"0", "1", "-1", "255", "-256", "123456789012345678901234567890",
                        "-123456789012345678901234567890"}) {
    EXPECT_EQ(One(std::string("'") + n + "'::BIGNUM").ToString(), n);
  }
  Value u = One("union_value(num := 2)::UNION(num INTEGER, str VARCHAR)");
  EXPECT_EQ(u.type().id, TypeId::kOther);
  EXPECT_EQ(u.type().engine_name, "UNION(num INTEGER, str VARCHAR)");
  EXPECT_EQ(u.ToString(), "2");
  EXPECT_TRUE(One("NULL::BIT").is_null());
}

TEST_F(DuckDbTypesTest, UntypedNull) {
  Value v = One("NULL");
  EXPECT_TRUE(v.is_null());
}

// Value::ToString matches DuckDB's own CAST(x AS VARCHAR) (times aside: strata prints six
// sub-second digits where DuckDB trims them).
TEST_F(DuckDbTypesTest, TextMatchesDuckDbCast) {
  const std::vector<std::string> expressions = {
      "42",
      "-7::TINYINT",
      "true",
      "1.5::DOUBLE",
      "0.1::DOUBLE",
      "1e20::DOUBLE",
      "100.0::DOUBLE",
      "1e15::DOUBLE",
      "1e16::DOUBLE",
      "1e-5::DOUBLE",
      "0.0001::DOUBLE",
      "-0.0::DOUBLE",
      "'nan'::DOUBLE",
      "'inf'::DOUBLE",
      "1/3",
      "123456789012345678::DOUBLE",
      "5e-324::DOUBLE",
      "1.7976931348623157e308::DOUBLE",
      "1.1::FLOAT",
      "3::FLOAT",
      "16777217::FLOAT",
      "0.3::FLOAT",
      "12.340::DECIMAL(5,3)",
      "-0.5::DECIMAL(5,3)",
      "170141183460469231731687303715884105727::HUGEINT",
      "340282366920938463463374607431768211455::UHUGEINT",
      "'abc'",
      "'\\xAB\\x00 z\"'::BLOB",
      "DATE '2025-01-31'",
      "DATE '-0044-03-15'",
      "'-infinity'::DATE",
      "TIMESTAMP '2020-01-01'",
      "TIMESTAMP '0001-01-01' - INTERVAL 1 day",
      "INTERVAL '1 year 2 months 3 days 04:05:06'",
      "INTERVAL '0 seconds'",
      "INTERVAL '-1 day'",
      "INTERVAL '1.5 seconds'",
      "INTERVAL '-1.5 seconds'",
      "INTERVAL '50 hours'",
      "INTERVAL '-13 months'",
      "INTERVAL '1 month' - INTERVAL '1 day'",
      "INTERVAL '25 months 1 day 1 hour 0.000123 seconds'",
      "'123e4567-e89b-12d3-a456-426614174000'::UUID",
      "[1, 2, NULL]",
      "['a', 'b c', '', NULL, 'x,y', 'q''r', '[', 'NULL', ' a', 'a ', 'a:b', 'a=b', 'a\\b']",
      "{'a': 1, 'b': 'hello', 'c': NULL}",
      "{'x y': 'a,b', 'q''k': 'v', 'a\\b': 'w'}",
      "MAP {'k': 1, 'k2': NULL}",
      "MAP {'a,b': 'c=d', 'k': ''}",
      "[[1], [2, 3], []]",
      "[{'a': 1}]",
      "{'l': [1.5, 2]}",
      "[1.5::DOUBLE, 2]",
      "['2020-01-01'::DATE]",
      "[1, 2]::INTEGER[2]",
      "[' '::BLOB, '\\x00'::BLOB]",
      "[INTERVAL 1 day]",
      "MAP {1: [1]}",
      "'1010'::BIT",
      "TIMETZ '12:00:00+05'",
      "'-12345678901234567890'::BIGNUM",
  };
  for (const std::string& expr : expressions) {
    QueryResult r = Rows("SELECT " + expr + ", CAST((" + expr + ") AS VARCHAR)");
    ASSERT_EQ(r.rows.size(), 1u) << expr;
    EXPECT_EQ(r.rows[0][0].ToString(), r.rows[0][1].AsString()) << expr;
  }
}

TEST_F(DuckDbTypesTest, ColumnNamesAndTypes) {
  QueryResult r = Rows(
      "SELECT 1::INTEGER AS a, 'x' AS \"b c\", [1.5]::DECIMAL(4,2)[] AS l, "
      "MAP {'k': 1} AS m");
  ASSERT_EQ(r.columns.size(), 4u);
  EXPECT_EQ(r.columns[0].name, "a");
  EXPECT_EQ(r.columns[1].name, "b c");
  EXPECT_EQ(r.columns[0].type.ToString(), "INTEGER");
  EXPECT_EQ(r.columns[1].type.ToString(), "VARCHAR");
  EXPECT_EQ(r.columns[2].type.ToString(), "DECIMAL(4,2)[]");
  EXPECT_EQ(r.columns[3].type.ToString(), "MAP(VARCHAR, INTEGER)");
}

}  // namespace
}  // namespace strata::engine::duckdb
