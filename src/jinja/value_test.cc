// Unit tests of the value model: Python's str/repr, equality and hashing, the ordered dict,
// truthiness, ordering, slicing and string formatting.
#include "jinja/value.h"

#include <gtest/gtest.h>

#include "jinja/operators.h"
#include "jinja/python_format.h"
#include "jinja/value_format.h"

namespace strata::jinja {
namespace {

TEST(JinjaFloatRepr, MatchesPython) {
  EXPECT_EQ(FloatRepr(1.0), "1.0");
  EXPECT_EQ(FloatRepr(0.5), "0.5");
  EXPECT_EQ(FloatRepr(-0.0), "-0.0");
  EXPECT_EQ(FloatRepr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FloatRepr(1e16), "1e+16");
  EXPECT_EQ(FloatRepr(1e15), "1000000000000000.0");
  EXPECT_EQ(FloatRepr(1e20), "1e+20");
  EXPECT_EQ(FloatRepr(1.5e20), "1.5e+20");
  EXPECT_EQ(FloatRepr(0.0001), "0.0001");
  EXPECT_EQ(FloatRepr(0.00001), "1e-05");
  EXPECT_EQ(FloatRepr(1.5e-7), "1.5e-07");
  EXPECT_EQ(FloatRepr(123456789.123), "123456789.123");
  EXPECT_EQ(FloatRepr(1e100), "1e+100");
  EXPECT_EQ(FloatRepr(1.0 / 0.0), "inf");
  EXPECT_EQ(FloatRepr(-1.0 / 0.0), "-inf");
}

TEST(JinjaStringRepr, ChoosesQuotesAndEscapesAsPython) {
  EXPECT_EQ(StringRepr("abc"), "'abc'");
  EXPECT_EQ(StringRepr("it's"), "\"it's\"");
  EXPECT_EQ(StringRepr("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(StringRepr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(StringRepr("a\\b\n\t\x01"), "'a\\\\b\\n\\t\\x01'");
  EXPECT_EQ(StringRepr("h\xc3\xa9"), "'h\xc3\xa9'");  // é stays
  EXPECT_EQ(StringRepr("\xc2\xa0"), "'\\xa0'");       // no-break space is not printable
}

TEST(JinjaStr, PrintsValuesAsPython) {
  EXPECT_EQ(Str(Value::None()), "None");
  EXPECT_EQ(Str(Value::Bool(true)), "True");
  EXPECT_EQ(Str(Value::Int(-3)), "-3");
  EXPECT_EQ(Str(Value()), "");
  EXPECT_EQ(Str(Value::List({Value::String("a"), Value::Int(1), Value::None()})), "['a', 1, None]");
  EXPECT_EQ(Str(Value::Tuple({Value::Int(1)})), "(1,)");
  EXPECT_EQ(Str(Value::Tuple({})), "()");
  Value dict = Value::Dict();
  dict.as_dict()->SetString("b", Value::Float(2.0));
  dict.as_dict()->SetString("a", Value::List({}));
  EXPECT_EQ(Str(dict), "{'b': 2.0, 'a': []}");
}

TEST(JinjaStr, SelfContainingListPrintsEllipsis) {
  Value list = Value::List({Value::Int(1)});
  list.as_list()->items.push_back(list);
  EXPECT_EQ(Str(list), "[1, [...]]");
  list.as_list()->items.clear();  // break the cycle so the list is freed
}

TEST(JinjaEquality, FollowsPython) {
  EXPECT_TRUE(Equals(Value::Int(1), Value::Float(1.0)));
  EXPECT_TRUE(Equals(Value::Bool(true), Value::Int(1)));
  EXPECT_FALSE(Equals(Value::String("1"), Value::Int(1)));
  EXPECT_FALSE(Equals(Value::List({Value::Int(1)}), Value::Tuple({Value::Int(1)})));
  EXPECT_TRUE(Equals(Value(), Value()));
  EXPECT_FALSE(Equals(Value(), Value::None()));
  Value a = Value::Dict(), b = Value::Dict();
  a.as_dict()->SetString("x", Value::Int(1));
  a.as_dict()->SetString("y", Value::Int(2));
  b.as_dict()->SetString("y", Value::Int(2));
  b.as_dict()->SetString("x", Value::Int(1));
  EXPECT_TRUE(Equals(a, b));  // order does not matter for ==
}

TEST(JinjaHash, AgreesWithEqualityAndRejectsUnhashable) {
  EXPECT_EQ(*Hash(Value::Int(1)), *Hash(Value::Float(1.0)));
  EXPECT_EQ(*Hash(Value::Int(1)), *Hash(Value::Bool(true)));
  EXPECT_FALSE(Hash(Value::List({})).ok());
  EXPECT_FALSE(Hash(Value::Dict()).ok());
  EXPECT_TRUE(Hash(Value::Tuple({Value::String("a")})).ok());
}

TEST(JinjaDictData, KeepsInsertionOrderAndPositionOnOverwrite) {
  DictData dict;
  for (int i = 20; i > 0; --i) {  // past the linear-search size, so the hash table is used
    dict.SetString(std::string("k") + std::to_string(i), Value::Int(i));
  }
  dict.SetString("k20", Value::Int(0));
  EXPECT_EQ(dict.entries().front().first.as_string(), "k20");
  EXPECT_EQ(dict.FindString("k20")->as_int(), 0);
  EXPECT_EQ(dict.FindString("k7")->as_int(), 7);
  EXPECT_EQ(dict.FindString("nope"), nullptr);
  ASSERT_TRUE(dict.Erase(Value::String("k20")).has_value());
  EXPECT_EQ(dict.FindString("k20"), nullptr);
  EXPECT_EQ(dict.FindString("k19")->as_int(), 19);
  EXPECT_EQ(dict.size(), 19u);
  ASSERT_TRUE(dict.Set(Value::Int(1), Value::String("int")).ok());
  ASSERT_TRUE(dict.Set(Value::Float(1.0), Value::String("float")).ok());
  EXPECT_EQ(dict.Find(Value::Bool(true))->as_string(), "float");  // 1 == 1.0 == True
  EXPECT_FALSE(dict.Set(Value::List({}), Value::None()).ok());
}

TEST(JinjaTruthiness, FollowsPython) {
  EXPECT_FALSE(Value().Truthy());
  EXPECT_FALSE(Value::None().Truthy());
  EXPECT_FALSE(Value::Int(0).Truthy());
  EXPECT_FALSE(Value::Float(0.0).Truthy());
  EXPECT_FALSE(Value::String("").Truthy());
  EXPECT_FALSE(Value::List({}).Truthy());
  EXPECT_FALSE(Value::Dict().Truthy());
  EXPECT_TRUE(Value::String("0").Truthy());
  EXPECT_TRUE(Value::List({Value::None()}).Truthy());
}

TEST(JinjaOperators, ArithmeticFollowsPython) {
  EXPECT_EQ(Str(*BinaryOperation(BinaryOp::kDiv, Value::Int(4), Value::Int(2))), "2.0");
  EXPECT_EQ(Str(*BinaryOperation(BinaryOp::kFloorDiv, Value::Int(-7), Value::Int(2))), "-4");
  EXPECT_EQ(Str(*BinaryOperation(BinaryOp::kMod, Value::Int(-7), Value::Int(3))), "2");
  EXPECT_EQ(Str(*BinaryOperation(BinaryOp::kMod, Value::Float(7.5), Value::Int(-2))), "-0.5");
  EXPECT_EQ(Str(*BinaryOperation(BinaryOp::kPow, Value::Int(2), Value::Int(-1))), "0.5");
  EXPECT_FALSE(BinaryOperation(BinaryOp::kDiv, Value::Int(1), Value::Int(0)).ok());
  EXPECT_FALSE(BinaryOperation(BinaryOp::kMul, Value::Int(INT64_MAX), Value::Int(2)).ok());
  EXPECT_FALSE(BinaryOperation(BinaryOp::kAdd, Value::String("a"), Value::Int(1)).ok());
}

TEST(JinjaOperators, OrderingAndMembership) {
  EXPECT_TRUE(*LessThan(Value::List({Value::Int(1), Value::Int(2)}),
                        Value::List({Value::Int(1), Value::Int(3)})));
  EXPECT_FALSE(LessThan(Value::String("a"), Value::Int(1)).ok());
  EXPECT_TRUE(*Contains(Value::String("abc"), Value::String("bc")));
  EXPECT_FALSE(Contains(Value::String("abc"), Value::Int(1)).ok());
  EXPECT_FALSE(*Contains(Value(), Value::Int(1)));  // undefined iterates as empty
}

TEST(JinjaOperators, SlicesCountCodePoints) {
  Value s = Value::String("h\xc3\xa9llo");
  Value one = Value::Int(1), three = Value::Int(3), minus = Value::Int(-1);
  EXPECT_EQ(Str(**SliceValue(s, &one, &three, nullptr)), "\xc3\xa9l");
  EXPECT_EQ(Str(**SliceValue(s, nullptr, nullptr, &minus)), "oll\xc3\xa9h");
  Value zero = Value::Int(0);
  EXPECT_FALSE(SliceValue(s, nullptr, nullptr, &zero).ok());
  EXPECT_EQ(Str(*Subscript(s, minus)), "o");
}

TEST(JinjaFormatting, PercentAndFormatMethod) {
  EXPECT_EQ(
      Str(*PercentFormat("%5.2f|%-3d|%s|%r", Value::Tuple({Value::Float(3.14159), Value::Int(7),
                                                           Value::None(), Value::String("a")}))),
      " 3.14|7  |None|'a'");
  EXPECT_FALSE(PercentFormat("%s %s", Value::Tuple({Value::Int(1)})).ok());
  Arguments args;
  args.positional = {Value::String("ab"), Value::Int(1234567)};
  EXPECT_EQ(Str(*StrFormat("{:>4}|{:,}", args)), "  ab|1,234,567");
  EXPECT_EQ(*FormatWithSpec(Value::Float(0.256), ".1%"), "25.6%");
}

}  // namespace
}  // namespace strata::jinja
