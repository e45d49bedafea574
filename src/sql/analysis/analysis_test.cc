// Analysis tests: table references under nested CTEs and shadowing, subqueries in every clause,
// output names, star expansion, qualification, reference rewriting, canonical form.
#include <gtest/gtest.h>

#include "sql/analysis/canonical.h"
#include "sql/analysis/output_columns.h"
#include "sql/analysis/qualify.h"
#include "sql/analysis/rewrite_tables.h"
#include "sql/analysis/table_references.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::sql {
namespace {

std::vector<std::string> Tables(std::string_view sql) {
  auto script = ParseOneStatement(sql);
  EXPECT_TRUE(script.ok()) << script.status().ToString();
  if (!script.ok()) {
    return {};
  }
  std::vector<std::string> out;
  for (const TableReference& ref : ReferencedTables(script->statements[0])) {
    std::string name;
    for (const std::string& part : ref.parts) {
      name += (name.empty() ? "" : ".") + part;
    }
    out.push_back(name);
  }
  return out;
}

using Names = std::vector<std::string>;

TEST(TableReferencesTest, ExcludesCtesAndAliases) {
  EXPECT_EQ(Tables("WITH a AS (SELECT * FROM s.raw) SELECT * FROM a JOIN s.dim AS d ON TRUE"),
            (Names{"s.raw", "s.dim"}));
}

TEST(TableReferencesTest, NestedCteScoping) {
  // The inner CTE b is visible only inside a; the outer query's b is a real table.
  EXPECT_EQ(Tables("WITH a AS (WITH b AS (SELECT 1) SELECT * FROM b) SELECT * FROM a, b"),
            (Names{"b"}));
  // A CTE may read a table with the same name as a later CTE (non-recursive scoping).
  EXPECT_EQ(Tables("WITH x AS (SELECT * FROM y), y AS (SELECT 1) SELECT * FROM x, y"),
            (Names{"y"}));
  // RECURSIVE: the CTE sees itself.
  EXPECT_EQ(Tables("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT * FROM r) SELECT * FROM r"),
            (Names{}));
}

TEST(TableReferencesTest, ShadowingByInnerCte) {
  // An inner CTE named like an outer table hides it only inside its own query.
  EXPECT_EQ(Tables("SELECT * FROM t WHERE x IN (WITH t AS (SELECT 1) SELECT * FROM t)"),
            (Names{"t"}));
}

TEST(TableReferencesTest, SubqueriesInEveryClause) {
  EXPECT_EQ(Tables("SELECT (SELECT max(a) FROM t1), x FROM (SELECT * FROM t2) AS s "
                   "JOIN t3 ON t3.id = (SELECT min(id) FROM t4) "
                   "WHERE EXISTS (SELECT 1 FROM t5) AND y IN (SELECT y FROM t6) "
                   "GROUP BY x HAVING count(*) > (SELECT count(*) FROM t7) "
                   "QUALIFY row_number() OVER () = (SELECT 1 FROM t8) "
                   "ORDER BY (SELECT 1 FROM t9) LIMIT (SELECT 1 FROM t10)"),
            (Names{"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"}));
  EXPECT_EQ(Tables("SELECT * FROM a UNION SELECT * FROM b EXCEPT SELECT * FROM A"),
            (Names{"a", "b"}));
  EXPECT_EQ(Tables("SELECT * FROM range(10), read_csv('x.csv'), 'y.parquet', @this_model"),
            (Names{"@this_model"}));
}

TEST(OutputColumnsTest, NamesAsDuckDbDoes) {
  auto script = ParseOneStatement(
      "SELECT a, t.b, c AS d, a + 1, count(*), sum(x), CAST(a AS INT), 'lit', 1, -a, "
      "a IS NULL FROM t");
  ASSERT_TRUE(script.ok());
  auto names = OutputColumns(script->statements[0]);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, (Names{"a", "b", "d", "(a + 1)", "count_star()", "sum(x)", "CAST(a AS INTEGER)",
                           "'lit'", "1", "-(a)", "(a IS NULL)"}));
}

