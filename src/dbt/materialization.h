// dbt's model materializations, with dbt-duckdb's and dbt-postgres's semantics, each write one
// transaction (pre-hooks, the write, post-hooks — a failure leaves the warehouse as it was):
//  - view: the relation (re)created as a view of the query;
//  - table: the query into `<name>__dbt_tmp`, which then replaces the relation;
//  - incremental, when the table exists and is not rebuilt: the query (is_incremental() true)
//    into a temporary table, the schema change handled by `on_schema_change` (ignore, fail,
//    append_new_columns, sync_all_columns), then the strategy: `append`, `delete+insert`
//    (DuckDB's default; PostgreSQL's with a unique_key) or `merge` (`merge_update_columns`,
//    `merge_exclude_columns`), keyed by `unique_key` (a column, an expression or a list) and
//    narrowed by `incremental_predicates`. Otherwise an incremental model is built as a table.
// Beyond dbt, an incremental write reports what it changed: rows new to the table, rows whose
// key was there with different values, and rows deleted without replacement — so a rerun over
// the same data says it changed nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/existing_relation.h"
#include "dbt/jinja_objects.h"
#include "dbt/node_config.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

struct ModelWrite {
  int64_t rows = 0;  // rows written by a table build
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
  bool incremental = false;  // an incremental write (not a rebuild)
};

struct Hooks {
  std::vector<std::string> pre;   // rendered pre-hook statements
  std::vector<std::string> post;  // rendered post-hook statements
};

Result<ModelWrite> BuildView(engine::EngineAdapter& db, const RelationName& relation,
                             const std::string& sql, Existing existing, const Hooks& hooks);

Result<ModelWrite> BuildTable(engine::EngineAdapter& db, const RelationName& relation,
                              const std::string& sql, Existing existing, const Hooks& hooks);

// REQUIRES: the relation is an existing table. `sql`: compiled with is_incremental() true.
Result<ModelWrite> ApplyIncremental(engine::EngineAdapter& db, const RelationName& relation,
                                    const std::string& sql, const NodeConfig& config,
                                    const Hooks& hooks);

// Runs `body` between the hooks in one transaction (rolled back on any failure); on PostgreSQL
// it first takes an advisory lock named after `relation`, so two runs writing one model take
// turns.
Result<ModelWrite> InWriteTransaction(engine::EngineAdapter& db, const RelationName& relation,
                                      const Hooks& hooks,
                                      const std::function<Result<ModelWrite>()>& body);

// A config value as a list of strings (a string is one item; None or missing is empty), or an
// error for another type.
Result<std::vector<std::string>> ConfigStringList(const NodeConfig& config, std::string_view key);

// The strategy an incremental model uses on `engine` (its `incremental_strategy`, else the
// adapter's default), or an error naming the valid ones.
Result<std::string> IncrementalStrategy(const NodeConfig& config, engine::EngineType engine);

}  // namespace strata::dbt
