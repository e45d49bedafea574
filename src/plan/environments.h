// Environments as the housekeeping commands see them (docs/environments.md): an environment's
// snapshots and the tables its model names resolve to (`query --env`, `diff`, `table-diff`),
// invalidation, and the janitor that drops what expired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "core/snapshot.h"
#include "project/config.h"
#include "sql/analysis/rewrite_tables.h"
#include "state/state_store.h"

namespace strata {

// The snapshots of environment `name`, sorted by model name. Fails with kNotFound (listing the
// environments there are) when it does not exist, and with the state's errors.
Result<std::vector<Snapshot>> EnvironmentSnapshots(state::StateStore& state,
                                                   const std::string& name);

// The mapping of `snapshots`' model names to the tables their environment reads: the physical
// table of each materialized snapshot (what its view selects from; the same rows).
sql::TableMapping EnvironmentTableMapping(const std::vector<Snapshot>& snapshots);

// Makes environment `name` expire at `now`: the next `janitor` removes it. Fails with
// InvalidArgument for prod (which never expires), kNotFound for an unknown environment.
// REQUIRES: the state lock held.
Status InvalidateEnvironment(state::StateStore& state, const std::string& name, int64_t now);

struct JanitorReport {
  std::vector<std::string> environments;  // removed
  std::vector<std::string> tables;        // physical tables (and views) dropped
  std::vector<std::string> snapshots;     // snapshot records deleted, as "name@fingerprint"
  std::vector<Status> failures;           // what could not be dropped (kept for the next run)
};

// Removes what expired at `now`: every non-prod environment whose expiration is past (its views,
// its view schemas when they are left empty, its record); then every snapshot no environment
// uses whose ttl has passed since it was created (all of them with `ignore_ttl`): its physical
// table when no remaining snapshot shares it, its intervals and its record. Best-effort: a drop
// that fails is reported in `failures` and what depends on it is kept; the rest goes on. Each
// environment and each table is removed in its own transaction. Fails only when the state cannot
// be read. Views and tables are dropped on `warehouse` (null: the state's connection); with a
// separate state they are dropped first, then the records removed in a state transaction.
// `suffix_target` names the views as the plans that made them did (config
// environment_suffix_target).
// REQUIRES: the state lock held; no transaction open on the state or warehouse connection.
Result<JanitorReport> RunJanitor(
    state::StateStore& state, int64_t now, bool ignore_ttl,
    engine::EngineAdapter* warehouse = nullptr,
    project::EnvironmentSuffixTarget suffix_target = project::EnvironmentSuffixTarget::kSchema);

}  // namespace strata
