// Tests of whole-project loading: the seeds' examples, the DAG, EMBEDDED inlining, external
// models, audits, unit-test files, formatting, and parallel loading.
#include "project/project.h"

#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "project/embedded.h"
#include "project/external_models.h"
#include "project/model_file.h"
#include "project/model_format.h"
#include "project/temp_project_test_util.h"
#include "source_paths.h"
#include "sql/generator.h"

namespace strata::project {
namespace {

namespace fs = std::filesystem;

std::string Sql(const sql::Node* node) {
  Result<std::string> text = sql::Generate(node);
  return text.ok() ? text.value() : text.status().ToString();
}

const fs::path kProjects = fs::path(STRATA_SOURCE_DIR) / "tests/projects";

std::string Errors(const Result<Project>& project) {
  return project.ok() ? "" : project.status().ToString();
}

// Every ```sql block of seeds/003 that starts with MODEL: the header builds without errors, and
// the model loads when the block has a query.
TEST(SeedExamplesTest, EveryModelExampleOfSeed003Loads) {
  const fs::path seed = fs::path(STRATA_SHARED_DIR) / "seeds/003_cf3fa501fc2b2b40.txt";
  std::ifstream in(seed);
  if (!in) {
    GTEST_SKIP() << "seeds not available at " << seed;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const std::regex block("```sql[^\\n]*\\n([\\s\\S]*?)```");
  int examples = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), block);
       it != std::sregex_iterator(); ++it) {
    const std::string sql_text = (*it)[1];
    if (sql_text.rfind("MODEL", 0) != 0) {
      continue;
    }
    ++examples;
    sql::Arena arena;
    Result<ParsedModelFile> parsed = ParseModelFile(sql_text, "example.sql", &arena);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << sql_text;
    std::vector<Status> errors;
    ModelContext context;
    context.source = parsed->source;
    context.file = "example.sql";
    Model model = BuildModel(parsed->header, context, &errors);
    EXPECT_TRUE(errors.empty()) << errors[0].ToString() << "\n" << sql_text;
    if (parsed->body.query_index >= 0) {
      std::vector<Status> load_errors;
      auto shared = std::make_shared<sql::Arena>();
      std::optional<Model> loaded =
          LoadModelFile(sql_text, "example.sql", context, shared, &load_errors);
      EXPECT_TRUE(loaded.has_value());
      EXPECT_TRUE(load_errors.empty()) << load_errors[0].ToString() << "\n" << sql_text;
    }
  }
  EXPECT_EQ(examples, 15);
}

TEST(LoadProjectTest, Orders360) {
  Result<Project> project = LoadProject(kProjects / "orders360");
  ASSERT_TRUE(project.ok()) << Errors(project);
  ASSERT_EQ(project->models.size(), 3u);
  const Model* weekly = project->FindModel("sales.weekly_sales");
  ASSERT_NE(weekly, nullptr);
  EXPECT_EQ(weekly->origin.file, fs::path("models/sales/weekly_sales.sql"));
  const Model* raw = project->FindModel("raw.raw_orders");
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->kind.name, ModelKindName::kExternal);
  ASSERT_EQ(raw->columns.size(), 4u);
  EXPECT_EQ(raw->columns[3].type, "DECIMAL(10, 2)");
  const Dag& dag = project->dag;
  const int daily = project->IndexOf("sales.daily_sales");
  EXPECT_EQ(dag.parents(project->IndexOf("sales.weekly_sales")), std::vector<int>{daily});
  EXPECT_EQ(dag.order(), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(dag.Upstream(project->IndexOf("sales.weekly_sales")),
            (std::vector<int>{project->IndexOf("raw.raw_orders"), daily}));
  EXPECT_EQ(dag.Downstream(project->IndexOf("raw.raw_orders")).size(), 2u);
  ASSERT_EQ(project->tests.size(), 1u);
  EXPECT_EQ(project->tests[0].model, "sales.daily_sales");
  EXPECT_EQ(project->tests[0].inputs, std::vector<std::string>{"raw.raw_orders"});
}

