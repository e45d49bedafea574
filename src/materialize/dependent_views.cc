// Finding and re-creating the views over a physical table (materialize/dependent_views.h).
#include "materialize/dependent_views.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "sql/generator.h"

namespace strata {
namespace {

std::string Literal(std::string_view text) { return sql::FormatString(text); }

}  // namespace

// PostgreSQL: the views that depend (directly or through other views) on `table`, those a view
// depends on first.
Result<std::vector<DependentView>> PostgresDependentViews(engine::EngineAdapter& connection,
                                                          const PhysicalTable& table) {
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format(
          "WITH RECURSIVE deps(oid, level) AS ("
          " SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
          " WHERE d.refobjid = to_regclass({0}) AND r.ev_class <> d.refobjid"
          " UNION SELECT r.ev_class, deps.level + 1 FROM deps JOIN pg_depend d ON d.refobjid ="
          " deps.oid JOIN pg_rewrite r ON r.oid = d.objid WHERE r.ev_class <> d.refobjid)"
          " SELECT n.nspname::text, c.relname::text, pg_get_viewdef(c.oid), MAX(deps.level) FROM"
          " deps JOIN pg_class c ON c.oid = deps.oid JOIN pg_namespace n ON n.oid ="
          " c.relnamespace WHERE c.relkind = 'v' GROUP BY 1, 2, 3 ORDER BY 4, 1, 2",
          Literal(table.Sql()))));
  std::vector<DependentView> views;
  for (const std::vector<engine::Value>& row : result.rows) {
    views.push_back({row[0].ToString(), row[1].ToString(), row[2].ToString()});
  }
  return views;
}

// Whether `name` is a physical table or view name: it ends with `__` and a 16-digit hex version.
bool IsPhysicalViewName(std::string_view name) {
  constexpr size_t kVersion = 16;
  if (name.size() < kVersion + 2 || name.substr(name.size() - kVersion - 2, 2) != "__") {
    return false;
  }
  return std::all_of(name.end() - kVersion, name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// DuckDB: the views that read `table` (their SQL names its physical name), then the views that
// read those through their physical names, in that order. DuckDB does not track view
// dependencies: a view over an altered table fails to bind until it is created again.
Result<std::vector<DependentView>> DuckDbDependentViews(engine::EngineAdapter& connection,
                                                        const PhysicalTable& table) {
  const std::string database =
      table.catalog.empty() ? "current_database()" : Literal(table.catalog);
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format("SELECT schema_name, view_name, sql FROM duckdb_views() WHERE "
                                   "NOT internal AND NOT temporary AND database_name = {} "
                                   "ORDER BY schema_name, view_name",
                                   database)));
  std::vector<DependentView> all;
  for (const std::vector<engine::Value>& row : result.rows) {
    all.push_back({row[0].ToString(), row[1].ToString(), row[2].ToString()});
  }
  std::vector<std::string> wanted = {table.name};
  std::vector<bool> taken(all.size(), false);
  std::vector<DependentView> views;
  while (!wanted.empty()) {
    std::vector<std::string> next;
    for (size_t i = 0; i < all.size(); ++i) {
      if (taken[i]) {
        continue;
      }
      const bool reads = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& name) {
        return all[i].definition.find(name) != std::string::npos;
      });
      if (!reads) {
        continue;
      }
      taken[i] = true;
      views.push_back(all[i]);
      // A VIEW model's physical view (`<schema>__<table>__<version>`, in strata__<schema> or a
      // physical_schema_mapping schema) is read by its environment views: they depend on the
      // table too. (Other views' names are too short to search for by substring.)
      if (IsPhysicalViewName(all[i].name)) {
        next.push_back(all[i].name);
      }
    }
    wanted = std::move(next);
  }
  return views;
}

std::string DuckDbRecreateStatement(const DependentView& view) {
  std::string statement(TrimRight(view.definition));
  constexpr std::string_view kCreate = "CREATE VIEW";
  if (statement.starts_with(kCreate)) {
    statement = "CREATE OR REPLACE VIEW" + statement.substr(kCreate.size());
  }
  return statement;
}

Status RebindDuckDbViews(engine::EngineAdapter& connection, const PhysicalTable& table) {
  STRATA_ASSIGN_OR_RETURN(std::vector<DependentView> views,
                          DuckDbDependentViews(connection, table));
  for (const DependentView& view : views) {
    STRATA_RETURN_IF_ERROR(connection.Execute(DuckDbRecreateStatement(view)).status());
  }
  return Status::OK();
}

}  // namespace strata
