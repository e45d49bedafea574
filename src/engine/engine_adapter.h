// EngineAdapter: everything strata asks of a database engine. One adapter is one connection and is
// used by one thread at a time; open one adapter per concurrent task (Engine::Connect).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/connection_config.h"
#include "engine/lock_wait.h"
#include "engine/logical_type.h"
#include "engine/value.h"

namespace strata::engine {

struct Column {
  std::string name;
  LogicalType type;
  bool operator==(const Column&) const = default;
};

// A fully materialized query result.
struct QueryResult {
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;  // rows[i].size() == columns.size()
};

struct TableRef {
  std::string schema;
  std::string name;
  bool is_view = false;
  bool operator==(const TableRef&) const = default;
};

class EngineAdapter {
 public:
  virtual ~EngineAdapter() = default;

  virtual EngineType type() const = 0;

  // Runs one or more statements; returns the number of rows the last one changed or wrote
  // (INSERT, UPDATE, DELETE, MERGE, CREATE TABLE … AS), or 0 for statements that change none. Fails
  // with kEngineError carrying the engine's message.
  virtual Result<int64_t> Execute(std::string_view sql) = 0;

  // Runs one query and returns all of its rows. Fails with kEngineError.
  virtual Result<QueryResult> Query(std::string_view sql) = 0;

  // Transactions. Begin fails when one is already open; Commit/Rollback when none is.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  // Introspection of the connected database (the default catalog).
  virtual Result<std::vector<std::string>> ListSchemas() = 0;
  // Tables and views of `schema`.
  virtual Result<std::vector<TableRef>> ListTables(std::string_view schema) = 0;
  // The columns of a table or view, in order; kNotFound when it does not exist.
  virtual Result<std::vector<Column>> DescribeTable(std::string_view schema,
                                                    std::string_view table) = 0;
  // The columns one query returns, without reading its rows (engines that can bind a query
  // without running it do so). Fails with kEngineError when the query does not bind; inside a
  // transaction that failure dooms the transaction, as a failed statement does.
  // The default runs the query under LIMIT 0.
  virtual Result<std::vector<Column>> DescribeQuery(std::string_view query);
};

// An opened database that hands out connections. For DuckDB it owns the database instance (so
// every connection sees the same file); for PostgreSQL it remembers how to connect.
// Thread-safe: Connect may be called from several threads.
class Engine {
 public:
  virtual ~Engine() = default;
  // A new connection; fails with kEngineError (or kIoError for a DuckDB file that cannot be
  // opened) and the engine's message.
  virtual Result<std::unique_ptr<EngineAdapter>> Connect() = 0;
  virtual EngineType type() const = 0;
};

// Opens the engine `config` describes. DuckDB opens (creating if missing) the database file,
// waiting as `wait` says while another process has it open (DuckDbEngine::Open); PostgreSQL
// connects to nothing yet and ignores `wait` (its state lock is state/state_lock.h).
Result<std::unique_ptr<Engine>> OpenEngine(const ConnectionConfig& config,
                                           const LockWait& wait = {});

// The engine libraries this process runs on, as "name version" lines: DuckDB's (as the loaded
// libduckdb reports it, which may be a user's own release) and libpq's.
std::vector<std::string> EngineLibraries();

}  // namespace strata::engine
