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

namespace strata::sql {
namespace {

TEST(GeneratorTest, PrettyPutsCommentsBackBeforeTheirNodes) {
  Result<ParsedScript> script = ParseScript("SELECT a, /* why b */ b FROM t -- end\n");
  ASSERT_TRUE(script.ok());
  const std::string_view source = script->source;
  SourceComments comments;
  const uint32_t b_offset = static_cast<uint32_t>(source.find("b FROM"));
  comments.entries.push_back({b_offset, "/* why b */", false});
  comments.entries.push_back({static_cast<uint32_t>(source.size()), "-- end", false});
  GenerateOptions options;
  options.pretty = true;
  options.comments = &comments;
  Result<std::string> sql = Generate(script->statements[0], options);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql, "SELECT\n  a,\n  /* why b */ b\nFROM t");
  EXPECT_TRUE(comments.entries[0].emitted);
  EXPECT_FALSE(comments.entries[1].emitted);  // no node starts there: left for the caller
}

TEST(GeneratorTest, LineCommentsEndTheirLine) {
  Result<ParsedScript> script = ParseScript("SELECT a FROM t WHERE x = 1");
  ASSERT_TRUE(script.ok());
  SourceComments comments;
  comments.entries.push_back(
      {static_cast<uint32_t>(script->source.find("x =")), "-- only x", false});
  GenerateOptions options;
  options.pretty = true;
  options.comments = &comments;
  Result<std::string> sql = Generate(script->statements[0], options);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql, "SELECT\n  a\nFROM t\nWHERE\n  -- only x\n  x = 1");
  ASSERT_TRUE(ParseScript(*sql).ok());
}

}  // namespace
}  // namespace strata::sql