TEST(LoadProjectTest, ModelKindsProject) {
  Result<Project> project = LoadProject(kProjects / "model_kinds");
  ASSERT_TRUE(project.ok()) << Errors(project);
  EXPECT_EQ(project->models.size(), 21u);
  const Model* seed = project->FindModel("db.holidays");
  ASSERT_NE(seed, nullptr);
  ASSERT_NE(seed->seed, nullptr);
  EXPECT_EQ(seed->seed->rows.size(), 2u);
  EXPECT_EQ(seed->seed_file, fs::path("seeds/holidays.csv"));
  EXPECT_EQ(seed->kind.csv_settings.delimiter, ';');
  ASSERT_EQ(seed->KnownColumns().size(), 2u);
  EXPECT_EQ(seed->KnownColumns()[0].type, "DATE");
  ASSERT_EQ(project->audits.size(), 1u);
  EXPECT_EQ(project->audits[0].name, "assert_positive_salary");
  EXPECT_FALSE(project->audits[0].blocking);
  const Model* events = project->FindModel("db.events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->start, "2020-01-01");  // from model_defaults
  const int index = project->IndexOf("db.events");
  EXPECT_EQ(project->dag.unknown_references(index), std::vector<std::string>{"raw_events"});
}

TEST(DagTest, SelfReferenceIsNotACycle) {
  TempProject p;
  p.Write("models/a.sql",
          "MODEL (name s.a, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id));\n"
          "SELECT id FROM raw.t WHERE id NOT IN (SELECT id FROM s.a)");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok()) << Errors(project);
  EXPECT_TRUE(project->dag.self_referencing(0));
  EXPECT_TRUE(project->dag.parents(0).empty());
  EXPECT_EQ(project->dag.order().size(), 1u);
}

TEST(DagTest, CtesAreNotDependenciesAndCatalogNamesResolve) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT 1 AS x");
  p.Write("models/b.sql",
          "MODEL (name s.b, kind FULL);\nWITH s AS (SELECT * FROM db.s.a) SELECT * FROM s");
  p.Write("models/c.sql",
          "MODEL (name s.c, kind FULL, depends_on [s.b]);\nSELECT 1 AS x FROM other.thing");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok()) << Errors(project);
  EXPECT_EQ(project->dag.parents(1), std::vector<int>{0});
  EXPECT_EQ(project->dag.parents(2), std::vector<int>{1});
  EXPECT_EQ(project->dag.unknown_references(2), std::vector<std::string>{"other.thing"});
  EXPECT_EQ(project->dag.Downstream(0), (std::vector<int>{1, 2}));
}

TEST(DagTest, CycleIsReportedOnceWithItsPath) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT * FROM s.b");
  p.Write("models/b.sql", "MODEL (name s.b, kind FULL);\nSELECT * FROM s.a");
  p.Write("models/c.sql", "MODEL (name s.c, kind FULL);\nSELECT * FROM s.a");
  Result<Project> project = LoadProject(p.path());
  ASSERT_FALSE(project.ok());
  EXPECT_EQ(project.status().message(),
            "models depend on each other in a cycle: s.a -> s.b -> s.a");
  EXPECT_EQ(project.status().location().file, "models/a.sql");
  EXPECT_EQ(project.status().location().line, 2);
  EXPECT_EQ(project.status().location().column, 15);
}

TEST(DagTest, DuplicateNamesNameBothFiles) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT 1 AS x");
  p.Write("models/nested/deeper/b.sql", "MODEL (name S.A);\nSELECT 1 AS x");
  Result<Project> project = LoadProject(p.path());
  ASSERT_FALSE(project.ok());
  EXPECT_EQ(project.status().message(),
            "model s.a is defined twice: in models/a.sql and in models/nested/deeper/b.sql");
}

TEST(EmbeddedTest, InlinesEmbeddedModelsAsSubqueries) {
  Result<Project> project = LoadProject(kProjects / "model_kinds");
  ASSERT_TRUE(project.ok()) << Errors(project);
  const Model* child = project->FindModel("db.employee_names");
  ASSERT_NE(child, nullptr);
  sql::Arena arena;
  sql::Node* query = sql::Clone(child->query, &arena);
  EXPECT_EQ(InlineEmbedded(query, EmbeddedModelsOf(*project), &arena), 1);
  EXPECT_EQ(Sql(query),
            "SELECT name FROM (SELECT DISTINCT name FROM db.employees) AS unique_employees");
  // The model's own query is unchanged.
  EXPECT_EQ(Sql(child->query), "SELECT name FROM db.unique_employees");
}

TEST(ExternalModelsTest, EntriesAndErrors) {
  Result<YamlFile> file = YamlFile::Parse(
      "- name: Raw.Orders\n  columns:\n    ID: int\n    amount: decimal(10,2)\n"
      "- name: raw.bad\n  columns:\n    x: 'INT)'\n",
      "external_models.yaml");
  ASSERT_TRUE(file.ok());
  std::vector<Status> errors;
  std::vector<Model> models = ReadExternalModels(*file, &errors);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].name, "raw.orders");
  EXPECT_EQ(models[0].columns[0].name, "id");
  EXPECT_EQ(models[0].columns[1].type, "DECIMAL(10, 2)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].location().line, 7);
}

