// Tests of the MODEL header parser and the typed model: every property and kind parameter,
// defaults, and errors with their exact messages, locations and hints.
#include "project/model.h"

#include <gtest/gtest.h>

#include "project/model_file.h"
#include "sql/generator.h"

namespace strata::project {
namespace {

struct Loaded {
  std::optional<Model> model;
  std::vector<Status> errors;
};

Loaded Load(const std::string& text, const ModelDefaults* defaults = nullptr) {
  Loaded loaded;
  ModelContext context;
  context.defaults = defaults;
  context.now = 1736899200000000;  // 2025-01-15
  context.project_dir = ".";
  auto arena = std::make_shared<sql::Arena>();
  loaded.model = LoadModelFile(text, "models/m.sql", context, arena, &loaded.errors);
  return loaded;
}

// The one error of `text`, rendered.
std::string OnlyError(const std::string& text) {
  Loaded loaded = Load(text);
  if (loaded.errors.size() != 1) {
    std::string all;
    for (const Status& error : loaded.errors) {
      all += error.ToString() + "\n";
    }
    return "expected one error, got " + std::to_string(loaded.errors.size()) + ":\n" + all;
  }
  return loaded.errors[0].ToString();
}

std::string Sql(const sql::Node* node) {
  Result<std::string> text = sql::Generate(node);
  return text.ok() ? text.value() : text.status().ToString();
}

TEST(ModelHeaderTest, Orders360WeeklySales) {
  Loaded loaded = Load(R"(MODEL (
  name sales.weekly_sales,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column order_date,  -- ⏰ This column contains the date
    batch_size 1             -- Process 1 week at a time
  ),
  start '2025-01-01',       -- Start processing from this date
  cron '@weekly',            -- Run weekly
  grain [order_date],        -- One row per week
  description 'Weekly aggregated sales metrics'
);

SELECT
  DATE_TRUNC('week', order_date) AS order_date,
  COUNT(DISTINCT order_id)::INTEGER AS total_orders
FROM sales.daily_sales
WHERE order_date BETWEEN @start_ds AND @end_ds  -- Filter by time range
GROUP BY DATE_TRUNC('week', order_date)
ORDER BY order_date
)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const Model& m = *loaded.model;
  EXPECT_EQ(m.name, "sales.weekly_sales");
  EXPECT_EQ(m.name_parts, (std::vector<std::string>{"sales", "weekly_sales"}));
  EXPECT_EQ(m.kind.name, ModelKindName::kIncrementalByTimeRange);
  ASSERT_TRUE(m.kind.time_column);
  EXPECT_EQ(m.kind.time_column->name, "order_date");
  EXPECT_EQ(m.kind.time_column->format, "%Y-%m-%d");
  EXPECT_EQ(m.kind.batch_size, 1);
  EXPECT_EQ(m.start, "2025-01-01");
  EXPECT_EQ(m.cron_text, "@weekly");
  EXPECT_EQ(m.EffectiveIntervalUnit(), IntervalUnit::kWeek);
  EXPECT_EQ(m.grains, (std::vector<std::string>{"order_date"}));
  EXPECT_EQ(m.description, "Weekly aggregated sales metrics");
  ASSERT_NE(m.query, nullptr);
  EXPECT_EQ(m.origin.line, 1);
}

TEST(ModelHeaderTest, DailySalesAssertionsAndDescriptions) {
  Loaded loaded = Load(R"(MODEL (
  name sales.daily_sales,
  kind FULL,
  cron '@daily',
  grain order_date,
  column_descriptions (
    order_date = 'Date of the sales',
    total_orders = 'Total number of orders for the day'
  ),
  assertions (
    unique_values(columns := (order_date)),
    not_null(columns := (order_date, total_orders)),
    positive_values(column := total_orders)
  )
);
SELECT order_date, COUNT(*) AS total_orders FROM raw.raw_orders GROUP BY order_date
)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const Model& m = *loaded.model;
  EXPECT_EQ(m.kind.name, ModelKindName::kFull);
  ASSERT_EQ(m.column_descriptions.size(), 2u);
  EXPECT_EQ(m.column_descriptions[1].first, "total_orders");
  EXPECT_EQ(m.column_descriptions[1].second, "Total number of orders for the day");
  ASSERT_EQ(m.audits.size(), 3u);
  EXPECT_EQ(m.audits[0].name, "unique_values");
  ASSERT_EQ(m.audits[0].arguments.size(), 1u);
  EXPECT_EQ(m.audits[0].arguments[0].first, "columns");
  EXPECT_EQ(Sql(m.audits[0].arguments[0].second), "(order_date)");
  EXPECT_EQ(Sql(m.audits[1].arguments[0].second), "(order_date, total_orders)");
  EXPECT_EQ(m.audits[2].arguments[0].first, "column");
  EXPECT_EQ(Sql(m.audits[2].arguments[0].second), "total_orders");
}

