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
#include "core/change_category.h"
#include "core/snapshot.h"
#include "core/snapshot_work.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "project/project.h"
#include "scheduler/backfill.h"
#include "state/state_store.h"

namespace strata {

// A directly modified model whose category the automatic rules could not decide: the plan asks
// its categorizer (`plan`'s prompt), which answers kBreaking or kNonBreaking.
struct UnsureChange {
  std::string name;
  const project::Model* model = nullptr;
  const Snapshot* previous = nullptr;  // the environment's snapshot of the model
};
using Categorizer = std::function<ChangeCategory(const UnsureChange&)>;

struct PlanOptions {
  std::string environment = "prod";
  int64_t execution_time = 0;    // UTC micros
  std::optional<int64_t> start;  // --start: restrict the backfill range
  std::optional<int64_t> end;    // --end (exclusive; a date was turned into the next midnight)
  bool forward_only = false;     // --forward-only: every changed incremental model keeps its table
  // --restate-model patterns: those models and everything downstream re-process [start, end).
  std::vector<std::string> restate_models;
  // --full-refresh patterns: those models and everything downstream are rebuilt from empty over
  // their whole history, whatever start and end the plan has.
  std::vector<std::string> full_refresh_models;
  // --select-model patterns: only their changes (and their descendants') are planned.
  std::vector<std::string> select_models;
  // --include-unmodified: a non-prod environment gets views for every model, not only for those
  // that differ from prod.
  bool include_unmodified = false;
  // Decides unsure changes; unset: kBreaking.
  Categorizer categorize;
  // How long a non-prod environment lives after this plan (config environment_ttl), and how long
  // a snapshot outlives its last environment (config snapshot_ttl), in micros.
  int64_t environment_ttl = int64_t{7} * 86400 * 1000000;
  int64_t snapshot_ttl = int64_t{7} * 86400 * 1000000;
};

// How a model of the plan differs from the environment it is compared with.
enum class ModelChange { kUnchanged, kAdded, kDirect, kIndirect };

// One snapshot of the environment the plan builds.
struct PlannedSnapshot {
  Snapshot snapshot;
  bool is_new = false;   // not in the state yet: its record is written when applied
  bool included = true;  // false: a model --select-model leaves out that is not there
  // A forward-only change: the snapshot keeps the previous snapshot's version (table and
  // intervals); ApplyPlan reconciles the table's columns first (materialize/forward_only.h).
  bool forward_only = false;
  // A forward-only change outside prod: a snapshot and table of its own (prod's table is never
  // touched), backfilled over a preview range (--start, else the last interval before the end).
  bool dev_table = false;
  std::optional<int64_t> start;  // resolved start (nullopt: one unit before the execution time)
  SnapshotWork work;
  ModelChange change = ModelChange::kUnchanged;
  std::optional<ChangeCategory> category;  // for kDirect and kIndirect
  std::optional<Snapshot> previous;        // the environment's snapshot, when it differs
  bool promoted = false;                   // has a view in the environment
  bool view_changed = false;               // its view must be (re)created
  IntervalSet restated;                    // recorded ranges cleared and processed again
  // Its history is empty once the restated ranges are cleared, but its table may hold rows (a
  // full refresh, or a table whose intervals were cleared): the first batch empties the table.
  bool empty_table_first = false;
};

struct Plan {
  std::string environment;
  // The environment the difference is against: `environment` itself, or prod when a new
  // environment is created from it; empty when neither exists.
  std::string compared_with;
  int64_t execution_time = 0;
  std::optional<state::EnvironmentRecord> previous;  // the environment as it is
  std::vector<PlannedSnapshot> snapshots;            // indexed like project.models
  std::vector<Snapshot> removed;                     // of the environment, model gone
  // Of the environment, model gone, but left out by --select-model: they stay.
  std::vector<Snapshot> kept;
  std::vector<state::SnapshotId> kept_promoted;  // those of `kept` that have views
  std::vector<Snapshot> dropped_views;           // previous snapshots whose views are dropped
  // Model names by kind of change, sorted.
  std::vector<std::string> added;
  std::vector<std::string> directly_modified;
  std::vector<std::string> indirectly_modified;
  // Models restated (named, and their descendants), sorted; and those left out, each with why:
  // a descendant with `disable_restatement`, or, in a non-prod environment, a table prod uses.
  std::vector<std::string> restated;
  std::vector<std::pair<std::string, std::string>> restatement_skipped;
  // Models whose own `start` is later than --start: their backfill begins at their start.
  std::vector<std::pair<std::string, int64_t>> starts_after_range;
  std::optional<int64_t> range_start;  // the environment's recorded range
  std::optional<int64_t> range_end;
  bool include_unmodified = false;
  int64_t environment_ttl = 0;
  int64_t snapshot_ttl = 0;
  // Where the environment's name goes in its views' names (config environment_suffix_target).
  project::EnvironmentSuffixTarget suffix_target = project::EnvironmentSuffixTarget::kSchema;

