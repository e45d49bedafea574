// Test helpers for the materializer: a project written file by file, an engine (DuckDB on a file,
// or a fresh database of the PostgreSQL test server) with a migrated state store, and shortcuts
// to create tables, run batches and read rows back as text.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"
#include "project/project.h"
#include "project/temp_project_test_util.h"
#include "state/state_store.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::testing {

inline int64_t At(const char* text) {
  Result<int64_t> t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : 0;
}

// The version every test model gets.
inline constexpr const char* kTestVersion = "v1";

// Maps every materialized model of `project` to its physical table at kTestVersion.
inline sql::TableMapping MappingOf(const project::Project& project) {
  return
      [&project](const std::vector<std::string>& parts) -> std::optional<std::vector<std::string>> {
        std::string name = Join(parts, ".");
        const project::Model* model = project.FindModel(name);
        if (model == nullptr || !model->kind.IsMaterialized()) {
          return std::nullopt;
        }
        PhysicalTable table = PhysicalTableOf(model->name, kTestVersion);
        std::vector<std::string> out;
        if (!table.catalog.empty()) {
          out.push_back(table.catalog);
        }
        out.push_back(table.schema);
        out.push_back(table.name);
        return out;
      };
}

// The engines the typed tests run on.
struct DuckDbBackend {
  static constexpr engine::EngineType kType = engine::EngineType::kDuckDb;
};
struct PostgresBackend {
  static constexpr engine::EngineType kType = engine::EngineType::kPostgres;
};
using Backends = ::testing::Types<DuckDbBackend, PostgresBackend>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kType == engine::EngineType::kDuckDb ? "DuckDb" : "Postgres";
  }
};

// A connection to a fresh database: a DuckDB file in `dir`, or a new database of the PostgreSQL
// test server. REQUIRES for PostgreSQL: STRATA_REQUIRE_POSTGRES passed in the test.
inline Result<engine::ConnectionConfig> FreshDatabase(engine::EngineType type,
                                                      const std::string& dir) {
  engine::ConnectionConfig config;
  config.type = type;
  if (type == engine::EngineType::kDuckDb) {
    config.database = dir + "/test.duckdb";
    return config;
  }
  STRATA_ASSIGN_OR_RETURN(PostgresServer * server, PostgresServer::Shared());
  STRATA_ASSIGN_OR_RETURN(std::string database, server->CreateDatabase());
  config = server->Config(database);
  config.type = type;
  return config;
}

// The whole fixture state, usable from typed and plain tests.
class MaterializerHarness {
 public:
  // Opens the engine `config` describes and migrates the state store.
  void Open(const engine::ConnectionConfig& config) {
    config_ = config;
    auto engine = engine::OpenEngine(config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    db_ = Connect();
    ASSERT_NE(db_, nullptr);
    state_ = std::make_unique<state::StateStore>(db_.get(), "strata_state");
    Status migrated = state_->Migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.ToString();
  }

  // Closes every connection and the engine (DuckDB releases the file).
  void Close() {
    state_.reset();
    db_.reset();
    engine_.reset();
  }

  std::unique_ptr<engine::EngineAdapter> Connect() {
    auto db = engine_->Connect();
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  void Write(const std::string& relative, const std::string& text) {
    project_dir_.Write(relative, text);
  }

  // Loads the project written so far.
  void Load() {
    Result<project::Project> loaded = project::LoadProject(project_dir_.path());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    project_ = std::make_unique<project::Project>(std::move(loaded).value());
  }

  const project::Model& Model(const std::string& name) {
    const project::Model* model = project_->FindModel(name);
    EXPECT_NE(model, nullptr) << name;
    return *model;
  }

  Status Create(const std::string& name, const char* execution_time = "2025-02-01") {
    return CreatePhysicalTable(*db_, *project_, Model(name), PhysicalTableOf(name, kTestVersion),
                               MappingOf(*project_), At(execution_time));
  }

  BatchRequest Request(const std::string& name, const char* start, const char* end) {
    BatchRequest request;
    request.project = project_.get();
    request.model = &Model(name);
    request.table = PhysicalTableOf(name, kTestVersion);
    request.interval_key = {name, kTestVersion};
    request.interval = Interval{At(start), At(end)};
    request.execution_time = At(end);
    request.table_mapping = MappingOf(*project_);
    return request;
  }

  Result<BatchResult> RunBatch(const std::string& name, const char* start, const char* end) {
    return ExecuteBatch(*db_, *state_, Request(name, start, end));
  }

  // The rows of `sql`, each as its values joined by '|', sorted.
  std::vector<std::string> Rows(const std::string& sql, engine::EngineAdapter* db = nullptr) {
    auto result = (db == nullptr ? db_.get() : db)->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    std::vector<std::string> rows;
    if (!result.ok()) {
      return rows;
    }
    for (const auto& row : result->rows) {
      std::vector<std::string> values;
      for (const engine::Value& value : row) {
        values.push_back(value.ToString());
      }
      rows.push_back(Join(values, "|"));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  std::string Table(const std::string& name) const {
    return PhysicalTableOf(name, kTestVersion).Sql();
  }

  // The recorded intervals of `name` as "[start, end)" pieces.
  std::string Intervals(const std::string& name) {
    Result<IntervalSet> set = state_->GetIntervals({name, kTestVersion});
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    return set.ok() ? set->ToString([](int64_t t) { return FormatDate(DayOf(t)); }) : "?";
  }

  void Exec(const std::string& sql) {
    auto r = db_->Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }

  engine::ConnectionConfig config_;
  project::TempProject project_dir_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::EngineAdapter> db_;
  std::unique_ptr<state::StateStore> state_;
  std::unique_ptr<project::Project> project_;
};

}  // namespace strata::testing
