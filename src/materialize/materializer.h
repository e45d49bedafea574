// Materialization (DESIGN.md §6): how one model version's data is written to its physical table,
// per kind, one batch (a model version and an interval) at a time. Every batch is one transaction
// on the given connection that writes the rows and records the interval in the state store on
// that same connection, so the two commit together or not at all (DESIGN.md §5 "Atomicity").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "core/snapshot.h"
#include "engine/engine_adapter.h"
#include "project/model.h"
#include "project/project.h"
#include "sql/analysis/rewrite_tables.h"
#include "state/state_store.h"

namespace strata {

struct AuditOutcome;  // materialize/audit_runner.h

// Where a snapshot's data lives: `strata__<schema>.<schema>__<table>__<version>` (or a view with
// that name for VIEW models).
struct PhysicalTable {
  std::string schema;   // e.g. "strata__sales"
  std::string name;     // e.g. "sales__daily_sales__1a2b3c4d5e6f7a8b"
  std::string catalog;  // the model's catalog for `catalog.schema.table`; empty: the default
  // The SQL name, [catalog.]schema.name, each part quoted only where needed (upper-case letters,
  // characters other than letters, digits and _).
  std::string Sql() const;
  bool operator==(const PhysicalTable&) const = default;
};

// The physical table of `model_name` (normalized: "sales.daily_sales", "catalog.sales.daily_sales",
// "\"Sales\".t") at `version`: schema `strata__sales`, name `sales__daily_sales__<version>`, and
// the catalog when the name has one. A name without a schema is in schema `default`.
// `physical_schema` (the snapshot's, from physical_schema_mapping) replaces `strata__sales`.
PhysicalTable PhysicalTableOf(const std::string& model_name, const std::string& version,
                              const std::string& physical_schema = "");
// The physical table of a snapshot (its name, version and physical schema).
inline PhysicalTable PhysicalTableOf(const Snapshot& snapshot) {
  return PhysicalTableOf(snapshot.id.name, snapshot.version, snapshot.payload.physical_schema);
}

// One batch: a model version over one interval.
struct BatchRequest {
  const project::Project* project = nullptr;  // for rendering; REQUIRES: non-null
  const project::Model* model = nullptr;      // REQUIRES: non-null, a materialized kind
  PhysicalTable table;
  state::IntervalKey interval_key;  // (model name, version) the interval is recorded under
  Interval interval;                // [start, end)
  int64_t execution_time = 0;
  // Upstream model names -> their physical tables, for the rendered query.
  sql::TableMapping table_mapping;
  // The model's recorded history is empty but its table may hold rows (a full refresh, or a
  // restatement of its whole history): the batch first deletes every row, in its transaction.
  // REQUIRES: no other batch of the model runs at the same time (the scheduler runs the model's
  // batches in order).
  bool empty_table_first = false;
  // false when the state lives on another connection: the caller records the interval after
  // the data commits (every strategy is then idempotent for a re-run of the interval).
  bool record_interval = true;
  // When set, receives the outcomes of the model's audits, which run after the write and before
  // the interval is recorded — also when the batch fails (a blocking audit failed).
  std::vector<AuditOutcome>* audits = nullptr;
};

// What a batch did, for the batch line `[1/3] sales.weekly_sales [insert …, 1,204 rows] 0.04s`.
// Counts are rows as the engine reports them changed. A batch replaces what it covers, so a
// re-run of an interval over unchanged input reports its rows as both deleted and inserted (and
// leaves the same rows).
struct BatchResult {
  int64_t inserted = 0;
  int64_t updated = 0;  // INCREMENTAL_BY_UNIQUE_KEY: rows merged; SCD type 2: versions closed
  int64_t deleted = 0;
  // INCREMENTAL_BY_TIME_RANGE: rows the query produced outside the interval, dropped by the
  // automatic time filter (a warning).
  int64_t dropped_outside_interval = 0;
};

// Creates the physical schema and the table (or view) of `model` at `table` when they do not
// exist yet: an empty table with the query's columns (or the declared `columns`) for FULL and
// the incremental kinds; a view for VIEW models (replaced on every call; `materialized`: a table
// on DuckDB, a materialized view WITH NO DATA on PostgreSQL); the typed table of a SEED. Does
// nothing for EMBEDDED and EXTERNAL models. The query is rendered for the last whole interval of
// the model's cron before `execution_time`, with `table_mapping`. INCREMENTAL_BY_TIME_RANGE: also
// checks that the time column exists with a type the time filter handles (kProjectError,
// kUnsupported). SCD type 2: the validity columns are added (kProjectError when the query has
// them). INCREMENTAL_UNMANAGED: also the schema's strata_appended_intervals. Fails with the
// render or the engine error, prefixed with the model and table; kUnsupported for names longer
// than PostgreSQL allows. Runs outside
// any transaction. REQUIRES: the tables of the models it reads exist (create in DAG order).
Status CreatePhysicalTable(engine::EngineAdapter& connection, const project::Project& project,
                           const project::Model& model, const PhysicalTable& table,
                           const sql::TableMapping& table_mapping, int64_t execution_time);

// Executes one batch in one transaction on `connection`, which must be `state`'s connection when
// request.record_interval: renders the model for the interval, runs its pre-statements, writes
// its rows per kind (docs/plan_and_run.md "Materialization per kind"), runs its post-statements,
// runs its audits over the interval's rows (materialize/audit_runner.h; a blocking failure fails
// the batch with kAuditFailed), records the interval, commits. A plain VIEW writes nothing (its
// view was created by CreatePhysicalTable) but still records the interval. Fail points
// (base/fail_point.h) batch_before_write, batch_after_write, batch_before_commit,
// batch_after_commit. On any failure the transaction is rolled back, nothing is recorded, and the
// error (the engine's code and message) starts with `model NAME, interval [START, END): `;
// kProjectError for duplicate unique keys in the batch (naming them); kInvalidArgument for
// EMBEDDED and EXTERNAL models.
// Thread-safe for distinct connections. REQUIRES: no transaction open on `connection`;
// CreatePhysicalTable done for request.table.
Result<BatchResult> ExecuteBatch(engine::EngineAdapter& connection, state::StateStore& state,
                                 const BatchRequest& request);

}  // namespace strata
