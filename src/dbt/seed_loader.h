// dbt seeds as dbt-core loads them: the CSV read with the seed's `delimiter`, every column typed
// as dbt's agate type tester infers it (tried in order: number — `float8` when any value has
// digits after the point, else `integer`; date `%Y-%m-%d` → `date`; `%Y-%m-%d %H:%M:%S` or an ISO
// 8601 date-time with `T` → `timestamp without time zone`; `true`/`false` → `boolean`; else
// `text`), `""` and `null` read as NULL, a column of only NULLs typed `integer`, and a column
// named in `column_types` taking that type as written. Column names are quoted unless
// `quote_columns` is false.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/existing_relation.h"
#include "dbt/jinja_objects.h"
#include "dbt/node_config.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

struct SeedColumn {
  std::string name;
  std::string type;  // the SQL type the table is created with
};

struct SeedTable {
  std::vector<SeedColumn> columns;
  // Each value as an SQL literal (numbers bare, other values quoted, NULL).
  std::vector<std::vector<std::string>> rows;
};

// Reads and types the seed `file` by `config` (`delimiter`, `column_types`). Fails with the
// file, line and column of a malformed CSV, or a `column_types` that is not a mapping.
Result<SeedTable> ReadSeed(const std::filesystem::path& file, const NodeConfig& config);

// The agate type of one column's values (each nullopt for NULL), as the SQL type name above.
std::string InferSeedType(const std::vector<std::optional<std::string>>& values);

struct SeedLoad {
  int64_t inserted = 0;
  bool recreated = false;  // the table was (re)created rather than emptied
};

// Loads `table` into `relation` in one transaction: an existing table is emptied and refilled
// (dbt's truncate-and-insert), unless `full_refresh` or it is a view or missing, when it is
// dropped and created with the seed's columns. `existing`: what is at the relation now.
Result<SeedLoad> LoadSeed(engine::EngineAdapter& db, const RelationName& relation,
                          const SeedTable& table, const NodeConfig& config, bool full_refresh,
                          Existing existing);

}  // namespace strata::dbt
