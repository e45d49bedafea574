// Generator tests: dialect differences, Unsupported errors, identifier quoting, pretty output.
#include "sql/generator.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace strata::sql {
namespace {

TEST(GeneratorTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(FormatIdentifier("abc", false), "abc");
  EXPECT_EQ(FormatIdentifier("select", false), "\"select\"");
  EXPECT_EQ(FormatIdentifier("a b", false), "\"a b\"");
  EXPECT_EQ(FormatIdentifier("Abc", false), "Abc");
  EXPECT_EQ(FormatIdentifier("Abc", true), "\"Abc\"");
  EXPECT_EQ(FormatIdentifier("a\"b", false), "\"a\"\"b\"");
}

}  // namespace
}  // namespace strata::sql
