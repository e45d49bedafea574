// What is at a dbt relation in the warehouse now: nothing, a table or a view (dbt's
// `load_relation`), read from information_schema.
#pragma once

#include "base/result.h"
#include "dbt/jinja_objects.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

enum class Existing { kNone, kTable, kView };

Result<Existing> FindRelation(engine::EngineAdapter& db, const RelationName& relation);

// `'text'` with quotes doubled: an SQL string literal.
std::string SqlString(std::string_view text);

}  // namespace strata::dbt
