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

TEST(ModelSelectorTest, SelectNodesOverAGraphWithUpstreamAndDownstream) {
  // a -> b -> c, d alone.
  SelectionGraph graph;
  graph.names = {"s.a", "s.b", "s.c", "s.d"};
  graph.parents = {{}, {0}, {1}, {}};
  graph.children = {{1}, {2}, {}, {}};
  auto flags = [](const Result<std::vector<bool>>& r) {
    std::string out;
    for (bool b : *r) {
      out += b ? '1' : '0';
    }
    return out;
  };
  EXPECT_EQ(flags(SelectNodes(graph, {"s.b"})), "0100");
  EXPECT_EQ(flags(SelectNodes(graph, {"+s.b"})), "1100");
  EXPECT_EQ(flags(SelectNodes(graph, {"s.b+"})), "0110");
  EXPECT_EQ(flags(SelectNodes(graph, {"s.d", "*.d"})), "0001");
  EXPECT_EQ(WithAncestors(graph, {false, false, true, false}),
            (std::vector<bool>{true, true, true, false}));
  Result<std::vector<bool>> none = SelectNodes(graph, {"x.*"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace strata
