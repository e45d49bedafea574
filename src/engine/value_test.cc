#include "engine/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/int128.h"

namespace strata::engine {
namespace {

TEST(Int128Test, DecimalText) {
  EXPECT_EQ(Int128ToString(0), "0");
  EXPECT_EQ(Int128ToString(-42), "-42");
  const Int128 max = static_cast<Int128>((~UInt128{0}) >> 1);
  EXPECT_EQ(Int128ToString(max), "170141183460469231731687303715884105727");
  EXPECT_EQ(Int128ToString(-max - 1), "-170141183460469231731687303715884105728");
  EXPECT_EQ(UInt128ToString(~UInt128{0}), "340282366920938463463374607431768211455");
  EXPECT_EQ(DecimalToString(12340, 3), "12.340");
  EXPECT_EQ(DecimalToString(-5, 2), "-0.05");
  EXPECT_EQ(DecimalToString(-500, 3), "-0.500");
  EXPECT_EQ(DecimalToString(7, 0), "7");
  EXPECT_EQ(DecimalToString(0, 4), "0.0000");
}

TEST(LogicalTypeTest, SqlSpelling) {
  EXPECT_EQ(Value::Integer(1, TypeId::kInteger).type().ToString(), "INTEGER");
  EXPECT_EQ(Value::Decimal(1, 18, 3).type().ToString(), "DECIMAL(18,3)");
  EXPECT_EQ(Value::TimestampTz(0).type().ToString(), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(Value::List(LogicalType{TypeId::kVarchar}, {}).type().ToString(), "VARCHAR[]");
  Value s =
      Value::Struct({{"a", Value::Integer(1, TypeId::kInteger)}, {"b c", Value::Varchar("x")}});
  EXPECT_EQ(s.type().ToString(), "STRUCT(a INTEGER, \"b c\" VARCHAR)");
  Value m = Value::Map(LogicalType{TypeId::kVarchar}, LogicalType{TypeId::kInteger}, {});
  EXPECT_EQ(m.type().ToString(), "MAP(VARCHAR, INTEGER)");
  LogicalType bit;
  bit.id = TypeId::kOther;
  bit.engine_name = "BIT";
  EXPECT_EQ(bit.ToString(), "BIT");
}

TEST(ValueTest, AccessorsReturnWhatWasStored) {
  EXPECT_TRUE(Value::Boolean(true).AsBool());
  EXPECT_EQ(Value::Integer(-7, TypeId::kSmallInt).AsInt64(), -7);
  EXPECT_EQ(Value::Integer(-7, TypeId::kSmallInt).type().id, TypeId::kSmallInt);
  EXPECT_EQ(Value::Unsigned(7, TypeId::kUTinyInt).AsUInt64(), 7u);
  EXPECT_EQ(Value::HugeInt(-5).AsHugeInt(), -5);
  EXPECT_EQ(Value::Decimal(12340, 5, 3).AsHugeInt(), 12340);
  EXPECT_EQ(Value::Decimal(12340, 5, 3).type().scale, 3);
  EXPECT_EQ(Value::Float(1.5f).AsDouble(), 1.5);
  EXPECT_EQ(Value::Varchar(std::string("a\0b", 3)).AsString().size(), 3u);
  EXPECT_EQ(Value::Date(19000).AsInt64(), 19000);
  EXPECT_EQ(Value::Interval({1, 2, 3}).AsInterval(), (IntervalValue{1, 2, 3}));
  EXPECT_EQ(Value::Uuid(42).AsUHugeInt(), 42u);
  EXPECT_EQ(Value::Enum("ok").AsString(), "ok");
  EXPECT_EQ(Value::Enum("ok").type().id, TypeId::kEnum);
}

TEST(ValueTest, NullsKeepTheirType) {
  Value v;
  EXPECT_TRUE(v.is_null());
  EXPECT_EQ(v.type().id, TypeId::kNull);
  Value typed = Value::Null(LogicalType{TypeId::kDate});
  EXPECT_TRUE(typed.is_null());
  EXPECT_EQ(typed.type().id, TypeId::kDate);
  EXPECT_EQ(typed.ToString(), "NULL");
}

TEST(ValueTest, Equality) {
  EXPECT_EQ(Value::Integer(1, TypeId::kInteger), Value::Integer(1, TypeId::kInteger));
  EXPECT_NE(Value::Integer(1, TypeId::kInteger), Value::Integer(1, TypeId::kBigInt));
  EXPECT_NE(Value::Integer(1), Value::Integer(2));
  EXPECT_EQ(Value::Null(LogicalType{TypeId::kVarchar}), Value::Null(LogicalType{TypeId::kVarchar}));
  EXPECT_NE(Value::Null(LogicalType{TypeId::kVarchar}), Value::Varchar(""));
  EXPECT_EQ(Value::Double(std::nan("")), Value::Double(std::nan("")));
  EXPECT_EQ(Value::Decimal(5, 3, 1), Value::Decimal(5, 3, 1));
  EXPECT_NE(Value::Decimal(5, 3, 1), Value::Decimal(5, 4, 1));
  Value list = Value::List(LogicalType{TypeId::kBigInt}, {Value::Integer(1), Value()});
  EXPECT_EQ(list, Value::List(LogicalType{TypeId::kBigInt}, {Value::Integer(1), Value()}));
  EXPECT_NE(list, Value::List(LogicalType{TypeId::kBigInt}, {Value::Integer(1)}));
  Value copy = list;
  EXPECT_EQ(copy, list);
}

TEST(ValueTest, NumbersPrintLikeDuckDb) {
  EXPECT_EQ(Value::Integer(-42).ToString(), "-42");
  EXPECT_EQ(Value::Unsigned(std::numeric_limits<uint64_t>::max()).ToString(),
            "18446744073709551615");
  EXPECT_EQ(Value::Boolean(false).ToString(), "false");
  EXPECT_EQ(Value::Decimal(12340, 5, 3).ToString(), "12.340");
  EXPECT_EQ(Value::Double(1.5).ToString(), "1.5");
  EXPECT_EQ(Value::Double(0.1).ToString(), "0.1");
  EXPECT_EQ(Value::Double(100).ToString(), "100.0");
  EXPECT_EQ(Value::Double(1e15).ToString(), "1000000000000000.0");
  EXPECT_EQ(Value::Double(1e16).ToString(), "1e+16");
  EXPECT_EQ(Value::Double(1e20).ToString(), "1e+20");
  EXPECT_EQ(Value::Double(1e-5).ToString(), "1e-05");
  EXPECT_EQ(Value::Double(-0.0).ToString(), "-0.0");
  EXPECT_EQ(Value::Double(std::numeric_limits<double>::infinity()).ToString(), "inf");
  EXPECT_EQ(Value::Double(-std::numeric_limits<double>::infinity()).ToString(), "-inf");
  EXPECT_EQ(Value::Double(std::nan("")).ToString(), "nan");
  EXPECT_EQ(Value::Float(1.1f).ToString(), "1.1");
  EXPECT_EQ(Value::Float(3.0f).ToString(), "3.0");
}

TEST(ValueTest, TimesPrintInStrataFormat) {
  EXPECT_EQ(Value::Date(0).ToString(), "1970-01-01");
  EXPECT_EQ(Value::Date(-719163).ToString(), "0001-12-31 (BC)");
  EXPECT_EQ(Value::Date(std::numeric_limits<int32_t>::max()).ToString(), "infinity");
  EXPECT_EQ(Value::Timestamp(1580515199999999).ToString(), "2020-01-31 23:59:59.999999");
  EXPECT_EQ(Value::Timestamp(1577836800500000).ToString(), "2020-01-01 00:00:00.500000");
  EXPECT_EQ(Value::Timestamp(std::numeric_limits<int64_t>::max()).ToString(), "infinity");
  EXPECT_EQ(Value::TimestampTz(0).ToString(), "1970-01-01 00:00:00+00");
  EXPECT_EQ(Value::Time(43200250000).ToString(), "12:00:00.250000");
}

TEST(ValueTest, IntervalsPrintLikeDuckDb) {
  EXPECT_EQ(Value::Interval({14, 3, 4 * 3600000000LL + 5 * 60000000LL + 6000000LL}).ToString(),
            "1 year 2 months 3 days 04:05:06");
  EXPECT_EQ(Value::Interval({}).ToString(), "00:00:00");
  EXPECT_EQ(Value::Interval({0, -1, 0}).ToString(), "-1 day");
  EXPECT_EQ(Value::Interval({0, 0, -1500000}).ToString(), "-00:00:01.5");
  EXPECT_EQ(Value::Interval({-13, 0, 0}).ToString(), "-1 year -1 month");
  EXPECT_EQ(Value::Interval({0, 0, 50 * 3600000000LL}).ToString(), "50:00:00");
  EXPECT_EQ(Value::Interval({0, 0, std::numeric_limits<int64_t>::min()}).ToString(),
            "-2562047788:00:54.775808");
}

TEST(ValueTest, TextBlobAndUuid) {
  EXPECT_EQ(Value::Varchar("it's").ToString(), "it's");
  EXPECT_EQ(Value::Blob(std::string("a\0\xAB'\\", 5)).ToString(), "a\\x00\\xAB\\x27\\x5C");
  const UInt128 uuid = (static_cast<UInt128>(0x123e4567e89b12d3ULL) << 64) | 0xa456426614174000ULL;
  EXPECT_EQ(Value::Uuid(uuid).ToString(), "123e4567-e89b-12d3-a456-426614174000");
}

TEST(ValueTest, NestedValuesQuoteTextLikeDuckDb) {
  const LogicalType varchar{TypeId::kVarchar};
  Value list =
      Value::List(varchar, {Value::Varchar("a"), Value::Varchar("b c"), Value::Varchar(""),
                            Value::Null(varchar), Value::Varchar("x,y"), Value::Varchar("q'r"),
                            Value::Varchar("null"), Value::Varchar(" a"), Value::Varchar("a\\b"),
                            Value::Varchar("a,\\b")});
  EXPECT_EQ(list.ToString(), R"([a, b c, '', NULL, 'x,y', 'q\'r', 'null', ' a', a\b, 'a,\\b'])");
  Value s = Value::Struct(
      {{"a", Value::Integer(1, TypeId::kInteger)},
       {"q'k", Value::Varchar("hello")},
       {"c", Value::Null(varchar)},
       {"l", Value::List(LogicalType{TypeId::kBigInt}, {Value::Integer(1), Value::Integer(2)})}});
  EXPECT_EQ(s.ToString(), R"({'a': 1, 'q\'k': hello, 'c': NULL, 'l': [1, 2]})");
  Value m = Value::Map(varchar, LogicalType{TypeId::kBigInt},
                       {{Value::Varchar("k"), Value::Integer(1)},
                        {Value::Varchar("a,b"), Value::Null(LogicalType{TypeId::kBigInt})}});
  EXPECT_EQ(m.ToString(), "{k=1, 'a,b'=NULL}");
  EXPECT_EQ(Value::List(varchar, {}).ToString(), "[]");
}

}  // namespace
}  // namespace strata::engine
