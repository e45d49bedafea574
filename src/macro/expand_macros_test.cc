// Tests of macro expansion: each variable and macro on a small SQL text, expanded and generated
// for DuckDB, and the errors with their message and caret.
#include "macro/expand_macros.h"

#include <gtest/gtest.h>

#include "base/time_parse.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::macro {
namespace {

int64_t At(std::string_view text) { return *ParseTimestamp(text); }

class ExpandTest : public ::testing::Test {
 protected:
  ExpandTest() : time_(At("2025-01-15"), At("2025-01-22"), At("2025-01-22 01:00:00")) {
    context_.time = &time_;
    context_.this_model = "strata__sales.sales__daily__123";
    context_.gateway = "local";
    context_.file_name = "models/m.sql";
    context_.columns_of = [](const std::string& table) -> Result<std::vector<std::string>> {
      if (table == "foo") {
        return std::vector<std::string>{"a", "b", "c", "d"};
      }
      if (table == "bar") {
        return std::vector<std::string>{"a", "x", "c"};
      }
      if (table == "raw.orders") {
        return std::vector<std::string>{"id", "Amount"};
      }
      return Status::NotFound("no table " + table);
    };
  }

  // Sets the config variable `name` to the SQL expression `value`.
  void SetVariable(const std::string& name, std::string_view value) {
    context_.variables[name] = *sql::ParseExpression(value, &variable_arena_);
  }

  // Parses `text` as a model file, expands it, and returns the statements generated for
  // DuckDB joined by ";\n", or the error rendered by Status::ToString().
  std::string Expand(std::string_view text, sql::DialectKind dialect = sql::DialectKind::kDuckDb) {
    Result<sql::ParsedScript> script = sql::ParseScript(text, {.file_name = "models/m.sql"});
    if (!script.ok()) {
      return "parse error: " + script.status().ToString();
    }
    context_.source = script->source;
    context_.dialect = dialect;
    sql::Arena arena;
    Result<std::vector<sql::Node*>> expanded = ExpandMacros(script->statements, context_, &arena);
    if (!expanded.ok()) {
      return expanded.status().ToString();
    }
    std::string out;
    for (const sql::Node* statement : *expanded) {
      Result<std::string> generated = sql::Generate(statement, {.dialect = dialect});
      if (!generated.ok()) {
        return "generate error: " + generated.status().ToString();
      }
      out += (out.empty() ? "" : ";\n") + *generated;
    }
    return out;
  }

  // The error message only (no location), or "OK".
  std::string Message(std::string_view text) {
    Result<sql::ParsedScript> script = sql::ParseScript(text);
    if (!script.ok()) {
      return "parse error: " + script.status().message();
    }
    context_.source = script->source;
    sql::Arena arena;
    Result<std::vector<sql::Node*>> expanded = ExpandMacros(script->statements, context_, &arena);
    return expanded.ok() ? "OK"
                         : expanded.status().message() + " | hint: " + expanded.status().hint();
  }

