// The per-kind materialization strategies behind materializer.h (DESIGN.md §6), and the helpers
// they share. Each Write*Batch function writes one batch's rows inside a transaction its caller
// opened (ExecuteBatch, or a test that wants to look from another connection before the commit);
// none of them begins, commits or rolls back. Each Create* function creates a physical table or
// view when it does not exist yet, outside any transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"
#include "project/model.h"
#include "sql/dialect.h"

namespace strata {

// What a strategy needs to create a table or write one batch of one model version.
struct WriteContext {
  engine::EngineAdapter* connection = nullptr;           // REQUIRES: non-null
  sql::DialectKind dialect = sql::DialectKind::kDuckDb;  // the connection's
  const project::Model* model = nullptr;                 // REQUIRES: non-null
  PhysicalTable table;
  std::string table_sql;  // table.Sql()
  Interval interval;      // the batch's; for Create*, the interval the query was rendered for
  std::string query;      // the rendered query in `dialect` (empty for SEED)
  int64_t execution_time = 0;
  // The kind's SQL parameters, macros expanded (INCREMENTAL_BY_UNIQUE_KEY, SCD type 2); the
  // nodes live in the rendered model's arena, which the caller keeps alive.
  std::vector<const sql::Node*> unique_key;
  std::vector<const sql::Node*> when_matched;
  const sql::Node* merge_filter = nullptr;
  // Renders the query for another interval (in `dialect`): INCREMENTAL_UNMANAGED appends only
  // the part of a batch's interval not appended yet. Unset in Create*.
  std::function<Result<std::string>(const Interval&)> render_query;
};

// Deletes every row of the model's table (and, for INCREMENTAL_UNMANAGED, the ranges it recorded
// as appended) inside the caller's transaction: a full refresh's first batch starts from an empty
// table. Returns the number of rows deleted, or the engine's error.
Result<int64_t> EmptyTable(const WriteContext& context);

// The SQL dialect of an engine.
sql::DialectKind DialectOf(engine::EngineType type);

// `name` as a double-quoted column identifier (always quoted, so no keyword can clash).
std::string ColumnSql(std::string_view name);

// A declared column type (written as DuckDB SQL, e.g. "DOUBLE", "DECIMAL(10, 2)") in `dialect`
// ("DOUBLE PRECISION" on PostgreSQL). Fails with ParseError for text that is not a type, and with
// Unsupported when the dialect has no such type.
Result<std::string> TypeSql(std::string_view duckdb_type, sql::DialectKind dialect);

// Creates `table_sql`, which `query_sql` reads (a self-referencing query), with the columns
// `names`, empty, typed as the query types them: NULL-typed first, then by describing the query
// over the table until the types settle (at most three rounds). Replaces any table of that name.
Status CreateTableTypedBySelfRead(engine::EngineAdapter& connection, const std::string& table_sql,
                                  const std::vector<std::string>& names,
                                  const std::string& query_sql, sql::DialectKind dialect);

// The select list that turns the rows of `source` (an alias of the query's rows) into the
// physical table's columns: `CAST(source."c" AS T) AS "c", ...` for declared `columns`, else
// `source.*`.
Result<std::string> QuerySelectList(const WriteContext& context, std::string_view source);

// The columns of a table or view (or any FROM item), by running `SELECT * FROM from LIMIT 0`.
Result<std::vector<engine::Column>> ColumnsOf(engine::EngineAdapter& connection,
                                              std::string_view from);

// The names of `table_columns` that `rows_columns` also has (matched as FindColumn does), in
// the table's order: what a write copies from a batch's rows. A table a forward-only change
// left with a column the query no longer returns (on_destructive_change ignore) gets NULL there;
// a query column the table lacks (on_additive_change ignore) is not written.
std::vector<std::string> SharedColumns(const std::vector<engine::Column>& table_columns,
                                       const std::vector<engine::Column>& rows_columns);

// The name of a session's temporary table `name` (PostgreSQL `pg_temp.name`, DuckDB
// `temp.main.name`): naming its schema keeps a real table of the same name out of the way.
std::string TempTableSql(sql::DialectKind dialect, std::string_view name);

// The clause that ends `CREATE TABLE t AS SELECT …` to create `t` empty: `WITH NO DATA` on
// PostgreSQL, which only plans the query (running it, even with LIMIT 0, fails when it reads a
// materialized view not refreshed yet), `LIMIT 0` on DuckDB.
std::string EmptyTableClause(sql::DialectKind dialect);

// The columns of the context's query, without reading its rows (see EmptyTableClause).
Result<std::vector<engine::Column>> QueryColumns(const WriteContext& context);

// `CREATE TEMPORARY TABLE name AS SELECT <QuerySelectList> FROM (query)`: the batch's rows,
// computed once. Returns TempTableSql(name); sets `*rows` (when given) to the number of rows.
Result<std::string> MaterializeQueryRows(const WriteContext& context, std::string_view name,
                                         int64_t* rows = nullptr);

// `SELECT count(*) FROM from_and_where` as a number.
Result<int64_t> CountRows(engine::EngineAdapter& connection, std::string_view from_and_where);

// The index of the column called `name` in `columns`: an exact match, else one that differs
// only in ASCII case; -1 when none.
int FindColumn(const std::vector<engine::Column>& columns, std::string_view name);

// ---- FULL, incremental kinds, materialized VIEW on DuckDB: a table with the query's columns.

// CREATE SCHEMA IF NOT EXISTS for the table's schema.
Status CreatePhysicalSchema(const WriteContext& context);
// An empty table with the declared `columns`, else with the columns of the query (which is run
// with LIMIT 0). For INCREMENTAL_BY_TIME_RANGE, also checks that the time column exists and has
// a type the time filter handles. Does nothing when the table exists.
Status CreateQueryTable(const WriteContext& context);

// FULL (and materialized VIEW on DuckDB): replaces every row with the query's. DuckDB:
// `CREATE OR REPLACE TABLE … AS`; PostgreSQL: `DELETE` then `INSERT` (the table keeps its
// identity, so the environment views that depend on it stay valid). Readers of other
// connections see the old rows until the commit and the new ones after it; never an empty table.
// deleted = the old row count, inserted = the new one.
Result<BatchResult> WriteFullBatch(const WriteContext& context);

// INCREMENTAL_BY_TIME_RANGE: the query's rows are materialized once into a temporary table;
// rows of the table in the interval are deleted; the temporary rows in the interval are
// inserted; the rest are counted as dropped_outside_interval.
Result<BatchResult> WriteTimeRangeBatch(const WriteContext& context);

// INCREMENTAL_BY_UNIQUE_KEY: the batch's rows are materialized once; duplicate keys among
// them fail the batch (the error names the key values); then one MERGE on the key updates the
// rows that match and differ (or applies `when_matched`) and inserts the rest. inserted and
// updated are counted separately (deleted too when a when_matched clause deletes).
Result<BatchResult> WriteUniqueKeyBatch(const WriteContext& context);

// INCREMENTAL_UNMANAGED: the query table (CreateQueryTable) and the physical schema's
// `strata_appended_intervals` (table_name, start_ts, end_ts), which records the ranges appended.
Status CreateUnmanagedTable(const WriteContext& context);
// Appends the query's rows for the part of the interval not appended to the table yet (the
// query is rendered again, through render_query, for each such part) and records that part in
// the same transaction, so each instant is appended once whatever repeats the batch. With
// `insert_overwrite`: replaces the table's rows, as WriteFullBatch.
Result<BatchResult> WriteUnmanagedBatch(const WriteContext& context);

// SCD_TYPE_2_BY_TIME and SCD_TYPE_2_BY_COLUMN: the query's columns (or the declared ones) and
// the validity columns (valid_from_name, valid_to_name; TIMESTAMP). Fails when the query
// already has a column of either name.
Status CreateScdType2Table(const WriteContext& context);
// Compares the query's rows with the table's open versions and closes (UPDATE, counted as
// updated) and opens (INSERT, counted as inserted) only the versions that change; see
// materialize_scd_type2.cc for the rules. Duplicate keys in the batch, and by time a row
// without updated_at, fail the batch before anything is written.
Result<BatchResult> WriteScdType2Batch(const WriteContext& context);

// ---- VIEW

// `CREATE OR REPLACE VIEW t AS query`; with `materialized`: on DuckDB an empty table
// (CreateQueryTable), on PostgreSQL `CREATE MATERIALIZED VIEW IF NOT EXISTS … WITH NO DATA`.
Status CreateView(const WriteContext& context);
// A plain view: nothing (its rows are its query's). Materialized: DuckDB as FULL; PostgreSQL
// `REFRESH MATERIALIZED VIEW` (deleted = the rows before, inserted = the rows after).
Result<BatchResult> WriteViewBatch(const WriteContext& context);

// ---- SEED

// The seed's table with its declared types, else the types inferred from the CSV.
Status CreateSeedTable(const WriteContext& context);
// Deletes every row and inserts the CSV's rows, typed: an empty unquoted field is NULL, a
// quoted empty field ''. Fails when a declared column is not in the CSV.
Result<BatchResult> WriteSeedBatch(const WriteContext& context);

}  // namespace strata
