// RenderAudit: built-in templates with arguments, defaults, blocking, custom audits, and errors
// located at the call in the model file.
#include "project/audit_render.h"

#include <gtest/gtest.h>

#include "project/builtin_audits.h"
#include "project/temp_project_test_util.h"
#include "sql/generator.h"

namespace strata::project {
namespace {

constexpr int64_t kDay = int64_t{86400} * 1000000;

class AuditRenderTest : public ::testing::Test {
 protected:
  Result<Project> Load(const std::string& audits, const std::string& audit_file = "") {
    dir_.Write("config.yaml", "gateways:\n  local:\n    connection: {type: duckdb}\n");
    dir_.Write("models/m.sql",
               "MODEL (name s.m, kind FULL, audits (" + audits + "));\nSELECT 1 AS a, 'x' AS b");
    if (!audit_file.empty()) {
      dir_.Write("audits/custom.sql", audit_file);
    }
    return LoadProject(dir_.path());
  }

  // The rendered query of the model's audit `index`, or the error.
  std::string Render(const Project& project, size_t index, bool* blocking = nullptr,
                     sql::DialectKind dialect = sql::DialectKind::kDuckDb) {
    const Model* model = project.FindModel("s.m");
    AuditRenderOptions options;
    options.start = 20000 * kDay;
    options.end = options.start + kDay;
    options.execution_time = options.end;
    options.this_model = "strata__s.s__m__1";
    options.dialect = dialect;
    Result<RenderedAudit> rendered = RenderAudit(project, *model, model->audits[index], options);
    if (!rendered.ok()) {
      return rendered.status().ToString();
    }
    if (blocking != nullptr) {
      *blocking = rendered->blocking;
    }
    sql::GenerateOptions generate;
    generate.dialect = dialect;
    Result<std::string> sql = sql::Generate(rendered->query, generate);
    return sql.ok() ? *sql : sql.status().ToString();
  }

  TempProject dir_;
};

TEST_F(AuditRenderTest, BuiltInsWithArguments) {
  Result<Project> project = Load(
      "not_null(columns := (a, b)), accepted_values(column := b, is_in := ('x', 'y')), "
      "accepted_range(column := a, min_v := 0), positive_values_non_blocking(column := a), "
      "unique_values(columns := [a], blocking := false)");
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  bool blocking = false;
  EXPECT_EQ(Render(*project, 0, &blocking),
            "SELECT * FROM strata__s.s__m__1 WHERE a IS NULL OR b IS NULL");
  EXPECT_TRUE(blocking);
  EXPECT_EQ(Render(*project, 1), "SELECT * FROM strata__s.s__m__1 WHERE b NOT IN ('x', 'y')");
  // max_v is left out: only the lower bound is checked.
  EXPECT_EQ(Render(*project, 2), "SELECT * FROM strata__s.s__m__1 WHERE a < 0");
  EXPECT_EQ(Render(*project, 3, &blocking), "SELECT * FROM strata__s.s__m__1 WHERE a <= 0");
  EXPECT_FALSE(blocking);
  Render(*project, 4, &blocking);
  EXPECT_FALSE(blocking);
}

TEST_F(AuditRenderTest, RegularExpressionsPerDialect) {
  Result<Project> project = Load("match_regex_pattern_list(column := b, patterns := ('^x'))");
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  EXPECT_NE(Render(*project, 0).find("REGEXP_MATCHES(b, '^x')"), std::string::npos)
      << Render(*project, 0);
  const std::string postgres = Render(*project, 0, nullptr, sql::DialectKind::kPostgres);
  EXPECT_NE(postgres.find("CAST(b AS TEXT) ~ '^x'"), std::string::npos) << postgres;
}

TEST_F(AuditRenderTest, CustomAuditDefaultsAndArgumentsAndBlocking) {
  Result<Project> project =
      Load("over_limit(column := a), over_limit(column := a, limit_value := 3, blocking := true)",
           "AUDIT (name over_limit, blocking false, defaults (limit_value = 10));\n"
           "SELECT * FROM @this_model WHERE @column > @limit_value AND @start_ds <> ''");
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  bool blocking = true;
  EXPECT_EQ(Render(*project, 0, &blocking),
            "SELECT * FROM strata__s.s__m__1 WHERE a > 10 AND '2024-10-04' <> ''");
  EXPECT_FALSE(blocking);
  EXPECT_EQ(Render(*project, 1, &blocking),
            "SELECT * FROM strata__s.s__m__1 WHERE a > 3 AND '2024-10-04' <> ''");
  EXPECT_TRUE(blocking);
}

TEST_F(AuditRenderTest, ArgumentErrorsAreLocatedAtTheCall) {
  Result<Project> project = Load("not_null(column := a), accepted_values(column := b)");
  ASSERT_FALSE(project.ok());
  const std::string text = project.status().ToString();
  EXPECT_NE(text.find("models/m.sql:1:37: error: audit not_null needs the argument columns"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("audit not_null takes no argument column"), std::string::npos) << text;
  EXPECT_NE(text.find("audit accepted_values needs the argument is_in"), std::string::npos) << text;
}

TEST(BuiltInAuditsTest, EveryAuditHasANonBlockingTwin) {
  for (const BuiltInAudit& audit : BuiltInAudits()) {
    EXPECT_EQ(FindBuiltInAudit(std::string(audit.name) + "_non_blocking"), &audit);
    EXPECT_EQ(FindBuiltInAudit(audit.name), &audit);
  }
  EXPECT_EQ(FindBuiltInAudit("no_such_audit"), nullptr);
  bool non_blocking = false;
  EXPECT_EQ(StripNonBlocking("not_null_non_blocking", &non_blocking), "not_null");
  EXPECT_TRUE(non_blocking);
}

}  // namespace
}  // namespace strata::project
