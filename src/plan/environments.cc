// Environment snapshots, invalidation and the janitor.
#include "plan/environments.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materializer.h"
#include "plan/plan.h"

namespace strata {

namespace {

std::vector<std::string> NameParts(const std::string& name) {
  std::vector<std::string> parts;
  for (std::string_view part : Split(name, '.')) {
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    }
    parts.emplace_back(part);
  }
  return parts;
}

// Runs `statements` in one transaction of `connection`; rolls back when one fails.
Status OneTransaction(engine::EngineAdapter& connection, const std::vector<std::string>& statements,
                      const std::function<Status()>& also) {
  STRATA_RETURN_IF_ERROR(connection.Begin());
  Status status;
  for (const std::string& statement : statements) {
    status = connection.Execute(statement).status();
    if (!status.ok()) {
      break;
    }
  }
  if (status.ok() && also) {
    status = also();
  }
  if (status.ok()) {
    status = connection.Commit();
  }
  if (!status.ok() && connection.InTransaction()) {
    (void)connection.Rollback();
  }
  return status;
}

// Runs `statements` on the warehouse `connection` and `also` (state writes) in one transaction
// when the state lives there; with a separate state, the statements first in a warehouse
// transaction, then `also` in a state transaction. A crash in between leaves state records of
// dropped objects, which the next janitor removes (every drop is IF EXISTS).
Status InTransaction(engine::EngineAdapter& connection, engine::EngineAdapter& state_connection,
                     const std::vector<std::string>& statements,
                     const std::function<Status()>& also = nullptr) {
  if (&connection == &state_connection) {
    return OneTransaction(connection, statements, also);
  }
  STRATA_RETURN_IF_ERROR(OneTransaction(connection, statements, nullptr));
  return also ? OneTransaction(state_connection, {}, also) : Status::OK();
}

// Drops one expired physical table (unless `shared` with a kept snapshot) with its intervals and
// snapshot records, in one transaction; on success adds them to `report`. `listed` caches the
// tables of each physical schema.
Status DropExpiredTable(engine::EngineAdapter& connection, state::StateStore& state,
                        const state::IntervalKey& table,
                        const std::vector<const state::SnapshotRecord*>& records, bool shared,
                        std::map<std::string, std::vector<engine::TableRef>>& listed,
                        JanitorReport& report) {
  std::vector<state::SnapshotId> ids;
  for (const state::SnapshotRecord* record : records) {
    ids.push_back(record->id);
  }
  std::vector<std::string> drops;
  const std::string kind = records.front()->kind;
  std::optional<std::string> dropped;
  if (!shared && KindIsMaterialized(kind)) {
    // The physical schema the version's table was made in (physical_schema_mapping).
    Result<SnapshotPayload> payload = ParsePayload(records.front()->payload);
    const PhysicalTable physical = PhysicalTableOf(
        table.first, table.second, payload.ok() ? payload->physical_schema : std::string());
    auto schema_tables = listed.find(physical.schema);
    if (schema_tables == listed.end()) {
      Result<std::vector<engine::TableRef>> tables = connection.ListTables(physical.schema);
      schema_tables =
          listed.emplace(physical.schema, tables.ok() ? *tables : std::vector<engine::TableRef>{})
              .first;
    }
    auto found =
        std::find_if(schema_tables->second.begin(), schema_tables->second.end(),
                     [&](const engine::TableRef& ref) { return ref.name == physical.name; });
    if (found != schema_tables->second.end()) {
      drops.push_back(
          fmt::format("DROP {} IF EXISTS {}", found->is_view ? "VIEW" : "TABLE", physical.Sql()));
    } else if (connection.type() == engine::EngineType::kPostgres && kind == "VIEW") {
      drops.push_back(fmt::format("DROP MATERIALIZED VIEW IF EXISTS {}", physical.Sql()));
    }
    if (!drops.empty()) {
      dropped = physical.Sql();
    }
  }
  Status status = InTransaction(connection, *state.connection(), drops, [&]() -> Status {
    if (!shared) {
      STRATA_RETURN_IF_ERROR(state.DeleteIntervals(table));
    }
    return state.DeleteSnapshots(ids);
  });
  if (!status.ok()) {
    return status.WithContext(fmt::format("dropping {} version {}", table.first, table.second));
  }
  if (dropped) {
    report.tables.push_back(*dropped);
  }
  for (const state::SnapshotId& id : ids) {
    report.snapshots.push_back(fmt::format("{}@{}", id.name, id.fingerprint));
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<Snapshot>> EnvironmentSnapshots(state::StateStore& state,
                                                   const std::string& name) {
  Result<state::EnvironmentRecord> environment = state.GetEnvironment(name);
  if (!environment.ok()) {
    if (environment.status().code() != StatusCode::kNotFound) {
      return environment.status();
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<state::EnvironmentRecord> all, state.AllEnvironments());
    std::vector<std::string> names;
    for (const state::EnvironmentRecord& record : all) {
      names.push_back(record.name);
    }
    return Status::NotFound(fmt::format("there is no environment `{}`", name))
        .WithHint(names.empty() ? "create one with `strata plan [ENV]`"
                                : fmt::format("environments: {}", Join(names, ", ")));
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                          ReadSnapshots(state, environment->snapshots));
  std::vector<Snapshot> snapshots;
  for (const state::SnapshotRecord& record : records) {
    STRATA_ASSIGN_OR_RETURN(Snapshot snapshot, SnapshotFromRecord(record));
    snapshots.push_back(std::move(snapshot));
  }
  std::sort(snapshots.begin(), snapshots.end(),
            [](const Snapshot& a, const Snapshot& b) { return a.id.name < b.id.name; });
  return snapshots;
}

sql::TableMapping EnvironmentTableMapping(const std::vector<Snapshot>& snapshots) {
  std::vector<const Snapshot*> pointers;
  for (const Snapshot& snapshot : snapshots) {
    pointers.push_back(&snapshot);
  }
  return PhysicalTableMapping(pointers);
}

Status InvalidateEnvironment(state::StateStore& state, const std::string& name, int64_t now) {
  STRATA_RETURN_IF_ERROR(ValidateEnvironmentName(name));
  if (name == "prod") {
    return Status::InvalidArgument("prod cannot be invalidated: it never expires")
        .WithHint("invalidate a development environment, e.g. `strata invalidate dev`");
  }
  Result<state::EnvironmentRecord> environment = state.GetEnvironment(name);
  if (!environment.ok()) {
    if (environment.status().code() == StatusCode::kNotFound) {
      return EnvironmentSnapshots(state, name).status();  // the error that lists environments
    }
    return environment.status();
  }
  environment->expiration_ts = now;
  environment->updated_ts = now;
  return state.PutEnvironment(*environment);
}

Result<JanitorReport> RunJanitor(state::StateStore& state, int64_t now, bool ignore_ttl,
                                 engine::EngineAdapter* warehouse,
                                 project::EnvironmentSuffixTarget suffix_target) {
  engine::EngineAdapter& connection = warehouse != nullptr ? *warehouse : *state.connection();
  JanitorReport report;

  // ---- expired environments: views, then the record, in one transaction each
  STRATA_ASSIGN_OR_RETURN(std::vector<state::EnvironmentRecord> environments,
                          state.AllEnvironments());
  std::vector<state::EnvironmentRecord> remaining;
  for (const state::EnvironmentRecord& environment : environments) {
    if (environment.name == "prod" || !environment.expiration_ts ||
        *environment.expiration_ts > now) {
      remaining.push_back(environment);
      continue;
    }
    const std::vector<state::SnapshotId>& promoted =
        environment.promoted ? *environment.promoted : environment.snapshots;
    STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                            ReadSnapshots(state, promoted));
    std::vector<std::string> drops;
    std::set<std::string> schemas;
    for (const state::SnapshotRecord& record : records) {
      if (!KindIsMaterialized(record.kind)) {
        continue;
      }
      std::vector<std::string> view = NameParts(
          EnvironmentViewName(NameParts(record.id.name), environment.name, suffix_target));
      std::vector<std::string> quoted;
      for (const std::string& part : view) {
        quoted.push_back(QuoteSqlIdentifier(part));
      }
      drops.push_back(fmt::format("DROP VIEW IF EXISTS {}", Join(quoted, ".")));
      // The environment's own schemas (with the suffix on the table, its views are in prod's).
      if (quoted.size() >= 2 && suffix_target != project::EnvironmentSuffixTarget::kTable) {
        quoted.pop_back();
        schemas.insert(Join(quoted, "."));
      }
    }
    Status status = InTransaction(connection, *state.connection(), drops,
                                  [&] { return state.DeleteEnvironment(environment.name); });
    if (!status.ok()) {
      report.failures.push_back(
          status.WithContext(fmt::format("removing environment `{}`", environment.name)));
      remaining.push_back(environment);
      continue;
    }
    report.environments.push_back(environment.name);
    // The view schemas go when nothing else is left in them (no CASCADE: a user's table stays).
    for (const std::string& schema : schemas) {
      (void)connection.Execute(fmt::format("DROP SCHEMA IF EXISTS {}", schema));
    }
  }

  // ---- snapshots no remaining environment uses, once their ttl has passed
  std::set<state::SnapshotId> used;
  for (const state::EnvironmentRecord& environment : remaining) {
    used.insert(environment.snapshots.begin(), environment.snapshots.end());
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> all, state.AllSnapshots());
  std::map<state::IntervalKey, std::vector<const state::SnapshotRecord*>> expired_by_table;
  std::set<state::IntervalKey> kept_tables;
  for (const state::SnapshotRecord& record : all) {
    const bool expired =
        !used.contains(record.id) && (ignore_ttl || record.created_ts + record.ttl_us <= now);
    const state::IntervalKey table{record.id.name, record.version};
    if (expired) {
      expired_by_table[table].push_back(&record);
    } else {
      kept_tables.insert(table);
    }
  }
  std::map<std::string, std::vector<engine::TableRef>> listed;  // physical schema -> its tables
  // A physical view may read another expired table (PostgreSQL refuses to drop a table a view
  // depends on): what fails is tried again after the others, while that makes progress.
  std::vector<const state::IntervalKey*> pending;
  for (const auto& entry : expired_by_table) {
    pending.push_back(&entry.first);
  }
  while (!pending.empty()) {
    std::vector<const state::IntervalKey*> failed;
    std::vector<Status> failures;
    for (const state::IntervalKey* key : pending) {
      Status status = DropExpiredTable(connection, state, *key, expired_by_table.at(*key),
                                       kept_tables.contains(*key), listed, report);
      if (!status.ok()) {
        failed.push_back(key);
        failures.push_back(std::move(status));
      }
    }
    if (failed.size() == pending.size()) {
      report.failures.insert(report.failures.end(), failures.begin(), failures.end());
      break;
    }
    pending = std::move(failed);
  }
  return report;
}

}  // namespace strata
