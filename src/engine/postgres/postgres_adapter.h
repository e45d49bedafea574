// PostgresAdapter: the EngineAdapter of one libpq connection.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/engine_adapter.h"
#include "engine/postgres/postgres_handles.h"

namespace strata::engine::postgres {

// One connection to a PostgreSQL database. Not thread-safe: one thread at a time (open one
// adapter per concurrent task with PostgresEngine::Connect).
//
// Statements go through the simple query protocol (PQsendQuery), so one call may carry several
// `;`-separated statements. Outside a transaction PostgreSQL runs such a text as one implicit
// transaction: a failing statement undoes the ones before it in the same text.
//
// Results are read in text form (see TextColumnReader) with the session settings made on
// connecting; types map as docs/engines.md describes.
//
// Transactions: InTransaction() reflects Begin/Commit/Rollback (BEGIN or COMMIT statements run
// through Execute are not tracked). A failed statement dooms the transaction (PostgreSQL rejects
// every later statement of it); Commit then rolls back and fails, naming the first failure.
// Commit and Rollback always end the transaction.
//
// Dropped connections: when the connection is found broken and no transaction is open, the next
// statement reconnects first (PQreset). A statement that fails because the server ended the
// session before running it (SQLSTATE 57P01-57P03, 57P05, or nothing could be sent) is run once
// more on the new connection; one that may have run (the connection dropped while it ran)
// fails instead, so nothing runs twice. Inside a transaction a dropped connection is an error:
// the server has rolled the transaction back.
class PostgresAdapter : public EngineAdapter {
 public:
  // Takes an open `connection` made from `config` (kept to name the server in errors).
  PostgresAdapter(ConnectionConfig config, ConnectionHandle connection);
  ~PostgresAdapter() override;

  EngineType type() const override { return EngineType::kPostgres; }

  // Runs the statements of `sql`, stopping at the first that fails. Returns the rows changed by
  // the last one (INSERT, UPDATE, DELETE, MERGE, COPY; 0 for other statements and for empty
  // text). Fails with kEngineError "ERROR <SQLSTATE>: <message>" (the server's hint as the
  // hint), or kInvalidArgument when `sql` contains a NUL byte.
  Result<int64_t> Execute(std::string_view sql) override;

  // Runs the statements of `sql` and returns every row of the last one (no columns when it
  // returns no rows). Fails like Execute, with kInvalidArgument for empty text, and with
  // kEngineError when a value cannot be read (see TextColumnReader::Read).
  Result<QueryResult> Query(std::string_view sql) override;

  // Fail with kInvalidArgument when a transaction is (Begin) / is not (Commit, Rollback) open,
  // else kEngineError from the server. Commit fails with kEngineError, having rolled back, when
  // a statement of the transaction failed or the server turned the COMMIT into a ROLLBACK.
  // Rollback of a transaction whose connection was lost succeeds (the server has rolled it back).
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return in_transaction_; }

  // Schemas of the connected database, sorted, without PostgreSQL's own (pg_catalog, pg_toast,
  // information_schema, temporary schemas); includes "public".
  Result<std::vector<std::string>> ListSchemas() override;
  // Tables (also partitioned and foreign), views and materialized views (is_view) of `schema`,
  // sorted by name; empty when the schema does not exist. A name that matches no schema exactly
  // is tried in lower case, as PostgreSQL folds unquoted identifiers.
  Result<std::vector<TableRef>> ListTables(std::string_view schema) override;
  // The columns of a table, view or materialized view, in order; kNotFound when it does not
  // exist. Names are matched as in ListTables.
  Result<std::vector<Column>> DescribeTable(std::string_view schema,
                                            std::string_view table) override;

 private:
  // How one attempt to run a text ended.
  struct Attempt {
    Result<ResultHandle> result = ResultHandle();
    bool retry_is_safe = false;              // failed, and the statements surely did not run
    bool ok() const { return result.ok(); }  // for ObserveStatement
  };

  // Runs `sql`, reconnecting as the class comment says (`idempotent`: a retry is always safe),
  // and returns the last statement's result. Records a failure inside a transaction.
  Result<ResultHandle> Run(std::string_view sql, bool idempotent = false);
  // One round trip, reported to the statement observer (statement_observer.h).
  Attempt RunOnce(const std::string& sql);
  Attempt SendOnce(const std::string& sql);
  Status Reconnect();
  bool ConnectionBroken() const;

  Result<QueryResult> ReadResult(const PGresult* result);
  // The strata type of columns of type `oid` with modifier `typmod`: built-in types by OID,
  // others named from the catalog (cached per connection).
  Result<LogicalType> TypeOf(unsigned oid, int typmod);
  // Fills the cache for the given types with one catalog query.
  Status LookUpTypes(const std::vector<std::pair<unsigned, int>>& types);

  ConnectionConfig config_;
  ConnectionHandle connection_;
  bool in_transaction_ = false;
  std::string transaction_failure_;  // the first error inside the open transaction
  std::map<std::pair<unsigned, int>, LogicalType> catalog_types_;
};

}  // namespace strata::engine::postgres
