// Backfill: runs the batches of a plan or a run on the scheduler (DESIGN.md §5). Every worker
// thread has its own connection. When the state lives on the warehouse (the default), each
// worker has its own StateStore on its connection, so a batch writes its rows and records its
// interval in one transaction; with a separate state connection, a batch records its interval
// there right after its data commits (every strategy is idempotent for a re-run of an interval). A
// batch waits for every batch of the models it reads (through models without batches of their own,
// such as views); batches of a model that depends on its own past run in order; `batch_concurrency`
// limits a model's concurrent batches.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/audit_runner.h"
#include "materialize/materializer.h"
#include "project/project.h"
#include "scheduler/scheduler.h"

namespace strata {

// One model version taking part in a backfill (with or without batches of its own).
struct BackfillModel {
  const project::Model* model = nullptr;  // REQUIRES: non-null when `batches` is not empty
  std::string name;
  PhysicalTable table;
  state::IntervalKey interval_key;
  std::vector<Interval> batches;  // in time order
  std::vector<int> parents;       // indices of the models it reads, in the same list
  bool depends_on_past = false;
  // Its recorded history is empty but its table may hold rows (a full refresh, a restatement of
  // its whole history, or a table whose intervals were lost): the first batch empties the table
  // in its transaction, and the batches run in order.
  bool empty_table_first = false;
  int batch_concurrency = 0;  // 0: no limit of its own
};

// What one batch did, reported as it ends.
struct BatchReport {
  int number = 0;  // 1-based, in the plan's order
  int total = 0;
  const BackfillModel* model = nullptr;
  Interval interval;
  TaskOutcome outcome;
  BatchResult result;
  std::vector<AuditOutcome> audits;  // the model's audits, also when they failed the batch
  double seconds = 0;
};

struct BackfillOptions {
  int threads = 4;
  int64_t execution_time = 0;
  std::string state_schema = "strata_state";
  // Non-null when the state lives on a connection of its own (not the warehouse's): each batch
  // records its interval in it after its data commits, one batch at a time (a StateStore is not
  // thread-safe). Null: every worker records in its batch's transaction, in `state_schema`.
  state::StateStore* separate_state = nullptr;
  sql::TableMapping table_mapping;  // model names -> physical tables
  // Called once per batch (also for skipped ones), one call at a time, in the plan's order: a
  // batch that ends before an earlier one is reported after it.
  std::function<void(const BatchReport&)> on_batch_done;
};

struct BackfillSummary {
  int batches = 0;
  int succeeded = 0;
  int failed = 0;
  int skipped = 0;
  int interrupted = 0;  // not started because of Ctrl-C (base/interrupt.h): neither run nor failed
  int64_t rows = 0;     // inserted + updated + deleted over all batches
  std::vector<Status> errors;  // one per failed batch
};

// The number of batches of `models`.
int CountBatches(const std::vector<BackfillModel>& models);

// Runs every batch of `models` (listed parents before children) on min(threads, batches)
// connections of `engine` (the warehouse). A batch counts as succeeded once its interval is
// recorded; its dependents start only then. Fails only when a connection cannot be opened; failing
// batches are counted in the summary (their descendants skipped). Thread-safe as long as `project`
// and `models` are not modified meanwhile. REQUIRES: the process holds the state lock (no other
// process writes intervals meanwhile; see state::IntervalSequence).
Result<BackfillSummary> Backfill(engine::Engine& engine, const project::Project& project,
                                 const std::vector<BackfillModel>& models,
                                 const BackfillOptions& options);

}  // namespace strata
