// The views over a physical table — environment views, a VIEW model's physical view and the views
// over it — found so that a change of the table's columns can create them again: DuckDB binds a
// view's column types when it is created, and fails to read it ("Contents of view were altered")
// once the table under it has other types; PostgreSQL refuses to alter a column a view reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"

namespace strata {

// A view that depends on a table, to be created again after the table changed.
struct DependentView {
  std::string schema;
  std::string name;
  std::string definition;  // DuckDB: its CREATE VIEW statement; PostgreSQL: its query
};

// PostgreSQL: the views that depend (directly or through other views) on `table`, those a view
// depends on first.
Result<std::vector<DependentView>> PostgresDependentViews(engine::EngineAdapter& connection,
                                                          const PhysicalTable& table);

// DuckDB: the views that read `table` (their SQL names its physical name), then the views that
// read those through their physical names, in that order. DuckDB does not track view
// dependencies.
Result<std::vector<DependentView>> DuckDbDependentViews(engine::EngineAdapter& connection,
                                                        const PhysicalTable& table);

// Whether `name` is a physical table or view name: it ends with `__` and a 16-digit hex version.
bool IsPhysicalViewName(std::string_view name);

// DuckDB: the statement that creates `view` again from its own CREATE VIEW (as CREATE OR
// REPLACE), binding the current types of what it reads.
std::string DuckDbRecreateStatement(const DependentView& view);

// DuckDB: creates every view over `table` again from its own definition, in dependency order, so
// that each binds the table's current column types. Runs in the caller's transaction.
Status RebindDuckDbViews(engine::EngineAdapter& connection, const PhysicalTable& table);

}  // namespace strata
