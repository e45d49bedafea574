// What is at a dbt relation in the warehouse now: nothing, a table or a view (dbt's
// `load_relation`), read from information_schema.
#pragma once

#include "base/result.h"
#include "dbt/jinja_objects.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

enum class Existing { kNone, kTable, kView };

Result<Existing> FindRelation(engine::EngineAdapter& db, const RelationName& relation);

// The first value of the first row as a count (0 for no row or NULL).
int64_t SingleCount(const engine::QueryResult& result);

}  // namespace strata::dbt
