// What the compile pass may ask the warehouse while strata dbt runs (dbt's "introspective
// queries"): `run_query(sql)` and `{% call statement(name, fetch_result=True) %}` with
// `load_result(name)`, which give an agate-like table (`.rows`, `.columns[i or name].values()`,
// `.column_names`, `table[i][j]`); `adapter.get_columns_in_relation(relation)` (columns with
// `.name`, `.column`, `.data_type`, `.dtype`, `.quoted`); `adapter.get_relation(database, schema,
// identifier)` and `load_relation(relation)` (the relation, or None when nothing is there).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/jinja_objects.h"
#include "engine/engine_adapter.h"
#include "jinja/environment.h"

namespace strata::dbt {

struct WarehouseAccess {
  // Runs one statement, returning its rows (none for a statement that returns none). Unset while
  // nothing is connected (parse, ls): the functions above are then errors.
  std::function<Result<engine::QueryResult>(const std::string& sql)> query;
  // The columns of a relation; kNotFound when there is none.
  std::function<Result<std::vector<engine::Column>>(const RelationName& relation)> describe;
  // statement(name) results, for load_result(name).
  std::map<std::string, jinja::Value> results;
};

// Points `access` at `db` (queries and column lookups in its default catalog); nullptr
// disconnects it. REQUIRES: `db` outlives the connection.
void ConnectWarehouse(WarehouseAccess& access, engine::EngineAdapter* db);

// `result` as an agate-like table.
jinja::Value AgateTable(const engine::QueryResult& result);

// Registers run_query, statement's helper, load_result and load_relation on `env`, and returns
// the adapter methods (get_columns_in_relation, get_relation) to add to the `adapter` object.
// In the parse pass (`execute` false) run_query gives None and statement runs nothing.
std::map<std::string, jinja::Value, std::less<>> RegisterWarehouseFunctions(
    jinja::Environment* env, std::shared_ptr<WarehouseAccess> access, bool execute);

}  // namespace strata::dbt
