#include "cli/console.h"

#include <gtest/gtest.h>

namespace strata::cli {
namespace {

TEST(ConsoleTest, ColourFollowsTheOption) {
  std::FILE* sink = std::tmpfile();
  Console always(sink, "always");
  EXPECT_TRUE(always.color());
  EXPECT_EQ(always.Styled("x", Style::kRed), "\033[31mx\033[0m");
  Console never(sink, "never");
  EXPECT_EQ(never.Styled("x", Style::kRed), "x");
  Console automatic(sink, "auto");  // a file is not a terminal
  EXPECT_FALSE(automatic.color());
  EXPECT_FALSE(automatic.is_terminal());
  std::fclose(sink);
}

TEST(ConsoleTest, RendersTrees) {
  TreeNode root{
      "Models:",
      {{"Added:", {{"sales.weekly_sales", {}}}}, {"Removed:", {{"sales.a", {}}, {"sales.b", {}}}}}};
  EXPECT_EQ(RenderTree(root),
            "Models:\n"
            "├── Added:\n"
            "│   └── sales.weekly_sales\n"
            "└── Removed:\n"
            "    ├── sales.a\n"
            "    └── sales.b\n");
}

}  // namespace
}  // namespace strata::cli
