// Every PostgreSQL type of the DuckDB list read back from a real server: values at their limits,
// NULLs, unicode and quoting, numeric precision, dates before Christ and infinities, intervals,
// arrays with NULL elements and several dimensions, and types strata reads as text.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "base/time.h"
#include "engine/postgres/postgres_test_util.h"

namespace strata::engine::postgres {
namespace {

class PostgresTypesTest : public PostgresTest {
 protected:
  // `SELECT expr` returns `expected`, printed as `text`, with a column of `expected`'s type.
  void Expect(const std::string& expr, const Value& expected, const std::string& text) {
    QueryResult r = Rows("SELECT " + expr + " AS v");
    ASSERT_EQ(r.rows.size(), 1u) << expr;
    EXPECT_EQ(r.rows[0][0], expected) << expr << " gave " << r.rows[0][0].ToString();
    EXPECT_EQ(r.rows[0][0].ToString(), text) << expr;
    EXPECT_EQ(r.columns[0].type, expected.type()) << expr << ": " << r.columns[0].type.ToString();
  }

  // `SELECT expr` returns a value of type `type` printed as `text`.
  void ExpectText(const std::string& expr, const std::string& type, const std::string& text) {
    QueryResult r = Rows("SELECT " + expr + " AS v");
    ASSERT_EQ(r.rows.size(), 1u) << expr;
    EXPECT_EQ(r.columns[0].type.ToString(), type) << expr;
    EXPECT_EQ(r.rows[0][0].ToString(), text) << expr;
  }
};

int64_t Days(int64_t year, int month, int day) { return DaysFromCivil({year, month, day}); }

TEST_F(PostgresTypesTest, BooleansAndIntegers) {
  Expect("true", Value::Boolean(true), "true");
  Expect("false", Value::Boolean(false), "false");
  Expect("(-32768)::int2", Value::Integer(-32768, TypeId::kSmallInt), "-32768");
  Expect("2147483647::int4", Value::Integer(2147483647, TypeId::kInteger), "2147483647");
  Expect("(-9223372036854775808)::int8", Value::Integer(std::numeric_limits<int64_t>::min()),
         "-9223372036854775808");
  Expect("4294967295::oid", Value::Unsigned(4294967295u, TypeId::kUInteger), "4294967295");
}

TEST_F(PostgresTypesTest, Numerics) {
  Expect("12.340::numeric(5,3)", Value::Decimal(12340, 5, 3), "12.340");
  Expect("(-0.05)::numeric(4,2)", Value::Decimal(-5, 4, 2), "-0.05");
  ExpectText("(-99999999999999999999999999999999999999)::numeric(38,0)", "DECIMAL(38,0)",
             "-99999999999999999999999999999999999999");
  ExpectText("0.00000000000000000000000000000000000001::numeric(38,38)", "DECIMAL(38,38)",
             "0.00000000000000000000000000000000000001");
}

TEST_F(PostgresTypesTest, NumericsBeyondDecimalAreExactText) {
  ExpectText("123456789012345678901234567890.123456789::numeric", "numeric",
             "123456789012345678901234567890.123456789");
  ExpectText("1.5::numeric(50,3)", "numeric(50,3)", "1.500");
  ExpectText("'NaN'::numeric", "numeric", "NaN");
  ExpectText("(SELECT sum(x) FROM (VALUES (1::int8), (2)) t(x))", "numeric", "3");
  // NaN in a DECIMAL has no strata value: an error that says what to do.
  auto nan = db_->Query("SELECT 'NaN'::numeric(10,2)");
  EXPECT_EQ(nan.status().code(), StatusCode::kEngineError);
  EXPECT_FALSE(nan.status().hint().empty());
}

TEST_F(PostgresTypesTest, Floats) {
  Expect("0.1::float8", Value::Double(0.1), "0.1");
  Expect("1e308::float8", Value::Double(1e308), "1e+308");
  Expect("'-Infinity'::float8", Value::Double(-std::numeric_limits<double>::infinity()), "-inf");
  Expect("0.1::float4", Value::Float(0.1f), "0.1");
  Expect("'NaN'::float4", Value::Float(std::numeric_limits<float>::quiet_NaN()), "nan");
  Expect("5e-324::float8", Value::Double(5e-324), "5e-324");
}

TEST_F(PostgresTypesTest, Text) {
  Expect("'héllo wörld 🎉 日本'::text", Value::Varchar("héllo wörld 🎉 日本"),
         "héllo wörld 🎉 日本");
  Expect("'it''s \"quoted\" \\ back'::varchar(40)", Value::Varchar("it's \"quoted\" \\ back"),
         "it's \"quoted\" \\ back");
  Expect("''::text", Value::Varchar(""), "");
  Expect("'ab'::char(4)", Value::Varchar("ab  "), "ab  ");
  Expect("'pg_class'::name", Value::Varchar("pg_class"), "pg_class");
  Expect("'line1' || chr(10) || 'line2'", Value::Varchar("line1\nline2"), "line1\nline2");
}

TEST_F(PostgresTypesTest, Bytea) {
  QueryResult r = Rows(
      "SELECT string_agg(set_byte('\\x00'::bytea, 0, i), ''::bytea ORDER BY i) "
      "FROM generate_series(0, 255) AS g(i)");
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  EXPECT_EQ(r.rows[0][0], Value::Blob(all));
  Expect("''::bytea", Value::Blob(""), "");
}

TEST_F(PostgresTypesTest, DatesAndTimes) {
  Expect("DATE '2025-01-31'", Value::Date(static_cast<int32_t>(Days(2025, 1, 31))), "2025-01-31");
  Expect("DATE '0044-03-15 BC'", Value::Date(static_cast<int32_t>(Days(-43, 3, 15))),
         "0044-03-15 (BC)");
  Expect("DATE '4713-01-01 BC'", Value::Date(static_cast<int32_t>(Days(-4712, 1, 1))),
         "4713-01-01 (BC)");
  Expect("'infinity'::date", Value::Date(std::numeric_limits<int32_t>::max()), "infinity");
  Expect("'-infinity'::date", Value::Date(-std::numeric_limits<int32_t>::max()), "-infinity");
  Expect("TIME '13:45:06.5'", Value::Time(13 * kMicrosPerHour + 45 * kMicrosPerMinute + 6'500'000),
         "13:45:06.500000");
  Expect("TIME '24:00:00'", Value::Time(kMicrosPerDay), "24:00:00");
  Expect("TIMESTAMP '2025-01-31 12:00:00.000001'",
         Value::Timestamp(Days(2025, 1, 31) * kMicrosPerDay + 12 * kMicrosPerHour + 1),
         "2025-01-31 12:00:00.000001");
  Expect("TIMESTAMP '1969-12-31 23:59:59'", Value::Timestamp(-kMicrosPerSecond),
         "1969-12-31 23:59:59");
  Expect("TIMESTAMP '0001-01-01 00:00:00 BC'", Value::Timestamp(Days(0, 1, 1) * kMicrosPerDay),
         "0001-01-01 (BC) 00:00:00");
  Expect("'infinity'::timestamp", Value::Timestamp(std::numeric_limits<int64_t>::max()),
         "infinity");
  Expect("'-infinity'::timestamptz", Value::TimestampTz(-std::numeric_limits<int64_t>::max()),
         "-infinity");
  Expect("TIMESTAMPTZ '2025-01-31 12:00:00+05:30'",
         Value::TimestampTz(Days(2025, 1, 31) * kMicrosPerDay + 6 * kMicrosPerHour +
                            30 * kMicrosPerMinute),
         "2025-01-31 06:30:00+00");
}

TEST_F(PostgresTypesTest, TimestampTzIsUtcWhateverTheSessionTimeZone) {
  Exec("SET TimeZone = 'Asia/Kathmandu'");
  Expect("TIMESTAMPTZ '2025-01-31 12:00:00.25+00'",
         Value::TimestampTz(Days(2025, 1, 31) * kMicrosPerDay + 12 * kMicrosPerHour + 250000),
         "2025-01-31 12:00:00.250000+00");
  // Historic offsets with seconds (local mean time).
  Exec("SET TimeZone = 'Europe/Amsterdam'");
  Expect("TIMESTAMPTZ '1900-01-01 00:00:00+00'",
         Value::TimestampTz(Days(1900, 1, 1) * kMicrosPerDay), "1900-01-01 00:00:00+00");
}

TEST_F(PostgresTypesTest, Intervals) {
  Expect("INTERVAL '1 year 2 months 3 days 04:05:06.5'",
         Value::Interval({14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'500'000}),
         "1 year 2 months 3 days 04:05:06.5");
  Expect("INTERVAL '-1 day +2 hours'", Value::Interval({0, -1, 2 * kMicrosPerHour}),
         "-1 day 02:00:00");
  Expect("INTERVAL '0'", Value::Interval({0, 0, 0}), "00:00:00");
  Expect("INTERVAL '-0.000001 seconds'", Value::Interval({0, 0, -1}), "-00:00:00.000001");
  Expect("INTERVAL '-178000000 years'", Value::Interval({-178000000 * 12, 0, 0}),
         "-178000000 years");
}

TEST_F(PostgresTypesTest, Uuid) {
  QueryResult r = Rows("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid");
  EXPECT_EQ(r.columns[0].type.id, TypeId::kUuid);
  EXPECT_EQ(r.rows[0][0].ToString(), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(r.rows[0][0].AsUHugeInt() >> 96, 0xa0eebc99u);
}

TEST_F(PostgresTypesTest, TypesReadAsText) {
  ExpectText("'{\"b\": 1, \"a\": [true, null]}'::jsonb", "jsonb",
             "{\"a\": [true, null], \"b\": 1}");
  ExpectText("'{\"b\":1}'::json", "json", "{\"b\":1}");
  ExpectText("TIME WITH TIME ZONE '12:00:00+02'", "time with time zone", "12:00:00+02");
  ExpectText("'192.168.0.1/24'::inet", "inet", "192.168.0.1/24");
  ExpectText("B'101'::varbit", "bit varying", "101");
  ExpectText("'(1,2)'::point", "point", "(1,2)");
  ExpectText("int4range(1, 10)", "int4range", "[1,10)");
  ExpectText("ROW(1, 'a')", "record", "(1,a)");
  ExpectText("12.5::money", "money", "$12.50");
}

TEST_F(PostgresTypesTest, Arrays) {
  const LogicalType ints = LogicalType::List(LogicalType(TypeId::kInteger));
  Expect("ARRAY[1, NULL, 3]",
         Value::List(LogicalType(TypeId::kInteger), {Value::Integer(1, TypeId::kInteger),
                                                     Value::Null(LogicalType(TypeId::kInteger)),
                                                     Value::Integer(3, TypeId::kInteger)}),
         "[1, NULL, 3]");
  Expect("'{}'::int4[]", Value::List(LogicalType(TypeId::kInteger), {}), "[]");
  ExpectText("ARRAY['a b', 'c\"d', NULL, 'NULL', '', 'it''s', 'x\\y', '{}']", "VARCHAR[]",
             "[a b, 'c\"d', NULL, 'NULL', '', 'it\\'s', x\\y, '{}']");
  ExpectText("ARRAY[[1, 2], [3, NULL]]", "INTEGER[][]", "[[1, 2], [3, NULL]]");
  ExpectText("ARRAY[[[1]], [[2]]]", "INTEGER[][][]", "[[[1]], [[2]]]");
  ExpectText("ARRAY[DATE '2025-01-31', NULL, DATE '0044-03-15 BC']", "DATE[]",
             "[2025-01-31, NULL, 0044-03-15 (BC)]");
  ExpectText("ARRAY[1.5, 2.25]::numeric(5,2)[]", "DECIMAL(5,2)[]", "[1.50, 2.25]");
  ExpectText("ARRAY[1.5, 2.25]", "numeric[]", "{1.5,2.25}");
  ExpectText("ARRAY['\\x41'::bytea, NULL]", "BLOB[]", "[A, NULL]");
  ExpectText("ARRAY[TIMESTAMP '2025-01-31 12:00:00.5']", "TIMESTAMP[]",
             "[2025-01-31 12:00:00.500000]");
  ExpectText("ARRAY[INTERVAL '1 day']", "INTERVAL[]", "[1 day]");
  ExpectText("ARRAY[true, false]", "BOOLEAN[]", "[true, false]");
  ExpectText("'[0:1]={7,8}'::int[]", "INTEGER[]", "[7, 8]");
  // A column mixing one- and two-dimensional values reads as the deepest.
  QueryResult mixed = Rows("SELECT * FROM (VALUES ('{{1}}'::int[]), (NULL)) t(a)");
  EXPECT_EQ(mixed.columns[0].type, LogicalType::List(ints));
  EXPECT_TRUE(mixed.rows[1][0].is_null());
}

TEST_F(PostgresTypesTest, NullsOfEveryType) {
  QueryResult r = Rows(
      "SELECT NULL::bool, NULL::int2, NULL::int4, NULL::int8, NULL::numeric(5,2), NULL::float4, "
      "NULL::float8, NULL::text, NULL::bytea, NULL::date, NULL::time, NULL::timestamp, "
      "NULL::timestamptz, NULL::interval, NULL::uuid, NULL::jsonb, NULL::int[], NULL");
  ASSERT_EQ(r.rows.size(), 1u);
  for (size_t c = 0; c < r.columns.size(); ++c) {
    EXPECT_TRUE(r.rows[0][c].is_null()) << c;
    EXPECT_EQ(r.rows[0][c].type(), r.columns[c].type) << c;
  }
  EXPECT_EQ(r.columns[4].type, LogicalType::Decimal(5, 2));
  EXPECT_EQ(r.columns[16].type.ToString(), "INTEGER[]");
  EXPECT_EQ(r.columns[17].type.ToString(), "VARCHAR");  // an untyped NULL is text
}

TEST_F(PostgresTypesTest, TableRoundTrip) {
  Exec(
      "CREATE TABLE t (b BOOLEAN, i INTEGER, n NUMERIC(12,4), d DOUBLE PRECISION, s TEXT, "
      "dt DATE, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, u UUID, a TEXT[])");
  Exec(
      "INSERT INTO t VALUES (true, -7, 12345678.1234, 2.5, 'naïve', '2000-02-29', "
      "'2000-02-29 23:59:59.999999', '2000-02-29 23:59:59+01', '3 days', "
      "'00000000-0000-0000-0000-000000000001', ARRAY['x', NULL]), "
      "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  QueryResult r = Rows("SELECT * FROM t ORDER BY i NULLS LAST");
  ASSERT_EQ(r.rows.size(), 2u);
  std::vector<std::string> texts;
  for (const Value& v : r.rows[0]) {
    texts.push_back(v.ToString());
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"true", "-7", "12345678.1234", "2.5", "naïve",
                                             "2000-02-29", "2000-02-29 23:59:59.999999",
                                             "2000-02-29 22:59:59+00", "3 days",
                                             "00000000-0000-0000-0000-000000000001", "[x, NULL]"}));
  for (const Value& v : r.rows[1]) {
    EXPECT_TRUE(v.is_null());
  }
  EXPECT_EQ(r.columns, *db_->DescribeTable("public", "t"));
}

TEST_F(PostgresTypesTest, LargeResult) {
  QueryResult r = Rows(
      "SELECT i, 'row ' || i AS s, i * 0.5 AS half, DATE '2000-01-01' + i AS d "
      "FROM generate_series(1, 200000) AS g(i)");
  ASSERT_EQ(r.rows.size(), 200000u);
  EXPECT_EQ(r.rows[199999][0].AsInt64(), 200000);
  EXPECT_EQ(r.rows[199999][1].AsString(), "row 200000");
  EXPECT_EQ(r.rows[199999][2].ToString(), "100000.0");
  EXPECT_EQ(r.rows[0][3].ToString(), "2000-01-02");
}

}  // namespace
}  // namespace strata::engine::postgres