TEST(ModelHeaderTest, InferredNamesFollowThePathAsSqlMesh) {
  EXPECT_EQ(InferredModelName("models/sales/daily.sql"), "sales.daily");
  EXPECT_EQ(InferredModelName("models/a/b/c/d.sql"), "b.c.d");
  EXPECT_EQ(InferredModelName("models/top.sql"), "");
  EXPECT_EQ(InferredModelName("../repo_2/models/silver/c.sql"), "silver.c");

  ModelContext context;
  context.now = 1736899200000000;
  context.project_dir = ".";
  context.infer_names = true;
  std::vector<Status> errors;
  auto arena = std::make_shared<sql::Arena>();
  std::optional<Model> model = LoadModelFile("MODEL (kind FULL);\nSELECT 1 AS x",
                                             "models/Sales/Daily.sql", context, arena, &errors);
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(model->name, "sales.daily");
  EXPECT_EQ(model->name_parts, (std::vector<std::string>{"sales", "daily"}));

  model =
      LoadModelFile("MODEL (kind FULL);\nSELECT 1 AS x", "models/top.sql", context, arena, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message().find("MODEL has no name"), std::string::npos);
}

TEST(ModelHeaderTest, Defaults) {
  Loaded loaded = Load("MODEL (name Db.Things);\nSELECT 1 AS x");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const Model& m = *loaded.model;
  EXPECT_EQ(m.name, "db.things");  // unquoted names fold to lower case
  EXPECT_EQ(m.kind.name, ModelKindName::kView);
  EXPECT_EQ(m.cron_text, "@daily");
  EXPECT_EQ(m.EffectiveIntervalUnit(), IntervalUnit::kDay);
  EXPECT_EQ(m.dialect, "duckdb");
  EXPECT_EQ(m.cron_tz, "UTC");
  EXPECT_TRUE(m.enabled);
  EXPECT_FALSE(m.allow_partials);
  EXPECT_FALSE(m.start);
  EXPECT_FALSE(m.kind.materialized);
}

TEST(ModelHeaderTest, QuotedNamePartsKeepTheirCase) {
  Loaded loaded = Load("MODEL (name \"Sales\".daily);\nSELECT 1 AS x");
  ASSERT_TRUE(loaded.errors.empty());
  EXPECT_EQ(loaded.model->name, "\"Sales\".daily");
  EXPECT_EQ(loaded.model->name_parts[0], "Sales");
}

TEST(ModelHeaderTest, ModelDefaultsApplyAndHeaderOverrides) {
  ModelDefaults defaults;
  defaults.kind = ModelKindName::kFull;
  defaults.cron = "@hourly";
  defaults.owner = "team";
  defaults.start = "2024-01-01";
  defaults.on_destructive_change = SchemaChangePolicy::kWarn;
  defaults.batch_size = 7;
  Loaded loaded = Load("MODEL (name s.a, owner jen);\nSELECT 1 AS x", &defaults);
  ASSERT_TRUE(loaded.errors.empty());
  EXPECT_EQ(loaded.model->kind.name, ModelKindName::kFull);
  EXPECT_EQ(loaded.model->cron_text, "@hourly");
  EXPECT_EQ(loaded.model->owner, "jen");
  EXPECT_EQ(loaded.model->start, "2024-01-01");

  Loaded incremental = Load(
      "MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column x, batch_size 2));\n"
      "SELECT 1 AS x",
      &defaults);
  ASSERT_TRUE(incremental.errors.empty());
  EXPECT_EQ(incremental.model->kind.batch_size, 2);
  EXPECT_EQ(incremental.model->kind.on_destructive_change, SchemaChangePolicy::kWarn);
}

