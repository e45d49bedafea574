// Tests of constant folding for macro conditions.
#include "macro/constant_folding.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace strata::macro {
namespace {

// Folds `sql` and renders the value ("NULL", "true", "3", "2.5", "'x'") or "error: message".
std::string Fold(std::string_view sql) {
  sql::Arena arena;
  Result<sql::Node*> node = sql::ParseExpression(sql, &arena);
  if (!node.ok()) {
    return "parse error: " + node.status().message();
  }
  Result<ConstantValue> value = FoldConstant(*node);
  if (!value.ok()) {
    return "error: " + value.status().message();
  }
  if (std::holds_alternative<std::monostate>(*value)) {
    return "NULL";
  }
  if (std::holds_alternative<bool>(*value)) {
    return std::get<bool>(*value) ? "true" : "false";
  }
  if (std::holds_alternative<int64_t>(*value)) {
    return std::to_string(std::get<int64_t>(*value));
  }
  if (std::holds_alternative<double>(*value)) {
    return std::to_string(std::get<double>(*value));
  }
  return "'" + std::get<std::string>(*value) + "'";
}

TEST(ConstantFoldingTest, ComparisonsFromTheSqlMeshDocs) {
  EXPECT_EQ(Fold("'a' = 'a'"), "true");
  EXPECT_EQ(Fold("'a' != 'b'"), "true");
  EXPECT_EQ(Fold("0 < 1"), "true");
  EXPECT_EQ(Fold("1 >= 1"), "true");
  EXPECT_EQ(Fold("2 BETWEEN 1 AND 3"), "true");
  EXPECT_EQ(Fold("'a' IN ('a', 'b')"), "true");
  EXPECT_EQ(Fold("'c' NOT IN ('a', 'b')"), "true");
  EXPECT_EQ(Fold("1 <> 1"), "false");
}

TEST(ConstantFoldingTest, LogicArithmeticAndNulls) {
  EXPECT_EQ(Fold("TRUE AND NOT FALSE"), "true");
  EXPECT_EQ(Fold("FALSE OR NULL"), "NULL");
  EXPECT_EQ(Fold("FALSE AND NULL"), "false");
  EXPECT_EQ(Fold("1 + 2 * 3"), "7");
  EXPECT_EQ(Fold("(1 + 2) * 3 - 10 % 4"), "7");
  EXPECT_EQ(Fold("5 / 2"), "2.500000");
  EXPECT_EQ(Fold("'a' || 'b' || 1"), "'ab1'");
  EXPECT_EQ(Fold("NULL IS NULL"), "true");
  EXPECT_EQ(Fold("1 IS NOT NULL"), "true");
  EXPECT_EQ(Fold("NULL = 1"), "NULL");
  EXPECT_EQ(Fold("1 = '1'"), "false");
  EXPECT_EQ(Fold("DATE '2024-01-02' > DATE '2024-01-01'"), "true");
  EXPECT_EQ(Fold("CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END"), "'y'");
  EXPECT_EQ(Fold("-(3) + +2"), "-1");
}

TEST(ConstantFoldingTest, WhatCannotBeFoldedIsAnErrorNamingIt) {
  EXPECT_EQ(Fold("a > 1"),
            "error: cannot evaluate `a` while expanding macros: a column's value is only known "
            "when the query runs");
  EXPECT_EQ(Fold("1 / 0"),
            "error: cannot evaluate `1 / 0` while expanding macros: division by zero");
  EXPECT_EQ(Fold("9223372036854775807 + 1"),
            "error: cannot evaluate `9223372036854775807 + 1` while expanding macros: integer "
            "overflow");
  EXPECT_EQ(Fold("'a' < 1"),
            "error: cannot evaluate `'a' < 1` while expanding macros: its operands have "
            "different types");
  EXPECT_EQ(Fold("now() > 1"),
            "error: cannot evaluate `now()` while expanding macros: only literals, operators, "
            "IN, BETWEEN, IS and CASE are evaluated");
}

TEST(ConstantFoldingTest, TruthAndLiterals) {
  EXPECT_TRUE(*IsTrue(ConstantValue{int64_t{2}}));
  EXPECT_FALSE(*IsTrue(ConstantValue{}));
  EXPECT_FALSE(IsTrue(ConstantValue{std::string("x")}).ok());
  sql::Arena arena;
  EXPECT_EQ(ConstantToNode(ConstantValue{2.0}, &arena)->text, "2.0");
  EXPECT_EQ(ConstantToNode(ConstantValue{std::string("it's")}, &arena)->text, "it's");
}

}  // namespace
}  // namespace strata::macro
