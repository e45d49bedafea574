// The real jaffle_shop (../shared/corpora/dbt/jaffle_shop) with dbt_utils installed as a package:
// parse counts, relations, selection, and the compiled SQL of `customers`. Skipped when the
// corpus is absent.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "dbt/manifest.h"
#include "dbt/selector.h"
#include "source_paths.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(STRATA_SHARED_DIR) / "corpora" / "dbt";

class JaffleShopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kCorpus / "jaffle_shop" / "dbt_project.yml")) {
      GTEST_SKIP() << "no corpus at " << kCorpus;
    }
    dir_ = fs::temp_directory_path() /
           ("strata_jaffle_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::copy(kCorpus / "jaffle_shop", dir_, fs::copy_options::recursive);
    fs::create_directories(dir_ / "dbt_packages");
    fs::copy(kCorpus / "packages" / "dbt_utils", dir_ / "dbt_packages" / "dbt_utils",
             fs::copy_options::recursive);
    Result<DbtProject> project = LoadDbtProject(dir_);
    ASSERT_TRUE(project.ok()) << project.status().ToString();
    Target target;
    target.type = "duckdb";
    target.name = "dev";
    target.path = "jaffle_shop.duckdb";
    target.database = "jaffle_shop";
    target.schema = "main";
    ManifestOptions options;
    options.project_dir = dir_;
    Result<Manifest> manifest = Manifest::Parse(*project, target, options);
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    manifest_ = std::make_unique<Manifest>(std::move(*manifest));
  }
  void TearDown() override {
    if (!dir_.empty()) {
      fs::remove_all(dir_);
    }
  }
  std::vector<std::string> Select(std::vector<std::string> select,
                                  std::vector<std::string> exclude = {}) {
    Result<std::set<std::string>> ids = SelectNodes(*manifest_, select, exclude);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    return ids.ok() ? std::vector<std::string>(ids->begin(), ids->end())
                    : std::vector<std::string>();
  }
  fs::path dir_;
  std::unique_ptr<Manifest> manifest_;
};

TEST_F(JaffleShopTest, ParseCounts) {
  EXPECT_EQ(manifest_->Count(ResourceType::kModel), 5u);
  EXPECT_EQ(manifest_->Count(ResourceType::kSeed), 3u);
  EXPECT_EQ(manifest_->Count(ResourceType::kTest), 20u);
  EXPECT_EQ(manifest_->Count(ResourceType::kSource), 0u);
  EXPECT_GT(manifest_->macro_count(), 50u);  // dbt_utils' macros
  const Node* stg = manifest_->Find("model.jaffle_shop.stg_orders");
  ASSERT_NE(stg, nullptr);
  EXPECT_EQ(stg->config.Materialized(""), "view");
  EXPECT_EQ(manifest_->Find("model.jaffle_shop.customers")->config.Materialized(""), "table");
  EXPECT_EQ(stg->relation.Render(), "\"jaffle_shop\".\"main\".\"stg_orders\"");
}

TEST_F(JaffleShopTest, SelectionGrammar) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Select({"+stg_orders"}, {"resource_type:test"}),
            (V{"model.jaffle_shop.stg_orders", "seed.jaffle_shop.raw_orders"}));
  EXPECT_EQ(Select({"stg_payments+1"}, {"resource_type:test"}),
            (V{"model.jaffle_shop.customers", "model.jaffle_shop.orders",
               "model.jaffle_shop.stg_payments"}));
  EXPECT_EQ(
      Select({"jaffle_shop.staging", "config.materialized:table"}, {"resource_type:test"}).size(),
      5u);
  EXPECT_EQ(Select({"path:models/staging,resource_type:model"}, {"resource_type:test"}),
            (V{"model.jaffle_shop.stg_customers", "model.jaffle_shop.stg_orders",
               "model.jaffle_shop.stg_payments"}));
  // Data tests are nodes of the graph: the relationships test on orders.customer_id is a
  // descendant of stg_customers, so orders (its other parent) comes in with @.
  EXPECT_EQ(Select({"@stg_customers"}, {"resource_type:test"}),
            (V{"model.jaffle_shop.customers", "model.jaffle_shop.orders",
               "model.jaffle_shop.stg_customers", "model.jaffle_shop.stg_orders",
               "model.jaffle_shop.stg_payments", "seed.jaffle_shop.raw_customers",
               "seed.jaffle_shop.raw_orders", "seed.jaffle_shop.raw_payments"}));
  // Tests come with their model (eager indirect selection).
  EXPECT_EQ(Select({"customers"}).size(), 4u);
  EXPECT_EQ(SelectNodes(*manifest_, {"nope:x"}, {}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(JaffleShopTest, CompiledCustomers) {
  Result<std::string> sql = manifest_->Compile(*manifest_->Find("model.jaffle_shop.customers"));
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  EXPECT_NE(sql->find("select * from \"jaffle_shop\".\"main\".\"stg_customers\""),
            std::string::npos)
      << *sql;
  EXPECT_EQ(sql->find("{{"), std::string::npos);
  Result<std::string> orders = manifest_->Compile(*manifest_->Find("model.jaffle_shop.orders"));
  ASSERT_TRUE(orders.ok()) << orders.status().ToString();
  EXPECT_NE(orders->find("sum(case when payment_method = 'gift_card' then amount else 0 end) as "
                         "gift_card_amount,"),
            std::string::npos);
}

}  // namespace
}  // namespace strata::dbt