TEST(ModelHeaderTest, EveryTopLevelProperty) {
  Loaded loaded = Load(R"(MODEL (
  name cat.s.every,
  kind FULL,
  start '1 year ago',
  end '2030-12-31',
  cron '0 */2 * * *',
  cron_tz 'Europe/Paris',
  interval_unit 'hour',
  grains (a, b),
  owner jen,
  description 'all of them',
  columns (a INT, b DECIMAL(10, 2), "C" TEXT),
  audits (at_least_one(column := a)),
  tags ['x', 'y'],
  dialect postgres,
  depends_on [s.other],
  partitioned_by (a, DATE_TRUNC('day', b)),
  clustered_by a,
  allow_partials true,
  enabled false,
  gateway warehouse,
  physical_properties (fillfactor = 70, comment = 'c'),
  on_virtual_update ['GRANT SELECT ON x TO y'],
  stamp 'v2',
  storage_format parquet
);
SELECT 1 AS a, 2.0 AS b, 'c' AS "C"
)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const Model& m = *loaded.model;
  EXPECT_EQ(m.name, "cat.s.every");
  EXPECT_EQ(m.start, "1 year ago");
  EXPECT_EQ(m.end, "2030-12-31");
  EXPECT_EQ(m.EffectiveIntervalUnit(), IntervalUnit::kHour);
  EXPECT_EQ(m.cron_tz, "Europe/Paris");
  EXPECT_EQ(m.grains, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m.owner, "jen");
  ASSERT_EQ(m.columns.size(), 3u);
  EXPECT_EQ(m.columns[1].name, "b");
  EXPECT_EQ(m.columns[1].type, "DECIMAL(10, 2)");
  EXPECT_EQ(m.columns[2].name, "C");
  EXPECT_EQ(m.audits[0].name, "at_least_one");
  EXPECT_EQ(m.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(m.dialect, "postgres");
  EXPECT_EQ(m.dialect_kind, sql::DialectKind::kPostgres);
  EXPECT_EQ(m.depends_on, (std::vector<std::string>{"s.other"}));
  ASSERT_EQ(m.partitioned_by.size(), 2u);
  EXPECT_EQ(Sql(m.partitioned_by[1]), "DATE_TRUNC('day', b)");
  EXPECT_EQ(m.clustered_by.size(), 1u);
  EXPECT_TRUE(m.allow_partials);
  EXPECT_FALSE(m.enabled);
  EXPECT_EQ(m.gateway, "warehouse");
  ASSERT_EQ(m.physical_properties.size(), 2u);
  EXPECT_EQ(m.physical_properties[0].first, "fillfactor");
  EXPECT_EQ(m.on_virtual_update, (std::vector<std::string>{"GRANT SELECT ON x TO y"}));
  EXPECT_EQ(m.stamp, "v2");
  EXPECT_EQ(m.storage_format, "parquet");
}

TEST(ModelKindTest, TimeRangeParameters) {
  Loaded loaded = Load(R"(MODEL (
  name s.a,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column (ds, '%Y%m%d'),
    batch_size 4,
    batch_concurrency 2,
    lookback 3,
    forward_only true,
    on_destructive_change warn,
    on_additive_change 'error',
    disable_restatement true
  )
);
SELECT 1 AS ds)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const ModelKind& k = loaded.model->kind;
  EXPECT_EQ(k.time_column->name, "ds");
  EXPECT_EQ(k.time_column->format, "%Y%m%d");
  EXPECT_EQ(k.batch_size, 4);
  EXPECT_EQ(k.batch_concurrency, 2);
  EXPECT_EQ(k.lookback, 3);
  EXPECT_TRUE(k.forward_only);
  EXPECT_EQ(k.on_destructive_change, SchemaChangePolicy::kWarn);
  EXPECT_EQ(k.on_additive_change, SchemaChangePolicy::kError);
  EXPECT_TRUE(k.disable_restatement);
  EXPECT_TRUE(k.IsIncremental());
  EXPECT_FALSE(k.DependsOnPast());
}

TEST(ModelKindTest, UniqueKeyForms) {
  Loaded single =
      Load("MODEL (name s.a, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key name));\nSELECT 1 AS name");
  ASSERT_TRUE(single.errors.empty());
  ASSERT_EQ(single.model->kind.unique_key.size(), 1u);
  Loaded tuple = Load(
      "MODEL (name s.a, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (first_name, last_name)));\n"
      "SELECT 1 AS first_name, 2 AS last_name");
  ASSERT_TRUE(tuple.errors.empty());
  EXPECT_EQ(tuple.model->kind.unique_key.size(), 2u);
  Loaded expression = Load(
      "MODEL (name s.a, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (COALESCE(\"ds\", ''))));\n"
      "SELECT 1 AS ds");
  ASSERT_TRUE(expression.errors.empty()) << expression.errors[0].ToString();
  ASSERT_EQ(expression.model->kind.unique_key.size(), 1u);
  EXPECT_EQ(Sql(expression.model->kind.unique_key[0]), "COALESCE(ds, '')");
  EXPECT_TRUE(expression.model->kind.DependsOnPast());
}

