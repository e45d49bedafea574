// An engine connection that keeps the text of every statement a node executes, for
// `target/run/…` (dbt writes there the SQL each node ran). Everything else passes through.
#pragma once

#include <string>
#include <vector>

#include "engine/engine_adapter.h"

namespace strata::dbt {

class RecordingAdapter : public engine::EngineAdapter {
 public:
  // REQUIRES: `inner` outlives this adapter.
  explicit RecordingAdapter(engine::EngineAdapter& inner) : inner_(inner) {}

  // The statements Execute() ran since the last call, and forgets them.
  std::vector<std::string> TakeStatements() { return std::exchange(statements_, {}); }

  engine::EngineType type() const override { return inner_.type(); }
  Result<int64_t> Execute(std::string_view sql) override {
    statements_.emplace_back(sql);
    return inner_.Execute(sql);
  }
  Result<engine::QueryResult> Query(std::string_view sql) override { return inner_.Query(sql); }
  Status Begin() override { return inner_.Begin(); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  bool InTransaction() const override { return inner_.InTransaction(); }
  Result<std::vector<std::string>> ListSchemas() override { return inner_.ListSchemas(); }
  Result<std::vector<engine::TableRef>> ListTables(std::string_view schema) override {
    return inner_.ListTables(schema);
  }
  Result<std::vector<engine::Column>> DescribeTable(std::string_view schema,
                                                    std::string_view table) override {
    return inner_.DescribeTable(schema, table);
  }
  Result<std::vector<engine::Column>> DescribeQuery(std::string_view query) override {
    return inner_.DescribeQuery(query);
  }

 private:
  engine::EngineAdapter& inner_;
  std::vector<std::string> statements_;
};

}  // namespace strata::dbt
