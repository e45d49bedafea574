// Plans (DESIGN.md §5, docs/plan_and_run.md "Plan"): what `strata plan [ENV]` would change. A plan
// compares the project's snapshots with an environment's (added, removed, directly and indirectly
// modified models), finds each snapshot's physical version (reusing an existing snapshot's when
// their data fingerprints match) and its missing intervals and batches. ApplyPlan executes it:
// physical tables, backfill, then one state transaction for snapshots, environment and views.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "core/backfill.h"
#include "core/snapshot.h"
#include "core/snapshot_work.h"
#include "engine/engine_adapter.h"
#include "project/project.h"
#include "state/state_store.h"

namespace strata {

struct PlanOptions {
  std::string environment = "prod";
  int64_t execution_time = 0;    // UTC micros
  std::optional<int64_t> start;  // --start: restrict the backfill range
  std::optional<int64_t> end;    // --end (exclusive; a date was turned into the next midnight)
  bool forward_only = false;     // --forward-only: every changed incremental model keeps its table
};

// One snapshot of the environment the plan builds.
struct PlannedSnapshot {
  Snapshot snapshot;
  bool is_new = false;        // not in the state yet: its record is written when applied
  bool view_changed = false;  // its environment view must be (re)created
  // A forward-only change: the snapshot keeps the previous snapshot's version (table and
  // intervals); ApplyPlan reconciles the table's columns first (core/forward_only.h).
  bool forward_only = false;
  std::optional<int64_t> start;  // resolved start (nullopt: one unit before the execution time)
  SnapshotWork work;
};

struct Plan {
  std::string environment;
  int64_t execution_time = 0;
  std::optional<state::EnvironmentRecord> previous;  // the environment as it is
  std::vector<PlannedSnapshot> snapshots;            // indexed like project.models
  std::vector<Snapshot> removed;                     // of the environment, model gone
  // Model names by kind of change, sorted.
  std::vector<std::string> added;
  std::vector<std::string> directly_modified;
  std::vector<std::string> indirectly_modified;

  // Whether the environment would change (added, removed or modified models).
  bool HasChanges() const;
  // The number of batches the backfill would run.
  int BatchCount() const;
};

// Builds the plan of `project` for `options.environment`. Reads the state (environment,
// snapshots, intervals) but writes nothing. Fails with the project's fingerprint errors, a bad
// schedule (naming the model), or the state's errors.
Result<Plan> BuildPlan(const project::Project& project, state::StateStore& state,
                       const PlanOptions& options);

struct ApplyOptions {
  int threads = 4;
  bool skip_backfill = false;
  std::function<void(const BatchReport&)> on_batch_done;
  // Warnings to show the user (a forward-only schema change under `warn`).
  std::function<void(const std::string&)> on_warning;
  // Called with the audits of each new VIEW model, run over the view after the backfill.
  std::function<void(const std::string& model, const std::vector<AuditOutcome>&)> on_view_audits;
};

// The views an environment is made of: `<schema>.<table>` for prod, `<schema>__<env>.<table>`
// for any other environment.
std::string EnvironmentViewName(const std::vector<std::string>& name_parts,
                                const std::string& environment);

// The table mapping (model name -> physical table) of a set of snapshots.
sql::TableMapping PhysicalTableMapping(const std::vector<const Snapshot*>& snapshots);

// Applies `plan`: first the schema changes of forward-only snapshots (core/forward_only.h: an
// `error` policy fails here, before anything changed; allowed changes alter the tables), then
// creates the physical tables of new snapshots (on `state`'s connection, in DAG
// order), runs the backfill on `engine`, then, in one transaction of `state`'s connection, writes
// the new snapshot records, the environment record and the environment's views (dropping the
// views of removed models). The audits of new VIEW models run over their views after the
// backfill; a blocking failure counts as a failed batch. When a batch fails the state
// transaction is not run: the environment
// stays as it was, and the summary counts the failures. Fails with the engine's error when a
// table cannot be created or the state transaction fails (it is rolled back).
// REQUIRES: `state.Migrate()` done; no transaction open on its connection.
Result<BackfillSummary> ApplyPlan(const Plan& plan, const project::Project& project,
                                  engine::Engine& engine, state::StateStore& state,
                                  const ApplyOptions& options);

}  // namespace strata
