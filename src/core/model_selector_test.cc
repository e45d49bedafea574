// Model selection patterns.
#include "core/model_selector.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(ModelSelectorTest, StarMatchesAnyRun) {
  EXPECT_TRUE(NameMatches("sales.daily_sales", "sales.daily_sales"));
  EXPECT_TRUE(NameMatches("SALES.Daily_Sales", "sales.daily_sales"));
  EXPECT_TRUE(NameMatches("sales.*", "sales.daily_sales"));
  EXPECT_TRUE(NameMatches("*daily*", "sales.daily_sales"));
  EXPECT_TRUE(NameMatches("*", "a.b"));
  EXPECT_TRUE(NameMatches("s*.*_s*s", "sales.daily_sales"));
  EXPECT_FALSE(NameMatches("sales.*", "raw.sales"));
  EXPECT_FALSE(NameMatches("sales.daily", "sales.daily_sales"));
  EXPECT_FALSE(NameMatches("", "a"));
}

}  // namespace
}  // namespace strata
