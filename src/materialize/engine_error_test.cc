#include "materialize/engine_error.h"

#include <gtest/gtest.h>

#include "project/temp_project_test_util.h"

namespace strata {
namespace {

TEST(EngineErrorTest, PhysicalNamesBecomeModelNamesAndMissingTablesGetADidYouMean) {
  project::TempProject files;
  files.Write("models/raw.sql", "MODEL (name raw.raw_orders, kind FULL);\nSELECT 1 AS id");
  files.Write("models/sales.sql",
              "MODEL (name sales.daily, kind FULL);\nSELECT id FROM raw.raw_orders");
  Result<project::Project> project = project::LoadProject(files.path());
  ASSERT_TRUE(project.ok()) << project.status().ToString();

  const Status physical =
      WithModelNames(Status::EngineError("Binder Error: column x not found in "
                                         "\"strata__sales\".\"sales__daily__b3e4bff5ed022294\" and "
                                         "strata__raw.raw__raw_orders__85e0aa11bb22cc33"),
                     *project);
  EXPECT_EQ(physical.message(),
            "Binder Error: column x not found in sales.daily and raw.raw_orders");

  const Status duckdb = WithModelNames(
      Status::EngineError("Catalog Error: Table with name raw_order does not exist!"), *project);
  EXPECT_EQ(duckdb.hint(), "did you mean the model raw.raw_orders?");
  const Status postgres = WithModelNames(
      Status::EngineError("ERROR:  relation \"raw.raw_order\" does not exist"), *project);
  EXPECT_EQ(postgres.hint(), "did you mean the model raw.raw_orders?");
  const Status unknown = WithModelNames(
      Status::EngineError("ERROR:  relation \"ext.events\" does not exist"), *project);
  EXPECT_NE(unknown.hint().find("external_models.yaml"), std::string::npos) << unknown.hint();
  // Not an engine error: unchanged.
  const Status other = WithModelNames(Status::ProjectError("x__y__0123456789abcdef"), *project);
  EXPECT_EQ(other.message(), "x__y__0123456789abcdef");
}

}  // namespace
}  // namespace strata
