#include "base/text.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace strata {
namespace {

using Views = std::vector<std::string_view>;

TEST(TextTest, Trim) {
  EXPECT_EQ(Trim("  a b \t\n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \r\n\t\v\f"), "");
  EXPECT_EQ(TrimLeft("  a "), "a ");
  EXPECT_EQ(TrimRight("  a "), "  a");
  EXPECT_EQ(Trim("\xc2\xa0x"), "\xc2\xa0x");  // non-ASCII space is not trimmed
}

TEST(TextTest, Split) {
  EXPECT_EQ(Split("a,b,c", ','), (Views{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,b,", ','), (Views{"a", "", "b", ""}));
  EXPECT_EQ(Split("", ','), (Views{""}));
  EXPECT_EQ(Split("abc", ','), (Views{"abc"}));
  EXPECT_EQ(SplitWhitespace("  a  b\tc\n"), (Views{"a", "b", "c"}));
  EXPECT_EQ(SplitWhitespace("   "), Views{});
}

TEST(TextTest, Join) {
  EXPECT_EQ(Join(std::vector<std::string>{"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(Join(std::vector<std::string>{}, ", "), "");
  EXPECT_EQ(Join(Views{"x"}, "-"), "x");
  EXPECT_EQ(Join(Split("a.b.c", '.'), "/"), "a/b/c");
}

TEST(TextTest, Case) {
  EXPECT_EQ(ToLower("SELECT Ünïcode 1"), "select Ünïcode 1");
  EXPECT_EQ(ToUpper("select x_1"), "SELECT X_1");
  EXPECT_TRUE(EqualsIgnoreCase("Daily", "dAILY"));
  EXPECT_FALSE(EqualsIgnoreCase("daily", "dail"));
  EXPECT_FALSE(EqualsIgnoreCase("a[", "A{"));
}

TEST(TextTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("sitting", "kitten"), 3u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
  EXPECT_EQ(EditDistance("cron", "cron"), 0u);
  EXPECT_EQ(EditDistance("owner", "onwer"), 2u);
}

TEST(TextTest, TypoDistance) {
  EXPECT_EQ(TypoDistance("onwer", "owner"), 1u);
  EXPECT_EQ(TypoDistance("dya", "day"), 1u);
  EXPECT_EQ(TypoDistance("ab", "ba"), 1u);
  EXPECT_EQ(TypoDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(TypoDistance("", "abc"), 3u);
  EXPECT_EQ(TypoDistance("abc", ""), 3u);
  EXPECT_EQ(TypoDistance("ca", "abc"), 3u);  // optimal string alignment, not full Damerau
}

TEST(TextTest, NearestName) {
  const std::vector<std::string> properties = {"kind",        "cron",          "owner",
                                               "description", "interval_unit", "start"};
  EXPECT_EQ(NearestName("crn", properties), "cron");
  EXPECT_EQ(NearestName("CRON_", properties), "cron");
  EXPECT_EQ(NearestName("descripton", properties), "description");
  EXPECT_EQ(NearestName("interval_units", properties), "interval_unit");
  EXPECT_EQ(NearestName("onwer", properties), "owner");
  EXPECT_EQ(NearestName("zzzz", properties), "");
  EXPECT_EQ(NearestName("x", {"y", "z"}), "");     // one letter off but nothing in common
  EXPECT_EQ(NearestName("kind", properties), "");  // the name itself is not a suggestion
  EXPECT_EQ(NearestName("", properties), "");
  EXPECT_EQ(NearestName("tart", {"start", "part"}), "start");  // ties go to the first
}

TEST(TextTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("\x80"));                                      // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xc3"));                                      // truncated
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));                                  // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                                  // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));                              // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));                              // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                          // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
  EXPECT_EQ(FindInvalidUtf8("ok"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xc3\x28"), 2u);
  EXPECT_EQ(FindInvalidUtf8("caf\xc3\xa9\xff"), 5u);
}

TEST(TextTest, QuoteSqlString) {
  EXPECT_EQ(QuoteSqlString("abc"), "'abc'");
  EXPECT_EQ(QuoteSqlString("it's"), "'it''s'");
  EXPECT_EQ(QuoteSqlIdentifier("a"), "\"a\"");
  EXPECT_EQ(QuoteSqlIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteSqlString(""), "''");
  EXPECT_EQ(QuoteSqlString("''"), "''''''");
}

}  // namespace
}  // namespace strata
