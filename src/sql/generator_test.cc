// Generator tests: identifier quoting, dialect renames and Unsupported errors, pretty output,
// parentheses for trees built by code, and script formatting with comments.
#include "sql/generator.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace strata::sql {
namespace {

std::string Gen(std::string_view sql, DialectKind dialect = DialectKind::kDuckDb,
                bool pretty = false) {
  auto script = ParseOneStatement(sql);
  if (!script.ok()) {
    return "parse error: " + script.status().message();
  }
  GenerateOptions options;
  options.dialect = dialect;
  options.pretty = pretty;
  auto text = Generate(script->statements[0], options);
  if (!text.ok()) {
    return std::string(StatusCodeName(text.status().code())) + ": " + text.status().message();
  }
  return *text;
}

TEST(GeneratorTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(FormatIdentifier("abc", false), "abc");
  EXPECT_EQ(FormatIdentifier("select", false), "\"select\"");
  EXPECT_EQ(FormatIdentifier("left", false), "\"left\"");
  EXPECT_EQ(FormatIdentifier("name", false), "name");
  EXPECT_EQ(FormatIdentifier("a b", false), "\"a b\"");
  EXPECT_EQ(FormatIdentifier("1a", false), "\"1a\"");
  EXPECT_EQ(FormatIdentifier("Abc", false), "Abc");
  EXPECT_EQ(FormatIdentifier("Abc", true), "\"Abc\"");
  EXPECT_EQ(FormatIdentifier("a\"b", false), "\"a\"\"b\"");
  EXPECT_EQ(FormatLabel("select", false), "select");
  EXPECT_EQ(FormatString("it's"), "'it''s'");
  EXPECT_EQ(Gen("SELECT \"My Col\", \"lower\", \"Upper\" FROM \"from\""),
            "SELECT \"My Col\", lower, \"Upper\" FROM \"from\"");
}

TEST(GeneratorTest, PostgresRenamesAndRejects) {
  EXPECT_EQ(Gen("SELECT a::DOUBLE, b::BLOB, c::FLOAT, ifnull(d, 0), [1, 2], 2 ** 3 FROM t",
                DialectKind::kPostgres),
            "SELECT a::DOUBLE PRECISION, b::BYTEA, c::REAL, COALESCE(d, 0), ARRAY[1, 2], 2 ^ 3 "
            "FROM t");
  EXPECT_EQ(Gen("SELECT a::HUGEINT", DialectKind::kPostgres),
            "unsupported: type HUGEINT cannot be expressed in postgres");
  EXPECT_EQ(Gen("SELECT * FROM t QUALIFY row_number() OVER () = 1", DialectKind::kPostgres),
            "unsupported: QUALIFY cannot be expressed in postgres");
  EXPECT_EQ(Gen("SELECT * EXCLUDE (a) FROM t", DialectKind::kPostgres),
            "unsupported: * EXCLUDE/REPLACE/RENAME cannot be expressed in postgres");
  EXPECT_EQ(Gen("SELECT {'a': 1}", DialectKind::kPostgres),
            "unsupported: a struct literal cannot be expressed in postgres");
  EXPECT_EQ(Gen("CREATE MATERIALIZED VIEW v AS SELECT 1"),
            "unsupported: CREATE MATERIALIZED VIEW cannot be expressed in duckdb");
  EXPECT_EQ(Gen("SELECT INTERVAL 2 DAY", DialectKind::kPostgres), "SELECT INTERVAL '2' DAY");
}

TEST(GeneratorTest, PrettyPutsClausesOnTheirOwnLines) {
  EXPECT_EQ(Gen("select a, b from t join u on t.id = u.id where a > 1 and b < 2 group by a, b "
                "having count(*) > 1 order by a limit 10",
                DialectKind::kDuckDb, true),
            "SELECT\n"
            "  a,\n"
            "  b\n"
            "FROM t\n"
            "JOIN u\n"
            "  ON t.id = u.id\n"
            "WHERE\n"
            "  a > 1 AND b < 2\n"
            "GROUP BY\n"
            "  a,\n"
            "  b\n"
            "HAVING\n"
            "  count(*) > 1\n"
            "ORDER BY\n"
            "  a\n"
            "LIMIT 10");
}

TEST(GeneratorTest, AddsParenthesesForTreesBuiltByCode) {
  Arena arena;
  auto a = ParseExpression("a + b", &arena);
  auto b = ParseExpression("c OR d", &arena);
  ASSERT_TRUE(a.ok() && b.ok());
  Node* product = arena.New(NodeKind::kBinary, {*a, *b});
  product->text = "*";
  EXPECT_EQ(*Generate(product), "(a + b) * (c OR d)");
  Node* negated = arena.New(NodeKind::kUnary, {product});
  negated->text = "NOT";
  EXPECT_EQ(*Generate(negated), "NOT (a + b) * (c OR d)");
  Node* minus = arena.New(NodeKind::kUnary, {*a});
  minus->text = "-";
  EXPECT_EQ(*Generate(minus), "-(a + b)");
}

TEST(GeneratorTest, FormatScriptKeepsLeadingComments) {
  auto script = ParseScript("-- the model\nselect 1 as x; /* then */ select 2");
  ASSERT_TRUE(script.ok());
  auto text = FormatScript(*script, DialectKind::kDuckDb);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "-- the model\nSELECT\n  1 AS x;\n\n/* then */\nSELECT\n  2;\n");
}

