// Run (DESIGN.md §5, docs/plan_and_run.md "Run"): processes, for an environment's snapshots as
// the state records them (not the project files), every missing interval that its cron has made
// due at the execution time. Deciding what is due reads only the snapshots' schedules: a run with
// nothing to do parses no SQL. The models that have work are rebuilt from their payloads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "core/snapshot.h"
#include "core/snapshot_work.h"
#include "engine/engine_adapter.h"
#include "project/config.h"
#include "scheduler/backfill.h"
#include "state/state_store.h"

namespace strata {

struct RunOptions {
  std::string environment = "prod";
  int64_t execution_time = 0;              // UTC micros
  bool ignore_cron = false;                // whole units up to the execution time, ticked or not
  std::vector<std::string> select_models;  // normalized names; empty: every model
  int threads = 4;
  // The state lives on a connection of its own: batches record their intervals there after their
  // data commits (BackfillOptions::separate_state).
  bool separate_state = false;
};

// What a run would do: the environment's snapshots in DAG order with their work.
struct RunWork {
  std::vector<Snapshot> snapshots;        // parents before children
  std::vector<SnapshotWork> work;         // indexed like snapshots
  std::vector<std::vector<int>> parents;  // indices into snapshots
  // Per snapshot: an incremental model with no recorded interval, whose table may still hold rows
  // (its history was cleared): its first batch empties the table (BackfillModel).
  std::vector<bool> empty_table_first;
  // When nothing is due: the earliest time something will be, and which model.
  std::optional<int64_t> next_due;
  std::string next_due_model;

  int BatchCount() const;
};

// Reads the environment and computes what is due. Fails with kNotFound (and a hint to run
// `strata plan`) when the environment does not exist, with kNotFound for a --select-model name
// the environment does not have, and with the state's errors.
Result<RunWork> PlanRun(state::StateStore& state, const RunOptions& options);

// The model files, relative to `project_dir`, of the snapshots with batches in `work` whose text
// differs from the version the environment holds (or that are gone): the run processes the
// planned version, which the user may not expect. Reads only those files.
std::vector<std::string> ModelFilesChangedSincePlan(const RunWork& work,
                                                    const std::filesystem::path& project_dir);

// Executes `work`: rebuilds the models with batches (and the models they read) from their
// payloads, then backfills on `engine` (the warehouse). `project_dir` and `config` are the
// project's (SEED files, the gateway). Fails when a payload's model does not load or a connection
// cannot be opened; failed batches are counted in the summary.
Result<BackfillSummary> ExecuteRun(const RunWork& work, const std::filesystem::path& project_dir,
                                   const project::Config& config, engine::Engine& engine,
                                   state::StateStore& state, const RunOptions& options,
                                   const std::function<void(const BatchReport&)>& on_batch_done);

}  // namespace strata