TEST(UnitTestFileTest, StructureIsValidated) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULL);\nSELECT id FROM raw.orders");
  p.Write("tests/t.yaml",
          "test_ok:\n  model: s.a\n  inputs:\n    raw.orders:\n      format: csv\n"
          "      rows: \"id\\n1\\n\"\n  outputs:\n    query:\n      rows:\n        - {id: 1}\n"
          "      partial: true\n  vars:\n    start: 2025-01-01\n    execution_time: "
          "'2025-01-02 10:00:00'\n");
  Result<Project> project = LoadProject(p.path());
  ASSERT_TRUE(project.ok()) << Errors(project);
  ASSERT_EQ(project->tests.size(), 1u);
  EXPECT_EQ(project->tests[0].name, "test_ok");
  EXPECT_EQ(project->tests[0].line, 1);
}

TEST(LoadProjectTest, ParallelLoadingGivesTheSameResult) {
  TempProject p;
  for (int i = 0; i < 150; ++i) {
    const std::string parent = i == 0 ? "raw.src" : "s.m" + std::to_string(i - 1);
    p.Write("models/m" + std::to_string(i) + ".sql",
            "MODEL (name s.m" + std::to_string(i) + ", kind FULL);\nSELECT * FROM " + parent);
  }
  LoadOptions one_thread;
  one_thread.threads = 1;
  LoadOptions four_threads;
  four_threads.threads = 4;
  Result<Project> one = LoadProject(p.path(), one_thread);
  Result<Project> four = LoadProject(p.path(), four_threads);
  ASSERT_TRUE(one.ok()) << Errors(one);
  ASSERT_TRUE(four.ok()) << Errors(four);
  ASSERT_EQ(one->models.size(), 150u);
  for (size_t i = 0; i < one->models.size(); ++i) {
    EXPECT_EQ(one->models[i].name, four->models[i].name);
    EXPECT_EQ(one->dag.parents(static_cast<int>(i)), four->dag.parents(static_cast<int>(i)));
  }
  EXPECT_EQ(one->dag.order(), four->dag.order());
}

TEST(LoadProjectTest, ErrorsOfAllFilesAreCombined) {
  TempProject p;
  p.Write("models/a.sql", "MODEL (name s.a, kind FULLL);\nSELECT 1 AS x");
  p.Write("models/b.sql", "MODEL (name s.b, cron 'x');\nSELECT 1 AS x");
  p.Write("external_models.yaml", "- name: raw.x\n  colums: {}\n");
  Result<Project> project = LoadProject(p.path());
  ASSERT_FALSE(project.ok());
  EXPECT_EQ(project.status().errors().size(), 3u) << project.status().ToString();
}

TEST(FormatTest, IdempotentAndKeepsComments) {
  const std::string text =
      "-- leading note\nmodel (name s.a,   kind full, -- why full\n  cron '@daily' /* daily */)"
      ";\n\n/* before */ select a,b -- trailing b\nfrom t where x=1 -- end\n";
  Result<std::string> once = FormatModelFile(text, "m.sql");
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  EXPECT_EQ(*once,
            "-- leading note\n"
            "MODEL (\n"
            "  name s.a,\n"
            "  kind FULL, -- why full\n"
            "  cron '@daily' /* daily */\n"
            ");\n"
            "\n"
            "/* before */\n"
            "SELECT\n"
            "  a,\n"
            "  b\n"
            "-- trailing b\n"
            "FROM t\n"
            "WHERE\n"
            "  x = 1;\n"
            "-- end\n");
  Result<std::string> twice = FormatModelFile(*once, "m.sql");
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_EQ(*twice, *once);
}

TEST(FormatTest, KeepsCommentsInsideExpressionsAndMacroClauses) {
  const std::string text =
      "MODEL (name s.a, kind FULL);\n"
      "@DEF(k, 1); -- after def\n"
      "SELECT f(a, /* first */ b) AS c -- next\n"
      "FROM t WHERE x = -- why\n 1\n"
      "-- conditional\n"
      "@GROUP_BY(TRUE) y;\n";
  Result<std::string> once = FormatModelFile(text, "m.sql");
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  EXPECT_EQ(*once,
            "MODEL (\n"
            "  name s.a,\n"
            "  kind FULL\n"
            ");\n"
            "\n"
            "@DEF(k, 1);\n"
            "\n"
            "-- after def\n"
            "SELECT\n"
            "  f(a, /* first */ b) AS c\n"
            "-- next\n"
            "FROM t\n"
            "WHERE\n"
            "  x = -- why\n"
            "  1\n"
            "-- conditional\n"
            "@GROUP_BY(TRUE)\n"
            "  y;\n");
  Result<std::string> twice = FormatModelFile(*once, "m.sql");
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_EQ(*twice, *once);
}

}  // namespace
}  // namespace strata::project
