// Forward-only changes (DESIGN.md §4): a changed model that keeps its previous table. Before the
// plan changes anything, its new query's columns are compared with the table's
// (core/schema_change.h); each change follows the model's on_additive_change /
// on_destructive_change: `error` stops the plan, `allow` and `warn` alter the table (warn also
// says so), `ignore` leaves it.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "core/schema_change.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"
#include "project/project.h"

namespace strata {

// The columns of an existing table, with the engine's type spelling, in order. Fails with the
// engine's error; an empty list when the table does not exist.
Result<std::vector<TypedColumn>> TableColumnTypes(engine::EngineAdapter& connection,
                                                  const PhysicalTable& table);

// The columns `model` would write (its declared `columns`, else its query's, rendered for the
// last whole interval before `execution_time`), with the engine's type spelling.
Result<std::vector<TypedColumn>> ModelColumnTypes(
    engine::EngineAdapter& connection, const project::Project& project, const project::Model& model,
    const PhysicalTable& table, const sql::TableMapping& table_mapping, int64_t execution_time);

// One forward-only model's schema changes and what its settings make of them.
struct SchemaChangePlan {
  const project::Model* model = nullptr;
  PhysicalTable table;
  std::vector<ColumnChange> changes;
  std::vector<ColumnChange> errors;    // policy error: the plan must stop
  std::vector<ColumnChange> warnings;  // policy warn: applied and reported
  std::vector<ColumnChange> applied;   // policy allow or warn: ALTER TABLE
};

// The schema changes of `model` (a forward-only snapshot that keeps `table`), classified.
// Does not change anything. Validity columns of SCD type 2 tables are not compared.
Result<SchemaChangePlan> PlanSchemaChanges(engine::EngineAdapter& connection,
                                           const project::Project& project,
                                           const project::Model& model, const PhysicalTable& table,
                                           const sql::TableMapping& table_mapping,
                                           int64_t execution_time);

// The error that stops a plan for the `errors` of `plans` (naming each model, its columns and
// the setting to change); OK when there are none.
Status SchemaChangeErrors(const std::vector<SchemaChangePlan>& plans);

// Alters the tables of `plans` (their `applied` changes) in one transaction on `connection`:
// ADD COLUMN, DROP COLUMN, ALTER COLUMN … TYPE … USING CAST. On PostgreSQL the views that depend
// on a table are dropped and created again around its ALTER (an environment view of the model as
// `SELECT *` of the table, so it shows the new columns; any other with its definition). Fails with
// the engine's error, having changed nothing. REQUIRES: no transaction open.
Status ApplySchemaChanges(engine::EngineAdapter& connection,
                          const std::vector<SchemaChangePlan>& plans);

}  // namespace strata
