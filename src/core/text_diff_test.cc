// The line diff and its unified rendering.
#include "core/text_diff.h"

#include <string>

#include <gtest/gtest.h>

namespace strata {
namespace {

std::string Script(std::string_view a, std::string_view b) {
  std::string out;
  for (const DiffLine& line : DiffLines(a, b)) {
    out += line.op == DiffLine::Op::kKeep ? ' ' : line.op == DiffLine::Op::kAdd ? '+' : '-';
    out += line.text;
    out += '|';
  }
  return out;
}

TEST(TextDiffTest, KeepsTheLongestCommonLines) {
  EXPECT_EQ(Script("a\nb\nc\n", "a\nb\nc\n"), " a| b| c|");
  EXPECT_EQ(Script("a\nb\nc\n", "a\nx\nc\n"), " a|-b|+x| c|");
  EXPECT_EQ(Script("a\nb\n", "a\nb\nc\n"), " a| b|+c|");
  EXPECT_EQ(Script("", "a\n"), "+a|");
  EXPECT_EQ(Script("x\na\nb\ny\n", "a\nz\nb\n"), "-x| a|+z| b|-y|");
  // Windows line ends compare equal to Unix ones.
  EXPECT_EQ(Script("a\r\nb\r\n", "a\nb\n"), " a| b|");
}

TEST(TextDiffTest, UnifiedHunksHaveContextAndLineNumbers) {
  std::string before;
  std::string after;
  for (int i = 1; i <= 20; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += (i == 3    ? std::string("changed 3")
              : i == 18 ? "changed 18"
                        : "line " + std::to_string(i)) +
             "\n";
  }
  EXPECT_EQ(UnifiedDiff(before, after, "old", "new", 2),
            "--- old\n+++ new\n"
            "@@ -1,5 +1,5 @@\n line 1\n line 2\n-line 3\n+changed 3\n line 4\n line 5\n"
            "@@ -16,5 +16,5 @@\n line 16\n line 17\n-line 18\n+changed 18\n line 19\n line 20\n");
  EXPECT_EQ(UnifiedDiff(before, before, "old", "new"), "");
  EXPECT_EQ(UnifiedDiff("a\n", "a\nb\n", "old", "new"),
            "--- old\n+++ new\n@@ -1,1 +1,2 @@\n a\n+b\n");
  EXPECT_EQ(UnifiedDiff("", "b\n", "old", "new"), "--- old\n+++ new\n@@ -0,0 +1,1 @@\n+b\n");
}

TEST(TextDiffTest, NearbyChangesShareAHunk) {
  EXPECT_EQ(UnifiedDiff("a\nb\nc\nd\ne\n", "a\nB\nc\nD\ne\n", "old", "new", 1),
            "--- old\n+++ new\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n-d\n+D\n e\n");
}

}  // namespace
}  // namespace strata
