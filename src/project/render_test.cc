#include "project/render.h"

#include <gtest/gtest.h>

#include "base/time_parse.h"
#include "project/temp_project_test_util.h"
#include "source_paths.h"

namespace strata::project {
namespace {

int64_t At(const char* text) {
  Result<int64_t> t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : 0;
}

std::string Render(const Project& project, const std::string& name, RenderOptions options,
                   bool pretty = false) {
  const Model* model = project.FindModel(name);
  EXPECT_NE(model, nullptr) << name;
  if (model == nullptr) {
    return "";
  }
  Result<RenderedModel> rendered = RenderModel(project, *model, options);
  EXPECT_TRUE(rendered.ok()) << rendered.status().ToString();
  if (!rendered.ok()) {
    return rendered.status().ToString();
  }
  Result<std::string> sql = RenderedSql(*rendered, sql::DialectKind::kDuckDb, pretty);
  EXPECT_TRUE(sql.ok()) << sql.status().ToString();
  return sql.ok() ? *sql : "";
}

RenderOptions Interval(const char* start, const char* end) {
  RenderOptions options;
  options.start = At(start);
  options.end = At(end);
  options.execution_time = options.end;
  return options;
}

TEST(RenderTest, WeeklySalesOfSeed004) {
  Result<Project> project =
      LoadProject(std::filesystem::path(STRATA_SOURCE_DIR) / "tests/projects/orders360");
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  std::string sql = Render(*project, "sales.weekly_sales", Interval("2025-01-15", "2025-01-22"));
  EXPECT_NE(sql.find("order_date BETWEEN '2025-01-15' AND '2025-01-21'"), std::string::npos) << sql;
}

TEST(RenderTest, VariablesDefsThisModelAndPrePostStatements) {
  TempProject p;
  p.Write("config.yaml", "variables:\n  region: \"O'Brien\"\n  min_total: 10\n  flags: [1, 2]\n");
  p.Write("models/a.sql",
          "MODEL (name s.a, kind FULL);\n"
          "@DEF(factor, 3);\n"
          "CREATE TABLE IF NOT EXISTS audit_log (t VARCHAR);\n"
          "SELECT x * @factor AS y, @region AS r, @VAR('missing', 'd') AS d\n"
          "FROM raw.t WHERE total > @min_total AND ts <= @end_ts;\n"
          "INSERT INTO audit_log SELECT @this_model");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  RenderOptions options = Interval("2025-01-01", "2025-01-02");
  options.this_model = "strata__s.s__a__abc";
  EXPECT_EQ(Render(*project, "s.a", options),
            "CREATE TABLE IF NOT EXISTS audit_log (t VARCHAR);\n"
            "SELECT x * 3 AS y, 'O''Brien' AS r, 'd' AS d FROM raw.t WHERE total > 10 AND ts <= "
            "'2025-01-01 23:59:59.999999';\n"
            "INSERT INTO audit_log SELECT strata__s.s__a__abc;\n");
}

TEST(RenderTest, EmbeddedModelsAreInlinedAndReferencesMapped) {
  TempProject p;
  p.Write("models/e.sql",
          "MODEL (name s.e, kind EMBEDDED);\nSELECT id FROM s.base WHERE ds = @start_ds");
  p.Write("models/base.sql", "MODEL (name s.base, kind FULL);\nSELECT 1 AS id, '' AS ds");
  p.Write("models/c.sql", "MODEL (name s.c, kind FULL);\nSELECT e.id FROM s.e AS e");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  RenderOptions options = Interval("2025-03-01", "2025-03-02");
  options.table_mapping =
      [](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
    if (parts.size() == 2 && parts[0] == "s" && parts[1] == "base") {
      return std::vector<std::string>{"strata__s", "s__base__v1"};
    }
    return std::nullopt;
  };
  EXPECT_EQ(Render(*project, "s.c", options),
            "SELECT e.id FROM (SELECT id FROM strata__s.s__base__v1 AS base WHERE ds = "
            "'2025-03-01') AS e;\n");
}

TEST(RenderTest, MacroErrorsAreFoundWhenTheProjectLoads) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT @VAR('nope') AS x");
  p.Write("models/b.sql", "MODEL (name s.b, kind FULL);\nSELECT @NO_SUCH_MACRO(1) AS x");
  p.Write("models/c.sql", "MODEL (name s.c, kind FULL);\nSELECT 1 AS x -- no macro: not rendered");
  Result<Project> project = LoadProject(p.path());
  ASSERT_FALSE(project.ok());
  const Status status = project.status();
  ASSERT_EQ(status.errors().size(), 2u) << status.ToString();
  const Status& first = status.errors()[0];
  EXPECT_EQ(first.location().line, 2);
  EXPECT_EQ(first.location().column, 8);
  EXPECT_NE(first.location().file.find("a.sql"), std::string::npos);
  EXPECT_NE(status.errors()[1].location().file.find("b.sql"), std::string::npos);
}

TEST(RenderTest, EmptyIntervalIsRejected) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT 1 AS x");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok());
  RenderOptions options;
  EXPECT_EQ(RenderModel(*project, *project->FindModel("s.a"), options).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace strata::project
