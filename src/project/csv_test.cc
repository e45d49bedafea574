#include "project/csv.h"

#include <gtest/gtest.h>

namespace strata::project {
namespace {

TEST(CsvTest, ParsesQuotingEmptyAndNull) {
  Result<CsvTable> t = ParseCsv(
      "id,name,note\r\n"
      "1,\"Smith, J\",\"say \"\"hi\"\"\"\r\n"
      "2,,\"\"\n"
      "3,\"multi\nline\",x\n",
      "seeds/a.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns, (std::vector<std::string>{"id", "name", "note"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0][1], "Smith, J");
  EXPECT_EQ(t->rows[0][2], "say \"hi\"");
  EXPECT_FALSE(t->rows[1][1].has_value());  // empty unquoted: NULL
  EXPECT_EQ(t->rows[1][2], "");             // quoted empty: empty string
  EXPECT_EQ(t->rows[2][1], "multi\nline");
  EXPECT_EQ(t->row_lines, (std::vector<int>{2, 3, 4}));
}

TEST(CsvTest, Utf8BomAndCustomSettings) {
  CsvSettings settings;
  settings.delimiter = ';';
  settings.quote = '\'';
  settings.escape = '\\';
  Result<CsvTable> t = ParseCsv("\xEF\xBB\xBFk;v\n1;'it\\'s é'\n", "b.csv", settings);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns[0], "k");
  EXPECT_EQ(t->rows[0][1], "it's é");
}

TEST(CsvTest, NoHeaderNamesColumns) {
  CsvSettings settings;
  settings.header = false;
  Result<CsvTable> t = ParseCsv("1,2\n3,4\n", "c.csv", settings);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->columns, (std::vector<std::string>{"column_1", "column_2"}));
  EXPECT_EQ(t->rows.size(), 2u);
}

TEST(CsvTest, ErrorsNameLineAndColumn) {
  Result<CsvTable> unterminated = ParseCsv("a,b\n1,\"open\n", "d.csv");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_EQ(unterminated.status().ToString(),
            "d.csv:2:3: error: unterminated quoted field\n"
            " 2 | 1,\"open\n"
            "   |   ^\n"
            "hint: close the field with \"");

  Result<CsvTable> ragged = ParseCsv("a,b\n1,2\n1,2,3\n", "e.csv");
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.status().location().line, 3);
  EXPECT_NE(ragged.status().message().find("3 fields but the header has 2"), std::string::npos);

  Result<CsvTable> junk = ParseCsv("a\n\"x\"y\n", "f.csv");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.status().location().column, 4);

  Result<CsvTable> bad_utf8 = ParseCsv("a\n\xff\n", "g.csv");
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.status().location().line, 2);

  EXPECT_FALSE(ParseCsv("", "h.csv").ok());
  EXPECT_FALSE(ParseCsv("a,a\n1,2\n", "i.csv").ok());
  EXPECT_FALSE(ParseCsv("a,\n1,2\n", "j.csv").ok());
}

TEST(CsvTest, InfersColumnTypesAsSqlMesh) {
  Result<CsvTable> t = ParseCsv(
      "b,i,d,dt,ts,s,n,im,bm\n"
      "true,1,1.5,2025-01-31,2025-01-31 10:00:00,x,,1,True\n"
      "FALSE,-20,2,2024-02-29,2025-02-01,1,,,\n",
      "k.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(InferCsvColumnType(*t, 0), "BOOLEAN");
  EXPECT_EQ(InferCsvColumnType(*t, 1), "BIGINT");
  EXPECT_EQ(InferCsvColumnType(*t, 2), "DOUBLE");
  // pandas leaves dates and timestamps as text.
  EXPECT_EQ(InferCsvColumnType(*t, 3), "VARCHAR");
  EXPECT_EQ(InferCsvColumnType(*t, 4), "VARCHAR");
  EXPECT_EQ(InferCsvColumnType(*t, 5), "VARCHAR");
  // Only NULLs: float64; integers with a NULL: float64; booleans with a NULL: object.
  EXPECT_EQ(InferCsvColumnType(*t, 6), "DOUBLE");
  EXPECT_EQ(InferCsvColumnType(*t, 7), "DOUBLE");
  EXPECT_EQ(InferCsvColumnType(*t, 8), "VARCHAR");
}

TEST(CsvTest, SkipsInitialSpacesAndWhitespaceOnlyLinesAsSqlMesh) {
  // SQLMesh reads seeds with pandas' skipinitialspace: indented rows and a whitespace-only last
  // line (as `sqlmesh init` writes them) read as plain rows.
  Result<CsvTable> t = ParseCsv("  id,name\n  1, Ann\n\n   \n  2,\"B, c\"\n  ", "m.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns, (std::vector<std::string>{"id", "name"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][0], "1");
  EXPECT_EQ(t->rows[0][1], "Ann");
  EXPECT_EQ(t->rows[1][1], "B, c");

  CsvSettings keep;
  keep.skip_initial_space = false;
  Result<CsvTable> kept = ParseCsv("a,b\n1, x\n", "n.csv", keep);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->rows[0][1], " x");
}

}  // namespace
}  // namespace strata::project