TEST(ModelKindTest, WhenMatchedAndMergeFilter) {
  Loaded loaded = Load(R"(MODEL (
  name s.a,
  kind INCREMENTAL_BY_UNIQUE_KEY (
    unique_key name,
    when_matched WHEN MATCHED AND source.deleted THEN DELETE
                 WHEN MATCHED THEN UPDATE SET target.salary = COALESCE(source.salary, target.salary),
    merge_filter source.ds > target.ds,
    batch_size 10
  )
);
SELECT name, salary, deleted, ds FROM raw.e)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const ModelKind& k = loaded.model->kind;
  ASSERT_EQ(k.when_matched.size(), 2u);
  EXPECT_EQ(k.when_matched[0]->kind, sql::NodeKind::kMergeWhen);
  EXPECT_EQ(Sql(k.when_matched[1]),
            "WHEN MATCHED THEN UPDATE SET target.salary = COALESCE(source.salary, "
            "target.salary)");
  EXPECT_EQ(Sql(k.merge_filter), "source.ds > target.ds");
  EXPECT_EQ(k.batch_size, 10);
}

TEST(ModelKindTest, ScdType2Parameters) {
  Loaded loaded = Load(R"(MODEL (
  name db.menu_items,
  kind SCD_TYPE_2 (
    unique_key id,
    updated_at_name my_updated_at,
    updated_at_as_valid_from true,
    valid_from_name my_valid_from,
    valid_to_name my_valid_to,
    invalidate_hard_deletes false,
  )
);
SELECT id::INT, my_updated_at FROM stg.current_menu_items)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const ModelKind& k = loaded.model->kind;
  EXPECT_EQ(k.name, ModelKindName::kScdType2ByTime);
  EXPECT_EQ(k.updated_at_name, "my_updated_at");
  EXPECT_TRUE(k.updated_at_as_valid_from);
  EXPECT_EQ(k.valid_from_name, "my_valid_from");
  EXPECT_EQ(k.valid_to_name, "my_valid_to");
  EXPECT_FALSE(k.invalidate_hard_deletes);
  EXPECT_TRUE(k.disable_restatement);  // SCD type 2 history cannot be rebuilt
}

TEST(ModelKindTest, QuotedColumnNamesKeepTheirCase) {
  // Column names in kind parameters are the names the engine stores: quotes removed, case kept;
  // an unquoted name folds to lower case.
  Loaded scd = Load(
      "MODEL (name s.a, kind SCD_TYPE_2_BY_COLUMN (unique_key id, columns [\"Name\", Price], "
      "valid_from_name \"Valid_From\", valid_to_name Valid_To), grain (\"Id\", x));\n"
      "SELECT id, \"Name\", price FROM t");
  ASSERT_TRUE(scd.errors.empty()) << scd.errors[0].ToString();
  EXPECT_EQ(scd.model->kind.scd_columns, (std::vector<std::string>{"Name", "price"}));
  EXPECT_EQ(scd.model->kind.valid_from_name, "Valid_From");
  EXPECT_EQ(scd.model->kind.valid_to_name, "valid_to");
  EXPECT_EQ(scd.model->grains, (std::vector<std::string>{"Id", "x"}));
  Loaded time = Load(
      "MODEL (name s.b, kind INCREMENTAL_BY_TIME_RANGE (time_column \"Event_TS\"));\n"
      "SELECT 1 AS \"Event_TS\"");
  ASSERT_TRUE(time.errors.empty()) << time.errors[0].ToString();
  EXPECT_EQ(time.model->kind.time_column->name, "Event_TS");
  Loaded dotted =
      Load("MODEL (name s.c, kind INCREMENTAL_BY_TIME_RANGE (time_column t.ts));\nSELECT 1 AS ts");
  EXPECT_FALSE(dotted.errors.empty());
}

