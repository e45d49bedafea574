// Schema change classification over the type spellings of DuckDB 1.4 (duckdb_columns, DESCRIBE)
// and PostgreSQL 15 (format_type).
#include "core/schema_change.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

using project::SchemaChangePolicy;

TEST(SchemaChangeTest, NormalizesBothEnginesSpellings) {
  EXPECT_EQ(NormalizeType("integer"), "INTEGER");
  EXPECT_EQ(NormalizeType("INTEGER"), "INTEGER");
  EXPECT_EQ(NormalizeType("int4"), "INTEGER");
  EXPECT_EQ(NormalizeType("character varying(10)"), "VARCHAR(10)");
  EXPECT_EQ(NormalizeType("character varying"), "VARCHAR");
  EXPECT_EQ(NormalizeType("text"), "VARCHAR");
  EXPECT_EQ(NormalizeType("numeric(10,2)"), "DECIMAL(10,2)");
  EXPECT_EQ(NormalizeType("DECIMAL(10, 2)"), "DECIMAL(10,2)");
  EXPECT_EQ(NormalizeType("double precision"), "DOUBLE");
  EXPECT_EQ(NormalizeType("real"), "FLOAT");
  EXPECT_EQ(NormalizeType("timestamp without time zone"), "TIMESTAMP");
  EXPECT_EQ(NormalizeType("timestamp(3) without time zone"), "TIMESTAMP");
  EXPECT_EQ(NormalizeType("timestamp with time zone"), "TIMESTAMPTZ");
  EXPECT_EQ(NormalizeType("TIMESTAMP WITH TIME ZONE"), "TIMESTAMPTZ");
  EXPECT_EQ(NormalizeType("boolean"), "BOOLEAN");
}

TEST(SchemaChangeTest, WideningTypes) {
  // Integers into wider integers, on either engine's spelling.
  EXPECT_TRUE(IsWidening("INTEGER", "BIGINT"));
  EXPECT_TRUE(IsWidening("integer", "bigint"));
  EXPECT_TRUE(IsWidening("smallint", "integer"));
  EXPECT_TRUE(IsWidening("TINYINT", "HUGEINT"));
  EXPECT_TRUE(IsWidening("UTINYINT", "SMALLINT"));
  EXPECT_TRUE(IsWidening("INTEGER", "DOUBLE"));
  EXPECT_TRUE(IsWidening("integer", "numeric(12,2)"));
  EXPECT_TRUE(IsWidening("integer", "numeric"));
  EXPECT_TRUE(IsWidening("FLOAT", "DOUBLE"));
  EXPECT_TRUE(IsWidening("real", "double precision"));
  EXPECT_TRUE(IsWidening("DECIMAL(10,2)", "DECIMAL(12,2)"));
  EXPECT_TRUE(IsWidening("numeric(10,2)", "numeric(12,4)"));
  EXPECT_TRUE(IsWidening("character varying(10)", "character varying(20)"));
  EXPECT_TRUE(IsWidening("character varying(10)", "text"));
  EXPECT_TRUE(IsWidening("INTEGER", "VARCHAR"));
  EXPECT_TRUE(IsWidening("DATE", "TIMESTAMP"));
  EXPECT_TRUE(IsWidening("date", "timestamp without time zone"));
}

TEST(SchemaChangeTest, NarrowingAndIncompatibleTypes) {
  EXPECT_FALSE(IsWidening("BIGINT", "INTEGER"));
  EXPECT_FALSE(IsWidening("bigint", "integer"));
  EXPECT_FALSE(IsWidening("UINTEGER", "INTEGER"));
  EXPECT_FALSE(IsWidening("INTEGER", "UBIGINT"));
  EXPECT_FALSE(IsWidening("BIGINT", "DOUBLE"));
  EXPECT_FALSE(IsWidening("DOUBLE", "FLOAT"));
  EXPECT_FALSE(IsWidening("DOUBLE", "DECIMAL(18,3)"));
  EXPECT_FALSE(IsWidening("DECIMAL(12,2)", "DECIMAL(10,2)"));
  EXPECT_FALSE(IsWidening("numeric(10,2)", "numeric(10,4)"));
  EXPECT_FALSE(IsWidening("numeric", "numeric(10,2)"));
  EXPECT_FALSE(IsWidening("INTEGER", "DECIMAL(5,2)"));
  EXPECT_FALSE(IsWidening("character varying(20)", "character varying(10)"));
  EXPECT_FALSE(IsWidening("VARCHAR", "INTEGER"));
  EXPECT_FALSE(IsWidening("text", "character varying(10)"));
  EXPECT_FALSE(IsWidening("TIMESTAMP", "DATE"));
  EXPECT_FALSE(IsWidening("BOOLEAN", "INTEGER"));
  // The same type in two spellings is no change at all.
  EXPECT_FALSE(IsWidening("integer", "INTEGER"));
}

TEST(SchemaChangeTest, DiffClassifiesEachColumn) {
  const std::vector<TypedColumn> table = {{"id", "integer"},
                                          {"name", "character varying(10)"},
                                          {"amount", "numeric(10,2)"},
                                          {"old", "integer"},
                                          {"valid_from", "timestamp without time zone"}};
  const std::vector<TypedColumn> query = {{"ID", "bigint"},
                                          {"name", "character varying(10)"},
                                          {"amount", "numeric(8,2)"},
                                          {"extra", "date"}};
  std::vector<ColumnChange> changes = DiffColumns(table, query, {"valid_from"});
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].Describe(), "column id: integer -> bigint (widening)");
  EXPECT_TRUE(changes[0].additive);
  EXPECT_EQ(changes[1].Describe(),
            "column amount: numeric(10,2) -> numeric(8,2) (narrowing or incompatible)");
  EXPECT_FALSE(changes[1].additive);
  EXPECT_EQ(changes[2].Describe(), "dropped column old");
  EXPECT_FALSE(changes[2].additive);
  EXPECT_EQ(changes[3].Describe(), "added column extra date");
  EXPECT_TRUE(changes[3].additive);
  EXPECT_TRUE(DiffColumns(table, table).empty());
}

TEST(SchemaChangeTest, PolicyFollowsTheKindOfChange) {
  ColumnChange added{ColumnChangeKind::kAdded, "c", "", "INTEGER", true};
  ColumnChange dropped{ColumnChangeKind::kDropped, "d", "INTEGER", "", false};
  EXPECT_EQ(PolicyFor(added, SchemaChangePolicy::kAllow, SchemaChangePolicy::kError),
            SchemaChangePolicy::kAllow);
  EXPECT_EQ(PolicyFor(dropped, SchemaChangePolicy::kAllow, SchemaChangePolicy::kError),
            SchemaChangePolicy::kError);
  EXPECT_EQ(PolicyFor(dropped, SchemaChangePolicy::kAllow, SchemaChangePolicy::kIgnore),
            SchemaChangePolicy::kIgnore);
}

}  // namespace
}  // namespace strata
