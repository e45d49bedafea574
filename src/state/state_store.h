// StateStore: strata's memory of what exists and what was processed, kept in tables of the state
// connection (by default the project's own database, schema `strata_state`). It stores snapshot
// and environment records and the intervals processed per (model name, version), and migrates its
// own schema. The table layout is written down in docs/state_format.md.
//
// A StateStore works on one connection and never opens transactions of its own, except in
// Migrate() and CompactIntervals(): callers group its writes with their data writes in one
// transaction (a batch records its interval in the transaction that writes its rows; a plan
// applies its whole state change in one transaction). Not thread-safe; use one per connection.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "engine/engine_adapter.h"
#include "state/records.h"

namespace strata::state {

// The version of the state tables this build reads and writes.
inline constexpr int kStateSchemaVersion = 2;

// A model version whose intervals are tracked: (model name, physical version).
using IntervalKey = std::pair<std::string, std::string>;

// The numbers (`seq`) of the interval records one process writes while it holds the state lock,
// handed out here instead of computed by each INSERT (`MAX(seq) + 1` costs a scan of the log
// per record). The first number follows the largest in the state, read once. Only the lock
// holder writes interval records, so no other writer can take a number in between; records
// written by one process keep the order in which their numbers were taken. Thread-safe: the
// stores of concurrent batches share one sequence.
class IntervalSequence {
 public:
  // The next number; the first call reads `MAX(seq)` of `intervals_table` on `connection`.
  Result<int64_t> Next(engine::EngineAdapter& connection, const std::string& intervals_table);

 private:
  std::mutex mutex_;
  bool loaded_ = false;
  int64_t last_ = 0;
};

class StateStore {
 public:
  // REQUIRES: `connection` outlives the store. `schema` is the state schema name.
  StateStore(engine::EngineAdapter* connection, std::string schema);

  const std::string& schema() const { return schema_; }
  engine::EngineAdapter* connection() const { return connection_; }

  // Creates the state schema and tables when missing and applies pending migrations, in one
  // transaction. Fails when the state was written by a newer strata (kProjectError with a hint)
  // or the engine refuses. REQUIRES: no transaction open on the connection; the state lock held
  // (state_lock.h), since two processes migrating at once race to create the schema.
  Status Migrate();
  // The schema version the state tables are at; 0 when they do not exist yet.
  Result<int> SchemaVersion();

  // Snapshots. PutSnapshots inserts records whose id is new and leaves existing ones untouched
  // (a snapshot's definition never changes once written).
  Status PutSnapshots(const std::vector<SnapshotRecord>& snapshots);
  // The records of `ids` that exist, in no particular order.
  Result<std::vector<SnapshotRecord>> GetSnapshots(const std::vector<SnapshotId>& ids);
  // Every snapshot record, by name (byte order), then creation time.
  Result<std::vector<SnapshotRecord>> AllSnapshots();
  Status DeleteSnapshots(const std::vector<SnapshotId>& ids);

  // Environments. PutEnvironment replaces the record of that name.
  Status PutEnvironment(const EnvironmentRecord& environment);
  // The environment called `name`; kNotFound when there is none.
  Result<EnvironmentRecord> GetEnvironment(const std::string& name);
  // Every environment record, by name (byte order).
  Result<std::vector<EnvironmentRecord>> AllEnvironments();
  Status DeleteEnvironment(const std::string& name);

  // Intervals, as half-open ranges of microseconds. Adding or removing an empty range does
  // nothing.
  Status AddInterval(const IntervalKey& key, int64_t start, int64_t end);
  // Numbers this store's interval records from `sequence` from now on. REQUIRES: the process
  // holds the state lock for as long as the store writes intervals (see IntervalSequence).
  void UseIntervalSequence(std::shared_ptr<IntervalSequence> sequence) {
    sequence_ = std::move(sequence);
  }
  Status RemoveInterval(const IntervalKey& key, int64_t start, int64_t end);
  // The processed intervals of `key` (empty when none).
  Result<IntervalSet> GetIntervals(const IntervalKey& key);
  // The processed intervals of every key in `keys` (absent keys map to empty sets).
  Result<std::map<IntervalKey, IntervalSet>> GetIntervals(const std::vector<IntervalKey>& keys);
  // Forgets every interval of `key` (its table was dropped).
  Status DeleteIntervals(const IntervalKey& key);
  // Rewrites the append-only interval log as one row per range, in one transaction; the result
  // of GetIntervals does not change. REQUIRES: no transaction open on the connection.
  Status CompactIntervals();

 private:
  std::string Table(const char* name) const;
  Status AppendInterval(const IntervalKey& key, int64_t start, int64_t end, bool removed);

  engine::EngineAdapter* connection_;
  std::string schema_;
  std::shared_ptr<IntervalSequence> sequence_;  // null: each record computes its number
};

}  // namespace strata::state
