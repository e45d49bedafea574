// DuckDbAdapter: the EngineAdapter of one DuckDB connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/duckdb/duckdb_handles.h"
#include "engine/engine_adapter.h"

namespace strata::engine::duckdb {

// One connection to a DuckDB database. Not thread-safe: one thread at a time (open one adapter
// per concurrent task with DuckDbEngine::Connect).
//
// Transactions: InTransaction() reflects Begin/Commit/Rollback; BEGIN or COMMIT statements run
// through Execute are not tracked. Any failed statement inside a transaction dooms it (as in
// PostgreSQL): Commit then rolls back and fails. DuckDB alone would let some failures pass
// (binder errors) and silently turn the COMMIT of an aborted transaction into a rollback that
// reports success. Commit and Rollback always end the transaction.
class DuckDbAdapter : public EngineAdapter {
 public:
  // Takes `connection` to `database`; keeps the database open while the adapter lives.
  DuckDbAdapter(std::shared_ptr<DatabaseHandle> database, ConnectionHandle connection);
  ~DuckDbAdapter() override;

  EngineType type() const override { return EngineType::kDuckDb; }

  // Runs each `;`-separated statement in order, stopping at the first that fails (statements
  // before it keep their effect unless a transaction is rolled back). Returns the rows changed
  // by the last statement; 0 for empty text. Fails with kEngineError and DuckDB's message, or
  // kInvalidArgument when `sql` contains a NUL byte.
  Result<int64_t> Execute(std::string_view sql) override;

  // Runs the statements of `sql` and returns every row of the last one, read chunk by chunk.
  // Fails with kEngineError and DuckDB's message, kInvalidArgument for empty text.
  Result<QueryResult> Query(std::string_view sql) override;

  // Fail with kInvalidArgument when a transaction is (Begin) / is not (Commit, Rollback) open,
  // else kEngineError from DuckDB. Commit fails with kEngineError, having rolled back, when a
  // statement of the transaction failed.
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return in_transaction_; }

  // Schemas of the connected database, sorted (includes "main").
  Result<std::vector<std::string>> ListSchemas() override;
  // Tables and views of `schema` (matched case-insensitively, as DuckDB resolves names), sorted
  // by name; empty when the schema does not exist.
  Result<std::vector<TableRef>> ListTables(std::string_view schema) override;
  // The columns of a table or view; kNotFound when it does not exist.
  Result<std::vector<Column>> DescribeTable(std::string_view schema,
                                            std::string_view table) override;
  // Binds `query` without running it (a prepared statement's result columns).
  Result<std::vector<Column>> DescribeQuery(std::string_view query) override;

 private:
  // Runs every statement of `sql`; returns the result of the last (unfilled when there is none).
  // Marks the open transaction as failed when a statement fails.
  Result<ResultHandle> RunStatements(std::string_view sql);
  // The same without marking the transaction; reported to the statement observer
  // (statement_observer.h) as one round trip.
  Result<ResultHandle> RunStatementsUntracked(std::string_view sql);
  Result<ResultHandle> RunStatementsOnce(std::string_view sql);
  Result<QueryResult> ReadResult(ResultHandle& result);

  // Declared first so that the connection is closed before the database is released.
  std::shared_ptr<DatabaseHandle> database_;
  ConnectionHandle connection_;
  bool in_transaction_ = false;
  std::string transaction_failure_;  // the first error inside the open transaction
};

}  // namespace strata::engine::duckdb
