#include "project/model_jinja.h"

#include <gtest/gtest.h>

#include "project/temp_project_test_util.h"

namespace strata::project {
namespace {

class ModelJinjaTest : public ::testing::Test {
 protected:
  // Renders `text` with the macro files written so far.
  Result<RenderedModelJinja> Render(const std::string& text) {
    std::map<std::string, YAML::Node> variables;
    variables["region"] = YAML::Load("emea");
    variables["limits"] = YAML::Load("[1, 2]");
    const ModelJinja jinja(project_.path(), macro_files_, variables, "local");
    return jinja.Render(text, FindJinja(text), "models/m.sql");
  }
  std::string Text(const std::string& text) {
    Result<RenderedModelJinja> rendered = Render(text);
    EXPECT_TRUE(rendered.ok()) << rendered.status().ToString();
    return rendered.ok() ? rendered->text : "";
  }
  std::string Error(const std::string& text) {
    Result<RenderedModelJinja> rendered = Render(text);
    EXPECT_FALSE(rendered.ok());
    return rendered.ok() ? "" : rendered.status().ToString();
  }
  void WriteMacros(const std::string& relative, const std::string& text) {
    project_.Write(relative, text);
    macro_files_.emplace_back(relative);
  }

  TempProject project_;
  std::vector<std::filesystem::path> macro_files_;
};

constexpr std::string_view kHeader = "MODEL (name s.m);\n";

TEST_F(ModelJinjaTest, QueryBlockWithProjectMacrosKeepsTheHeaderAndLines) {
  WriteMacros("macros/alias.sql",
              "{% macro alias(expr, name) %}{{ expr }} AS {{ name }}{% endmacro %}\n"
              "{% macro identity(y) %}{{ y }}{% endmacro %}");
  const std::string text = std::string(kHeader) +
                           "JINJA_QUERY_BEGIN;\n{% set x = 1 %}\nSELECT {{ alias(identity(x), "
                           "'flag') }} FROM t WHERE d BETWEEN @start_date AND @end_date;\n"
                           "JINJA_END;\n";
  const std::string out = Text(text);
  EXPECT_EQ(out, std::string(kHeader) +
                     "                  \n\nSELECT 1 AS flag FROM t WHERE d BETWEEN @start_date "
                     "AND @end_date;\n         ;\n");
}

TEST_F(ModelJinjaTest, TimeVariablesBecomeMacroVariables) {
  const std::string text = std::string(kHeader) +
                           "SELECT * FROM t WHERE d BETWEEN CAST('{{ start_ds }}' AS DATE) AND "
                           "DATE '{{ end_date }}' AND ts < '{{ end_ts }} UTC' "
                           "AND ms > {{ start_millis }} AND z = '{{ execution_dt }}' "
                           "-- {{ start_ds }}\n";
  Result<RenderedModelJinja> rendered = Render(text);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  EXPECT_EQ(rendered->text,
            std::string(kHeader) +
                "SELECT * FROM t WHERE d BETWEEN CAST(@start_ds AS DATE) AND CAST(@end_ds AS "
                "DATE) AND ts < @EVAL(@end_ts || ' UTC') AND ms > @start_millis AND z = "
                "@execution_tstz -- {{ start_ds }}\n");
  // Jinja outside a block is rendered, and said so (SQLMesh leaves it as text).
  EXPECT_EQ(rendered->outside_blocks, text.find("{{ start_ds }}"));
}

TEST_F(ModelJinjaTest, VarGatewayAndThisModel) {
  EXPECT_EQ(Text(std::string(kHeader) +
                 "JINJA_QUERY_BEGIN;\nSELECT '{{ var('region') }}' AS r, {{ var('limits')[1] }} "
                 "AS l, '{{ var('nope', 'dflt') }}' AS d, '{{ gateway() }}' AS g FROM "
                 "{{ this_model }}\nJINJA_END;"),
            std::string(kHeader) +
                "                  \nSELECT 'emea' AS r, 2 AS l, 'dflt' AS d, 'local' AS g FROM "
                "@this_model\n         ;");
}

TEST_F(ModelJinjaTest, StatementBlocksAreRenderedInPlace) {
  EXPECT_EQ(Text(std::string(kHeader) +
                 "JINJA_STATEMENT_BEGIN;\n{% for t in ['a', 'b'] %}CREATE TABLE IF NOT EXISTS "
                 "{{ t }} (x INT);{% endfor %}\nJINJA_END;\nSELECT 1 AS x"),
            std::string(kHeader) +
                "                      \nCREATE TABLE IF NOT EXISTS a (x INT);CREATE TABLE IF NOT "
                "EXISTS b (x INT);\n         ;\nSELECT 1 AS x");
}

TEST_F(ModelJinjaTest, LogicOnATimeVariablesValueIsRefused) {
  const std::string message = Error(std::string(kHeader) +
                                    "JINJA_QUERY_BEGIN;\nSELECT 1 AS x {% if start_ds > "
                                    "'2024-01-01' %}, 2 AS y{% endif %}\nJINJA_END;");
  EXPECT_NE(message.find("models/m.sql:3:1"), std::string::npos) << message;
  EXPECT_NE(message.find("computes with the value of a time variable"), std::string::npos);
  EXPECT_NE(Error(std::string(kHeader) + "SELECT '{{ start_ds[:4] }}' AS y")
                .find("computes with the value"),
            std::string::npos);
}

TEST_F(ModelJinjaTest, MisplacedTimeVariablesAreErrors) {
  EXPECT_NE(Error(std::string(kHeader) + "SELECT * FROM t WHERE d > {{ start_ds }}")
                .find("{{ start_ds }} is used outside a string literal"),
            std::string::npos);
  EXPECT_NE(Error(std::string(kHeader) + "SELECT 1 AS \"{{ start_ds }}\"")
                .find("inside a quoted identifier"),
            std::string::npos);
  EXPECT_NE(Error(std::string(kHeader) + "SELECT '{{ start_epoch }}' AS e")
                .find("without quotes: it is a number"),
            std::string::npos);
}

TEST_F(ModelJinjaTest, BlockAndTemplateErrorsNameTheLine) {
  const std::string unterminated =
      Error(std::string(kHeader) + "\nJINJA_QUERY_BEGIN;\nSELECT 1 AS x\n");
  EXPECT_NE(unterminated.find("models/m.sql:3:1"), std::string::npos) << unterminated;
  EXPECT_NE(unterminated.find("has no JINJA_END"), std::string::npos);
  const std::string syntax =
      Error(std::string(kHeader) + "JINJA_QUERY_BEGIN;\nSELECT 1\n{% if %}\nJINJA_END;");
  EXPECT_NE(syntax.find("models/m.sql:4"), std::string::npos) << syntax;
  const std::string undefined =
      Error(std::string(kHeader) + "JINJA_QUERY_BEGIN;\nSELECT {{ nope() }}\nJINJA_END;");
  EXPECT_NE(undefined.find("models/m.sql:3"), std::string::npos) << undefined;
}

TEST_F(ModelJinjaTest, FindJinja) {
  EXPECT_EQ(FindJinja("MODEL (name a.b);\nSELECT 1"), std::string_view::npos);
  EXPECT_EQ(FindJinja("MODEL (name a.b);\n-- {{ x }}\nSELECT 1"), std::string_view::npos);
  EXPECT_EQ(FindJinja("MODEL (name a.b);\nSELECT '{{ x }}'"), 26u);
  EXPECT_EQ(FindJinja("MODEL (name a.b);\njinja_query_begin ;\nSELECT 1"), 18u);
  EXPECT_EQ(FindJinja("MODEL (name a.b);\nSELECT jinja_query_begin_x"), std::string_view::npos);
}

}  // namespace
}  // namespace strata::project
