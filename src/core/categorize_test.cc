// OnlyAddsProjections: the automatic NON_BREAKING rule on parsed queries.
#include "core/categorize.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace strata {
namespace {

// Whether changing `before` into `after` only adds projections.
bool Adds(std::string_view before, std::string_view after) {
  Result<sql::ParsedScript> a = sql::ParseOneStatement(before);
  Result<sql::ParsedScript> b = sql::ParseOneStatement(after);
  EXPECT_TRUE(a.ok() && b.ok());
  if (!a.ok() || !b.ok()) {
    return false;
  }
  return OnlyAddsProjections(a->statements[0], b->statements[0]);
}

TEST(CategorizeTest, AddedProjectionsAreNonBreaking) {
  EXPECT_TRUE(Adds("SELECT a FROM t", "SELECT a, b FROM t"));
  EXPECT_TRUE(Adds("SELECT a, c FROM t", "SELECT a, b + 1 AS b2, c FROM t"));
  EXPECT_TRUE(Adds("SELECT a, SUM(x) AS s FROM t GROUP BY a",
                   "SELECT a, SUM(x) AS s, COUNT(*) AS n FROM t GROUP BY a"));
  EXPECT_TRUE(Adds("SELECT a FROM t WHERE x > 1",
                   "SELECT a, ROW_NUMBER() OVER () AS r FROM t "
                   "WHERE x > 1"));
}

TEST(CategorizeTest, EverythingElseIsUnsure) {
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a FROM t"));                 // no change
  EXPECT_FALSE(Adds("SELECT a, b FROM t", "SELECT a FROM t"));              // removed
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a * 2 AS a FROM t"));        // changed
  EXPECT_FALSE(Adds("SELECT a, b FROM t", "SELECT b, a, c FROM t"));        // reordered
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a, b FROM t WHERE b > 0"));  // filter
  EXPECT_FALSE(Adds("SELECT DISTINCT a FROM t", "SELECT DISTINCT a, b FROM t"));
  EXPECT_FALSE(Adds("SELECT a FROM t GROUP BY ALL", "SELECT a, b FROM t GROUP BY ALL"));
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a, COUNT(*) AS n FROM t"));   // now aggregates
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a, UNNEST(l) AS e FROM t"));  // more rows
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a, * FROM t"));
  EXPECT_FALSE(Adds("SELECT a FROM t", "SELECT a, b AS a FROM t"));  // duplicate name
  EXPECT_FALSE(Adds("SELECT a FROM t ORDER BY x", "SELECT a, 1 AS x FROM t ORDER BY x"));
  EXPECT_FALSE(Adds("SELECT a FROM t UNION ALL SELECT a FROM u",
                    "SELECT a, 1 AS b FROM t UNION ALL SELECT a, 1 AS b FROM u"));
}

}  // namespace
}  // namespace strata
