// The three output formats of `strata query`, on hand-built results.
#include "cli/result_format.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "cli/json_writer.h"
#include "cli/table_writer.h"

namespace strata::cli {
namespace {

using engine::Column;
using engine::LogicalType;
using engine::QueryResult;
using engine::TypeId;
using engine::Value;

std::string Write(const QueryResult& result, ResultFormat format) {
  std::ostringstream out;
  WriteResult(result, format, out);
  return out.str();
}

QueryResult Sample() {
  QueryResult r;
  r.columns = {{"x", LogicalType(TypeId::kInteger)},
               {"y", LogicalType(TypeId::kVarchar)},
               {"z", LogicalType(TypeId::kVarchar)},
               {"w", LogicalType(TypeId::kVarchar)}};
  r.rows.push_back({Value::Integer(42, TypeId::kInteger),
                    Value::Null(LogicalType(TypeId::kVarchar)), Value::Varchar(""),
                    Value::Varchar("a,\"b")});
  return r;
}

TEST(ResultFormatTest, ParsesNames) {
  EXPECT_EQ(ParseResultFormat("csv"), ResultFormat::kCsv);
  EXPECT_EQ(ParseResultFormat("table"), ResultFormat::kTable);
  EXPECT_EQ(ParseResultFormat("json"), ResultFormat::kJson);
  EXPECT_EQ(ParseResultFormat("xml"), std::nullopt);
}

TEST(CsvWriterTest, NullIsEmptyAndEmptyStringIsQuoted) {
  EXPECT_EQ(Write(Sample(), ResultFormat::kCsv), "x,y,z,w\n42,,\"\",\"a,\"\"b\"\n");
}

TEST(CsvWriterTest, QuotesLineBreaksAndFormatsTimes) {
  QueryResult r;
  r.columns = {{"a,b", LogicalType(TypeId::kVarchar)},
               {"t", LogicalType(TypeId::kTimestamp)},
               {"d", LogicalType(TypeId::kDate)},
               {"l", LogicalType::List(LogicalType(TypeId::kBigInt))}};
  r.rows.push_back(
      {Value::Varchar("line\nbreak\r"), Value::Timestamp(1580515199999999), Value::Date(0),
       Value::List(LogicalType(TypeId::kBigInt), {Value::Integer(1), Value::Integer(2)})});
  r.rows.push_back({Value::Varchar("plain"), Value::Timestamp(0), Value::Date(-1),
                    Value::Null(LogicalType::List(LogicalType(TypeId::kBigInt)))});
  EXPECT_EQ(Write(r, ResultFormat::kCsv),
            "\"a,b\",t,d,l\n"
            "\"line\nbreak\r\",2020-01-31 23:59:59.999999,1970-01-01,\"[1, 2]\"\n"
            "plain,1970-01-01 00:00:00,1969-12-31,\n");
}

TEST(TableWriterTest, AlignsColumnsAndCountsRows) {
  EXPECT_EQ(Write(Sample(), ResultFormat::kTable),
            "  x | y    | z | w\n"
            "----+------+---+------\n"
            " 42 | NULL |   | a,\"b\n"
            "(1 row)\n");
}

TEST(TableWriterTest, TooWideForTheTerminalGoesOneRecordUnderTheOther) {
  std::ostringstream fits;
  WriteFitting(Sample(), 120, fits);
  EXPECT_EQ(fits.str(), Write(Sample(), ResultFormat::kTable));
  std::ostringstream narrow;
  WriteFitting(Sample(), 15, narrow);
  EXPECT_EQ(narrow.str(),
            "-[ RECORD 1 ]-\n"
            "x | 42\n"
            "y | NULL\n"
            "z | \n"
            "w | a,\"b\n"
            "(1 row)\n");
}

TEST(TableWriterTest, UnicodeWidthAndEscapes) {
  QueryResult r;
  r.columns = {{"name", LogicalType(TypeId::kVarchar)}, {"n", LogicalType(TypeId::kDouble)}};
  r.rows.push_back({Value::Varchar("日本"), Value::Double(1.5)});
  r.rows.push_back({Value::Varchar("a\nb"), Value::Double(100)});
  EXPECT_EQ(Write(r, ResultFormat::kTable),
            " name |     n\n"
            "------+-------\n"
            " 日本 |   1.5\n"
            " a\\nb | 100.0\n"
            "(2 rows)\n");
  QueryResult empty;
  empty.columns = {{"a", LogicalType(TypeId::kInteger)}};
  EXPECT_EQ(Write(empty, ResultFormat::kTable), " a\n---\n(0 rows)\n");
}

TEST(JsonWriterTest, TypesMapToJson) {
  EXPECT_EQ(Write(Sample(), ResultFormat::kJson),
            "[\n  {\"x\": 42, \"y\": null, \"z\": \"\", \"w\": \"a,\\\"b\"}\n]\n");
  EXPECT_EQ(Write(QueryResult{}, ResultFormat::kJson), "[]\n");
}

std::string Json(const Value& v) {
  std::string out;
  AppendJsonValue(v, out);
  return out;
}

TEST(JsonWriterTest, ValuesKeepTheirPrecisionAndStructure) {
  const engine::Int128 max = static_cast<engine::Int128>((~engine::UInt128{0}) >> 1);
  EXPECT_EQ(Json(Value::HugeInt(max)), "170141183460469231731687303715884105727");
  EXPECT_EQ(Json(Value::Decimal(-12345678901234567, 38, 10)), "-1234567.8901234567");
  EXPECT_EQ(Json(Value::Unsigned(std::numeric_limits<uint64_t>::max())), "18446744073709551615");
  EXPECT_EQ(Json(Value::Double(0.1)), "0.1");
  EXPECT_EQ(Json(Value::Double(1e20)), "1e+20");
  EXPECT_EQ(Json(Value::Double(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(Json(Value::Boolean(true)), "true");
  EXPECT_EQ(Json(Value::Varchar(std::string("q\"\\\n\t\x01\0é", 9))),
            "\"q\\\"\\\\\\n\\t\\u0001\\u0000é\"");
  EXPECT_EQ(Json(Value::Timestamp(0)), "\"1970-01-01 00:00:00\"");
  EXPECT_EQ(Json(Value::Date(0)), "\"1970-01-01\"");
  const LogicalType big(TypeId::kBigInt);
  EXPECT_EQ(Json(Value::List(big, {Value::Integer(1), Value::Null(big)})), "[1,null]");
  EXPECT_EQ(Json(Value::Struct({{"a", Value::Integer(1)}, {"b", Value::Varchar("x")}})),
            "{\"a\":1,\"b\":\"x\"}");
  EXPECT_EQ(Json(Value::Map(LogicalType(TypeId::kVarchar), big,
                            {{Value::Varchar("k"), Value::Integer(2)}})),
            "{\"k\":2}");
}

}  // namespace
}  // namespace strata::cli
