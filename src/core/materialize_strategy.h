// The per-kind materialization strategies behind materializer.h (DESIGN.md §6), and the helpers
// they share. Each Write*Batch function writes one batch's rows inside a transaction its caller
// opened (ExecuteBatch, or a test that wants to look from another connection before the commit);
// none of them begins, commits or rolls back. Each Create* function creates a physical table or
// view when it does not exist yet, outside any transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/interval_set.h"
#include "base/result.h"
#include "core/materializer.h"
#include "engine/engine_adapter.h"
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
};

// The SQL dialect of an engine.
sql::DialectKind DialectOf(engine::EngineType type);

// `name` as a double-quoted column identifier (always quoted, so no keyword can clash).
std::string ColumnSql(std::string_view name);

// A declared column type (written as DuckDB SQL, e.g. "DOUBLE", "DECIMAL(10, 2)") in `dialect`
// ("DOUBLE PRECISION" on PostgreSQL). Fails with ParseError for text that is not a type, and with
// Unsupported when the dialect has no such type.
Result<std::string> TypeSql(std::string_view duckdb_type, sql::DialectKind dialect);

// The select list that turns the rows of `source` (an alias of the query's rows) into the
// physical table's columns: `CAST(source."c" AS T) AS "c", ...` for declared `columns`, else
// `source.*`.
Result<std::string> QuerySelectList(const WriteContext& context, std::string_view source);

// The columns of a table or view (or any FROM item), by running `SELECT * FROM from LIMIT 0`.
Result<std::vector<engine::Column>> ColumnsOf(engine::EngineAdapter& connection,
                                              std::string_view from);

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