TEST(ModelKindTest, ScdType2ByColumn) {
  Loaded list = Load(
      "MODEL (name s.a, kind SCD_TYPE_2_BY_COLUMN (unique_key id, columns [name, price], "
      "execution_time_as_valid_from true));\nSELECT id, name, price FROM t");
  ASSERT_TRUE(list.errors.empty()) << list.errors[0].ToString();
  EXPECT_EQ(list.model->kind.scd_columns, (std::vector<std::string>{"name", "price"}));
  EXPECT_TRUE(list.model->kind.execution_time_as_valid_from);
  EXPECT_TRUE(list.model->kind.invalidate_hard_deletes);
  Loaded star = Load(
      "MODEL (name s.a, kind SCD_TYPE_2_BY_COLUMN (unique_key id, columns *));\n"
      "SELECT id, name FROM t");
  ASSERT_TRUE(star.errors.empty()) << star.errors[0].ToString();
  EXPECT_TRUE(star.model->kind.scd_all_columns);
}

TEST(ModelKindTest, ViewEmbeddedUnmanagedAndFull) {
  Loaded view = Load("MODEL (name s.a, kind VIEW (materialized true));\nSELECT 1 AS x");
  ASSERT_TRUE(view.errors.empty());
  EXPECT_TRUE(view.model->kind.materialized);
  Loaded embedded = Load("MODEL (name s.a, kind EMBEDDED);\nSELECT 1 AS x");
  ASSERT_TRUE(embedded.errors.empty());
  EXPECT_FALSE(embedded.model->kind.IsMaterialized());
  Loaded unmanaged =
      Load("MODEL (name s.a, kind INCREMENTAL_UNMANAGED (insert_overwrite true));\nSELECT 1 AS x");
  ASSERT_TRUE(unmanaged.errors.empty());
  EXPECT_TRUE(unmanaged.model->kind.insert_overwrite);
  EXPECT_TRUE(unmanaged.model->kind.DependsOnPast());
  Loaded full = Load("MODEL (name s.a, kind full);\nSELECT 1 AS x");
  ASSERT_TRUE(full.errors.empty());
  EXPECT_EQ(full.model->kind.name, ModelKindName::kFull);
}

TEST(ModelFileTest, PreAndPostStatementsAndMacroCalls) {
  Loaded loaded = Load(R"(MODEL (name s.a, kind FULL);
@DEF(threshold, 10);
SET threads = 4;
SELECT * FROM raw.t WHERE x > @threshold;
ANALYZE s.a;
@post_hook()
)");
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].ToString();
  const Model& m = *loaded.model;
  ASSERT_EQ(m.pre_statements.size(), 2u);
  EXPECT_EQ(m.pre_statements[0]->kind, sql::NodeKind::kMacroCall);
  EXPECT_EQ(m.pre_statements[1]->kind, sql::NodeKind::kOpaque);
  ASSERT_NE(m.query, nullptr);
  EXPECT_EQ(m.query->kind, sql::NodeKind::kSelect);
  ASSERT_EQ(m.post_statements.size(), 2u);
  EXPECT_EQ(m.post_statements[1]->kind, sql::NodeKind::kMacroCall);
}

// Errors: exact message, location and hint.
TEST(ModelErrorTest, UnknownPropertySuggestsTheNearest) {
  EXPECT_EQ(OnlyError("MODEL (\n  name s.a,\n  onwer 'jen'\n);\nSELECT 1 AS x"),
            "models/m.sql:3:3: error: unknown model property 'onwer'\n"
            " 3 |   onwer 'jen'\n"
            "   |   ^\n"
            "hint: did you mean owner?");
}

TEST(ModelErrorTest, UnknownKind) {
  EXPECT_EQ(OnlyError("MODEL (name s.a, kind FUL);\nSELECT 1 AS x"),
            "models/m.sql:1:23: error: unknown model kind 'FUL'\n"
            " 1 | MODEL (name s.a, kind FUL);\n"
            "   |                       ^\n"
            "hint: did you mean FULL?");
}

TEST(ModelErrorTest, UnknownKindParameterNamesItsKind) {
  EXPECT_EQ(OnlyError("MODEL (name s.a, kind VIEW (time_column x));\nSELECT 1 AS x"),
            "models/m.sql:1:29: error: unknown parameter 'time_column' for kind VIEW\n"
            " 1 | MODEL (name s.a, kind VIEW (time_column x));\n"
            "   |                             ^\n"
            "hint: time_column is a parameter of INCREMENTAL_BY_TIME_RANGE");
}

