// Parser tests: precedence, statement splitting, error messages with carets, depth limit.
#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/generator.h"

namespace strata::sql {
namespace {

std::string RoundTrip(std::string_view sql) {
  auto script = ParseOneStatement(sql);
  if (!script.ok()) return "ERROR: " + script.status().ToString();
  auto text = Generate(script->statements[0]);
  if (!text.ok()) return "ERROR: " + text.status().ToString();
  return *text;
}

TEST(ParserTest, BasicSelect) {
  EXPECT_EQ(RoundTrip("select a, b as c from t where x = 1"), "SELECT a, b AS c FROM t WHERE x = 1");
}

}  // namespace
}  // namespace strata::sql