TEST(GeneratorTest, FormatScriptKeepsCommentsOnItemsClausesAndCtes) {
  const char* sql =
      "-- model query\n"
      "WITH /* the base */ base AS (SELECT 1 AS x),\n"
      "  -- totals\n"
      "  totals AS (SELECT x FROM base)\n"
      "SELECT\n"
      "  -- the key\n"
      "  x,\n"
      "  x + 1 AS y -- next\n"
      "FROM totals -- filter\n"
      "WHERE x > 0\n"
      "-- sorted\n"
      "ORDER BY x\n"
      "-- the end\n";
  auto script = ParseScript(sql);
  ASSERT_TRUE(script.ok());
  auto text = FormatScript(*script, DialectKind::kDuckDb);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "-- model query\n"
            "WITH\n"
            "/* the base */\n"
            "base AS (\n"
            "  SELECT\n"
            "    1 AS x\n"
            "),\n"
            "-- totals\n"
            "totals AS (\n"
            "  SELECT\n"
            "    x\n"
            "  FROM base\n"
            ")\n"
            "SELECT\n"
            "  -- the key\n"
            "  x,\n"
            "  x + 1 AS y\n"
            "-- next\n"
            "FROM totals\n"
            "-- filter\n"
            "WHERE\n"
            "  x > 0\n"
            "-- sorted\n"
            "ORDER BY\n"
            "  x;\n"
            "\n"
            "-- the end\n");
  // Formatting is stable: the formatted text formats to itself.
  auto again = ParseScript(*text);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*FormatScript(*again, DialectKind::kDuckDb), *text);
}

TEST(GeneratorTest, PrettyPutsCommentsBackBeforeTheirNodes) {
  Result<ParsedScript> script = ParseScript("SELECT a, b + /* why 1 */ 1 FROM t -- end\n");
  ASSERT_TRUE(script.ok());
  GenerateOptions options;
  options.pretty = true;
  options.comments = true;
  Result<std::string> sql = Generate(script->statements[0], options);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql, "SELECT\n  a,\n  b + /* why 1 */ 1\nFROM t");
  EXPECT_EQ(script->trailing_comments, "-- end");  // after the statement: the caller's
  // Without the option (and in compact form) comments are not written.
  options.comments = false;
  EXPECT_EQ(*Generate(script->statements[0], options), "SELECT\n  a,\n  b + 1\nFROM t");
  EXPECT_EQ(*Generate(script->statements[0]), "SELECT a, b + 1 FROM t");
}

TEST(GeneratorTest, LineCommentsEndTheirLine) {
  Result<ParsedScript> script = ParseScript("SELECT a FROM t WHERE -- only x\nx = 1");
  ASSERT_TRUE(script.ok());
  GenerateOptions options;
  options.pretty = true;
  options.comments = true;
  Result<std::string> sql = Generate(script->statements[0], options);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(*sql, "SELECT\n  a\nFROM t\nWHERE\n  -- only x\n  x = 1");
  ASSERT_TRUE(ParseScript(*sql).ok());
}

TEST(GeneratorTest, FormatScriptKeepsEveryComment) {
  // Comments inside expressions, before tokens no node starts at, before ';' and in a
  // conditional clause macro all survive, and formatting is stable.
  const char* sql =
      "SELECT f(a, /* first */ b) -- after f\n"
      ", CASE WHEN x THEN 1 /* no else */ END AS c\n"
      "FROM t JOIN /* right */ u ON t.id = u.id\n"
      "-- conditional\n"
      "@WHERE(TRUE) x > 1 -- last\n"
      "; -- between\n"
      "SELECT 2";
  auto script = ParseScript(sql);
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  auto text = FormatScript(*script, DialectKind::kDuckDb);
  ASSERT_TRUE(text.ok());
  for (const char* comment : {"/* first */", "-- after f", "/* no else */", "/* right */",
                              "-- conditional", "-- last", "-- between"}) {
    EXPECT_NE(text->find(comment), std::string::npos) << comment << "\n" << *text;
  }
  auto again = ParseScript(*text);
  ASSERT_TRUE(again.ok()) << *text;
  EXPECT_EQ(*FormatScript(*again, DialectKind::kDuckDb), *text);
  for (size_t i = 0; i < script->statements.size(); ++i) {
    EXPECT_TRUE(Equal(script->statements[i], again->statements[i]));
  }
}

}  // namespace
}  // namespace strata::sql
