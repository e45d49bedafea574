// Config trees of dbt_project.yml (`+` keys, folder nesting, additive tags), config precedence
// and test names.
#include "dbt/dbt_project.h"

#include <gtest/gtest.h>

#include "dbt/properties.h"
#include "jinja/value_format.h"
#include "project/model_jinja.h"

namespace strata::dbt {
namespace {

TEST(DbtConfigTree, PlusKeysApplyDownFolderPathsAndTagsAddUp) {
  ConfigTree tree(YAML::Load(R"(
+tags: everywhere
shop:
  materialized: table
  +tags: [shop]
  staging:
    +materialized: view
    +schema: stage
    meta: {owner: me}
    stg_orders:
      +alias: orders
)"));
  NodeConfig staging;
  tree.ApplyTo({"shop", "staging", "stg_orders"}, &staging);
  EXPECT_EQ(staging.Materialized("view"), "view");
  EXPECT_EQ(staging.String("schema"), "stage");
  EXPECT_EQ(staging.String("alias"), "orders");
  EXPECT_EQ(staging.Tags(), (std::vector<std::string>{"everywhere", "shop"}));
  EXPECT_EQ(jinja::Str(*staging.Find("meta")), "{'owner': 'me'}");

  NodeConfig top;
  tree.ApplyTo({"shop", "customers"}, &top);
  EXPECT_EQ(top.Materialized("view"), "table");
  EXPECT_FALSE(top.String("schema").has_value());
  // Applying the tree again leaves it unchanged.
  NodeConfig again;
  tree.ApplyTo({"shop", "staging", "stg_orders"}, &again);
  EXPECT_EQ(again.String("alias"), "orders");
}

TEST(DbtConfigTree, ConfigCallOverridesPropertiesOverProject) {
  NodeConfig config;
  ConfigTree(YAML::Load("shop: {+materialized: table, +tags: a, +enabled: true}"))
      .ApplyTo({"shop", "m"}, &config);
  config.ApplyDict(project::YamlToJinja(YAML::Load("{materialized: view, tags: [b]}")));
  config.Apply("materialized", jinja::Value::String("incremental"));
  config.Apply("tags", jinja::Value::String("c"));
  EXPECT_EQ(config.Materialized("view"), "incremental");
  EXPECT_EQ(config.Tags(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(config.Enabled());
  config.Apply("+enabled", jinja::Value::Bool(false));
  EXPECT_FALSE(config.Enabled());
}

TEST(DbtProperties, TestNamesFollowDbt) {
  TestDefinition unique;
  unique.test_name = "unique";
  unique.attached_to = "customers";
  unique.column = "customer_id";
  EXPECT_EQ(unique.Name(), "unique_customers_customer_id");

  TestDefinition relationships = unique;
  relationships.test_name = "relationships";
  relationships.attached_to = "orders";
  relationships.kwargs.as_dict()->SetString("to", jinja::Value::String("ref('customers')"));
  relationships.kwargs.as_dict()->SetString("field", jinja::Value::String("customer_id"));
  EXPECT_EQ(relationships.Name(), "relationships_orders_customer_id__customer_id__ref_customers_");

  TestDefinition source = unique;
  source.source_name = "raw";
  source.attached_to = "orders";
  source.column = "id";
  source.kwargs = jinja::Value::Dict();
  EXPECT_EQ(source.Name(), "source_unique_raw_orders_id");
}

}  // namespace
}  // namespace strata::dbt
