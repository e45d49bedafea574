// dbt's microbatch incremental strategy: the model's rows split by `event_time` into batches of
// `batch_size` (hour, day, month, year) from `begin`, each batch computed with the refs to
// upstream models (and sources) that have an `event_time` filtered to the batch, and written in a
// transaction of its own (rows of the batch's time range deleted, the batch's rows inserted).
// A rebuild (the table missing, or --full-refresh) processes every batch from `begin` to now;
// otherwise dbt processes the current batch and the `lookback` (default 1) before it.
// Beyond dbt: strata records every batch it commits (in the warehouse table
// strata_dbt_state.microbatch_batches, in the batch's own transaction), and a later run also
// processes every batch since the first recorded one that has no record — a batch that failed, or
// that no run reached, is filled by the next run instead of staying a gap (dbt-core #15518,
// #11129). `--event-time-start/--event-time-end` pick the batches explicitly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/interval_unit.h"
#include "base/result.h"
#include "dbt/node_config.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

struct Batch {
  int64_t start = 0;  // UTC microseconds, inclusive
  int64_t end = 0;    // exclusive
  bool operator==(const Batch&) const = default;
};

struct MicrobatchConfig {
  std::string event_time;
  IntervalUnit unit = IntervalUnit::kDay;
  int64_t begin = 0;
  int64_t lookback = 1;
};

// Reads event_time, batch_size, begin and lookback; fails naming a missing or bad one.
Result<MicrobatchConfig> ReadMicrobatchConfig(const NodeConfig& config);

struct BatchRequest {
  int64_t now = 0;
  bool rebuild = false;
  std::optional<int64_t> event_time_start;  // --event-time-start
  std::optional<int64_t> event_time_end;    // --event-time-end
  std::vector<Batch> recorded;              // batches the state holds for the model
};

// The batches a run processes, in time order.
std::vector<Batch> PlanBatches(const MicrobatchConfig& config, const BatchRequest& request);

// `YYYY-MM-DD HH:MM:SS` of a UTC instant, as batch literals and log lines print it.
std::string BatchTime(int64_t micros);

// The batches strata recorded for the model `unique_id` (none when the state table is missing).
Result<std::vector<Batch>> RecordedBatches(engine::EngineAdapter& db, const std::string& unique_id);

// Statements, run in a batch's transaction, that record `batch` of `unique_id` (creating the
// state table first when needed); `forget_all` clears the model's records first (a rebuild).
std::vector<std::string> RecordBatchStatements(const std::string& unique_id, const Batch& batch,
                                               bool forget_all);

}  // namespace strata::dbt
