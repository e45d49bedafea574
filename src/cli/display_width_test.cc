#include "cli/display_width.h"

#include <gtest/gtest.h>

namespace strata::cli {
namespace {

TEST(DisplayWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("héllo"), 5u);
  EXPECT_EQ(DisplayWidth("✓"), 1u);
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(DisplayWidth("😀"), 2u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute accent
  EXPECT_EQ(DisplayWidth("\xFF\xFE"), 2u);   // invalid bytes count one each
  EXPECT_EQ(DisplayWidth("\xE6\x97"), 2u);   // truncated sequence
}

}  // namespace
}  // namespace strata::cli