  TimeVariables time_;
  MacroContext context_;
  sql::Arena variable_arena_;
};

// ---- variables

TEST_F(ExpandTest, SeedExampleIntervalFilter) {
  EXPECT_EQ(Expand("SELECT * FROM raw.orders WHERE order_date BETWEEN @start_ds AND @end_ds"),
            "SELECT * FROM raw.orders WHERE order_date BETWEEN '2025-01-15' AND '2025-01-21'");
}

TEST_F(ExpandTest, EveryTimeVariableRendersAsATypedLiteral) {
  EXPECT_EQ(Expand("SELECT @start_date, @end_date, @start_dt, @end_dt, @start_dtntz"),
            "SELECT DATE '2025-01-15', DATE '2025-01-21', TIMESTAMP '2025-01-15 00:00:00', "
            "TIMESTAMP '2025-01-21 23:59:59.999999', TIMESTAMP '2025-01-15 00:00:00'");
  EXPECT_EQ(Expand("SELECT @start_ts, @end_ts, @start_tstz, @end_tstz"),
            "SELECT '2025-01-15 00:00:00', '2025-01-21 23:59:59.999999', "
            "'2025-01-15 00:00:00+00:00', '2025-01-21 23:59:59.999999+00:00'");
  EXPECT_EQ(Expand("SELECT @start_epoch, @end_millis, @start_hour, @end_hour"),
            "SELECT 1736899200.0, 1737503999999, 0, 23");
  EXPECT_EQ(Expand("SELECT @execution_ds, @execution_ts, @execution_hour, @execution_date"),
            "SELECT '2025-01-22', '2025-01-22 01:00:00', 1, DATE '2025-01-22'");
  EXPECT_EQ(Expand("SELECT @START_DS, @End_Ds"), "SELECT '2025-01-15', '2025-01-21'");
}

TEST_F(ExpandTest, HourlyAndMonthlyIntervals) {
  TimeVariables hourly(At("2025-01-15 13:00:00"), At("2025-01-15 14:00:00"),
                       At("2025-01-15 14:05"));
  context_.time = &hourly;
  EXPECT_EQ(Expand("SELECT @start_ts, @end_ts, @start_hour, @end_hour, @start_ds, @end_ds"),
            "SELECT '2025-01-15 13:00:00', '2025-01-15 13:59:59.999999', 13, 13, '2025-01-15', "
            "'2025-01-15'");
  TimeVariables monthly(At("2024-02-01"), At("2024-03-01"), At("2024-03-01"));
  context_.time = &monthly;
  EXPECT_EQ(Expand("SELECT @start_ds, @end_ds, @end_date, @end_millis"),
            "SELECT '2024-02-01', '2024-02-29', DATE '2024-02-29', 1709251199999");
}

TEST_F(ExpandTest, TimeVariableWithoutIntervalIsAnError) {
  context_.time = nullptr;
  EXPECT_EQ(Expand("SELECT 1\nWHERE d > @start_ds"),
            "models/m.sql:2:11: error: @start_ds needs a time interval, and none is set here\n"
            " 2 | WHERE d > @start_ds\n"
            "   |           ^\n"
            "hint: time variables are known when a model is rendered or run for an interval");
}

TEST_F(ExpandTest, ThisModelAndGateway) {
  EXPECT_EQ(Expand("SELECT * FROM @this_model WHERE g = @gateway"),
            "SELECT * FROM strata__sales.sales__daily__123 WHERE g = 'local'");
  EXPECT_EQ(Expand("DELETE FROM @this_model WHERE ds < @start_ds"),
            "DELETE FROM strata__sales.sales__daily__123 WHERE ds < '2025-01-15'");
  context_.this_model = "";
  EXPECT_EQ(Message("SELECT * FROM @this_model"),
            "@this_model is not known here | hint: it names the physical table and is set when "
            "a model is rendered or run");
}

TEST_F(ExpandTest, ConfigVariablesByNameAndVar) {
  SetVariable("int_var", "1");
  SetVariable("str_var", "'cat'");
  SetVariable("list_var", "[1, 2, 3]");
  EXPECT_EQ(Expand("SELECT @int_var, @INT_VAR, @VAR('str_var'), @VAR('missing', 0), @list_var"),
            "SELECT 1, 1, 'cat', 0, [1, 2, 3]");
  EXPECT_EQ(Message("SELECT @VAR('str_vr')"),
            "unknown variable 'str_vr' | hint: did you mean 'str_var'?");
  EXPECT_EQ(Message("SELECT @int_vr"),
            "unknown macro variable @int_vr | hint: did you mean @int_var?");
}

TEST_F(ExpandTest, VariableValuesAreAlwaysOneLiteral) {
  SetVariable("name", "'O''Brien'");
  SetVariable("evil", "'''; DROP TABLE x; --'");
  EXPECT_EQ(Expand("SELECT * FROM t WHERE n = @name OR n = @VAR('evil')"),
            "SELECT * FROM t WHERE n = 'O''Brien' OR n = '''; DROP TABLE x; --'");
  // The same through @DEF, identifiers and opaque statements.
  EXPECT_EQ(Expand("@DEF(v, @evil);\nSELECT @v AS @{evil}"),
            "SELECT '''; DROP TABLE x; --' AS \"'; DROP TABLE x; --\"");
  EXPECT_EQ(Expand("SET search_path = @evil"), "SET search_path = '''; DROP TABLE x; --'");
}

// ---- @DEF, lambdas, identifiers

TEST_F(ExpandTest, DefValuesAndShadowing) {
  EXPECT_EQ(Expand("@DEF(size, 1);\nSELECT a FROM t WHERE size > @size;\n@DEF(size, 2);\n"
                   "SELECT @size"),
            "SELECT a FROM t WHERE size > 1;\nSELECT 2");
  EXPECT_EQ(Expand("@DEF(cols, [a, b]);\nSELECT @EACH(@cols, c -> c + 1)"), "SELECT a + 1, b + 1");
}

TEST_F(ExpandTest, DefFunctions) {
  EXPECT_EQ(Expand("@DEF(add, (a, b) -> a + b);\n@DEF(double, x -> x * 2);\n"
                   "SELECT @add(1, 2), @double(col), @add(@double(x), y) AS s"),
            "SELECT 1 + 2, col * 2, x * 2 + y AS s");
  EXPECT_EQ(Expand("@DEF(area, r -> pi() * r * r);\n@DEF(volume, (r, h) -> @area(@r) * h);\n"
                   "SELECT @volume((d / 2), h) AS v"),
            "SELECT pi() * (d / 2) * (d / 2) * h AS v");
  EXPECT_EQ(Expand("@DEF(f, x -> x * 2);\nSELECT @f(a + 1)"), "SELECT (a + 1) * 2");
}

TEST_F(ExpandTest, DefErrors) {
  EXPECT_EQ(Message("@DEF(f, (a, b) -> a + b);\nSELECT @f(1)"),
            "the function takes 2 arguments (a, b), got 1 | hint: ");
  EXPECT_EQ(Message("SELECT @DEF(x, 1)"),
            "@DEF must be a statement of its own | hint: write `@DEF(name, value);` before the "
            "query");
  EXPECT_EQ(Message("@DEF(f, x -> @f(x));\nSELECT @f(1)"),
            "macros nest deeper than 64 calls | hint: a function defined with @DEF probably "
            "calls itself");
  EXPECT_EQ(Message("@DEF(v, 1);\nSELECT @v(2)"),
            "@v is a value defined with @DEF, not a function | hint: use it without arguments: @v");
}

TEST_F(ExpandTest, IdentifierInterpolation) {
  SetVariable("suffix", "'eu'");
  SetVariable("schema", "'raw'");
  EXPECT_EQ(Expand("SELECT col_@{suffix}, @{suffix}_col, @{suffix} FROM @{schema}.tbl_@suffix"),
            "SELECT col_eu, eu_col, eu FROM raw.tbl_eu");
  EXPECT_EQ(Expand("SELECT @EACH(['4', 5], x -> CASE WHEN n = x THEN 1 END AS column_@x)"),
            "SELECT CASE WHEN n = '4' THEN 1 END AS column_4, CASE WHEN n = 5 THEN 1 END AS "
            "column_5");
  EXPECT_EQ(Expand("SELECT @EACH([a, b], x -> x AS @{x}_total)"),
            "SELECT a AS a_total, b AS b_total");
}

// ---- operators

TEST_F(ExpandTest, Each) {
  EXPECT_EQ(Expand("SELECT @EACH([4, 5, 6], number -> number) FROM t"), "SELECT 4, 5, 6 FROM t");
  EXPECT_EQ(Expand("SELECT * FROM t WHERE x IN (@EACH(['a', 'b'], v -> UPPER(v)))"),
            "SELECT * FROM t WHERE x IN (UPPER('a'), UPPER('b'))");
  EXPECT_EQ(Expand("SELECT a FROM t ORDER BY @EACH([a, b], c -> c) DESC"),
            "SELECT a FROM t ORDER BY a DESC, b DESC");
  EXPECT_EQ(Message("SELECT @EACH([1], 2)"),
            "@EACH needs a function here | hint: write it as x -> expression");
}

TEST_F(ExpandTest, FilterAndReduce) {
  EXPECT_EQ(Expand("SELECT @EACH(@FILTER([1, 2, 3], x -> x > 1), y -> y * 10)"),
            "SELECT 2 * 10, 3 * 10");
  EXPECT_EQ(Expand("SELECT @REDUCE([1, 2, 3, 4], (x, y) -> x + y)"), "SELECT 1 + 2 + 3 + 4");
  EXPECT_EQ(Expand("SELECT c FROM t WHERE @REDUCE(@EACH([col1, col2, col3], x -> x = 1), "
                   "(x, y) -> x AND y)"),
            "SELECT c FROM t WHERE col1 = 1 AND col2 = 1 AND col3 = 1");
  EXPECT_EQ(Expand("SELECT @REDUCE([a OR b, c], (x, y) -> x AND y)"), "SELECT (a OR b) AND c");
  EXPECT_EQ(Message("SELECT @FILTER([a], x -> x > 1)"),
            "@FILTER: cannot evaluate `a` while expanding macros: a column's value is only known "
            "when the query runs | hint: the condition is evaluated while expanding macros: "
            "compare the item with literals");
}

TEST_F(ExpandTest, If) {
  EXPECT_EQ(Expand("SELECT col1, @IF(1 > 0, sensitive_col) FROM t"),
            "SELECT col1, sensitive_col FROM t");
  EXPECT_EQ(Expand("SELECT col1, @IF(1 > 2, sensitive_col) FROM t"), "SELECT col1 FROM t");
  EXPECT_EQ(Expand("SELECT col1, @IF(1 > 2, sensitive_col, other_col) FROM t"),
            "SELECT col1, other_col FROM t");
  SetVariable("env", "'prod'");
  EXPECT_EQ(Expand("SELECT * FROM t WHERE @IF(@env = 'dev', x > 1)"), "SELECT * FROM t");
  EXPECT_EQ(Expand("SELECT @IF(@env IN ('prod', 'staging') AND NOT 1 IS NULL, 'p', 'd')"),
            "SELECT 'p'");
  EXPECT_EQ(Expand("SELECT 1;\n@IF(@env = 'prod', ALTER TABLE t ALTER c TYPE VARCHAR);\n"
                   "@IF(@env = 'dev', DROP TABLE t)"),
            "SELECT 1;\nALTER TABLE t ALTER COLUMN c TYPE VARCHAR");
  EXPECT_EQ(Expand("SELECT 1\nFROM t WHERE @IF(x > 1, a)"),
            "models/m.sql:2:20: error: @IF: cannot evaluate `x` while expanding macros: a "
            "column's value is only known when the query runs\n"
            " 2 | FROM t WHERE @IF(x > 1, a)\n"
            "   |                    ^\n"
            "hint: the condition is evaluated while expanding macros, before the query runs: use "
            "literals and macro variables");
}

TEST_F(ExpandTest, EvalAndSql) {
  EXPECT_EQ(Expand("@DEF(x, 1);\nSELECT @EVAL(5 + @x) AS six"), "SELECT 6 AS six");
  EXPECT_EQ(Expand("SELECT @SQL('a + 1') AS b FROM t"), "SELECT a + 1 AS b FROM t");
  SetVariable("col", "'price'");
  EXPECT_EQ(Expand("SELECT @SQL(@col || ' * 2')"), "SELECT price * 2");
  EXPECT_EQ(Message("SELECT @SQL('a +')"),
            "@SQL: the string is not SQL: expected an expression, found end of input | hint: ");
}

TEST_F(ExpandTest, AndOr) {
  EXPECT_EQ(Expand("SELECT * FROM t WHERE @AND(a > 1, NULL, b OR c)"),
            "SELECT * FROM t WHERE a > 1 AND (b OR c)");
  EXPECT_EQ(Expand("SELECT @AND(TRUE, NULL), @OR(a, b), @AND(NULL), @OR()"),
            "SELECT TRUE, a OR b, TRUE, FALSE");
  EXPECT_EQ(Expand("SELECT @AND(@IF(1 = 2, x), y)"), "SELECT y");
}

TEST_F(ExpandTest, Star) {
  EXPECT_EQ(Expand("SELECT @STAR(foo, bar, [c], 'baz_') FROM foo AS bar"),
            "SELECT bar.a AS baz_a, bar.b AS baz_b, bar.d AS baz_d FROM foo AS bar");
  EXPECT_EQ(Expand("SELECT @STAR(foo, exclude := [c, d], suffix := '_x'), 1 FROM foo"),
            "SELECT foo.a AS a_x, foo.b AS b_x, 1 FROM foo");
  EXPECT_EQ(Expand("SELECT @STAR(raw.orders, except_ := [id]) FROM raw.orders"),
            "SELECT orders.\"Amount\" AS \"Amount\" FROM raw.orders");
  EXPECT_EQ(Message("SELECT @STAR(nope)"), "@STAR: no table nope | hint: ");
  EXPECT_EQ(Message("SELECT @STAR(foo, exclud := [a])"),
            "@STAR has no parameter named exclud | hint: did you mean exclude?");
  context_.columns_of = nullptr;
  EXPECT_EQ(Message("SELECT @STAR(foo)"),
            "@STAR needs the columns of foo, which are not known here | hint: the table must be "
            "a model, or an external model with its columns");
}

TEST_F(ExpandTest, SurrogateKeyAndSafeArithmetic) {
  EXPECT_EQ(Expand("SELECT @GENERATE_SURROGATE_KEY(a, b) FROM foo"),
            "SELECT MD5(CONCAT(COALESCE(CAST(a AS TEXT), '_sqlmesh_surrogate_key_null_'), '|', "
            "COALESCE(CAST(b AS TEXT), '_sqlmesh_surrogate_key_null_'))) FROM foo");
  EXPECT_EQ(Expand("SELECT @SAFE_ADD(a, b, c), @SAFE_SUB(a, b)"),
            "SELECT CASE WHEN a IS NULL AND b IS NULL AND c IS NULL THEN NULL ELSE COALESCE(a, 0) "
            "+ COALESCE(b, 0) + COALESCE(c, 0) END, CASE WHEN a IS NULL AND b IS NULL THEN NULL "
            "ELSE COALESCE(a, 0) - COALESCE(b, 0) END");
  EXPECT_EQ(Expand("SELECT @SAFE_DIV(a + 1, b)"), "SELECT (a + 1) / NULLIF(b, 0)");
  EXPECT_EQ(Message("SELECT @SAFE_DIV(a)"),
            "@SAFE_DIV is missing its denominator argument | hint: the signature is "
            "@SAFE_DIV(numerator, denominator)");
  EXPECT_EQ(Message("SELECT @IF(TRUE, 1, 2, 3)"),
            "@IF takes at most 3 arguments, got 4 | hint: the signature is @IF(condition, "
            "true_value[, false_value])");
}

TEST_F(ExpandTest, Union) {
  EXPECT_EQ(Expand("@UNION('distinct', foo, bar)"),
            "SELECT a, c FROM foo UNION SELECT a, c FROM bar");
  EXPECT_EQ(Expand("SELECT * FROM @UNION('all', foo, bar) AS u"),
            "SELECT * FROM (SELECT a, c FROM foo UNION ALL SELECT a, c FROM bar) AS u");
  EXPECT_EQ(Message("@UNION('some', foo, bar)"),
            "@UNION: the type must be 'all' or 'distinct', not 'some' | hint: ");
}

TEST_F(ExpandTest, Deduplicate) {
  EXPECT_EQ(Expand("WITH raw_data AS (@DEDUPLICATE(my_table, [id, CAST(event_date AS DATE)], "
                   "['event_date DESC', 'status ASC'])) SELECT * FROM raw_data"),
            "WITH raw_data AS (SELECT * FROM my_table QUALIFY ROW_NUMBER() OVER (PARTITION BY "
            "id, CAST(event_date AS DATE) ORDER BY event_date DESC, status ASC) = 1) SELECT * "
            "FROM raw_data");
  EXPECT_EQ(Expand("SELECT * FROM @DEDUPLICATE(t, partition_by := [id], order_by := [ts])",
                   sql::DialectKind::kPostgres),
            "SELECT * FROM (SELECT DISTINCT ON (id) * FROM t ORDER BY id, ts)");
  EXPECT_EQ(Message("SELECT * FROM @DEDUPLICATE(t, [id], ['ts; DROP TABLE x'])"),
            "@DEDUPLICATE: 'ts; DROP TABLE x' is not an ORDER BY item | hint: write items like "
            "'event_date DESC NULLS LAST'");
}

TEST_F(ExpandTest, DateSpine) {
  EXPECT_EQ(Expand("WITH d AS (@DATE_SPINE('day', '2024-01-01', '2024-01-16')) SELECT * FROM d"),
            "WITH d AS (SELECT CAST(_exploded.date_day AS DATE) AS date_day FROM "
            "GENERATE_SERIES(CAST('2024-01-01' AS TIMESTAMP), CAST('2024-01-16' AS TIMESTAMP), "
            "INTERVAL '1' DAY) AS _exploded(date_day)) SELECT * FROM d");
  EXPECT_EQ(Expand("SELECT * FROM @DATE_SPINE('quarter', @start_ds, @end_ds)"),
            "SELECT * FROM (SELECT CAST(_exploded.date_quarter AS DATE) AS date_quarter FROM "
            "GENERATE_SERIES(CAST('2025-01-15' AS TIMESTAMP), CAST('2025-01-21' AS TIMESTAMP), "
            "INTERVAL '3' MONTH) AS _exploded(date_quarter))");
  EXPECT_EQ(Message("SELECT * FROM @DATE_SPINE('decade', '2024-01-01', '2024-01-16')"),
            "@DATE_SPINE: unknown datepart 'decade' | hint: use 'day', 'week', 'month', 'quarter' "
            "or 'year'");
}

TEST_F(ExpandTest, ConditionalClauses) {
  SetVariable("size", "1");
  EXPECT_EQ(Expand("SELECT item_id FROM t @WHERE(TRUE) item_id > @size GROUP BY item_id"),
            "SELECT item_id FROM t WHERE item_id > 1 GROUP BY item_id");
  EXPECT_EQ(Expand("SELECT item_id FROM t @WHERE(@size > 1) item_id > @size"),
            "SELECT item_id FROM t");
  EXPECT_EQ(Expand("SELECT * FROM all_cities @GROUP_BY(TRUE) city_id @HAVING(1 < 2) n > 1 "
                   "@ORDER_BY(TRUE) city_pop DESC @LIMIT(TRUE) 10"),
            "SELECT * FROM all_cities GROUP BY city_id HAVING n > 1 ORDER BY city_pop DESC "
            "LIMIT 10");
  EXPECT_EQ(Expand("SELECT * FROM c @GROUP_BY(FALSE) city_id @HAVING(FALSE) n > 1 "
                   "@ORDER_BY(FALSE) city_pop @LIMIT(FALSE) 10"),
            "SELECT * FROM c");
  EXPECT_EQ(Expand("SELECT * FROM all_cities LEFT OUTER @JOIN(TRUE) country ON city.c = "
                   "country.name JOIN x ON TRUE"),
            "SELECT * FROM all_cities LEFT OUTER JOIN country ON city.c = country.name JOIN x "
            "ON TRUE");
  EXPECT_EQ(Expand("SELECT * FROM all_cities LEFT OUTER @JOIN(FALSE) country ON city.c = "
                   "country.name JOIN x ON TRUE"),
            "SELECT * FROM all_cities JOIN x ON TRUE");
  EXPECT_EQ(Message("SELECT * FROM t @WHERE(a > 1) b"),
            "@WHERE: cannot evaluate `a` while expanding macros: a column's value is only known "
            "when the query runs | hint: the condition is evaluated while expanding macros, "
            "before the query runs: use literals and macro variables");
}

// ---- errors and limits

TEST_F(ExpandTest, UnknownMacroSuggestsTheNearest) {
  EXPECT_EQ(Expand("SELECT\n  @EACHH([1], x -> x)"),
            "models/m.sql:2:3: error: unknown macro @EACHH\n"
            " 2 |   @EACHH([1], x -> x)\n"
            "   |   ^\n"
            "hint: did you mean @EACH?");
  EXPECT_EQ(Message("@DEF(my_func, x -> x);\nSELECT @my_fnuc(1)"),
            "unknown macro @my_fnuc | hint: did you mean @my_func?");
}

TEST_F(ExpandTest, NamedArgumentsWithBothSpellings) {
  EXPECT_EQ(Expand("SELECT @IF(condition := 1 = 1, true_value => a, false_value := b)"),
            "SELECT a");
  EXPECT_EQ(Message("SELECT @IF(1 = 1, true_value := a, b)"),
            "a positional argument cannot follow a named argument | hint: name it, or move it "
            "before the named arguments");
  EXPECT_EQ(Message("SELECT @IF(condition := TRUE, condition := TRUE, a)"),
            "@IF: parameter condition is given twice | hint: ");
}

TEST_F(ExpandTest, RunawayExpansionIsBounded) {
  std::string sql = "@DEF(l, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);\nSELECT ";
  std::string inner = "1";
  for (int i = 0; i < 6; ++i) {
    inner = "@EACH(@l, x" + std::to_string(i) + " -> " + inner + ")";
  }
  EXPECT_EQ(Message(sql + inner),
            "macro expansion is too large (over 200000 macro calls) | hint: ");
}

TEST_F(ExpandTest, ExpandMacrosInOneExpression) {
  sql::Arena arena;
  sql::Node* node = *sql::ParseExpression("@start_ds || @gateway", &arena);
  sql::Arena out;
  Result<sql::Node*> expanded = ExpandMacrosIn(node, context_, &out);
  ASSERT_TRUE(expanded.ok()) << expanded.status().ToString();
  EXPECT_EQ(*sql::Generate(*expanded), "'2025-01-15' || 'local'");
  sql::Node* many = *sql::ParseExpression("@EACH([1, 2], x -> x)", &arena);
  EXPECT_EQ(ExpandMacrosIn(many, context_, &out).status().message(),
            "the macros here produced 2 values where one is needed");
}

TEST_F(ExpandTest, ExpanderKeepsDefinitionsForLaterExpressions) {
  Result<sql::ParsedScript> script = sql::ParseScript("@DEF(limit_value, 10);\nSELECT 1");
  ASSERT_TRUE(script.ok());
  sql::Arena arena;
  MacroExpander expander(context_, &arena);
  Result<std::vector<sql::Node*>> statements = expander.ExpandStatements(script->statements);
  ASSERT_TRUE(statements.ok()) << statements.status().ToString();
  EXPECT_EQ(statements->size(), 1u);
  sql::Node* audit = *sql::ParseExpression("n <= @limit_value", &arena);
  Result<sql::Node*> expanded = expander.ExpandIn(audit);
  ASSERT_TRUE(expanded.ok()) << expanded.status().ToString();
  EXPECT_EQ(*sql::Generate(*expanded), "n <= 10");
}

TEST_F(ExpandTest, MalformedMacrosAreErrorsNotCrashes) {
  const char* inputs[] = {
      "SELECT @{}",
      "@IF(1 = 1)",
      "@IF(1 = 1, ",
      "@IF()",
      "SELECT @EACH()",
      "SELECT @EACH(1)",
      "SELECT @REDUCE([], (a, b) -> a)",
      "@DEF()",
      "@DEF(1, 2)",
      "SELECT @STAR()",
      "SELECT * FROM @UNION('all')",
      "SELECT @DEDUPLICATE(t, [], [])",
      "SELECT @SQL(1)",
      "@DEF(f, x -> @f(@f(x)));\nSELECT @f(1)",
      "SELECT @VAR(x)",
      "SELECT @IF('x', 1)",
      "SELECT @EVAL(1 / 0)",
      "SELECT @DATE_SPINE(1, 2, 3)",
      "PRAGMA x = @nope",
      "PRAGMA x = @EACH([1], y -> y",
      "SELECT @SAFE_ADD()",
      "SELECT @GENERATE_SURROGATE_KEY()",
      "SELECT a FROM t @WHERE(1) @x",
      "SELECT @EACH([1, 2], x -> x) + 1",
      "SELECT @AND(@EACH([1, 2], x -> x))",
      "SELECT col_@nope FROM t",
      "@IF(TRUE, @IF(TRUE, ALTER TABLE t DROP c))",
  };
  for (const char* input : inputs) {
    std::string result = Expand(input);
    EXPECT_FALSE(result.empty()) << input;
  }
  EXPECT_EQ(Message("SELECT @EACH([1, 2], x -> x) + 1"),
            "the macro produced 2 values where SQL needs one | hint: ");
}

TEST_F(ExpandTest, QuotedNamesWithAnAtSignAreNotMacros) {
  EXPECT_EQ(Expand("SELECT \"user@domain\", 'a@b' AS \"x@y\" FROM \"t@{z}\""),
            "SELECT \"user@domain\", 'a@b' AS \"x@y\" FROM \"t@{z}\"");
}

TEST_F(ExpandTest, OpaqueStatementsExpandAsText) {
  SetVariable("n", "5");
  EXPECT_EQ(Expand("PRAGMA threads=@n"), "PRAGMA threads=5");
  EXPECT_EQ(Expand("COPY (SELECT 1) TO 'x_@{n}.csv'"), "COPY (SELECT 1) TO 'x_@{n}.csv'");
}

}  // namespace
}  // namespace strata::macro
