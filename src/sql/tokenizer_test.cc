// Tokenizer tests: token kinds, spans, comments, and errors for unterminated input.
#include "sql/tokenizer.h"

#include <gtest/gtest.h>

namespace strata::sql {
namespace {

std::vector<std::string> Texts(const TokenStream& stream) {
  std::vector<std::string> out;
  for (const Token& token : stream.tokens) {
    if (token.kind != TokenKind::kEof) {
      out.emplace_back(stream.Text(token));
    }
  }
  return out;
}

TEST(TokenizerTest, SplitsOperatorsLongestFirst) {
  auto stream = Tokenize("a::int->>'x' || b @> c <@ d && e ** 2 // 3 != 4 <> 5 -> 6");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  EXPECT_EQ(Texts(*stream),
            (std::vector<std::string>{"a", "::", "int", "->>", "'x'", "||", "b", "@>",
                                      "c", "<@", "d",   "&&",  "e",   "**", "2", "//",
                                      "3", "!=", "4",   "<>",  "5",   "->", "6"}));
}

TEST(TokenizerTest, StringsAndIdentifiers) {
  auto stream = Tokenize(R"(SELECT 'it''s', E'a\'b', $$x$$, $tag$y$tag$, "My ""Col""", ünï)");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  const auto& t = stream->tokens;
  EXPECT_EQ(t[1].kind, TokenKind::kString);
  EXPECT_EQ(t[3].kind, TokenKind::kEscapeString);
  EXPECT_EQ(t[5].kind, TokenKind::kDollarString);
  EXPECT_EQ(t[7].kind, TokenKind::kDollarString);
  EXPECT_EQ(t[9].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(t[11].kind, TokenKind::kWord);
  EXPECT_EQ(t[0].keyword, Keyword::kSELECT);
}

TEST(TokenizerTest, NumbersParametersAndMacros) {
  auto stream = Tokenize("1 1.5 .5 1e10 1.2E-3 1_000 0xFF ? $1 @start_ds @{name} @f(1)");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  const auto& t = stream->tokens;
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(t[i].kind, TokenKind::kNumber) << i;
  }
  EXPECT_EQ(t[7].kind, TokenKind::kParameter);
  EXPECT_EQ(t[8].kind, TokenKind::kParameter);
  EXPECT_EQ(t[9].kind, TokenKind::kMacroVariable);
  EXPECT_EQ(t[10].kind, TokenKind::kMacroBrace);
  EXPECT_EQ(t[11].kind, TokenKind::kMacroVariable);
  EXPECT_EQ(t[12].kind, TokenKind::kLeftParen);
  EXPECT_FALSE(t[12].space_before);
}

TEST(TokenizerTest, SpansCountCodePoints) {
  auto stream = Tokenize("SELECT 'é',\n  x");
  ASSERT_TRUE(stream.ok());
  const auto& t = stream->tokens;
  EXPECT_EQ(t[2].span.column, 11u);  // ',' after a two-byte character
  EXPECT_EQ(t[3].span.line, 2u);
  EXPECT_EQ(t[3].span.column, 3u);
}

TEST(TokenizerTest, CommentsAttachToNextToken) {
  auto stream = Tokenize("-- lead\nSELECT /* a /* nested */ b */ 1");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  ASSERT_EQ(stream->comments.size(), 2u);
  EXPECT_EQ(stream->tokens[0].comment_count, 1u);
  EXPECT_EQ(stream->tokens[1].comment_count, 1u);
  EXPECT_EQ(stream->Text(stream->comments[1]), "/* a /* nested */ b */");
}

TEST(TokenizerTest, UnterminatedInputIsAnErrorWithLocation) {
  for (const char* text :
       {"SELECT 'abc", "SELECT \"abc", "SELECT /* x", "SELECT $$x", "SELECT E'x\\'"}) {
    auto stream = Tokenize(text);
    ASSERT_FALSE(stream.ok()) << text;
    EXPECT_EQ(stream.status().code(), StatusCode::kParseError);
    EXPECT_EQ(stream.status().location().line, 1);
    EXPECT_EQ(stream.status().location().column, 8) << text;
    EXPECT_NE(stream.status().message().find("unterminated"), std::string::npos);
  }
}

}  // namespace
}  // namespace strata::sql