TEST(OutputColumnsTest, StarsSetOperationsCtesAndValues) {
  Schema schema;
  schema.AddTable("s.t", {"id", "name", "amount"});
  auto script = ParseScript(
      "WITH c AS (SELECT id AS k, name FROM s.t) SELECT * EXCLUDE (name), c.* FROM c;"
      "SELECT id FROM s.t UNION SELECT 1;"
      "VALUES (1, 2);"
      "SELECT * FROM (SELECT 1 AS x) AS q(y), s.t;"
      "SELECT * FROM unknown_table");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_EQ(*OutputColumns(script->statements[0], &schema), (Names{"k", "k", "name"}));
  EXPECT_EQ(*OutputColumns(script->statements[1], &schema), (Names{"id"}));
  EXPECT_EQ(*OutputColumns(script->statements[2], &schema), (Names{"col0", "col1"}));
  EXPECT_EQ(*OutputColumns(script->statements[3], &schema), (Names{"y", "id", "name", "amount"}));
  auto unknown = OutputColumns(script->statements[4], &schema);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
}

std::string Apply(std::string_view sql, const Schema& schema, bool expand) {
  auto script = ParseOneStatement(sql);
  EXPECT_TRUE(script.ok()) << script.status().ToString();
  Status status = expand ? ExpandStars(script->statements[0], schema, script->arena.get())
                         : QualifyColumns(script->statements[0], schema, script->arena.get());
  if (!status.ok()) {
    return "error: " + status.message();
  }
  auto text = Generate(script->statements[0]);
  return text.ok() ? *text : "error: " + text.status().message();
}

TEST(QualifyTest, ExpandsStars) {
  Schema schema;
  schema.AddTable("orders", {"id", "customer_id", "total"});
  schema.AddTable("customers", {"id", "name"});
  EXPECT_EQ(
      Apply("SELECT * FROM orders AS o JOIN customers AS c ON o.customer_id = c.id", schema, true),
      "SELECT o.id, o.customer_id, o.total, c.id, c.name FROM orders AS o JOIN customers "
      "AS c ON o.customer_id = c.id");
  EXPECT_EQ(
      Apply("SELECT c.*, * EXCLUDE (total, customer_id) FROM orders, customers AS c", schema, true),
      "SELECT c.id, c.name, orders.id, c.id, c.name FROM orders, customers AS c");
  EXPECT_EQ(Apply("WITH x AS (SELECT id FROM orders) SELECT * FROM x", schema, true),
            "WITH x AS (SELECT id FROM orders) SELECT x.id FROM x");
  EXPECT_EQ(Apply("SELECT * FROM nowhere", schema, true),
            "error: cannot expand *: the columns of 'nowhere' are not known");
}

TEST(QualifyTest, QualifiesColumns) {
  Schema schema;
  schema.AddTable("orders", {"id", "customer_id", "total"});
  schema.AddTable("customers", {"id", "name"});
  EXPECT_EQ(Apply("SELECT name, total AS t FROM orders JOIN customers AS c ON customer_id = c.id "
                  "WHERE total > 10 ORDER BY t",
                  schema, false),
            "SELECT c.name, orders.total AS t FROM orders JOIN customers AS c ON "
            "orders.customer_id = c.id WHERE orders.total > 10 ORDER BY t");
  // Correlated subquery: inner scope first, then the outer one.
  EXPECT_EQ(Apply("SELECT id FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE "
                  "customer_id = name)",
                  schema, false),
            "SELECT customers.id FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE "
            "orders.customer_id = customers.name)");
  // Lambda parameters are not columns.
  EXPECT_EQ(Apply("SELECT list_transform([1], total -> total + 1) FROM orders", schema, false),
            "SELECT list_transform([1], total -> total + 1) FROM orders");
  EXPECT_EQ(Apply("SELECT id FROM orders, customers", schema, false),
            "error: column 'id' is ambiguous: both 'orders' and 'customers' have it");
}