  // Whether the environment would change (created, added, removed or modified models, views).
  bool HasChanges() const;
  // The number of batches the backfill would run.
  int BatchCount() const;
};

// Whether `name` is a valid environment name (lowercase letters, digits and `_`, not empty);
// fails with InvalidArgument saying what is wrong.
Status ValidateEnvironmentName(const std::string& name);

// Builds the plan of `project` for `options.environment`: compares it with that environment (or,
// when it does not exist yet, with prod), categorizes each change (asking `options.categorize`
// when unsure) and gives each snapshot its version by the rules of DESIGN.md §4, decides which
// models get views, and computes the missing intervals (a non-prod environment's default end is
// prod's end: the latest interval prod has processed). Reads the state but writes nothing.
// Fails with InvalidArgument for a bad environment name, kNotFound for a --select-model or
// --restate-model pattern that matches nothing, kInvalidArgument for a restatement of a model
// with `disable_restatement`, the project's fingerprint errors, a bad schedule (naming the
// model), or the state's errors.
Result<Plan> BuildPlan(const project::Project& project, state::StateStore& state,
                       const PlanOptions& options);

struct ApplyOptions {
  int threads = 4;
  bool skip_backfill = false;
  std::function<void(const BatchReport&)> on_batch_done;
  // The warehouse connection for physical tables and views when the state lives on a connection
  // of its own; null: `state`'s connection (state and data share it).
  engine::EngineAdapter* data_connection = nullptr;
  // Warnings to show the user (a forward-only schema change under `warn`).
  std::function<void(const std::string&)> on_warning;
  // Called with the audits of each new VIEW model, run over the view after the backfill.
  std::function<void(const std::string& model, const std::vector<AuditOutcome>&)> on_view_audits;
};

// The views an environment is made of: `<schema>.<table>` for prod; for any other environment
// `<schema>__<env>.<table>`, or `<schema>.<table>__<env>` with environment_suffix_target table.
std::string EnvironmentViewName(
    const std::vector<std::string>& name_parts, const std::string& environment,
    project::EnvironmentSuffixTarget target = project::EnvironmentSuffixTarget::kSchema);

// The table mapping (model name -> physical table) of a set of snapshots.
sql::TableMapping PhysicalTableMapping(const std::vector<const Snapshot*>& snapshots);

// Applies `plan`: creates the physical tables of new snapshots that are not below a forward-only
// snapshot (on the data connection: `state`'s, or options.data_connection; in DAG order), then
// the schema changes of forward-only snapshots (materialize/forward_only.h: an `error` policy fails
// here, before any table an environment reads changed; allowed changes alter the tables and
// recreate the views over them in the same transaction), then the remaining new tables, clears the
// restated intervals (one state transaction),
// runs the backfill on `engine` (the warehouse), then, in one transaction of `state`'s connection,
// writes the new snapshot records, the environment record and the environment's views (dropping
// the views of models that are gone or no longer promoted). With a separate data connection, or
// more than 250 views on PostgreSQL, the views are replaced first, in transactions of their own,
// then the state (docs/plan_and_run.md). The audits of new VIEW models run over their views after
// the backfill; a blocking failure counts as a failed batch. When a batch fails the state
// transaction is not run: the environment stays as it was, and the summary counts the failures.
// Fails with the engine's error when a table cannot be created or the state transaction fails
// (it is rolled back). REQUIRES: `state.Migrate()` done; no transaction open on its connection.
Result<BackfillSummary> ApplyPlan(const Plan& plan, const project::Project& project,
                                  engine::Engine& engine, state::StateStore& state,
                                  const ApplyOptions& options);

}  // namespace strata
