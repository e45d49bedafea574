// Parser tests: precedence, statement splitting, opaque statements, error messages with carets,
// the nesting limit, and parsing from an existing token position.
#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/generator.h"

namespace strata::sql {
namespace {

std::string RoundTrip(std::string_view sql) {
  auto script = ParseOneStatement(sql);
  if (!script.ok()) {
    return "ERROR: " + script.status().ToString();
  }
  auto text = Generate(script->statements[0]);
  if (!text.ok()) {
    return "ERROR: " + text.status().ToString();
  }
  return *text;
}

// Fully parenthesized rendering of an expression, to check precedence.
std::string Shape(const Node* node) {
  switch (node->kind) {
    case NodeKind::kBinary: {
      std::string out = "(";
      out.append(Shape(node->slots[0])).append(" ").append(node->text).append(" ");
      out.append(Shape(node->slots[1])).append(")");
      return out;
    }
    case NodeKind::kUnary: {
      std::string out = "(";
      out.append(node->text).append(" ").append(Shape(node->slots[0])).append(")");
      return out;
    }
    default: {
      auto text = Generate(node);
      return text.ok() ? *text : "?";
    }
  }
}

std::string ExpressionShape(std::string_view sql) {
  Arena arena;
  auto expr = ParseExpression(sql, &arena);
  if (!expr.ok()) {
    return "ERROR: " + expr.status().message();
  }
  return Shape(*expr);
}

TEST(ParserTest, BasicSelect) {
  EXPECT_EQ(RoundTrip("select a, b as c from t where x = 1"),
            "SELECT a, b AS c FROM t WHERE x = 1");
  EXPECT_EQ(RoundTrip("select a b from t u"), "SELECT a AS b FROM t AS u");
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(ExpressionShape("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(ExpressionShape("NOT a = b AND c"), "((NOT (a = b)) AND c)");
  EXPECT_EQ(ExpressionShape("a + b * c - d"), "((a + (b * c)) - d)");
  EXPECT_EQ(ExpressionShape("a || b + c"), "(a || (b + c))");
  EXPECT_EQ(ExpressionShape("-a ^ 2"), "((- a) ^ 2)");
  EXPECT_EQ(ExpressionShape("x -> x + 1 = 2"), "(x -> ((x + 1) = 2))");
  EXPECT_EQ(ExpressionShape("a = b IS NULL"), "a = b IS NULL");
  EXPECT_EQ(ExpressionShape("a BETWEEN 1 AND 2 AND c"), "(a BETWEEN 1 AND 2 AND c)");
}

TEST(ParserTest, SplitsStatementsAndKeepsOpaqueOnes) {
  auto script = ParseScript("SELECT 1; ; PRAGMA foo(1); INSTALL httpfs;\nSELECT 2");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  ASSERT_EQ(script->statements.size(), 4u);
  EXPECT_EQ(script->statements[1]->kind, NodeKind::kOpaque);
  EXPECT_EQ(script->statements[1]->text, "PRAGMA foo(1)");
  EXPECT_EQ(script->statements[2]->text, "INSTALL httpfs");
  auto text = GenerateScript(script->statements);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "SELECT 1;\nPRAGMA foo(1);\nINSTALL httpfs;\nSELECT 2;\n");
}

TEST(ParserTest, LeadingCommentsAreKeptPerStatement) {
  auto script = ParseScript("-- first\nSELECT 1;\n/* second */ SELECT 2");
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->leading_comments[0], "-- first");
  EXPECT_EQ(script->leading_comments[1], "/* second */");
}

TEST(ParserTest, SyntaxErrorNamesLineColumnAndExpectation) {
  auto script = ParseScript("SELECT a,\n  b\nFROM t WHERE (x = 1");
  ASSERT_FALSE(script.ok());
  const Status& status = script.status();
  EXPECT_EQ(status.code(), StatusCode::kParseError);
  EXPECT_EQ(status.location().line, 3);
  EXPECT_EQ(status.location().column, 20);
  EXPECT_EQ(status.message(), "expected ',' or ')', found end of input");
  EXPECT_EQ(status.location().line_text, "FROM t WHERE (x = 1");
  EXPECT_NE(status.ToString().find("^"), std::string::npos);
}

TEST(ParserTest, ReservedWordWhereANameBelongs) {
  auto script = ParseScript("SELECT * FROM select");
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.status().message(), "expected an identifier, found keyword SELECT");
  EXPECT_EQ(script.status().location().column, 15);
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(10000, '(');
  deep += "1";
  deep += std::string(10000, ')');
  auto script = ParseScript("SELECT " + deep);
  ASSERT_FALSE(script.ok());
  EXPECT_NE(script.status().message().find("nesting limit"), std::string::npos);
  std::string arrays = "SELECT " + std::string(5000, '[') + std::string(5000, ']');
  EXPECT_FALSE(ParseScript(arrays).ok());
  std::string queries;
  for (int i = 0; i < 3000; ++i) {
    queries += "SELECT * FROM (";
  }
  EXPECT_FALSE(ParseScript(queries).ok());
  std::string nots = "SELECT ";
  for (int i = 0; i < 5000; ++i) {
    nots += "NOT ";
  }
  EXPECT_FALSE(ParseScript(nots + "1").ok());
  std::string negs = "SELECT ";
  for (int i = 0; i < 5000; ++i) {
    negs += "- ";
  }
  EXPECT_FALSE(ParseScript(negs + "1").ok());
}

TEST(ParserTest, QueryOrExpressionBacktrackingStaysLinear) {
  // Each level starts like a subquery but is an expression; without remembering failed
  // attempts this takes 2^60 steps.
  std::string expr = "(SELECT 1)";
  for (int i = 0; i < 60; ++i) {
    expr = "(" + expr + " + 1)";
  }
  auto script = ParseScript("SELECT " + expr + " FROM (" + expr + " AS x) AS t");
  EXPECT_FALSE(script.ok());  // "(expr AS x)" in FROM is not a table
  auto select = ParseScript("SELECT " + expr);
  ASSERT_TRUE(select.ok()) << select.status().ToString();
}

TEST(ParserTest, ParsesExpressionFromATokenPosition) {
  // The MODEL (...) header parser's use: its own syntax around SQL expressions.
  std::string text = "kind FULL, grain (a, b), start '2020-01-01' ;";
  auto tokens = Tokenize(text);
  ASSERT_TRUE(tokens.ok());
  Arena arena;
  Parser parser(&*tokens, &arena);
  parser.set_position(4);  // "grain" is token 3; the expression starts at "("
  EXPECT_EQ(parser.Text(parser.Peek()), "(");
  auto expr = parser.ParseExpression();
  ASSERT_TRUE(expr.ok()) << expr.status().ToString();
  EXPECT_EQ((*expr)->kind, NodeKind::kRow);
  EXPECT_TRUE(parser.IsKind(TokenKind::kComma));
  EXPECT_EQ(parser.position(), 9u);
}

TEST(ParserTest, OneStatementRejectsTwo) {
  EXPECT_FALSE(ParseOneStatement("SELECT 1; SELECT 2").ok());
  EXPECT_TRUE(ParseOneStatement("SELECT 1;").ok());
}

TEST(ParserTest, ValuesAndSetOperations) {
  EXPECT_EQ(RoundTrip("select 1 union all select 2 intersect select 3 order by 1 limit 5"),
            "SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 ORDER BY 1 LIMIT 5");
  auto script = ParseOneStatement("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
  ASSERT_TRUE(script.ok());
  const Node* top = script->statements[0];
  ASSERT_EQ(top->kind, NodeKind::kSetOp);
  EXPECT_EQ(top->text, "UNION");
  EXPECT_EQ(top->slots[2]->text, "INTERSECT");
}

TEST(ParserTest, EqualAndCloneIgnoreSpans) {
  auto a = ParseOneStatement("SELECT a + 1 FROM t");
  auto b = ParseOneStatement("select   a+1\nfrom t");
  auto c = ParseOneStatement("SELECT a + 2 FROM t");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(Equal(a->statements[0], b->statements[0]));
  EXPECT_FALSE(Equal(a->statements[0], c->statements[0]));
  Arena arena;
  Node* copy = Clone(a->statements[0], &arena);
  a = ParseOneStatement("SELECT 1");  // the original arena is gone
  EXPECT_TRUE(Equal(copy, b->statements[0]));
}

}  // namespace
}  // namespace strata::sql
