#include "macro/literal_value.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(LiteralValueTest, SqlLiterals) {
  EXPECT_EQ((LiteralValue{LiteralKind::kString, "2020-01-31"}).SqlLiteral(), "'2020-01-31'");
  EXPECT_EQ((LiteralValue{LiteralKind::kString, "it's"}).SqlLiteral(), "'it''s'");
  EXPECT_EQ((LiteralValue{LiteralKind::kDate, "2020-01-31"}).SqlLiteral(), "DATE '2020-01-31'");
  EXPECT_EQ((LiteralValue{LiteralKind::kTimestamp, "2020-01-31 00:00:00"}).SqlLiteral(),
            "TIMESTAMP '2020-01-31 00:00:00'");
  EXPECT_EQ((LiteralValue{LiteralKind::kTimestampTz, "2020-01-31 00:00:00+00:00"}).SqlLiteral(),
            "TIMESTAMP WITH TIME ZONE '2020-01-31 00:00:00+00:00'");
  EXPECT_EQ((LiteralValue{LiteralKind::kInteger, "1580515199999"}).SqlLiteral(), "1580515199999");
  EXPECT_EQ((LiteralValue{LiteralKind::kFloat, "1580428800.0"}).SqlLiteral(), "1580428800.0");
}

TEST(LiteralValueTest, KindNames) {
  EXPECT_EQ(LiteralKindName(LiteralKind::kString), "string");
  EXPECT_EQ(LiteralKindName(LiteralKind::kTimestampTz), "timestamptz");
  EXPECT_EQ(LiteralKindName(LiteralKind::kFloat), "float");
}

}  // namespace
}  // namespace strata
