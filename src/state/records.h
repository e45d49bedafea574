// The records the state store keeps: snapshots (one version of one model), environments (a named
// set of snapshots) and processed intervals. Their meaning is DESIGN.md §4-§5; their storage is
// docs/state_format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::state {

// Identifies a snapshot: a model name and the fingerprint of that model's definition.
struct SnapshotId {
  std::string name;
  std::string fingerprint;
  bool operator==(const SnapshotId&) const = default;
  auto operator<=>(const SnapshotId&) const = default;
};

struct SnapshotRecord {
  SnapshotId id;
  // The physical table version: equal to the fingerprint, or inherited from a previous snapshot
  // when the change did not need a rebuild (non-breaking, metadata, forward-only).
  std::string version;
  std::string kind;        // the model kind, e.g. "INCREMENTAL_BY_TIME_RANGE"
  std::string payload;     // the snapshot's definition (JSON written by core/); opaque here
  int64_t created_ts = 0;  // microseconds since the epoch
  int64_t ttl_us = 0;      // how long the snapshot outlives its last environment
  bool operator==(const SnapshotRecord&) const = default;
};

struct EnvironmentRecord {
  std::string name;
  std::vector<SnapshotId> snapshots;
  std::optional<int64_t> start_ts;  // the environment's backfill range, when set
  std::optional<int64_t> end_ts;
  std::string plan_id;
  std::string previous_plan_id;
  std::optional<int64_t> expiration_ts;  // none: never expires (prod)
  std::optional<int64_t> finalized_ts;   // set when the plan that built it finished
  // The snapshots that have a view in this environment; nullopt: all of them (prod, and
  // environments planned with --include-unmodified).
  std::optional<std::vector<SnapshotId>> promoted;
  int64_t updated_ts = 0;
  bool operator==(const EnvironmentRecord&) const = default;
};

}  // namespace strata::state
