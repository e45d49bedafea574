// Snapshots (DESIGN.md §4, docs/plan_and_run.md): one version of one model, identified by its name
// and fingerprint, with the physical version its table uses and a payload that holds everything
// `run` needs without the project files: the model file's text and path, the model defaults and
// variables it was built with, its parents, its kind and its schedule. The payload is the JSON of
// the state column `snapshots.payload`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "core/change_category.h"
#include "core/fingerprint.h"
#include "core/interval_policy.h"
#include "project/project.h"
#include "state/records.h"
#include "state/state_store.h"

namespace strata {

// When and over what a snapshot's intervals are processed (the model's schedule properties).
struct Schedule {
  std::string cron = "@daily";
  std::optional<std::string> interval_unit;  // declared unit name; nullopt: the cron's
  std::optional<std::string> start;          // as written ('2025-01-01', '1 year ago')
  std::optional<std::string> end;            // as written; a date is inclusive
  bool allow_partials = false;
  int64_t lookback = 0;
  int64_t batch_size = 0;  // 0: each contiguous missing range in one batch
  int batch_concurrency = 0;
  bool operator==(const Schedule&) const = default;
};

// The definition of a snapshot as stored in the state (JSON).
struct SnapshotPayload {
  std::string name;
  std::string kind;    // ModelKindNameText, e.g. "INCREMENTAL_BY_TIME_RANGE"
  std::string path;    // the model file, relative to the project folder (empty: external)
  std::string source;  // the model file's text (empty: external)
  std::map<std::string, std::string> defaults;   // config model_defaults as written
  std::map<std::string, std::string> variables;  // variables the model uses, as YAML text
  std::vector<std::pair<std::string, std::string>> columns;  // EXTERNAL: name, type
  // The custom audits (audits/*.sql) the model calls: file path and the audit's own text
  // (`AUDIT (...); query`), so that `run` audits without reading the project files.
  std::vector<std::pair<std::string, std::string>> audits;
  std::vector<state::SnapshotId> parents;  // in DAG order
  Schedule schedule;
  bool depends_on_past = false;  // its batches run in order
  bool materialized = false;     // a VIEW with `materialized true`: batches refresh its rows
  // The schema of its physical table (physical_schema_mapping); empty: strata__<schema>.
  std::string physical_schema;
  std::string data_hash;  // own hashes (without parents), hex
  std::string metadata_hash;
  std::string data_fingerprint;  // with parents, hex
  std::string metadata_fingerprint;
  // How the plan that created it categorized its change against the environment it was compared
  // with; nullopt for a model that was new there (key `change_category`, absent when none).
  std::optional<ChangeCategory> change_category;
  bool operator==(const SnapshotPayload&) const = default;
};

// The payload as JSON (keys in a fixed order).
std::string PayloadToJson(const SnapshotPayload& payload);
// Parses a payload written by PayloadToJson; fails with kInternal for anything else.
Result<SnapshotPayload> ParsePayload(std::string_view json);

struct Snapshot {
  state::SnapshotId id;  // name, fingerprint
  std::string version;   // the physical version
  SnapshotPayload payload;
  int model_index = -1;  // the model in the project it was computed from; -1 when from state

  // The state record of this snapshot, created at `now` with `ttl_us`.
  state::SnapshotRecord ToRecord(int64_t now, int64_t ttl_us) const;
};

// The records of `ids` from `state`, in no particular order. For many ids one scan of the table
// replaces the state store's chunked IN lists (which DuckDB evaluates row by row: quadratic).
Result<std::vector<state::SnapshotRecord>> ReadSnapshots(state::StateStore& state,
                                                         const std::vector<state::SnapshotId>& ids);

// The snapshot of a state record; fails when its payload does not parse.
Result<Snapshot> SnapshotFromRecord(const state::SnapshotRecord& record);

// The snapshots of `records`, in their order; parses on several threads when there are many.
// Fails with the first record's error (in their order) whose payload does not parse.
Result<std::vector<Snapshot>> SnapshotsFromRecords(
    const std::vector<state::SnapshotRecord>& records);

// The snapshots of every model of `project`, indexed like project.models, fingerprinted in DAG
// order (a parent's fingerprint goes into its children's). Each version is its own (the data
// fingerprint's first 16 hex digits); the plan reuses existing versions. Fails with every model
// whose hashes cannot be computed (an unreadable seed file).
// `keep`, when given (indexed like project.models), names models whose snapshot is not computed
// but kept as it is (non-null entries; `plan --select-model` keeps the environment's snapshots
// of the models it leaves out): their children are fingerprinted with the kept fingerprints.
Result<std::vector<Snapshot>> ComputeSnapshots(const project::Project& project,
                                               const std::vector<const Snapshot*>* keep = nullptr);

// The kinds that have intervals: their batches are scheduled (not VIEW, EMBEDDED, EXTERNAL).
bool KindHasIntervals(std::string_view kind);
// Whether the snapshot's batches are scheduled: the kinds that have intervals, and a VIEW with
// `materialized true` (each batch refreshes its rows, as FULL).
bool HasIntervals(const SnapshotPayload& payload);
// Whether the kind writes a table or view (not EMBEDDED, EXTERNAL).
bool KindIsMaterialized(std::string_view kind);
// Whether the kind keeps its table across batches (the INCREMENTAL_* and SCD_TYPE_2* kinds).
bool IsIncrementalKind(std::string_view kind);

// The interval policy of `schedule` with `start` the resolved first instant (UTC micros: the
// model's start, else its parents' earliest, else one unit before the execution time, as the
// caller resolves with ResolveStart). Fails with InvalidArgument for a bad cron, unit or end.
Result<IntervalPolicy> PolicyOf(const Schedule& schedule, int64_t start, int64_t execution_time);

// The resolved start of a snapshot: its own `start` at `execution_time` when it has one, else the
// earliest of `parent_starts` (resolved starts of its parents that have one), else nullopt.
// Fails when `start` does not parse.
Result<std::optional<int64_t>> ResolveStart(const Schedule& schedule,
                                            const std::vector<int64_t>& parent_starts,
                                            int64_t execution_time);

}  // namespace strata