TEST(ModelErrorTest, BadCron) {
  const std::string error = OnlyError("MODEL (name s.a, cron '* * *');\nSELECT 1 AS x");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "models/m.sql:1:23: error: invalid cron '* * *': expected 5 fields, found 3");
}

TEST(ModelErrorTest, BadDate) {
  const std::string error = OnlyError("MODEL (name s.a, start '2025-02-30');\nSELECT 1 AS x");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "models/m.sql:1:24: error: invalid start '2025-02-30': day 30 is out of range 1-28 "
            "for 2025-02");
}

TEST(ModelErrorTest, WrongTypes) {
  auto first_line = [](const std::string& text) { return text.substr(0, text.find('\n')); };
  EXPECT_EQ(first_line(OnlyError("MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column "
                                 "x, batch_size 0));\nSELECT 1 AS x")),
            "models/m.sql:1:76: error: batch_size must be a positive whole number, found 0");
  EXPECT_EQ(first_line(OnlyError("MODEL (name s.a, enabled 'yes');\nSELECT 1 AS x")),
            "models/m.sql:1:26: error: enabled must be true or false, found 'yes'");
  EXPECT_EQ(first_line(OnlyError("MODEL (name s.a, owner 42);\nSELECT 1 AS x")),
            "models/m.sql:1:24: error: owner must be a string or a name, found 42");
  EXPECT_EQ(first_line(OnlyError("MODEL (name s.a, tags [1]);\nSELECT 1 AS x")),
            "models/m.sql:1:24: error: tags must list strings, found 1");
}

TEST(ModelErrorTest, TimeColumnMustBeAnOutputColumn) {
  EXPECT_EQ(OnlyError("MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column ds));\n"
                      "SELECT d AS day, 1 AS n"),
            "models/m.sql:1:62: error: time_column ds is not an output column of the query\n"
            " 1 | MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column ds));\n"
            "   |                                                              ^\n"
            "hint: the query outputs: day, n");
}

TEST(ModelErrorTest, TimeColumnUncheckableOverUnknownStar) {
  Loaded loaded = Load(
      "MODEL (name s.a, kind INCREMENTAL_BY_TIME_RANGE (time_column ds));\nSELECT * FROM raw.t");
  EXPECT_TRUE(loaded.errors.empty());
}

TEST(ModelErrorTest, UniqueKeyExpressionOverMissingColumn) {
  const std::string error = OnlyError(
      "MODEL (name s.a, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key COALESCE(idd, 0)));\n"
      "SELECT id FROM t");
  EXPECT_EQ(error.substr(0, error.find('\n')),
            "models/m.sql:1:70: error: unique_key column idd is not an output column of the "
            "query");
}

TEST(ModelErrorTest, SyntaxErrorInHeader) {
  EXPECT_EQ(OnlyError("MODEL (name s.a kind FULL);\nSELECT 1 AS x"),
            "models/m.sql:1:17: error: expected ',' or ')', found identifier 'kind'\n"
            " 1 | MODEL (name s.a kind FULL);\n"
            "   |                 ^");
}

TEST(ModelErrorTest, AMissingCommaAtTheEndOfALineIsReportedThere) {
  EXPECT_EQ(OnlyError("MODEL (\n  name s.a,\n  kind FULL\n  cron '@daily'\n);\nSELECT 1 AS x"),
            "models/m.sql:3:12: error: expected ',' or ')' at the end of line 3, found identifier "
            "'cron' on line 4\n"
            " 3 |   kind FULL\n"
            "   |            ^\n"
            "hint: is a ',' missing at the end of line 3?");
}

TEST(ModelErrorTest, AllErrorsOfAFileAreReported) {
  Loaded loaded = Load("MODEL (name s.a, onwer x, cron 'no', start 'never');\nSELECT 1 AS x");
  EXPECT_EQ(loaded.errors.size(), 3u);
}

TEST(ModelErrorTest, NoCrashOnAnyPrefix) {
  const std::string text = R"(MODEL (
  name s.a,
  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (a, b), when_matched WHEN MATCHED THEN UPDATE SET target.a = source.a),
  columns (a INT, b DECIMAL(10, 2)),
  audits (not_null(columns := (a))),
  physical_properties (x = 1)
);
SELECT a, b FROM t WHERE a = 'x';
)";
  for (size_t n = 0; n <= text.size(); ++n) {
    Loaded loaded = Load(text.substr(0, n));
    EXPECT_TRUE(loaded.model.has_value() || !loaded.errors.empty());
  }
}

}  // namespace
}  // namespace strata::project
