// `strata dbt run | build | seed | test`: the selected nodes executed in DAG order against the
// target's warehouse, up to `threads` at once, with dbt's log lines (`1 of 5 START …`, `1 of 5 OK
// created … [OK 100 rows in 0.12s]`, `Done. PASS=…`), dbt's skipping (a node whose upstream failed
// is skipped; in `build`, a node also waits for the tests of its parents and is skipped when one
// fails) and dbt's exit codes. Each node's compiled SQL is written under
// `<target-path>/compiled/`, and every node's result to `<target-path>/run_results.json`.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/manifest.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

enum class RunCommand { kRun, kBuild, kSeed, kTest, kSnapshot };

struct RunnerOptions {
  RunCommand command = RunCommand::kRun;
  std::set<std::string> selected;  // unique ids (any type; the command keeps its own)
  bool full_refresh = false;
  // --empty: models are built from refs and sources that read no rows.
  bool empty = false;
  bool fail_fast = false;
  // Nodes run at once, each on a connection of its own (--threads, else the target's threads).
  int threads = 1;
  // --event-time-start / --event-time-end: the batches of microbatch models (UTC microseconds).
  std::optional<int64_t> event_time_start;
  std::optional<int64_t> event_time_end;
  std::function<void(const std::string&)> print;  // one log line, without its time prefix
};

struct NodeResult {
  std::string unique_id;
  std::string status;   // success, error, skipped, pass, fail, warn
  std::string message;  // the adapter response ("OK 100 rows", "INSERT 3, …") or the error
  std::string error;    // the full error, for failed nodes
  double seconds = 0;
  int64_t failures = 0;       // data tests
  int64_t rows_affected = 0;  // -1 when not known
  std::string compiled_code;
  std::string relation_name;
  std::string started_at;  // ISO 8601 UTC
  std::string completed_at;
};

struct RunSummary {
  std::vector<NodeResult> results;
  double elapsed_seconds = 0;
  int exit_code = 0;  // 0: all passed (warnings allowed); 1: a node failed or errored
};

// Executes the command over `options.selected`. Fails only when the warehouse cannot be reached;
// a node's failure is its result.
Result<RunSummary> RunNodes(const Manifest& manifest, engine::Engine& engine,
                            const RunnerOptions& options);

// The nodes `command` executes, in execution order (ephemeral models and sources are never
// executed; in build, a test runs before the children of the nodes it tests).
std::vector<std::string> ExecutionOrder(const Manifest& manifest, RunCommand command,
                                        const std::set<std::string>& selected,
                                        std::map<std::string, std::set<std::string>>* upstream);

}  // namespace strata::dbt