TEST(RewriteTablesTest, PointsReferencesAtPhysicalTables) {
  auto script = ParseOneStatement(
      "WITH recent AS (SELECT * FROM s.orders WHERE ts > 1) "
      "SELECT orders.id, r.total FROM s.orders JOIN recent AS r ON TRUE "
      "WHERE orders.id IN (SELECT id FROM s.other)");
  ASSERT_TRUE(script.ok());
  int count = RewriteTables(
      script->statements[0],
      [](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
        if (parts.size() == 2 && parts[0] == "s" && parts[1] == "orders") {
          return std::vector<std::string>{"strata__s", "s__orders__123"};
        }
        return std::nullopt;
      },
      script->arena.get());
  EXPECT_EQ(count, 2);
  EXPECT_EQ(*Generate(script->statements[0]),
            "WITH recent AS (SELECT * FROM strata__s.s__orders__123 AS orders WHERE ts > 1) "
            "SELECT orders.id, r.total FROM strata__s.s__orders__123 AS orders JOIN recent AS r "
            "ON TRUE WHERE orders.id IN (SELECT id FROM s.other)");
}

TEST(RewriteTablesTest, QuotesPhysicalNamesThatNeedIt) {
  // A model named "Raw"."Events" has the physical table "strata__Raw"."Raw__Events__1": the
  // rewritten reference keeps its case on engines that fold unquoted names (PostgreSQL).
  auto script = ParseOneStatement("SELECT e.x FROM \"Raw\".\"Events\" AS e JOIN s.t ON TRUE");
  ASSERT_TRUE(script.ok());
  RewriteTables(
      script->statements[0],
      [](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
        if (parts[0] == "Raw") {
          return std::vector<std::string>{"strata__Raw", "Raw__Events__1"};
        }
        return std::vector<std::string>{"strata__s", "s__t__2"};
      },
      script->arena.get());
  EXPECT_EQ(*Generate(script->statements[0]),
            "SELECT e.x FROM \"strata__Raw\".\"Raw__Events__1\" AS e JOIN strata__s.s__t__2 AS t "
            "ON TRUE");
}

std::string Canonical(std::string_view sql) {
  auto script = ParseOneStatement(sql);
  EXPECT_TRUE(script.ok()) << script.status().ToString();
  auto text = CanonicalForm(script->statements[0]);
  return text.ok() ? *text : "error";
}

TEST(CanonicalFormTest, IgnoresFormatting) {
  std::string base = Canonical("SELECT a, b AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a");
  for (const char* variant : {
           "select A, B c\nfrom S.T -- comment\nwhere (x != 1) and (y = 2) order by a",
           "/* header */ SELECT  a , b AS c FROM s.t WHERE ((x <> 1)) AND y = 2 ORDER BY a",
       }) {
    EXPECT_EQ(Canonical(variant), base) << variant;
  }
  EXPECT_EQ(Canonical("SELECT a::INT FROM t LEFT OUTER JOIN u ON TRUE"),
            Canonical("SELECT CAST(a AS INT) FROM t LEFT JOIN u ON TRUE"));
  EXPECT_EQ(Canonical("SELECT (a + b) * c"), "SELECT (a + b) * c");
}

TEST(CanonicalFormTest, ChangesWithSemantics) {
  std::string base = Canonical("SELECT a, b AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a");
  for (const char* variant : {
           "SELECT a, b AS d FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a",
           "SELECT a, b AS c FROM s.u WHERE x <> 1 AND y = 2 ORDER BY a",
           "SELECT a, b AS c FROM s.t WHERE x <> 1 OR y = 2 ORDER BY a",
           "SELECT a, b AS c FROM s.t WHERE x <> 1 AND y = 3 ORDER BY a",
           "SELECT a, b AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a DESC",
           "SELECT a, b AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a ASC",
           "SELECT a, b AS c FROM s.t WHERE x <> '1' AND y = 2 ORDER BY a",
           "SELECT a, b AS C FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a",
           "SELECT a, \"B\" AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a",
           "SELECT DISTINCT a, b AS c FROM s.t WHERE x <> 1 AND y = 2 ORDER BY a",
       }) {
    EXPECT_NE(Canonical(variant), base) << variant;
  }
  EXPECT_NE(Canonical("SELECT (a + b) * c"), Canonical("SELECT a + b * c"));
  EXPECT_NE(Canonical("SELECT 1.0"), Canonical("SELECT 1.00"));
}

}  // namespace
}  // namespace strata::sql
