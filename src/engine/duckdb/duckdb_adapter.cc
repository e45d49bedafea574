// DuckDbAdapter: statements through duckdb_extract_statements / duckdb_prepare_extracted_statement
// / duckdb_execute_prepared, results read with duckdb_fetch_chunk and VectorReader, and
// introspection through information_schema.
#include "engine/duckdb/duckdb_adapter.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"
#include "engine/duckdb/vector_reader.h"

namespace strata::engine::duckdb {

namespace {

Status EngineErrorOf(const char* message) {
  return Status::EngineError(message == nullptr || *message == '\0' ? "unknown DuckDB error"
                                                                    : message);
}

}  // namespace

DuckDbAdapter::DuckDbAdapter(std::shared_ptr<DatabaseHandle> database, ConnectionHandle connection)
    : database_(std::move(database)), connection_(std::move(connection)) {}

// Disconnecting rolls back a transaction left open.
DuckDbAdapter::~DuckDbAdapter() = default;

Result<ResultHandle> DuckDbAdapter::RunStatements(std::string_view sql) {
  Result<ResultHandle> result = RunStatementsUntracked(sql);
  if (!result.ok() && in_transaction_ && transaction_failure_.empty()) {
    transaction_failure_ = result.status().message();
  }
  return result;
}

Result<ResultHandle> DuckDbAdapter::RunStatementsUntracked(std::string_view sql) {
  if (sql.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("the SQL text contains a NUL byte");
  }
  const std::string text(sql);
  ExtractedHandle extracted;
  const idx_t count = duckdb_extract_statements(connection_.get(), text.c_str(), extracted.out());
  if (count == 0) {
    const char* error = duckdb_extract_statements_error(extracted.get());
    if (error != nullptr && *error != '\0') {
      return EngineErrorOf(error);
    }
    return ResultHandle();
  }
  ResultHandle last;
  for (idx_t i = 0; i < count; ++i) {
    PreparedHandle prepared;
    if (duckdb_prepare_extracted_statement(connection_.get(), extracted.get(), i, prepared.out()) !=
        DuckDBSuccess) {
      return EngineErrorOf(duckdb_prepare_error(prepared.get()));
    }
    ResultHandle result;
    if (duckdb_execute_prepared(prepared.get(), result.out()) != DuckDBSuccess) {
      return EngineErrorOf(duckdb_result_error(result.get()));
    }
    last = std::move(result);
  }
  return last;
}

Result<int64_t> DuckDbAdapter::Execute(std::string_view sql) {
  STRATA_ASSIGN_OR_RETURN(ResultHandle result, RunStatements(sql));
  if (!result.filled()) {
    return int64_t{0};
  }
  return static_cast<int64_t>(duckdb_rows_changed(result.get()));
}

Result<QueryResult> DuckDbAdapter::Query(std::string_view sql) {
  STRATA_ASSIGN_OR_RETURN(ResultHandle result, RunStatements(sql));
  if (!result.filled()) {
    return Status::InvalidArgument("no SQL statement to run");
  }
  return ReadResult(result);
}

Result<QueryResult> DuckDbAdapter::ReadResult(ResultHandle& result) {
  QueryResult out;
  const idx_t column_count = duckdb_column_count(result.get());
  std::vector<std::unique_ptr<VectorReader>> readers;
  readers.reserve(column_count);
  for (idx_t c = 0; c < column_count; ++c) {
    LogicalTypeHandle type(duckdb_column_logical_type(result.get(), c));
    if (!type) {
      return Status::Internal(fmt::format("DuckDB gave no type for result column {}", c));
    }
    readers.push_back(std::make_unique<VectorReader>(type.get()));
    const char* name = duckdb_column_name(result.get(), c);
    out.columns.push_back(Column{name == nullptr ? "" : name, *readers.back()->type()});
  }
  while (true) {
    DataChunkHandle chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) {
      break;
    }
    const idx_t size = duckdb_data_chunk_get_size(chunk.get());
    if (size == 0) {
      break;
    }
    for (idx_t c = 0; c < column_count; ++c) {
      readers[c]->Bind(duckdb_data_chunk_get_vector(chunk.get(), c));
    }
    if (out.rows.capacity() < out.rows.size() + size) {
      // Geometric growth: reserving only what this chunk needs would copy every row per chunk.
      out.rows.reserve(std::max(2 * out.rows.capacity(), out.rows.size() + size));
    }
    for (idx_t row = 0; row < size; ++row) {
      std::vector<Value>& values = out.rows.emplace_back();
      values.reserve(column_count);
      for (idx_t c = 0; c < column_count; ++c) {
        values.push_back(readers[c]->Read(row));
      }
    }
  }
  if (const char* error = duckdb_result_error(result.get()); error != nullptr) {
    return EngineErrorOf(error);
  }
  return out;
}

Status DuckDbAdapter::Begin() {
  if (in_transaction_) {
    return Status::InvalidArgument("a transaction is already open");
  }
  STRATA_RETURN_IF_ERROR(RunStatementsUntracked("BEGIN TRANSACTION").status());
  in_transaction_ = true;
  transaction_failure_.clear();
  return Status::OK();
}

Status DuckDbAdapter::Commit() {
  if (!in_transaction_) {
    return Status::InvalidArgument("no transaction is open to commit");
  }
  in_transaction_ = false;
  if (!transaction_failure_.empty()) {
    const std::string failure = std::exchange(transaction_failure_, std::string());
    STRATA_RETURN_IF_ERROR(RunStatementsUntracked("ROLLBACK").status());
    return Status::EngineError(fmt::format(
        "the transaction was rolled back because a statement in it failed: {}", failure));
  }
  return RunStatementsUntracked("COMMIT").status();
}

Status DuckDbAdapter::Rollback() {
  if (!in_transaction_) {
    return Status::InvalidArgument("no transaction is open to roll back");
  }
  in_transaction_ = false;
  transaction_failure_.clear();
  return RunStatementsUntracked("ROLLBACK").status();
}

Result<std::vector<std::string>> DuckDbAdapter::ListSchemas() {
  STRATA_ASSIGN_OR_RETURN(QueryResult result,
                          Query("SELECT schema_name FROM information_schema.schemata "
                                "WHERE catalog_name = current_database() ORDER BY schema_name"));
  std::vector<std::string> schemas;
  for (const auto& row : result.rows) {
    schemas.push_back(row[0].AsString());
  }
  return schemas;
}

Result<std::vector<TableRef>> DuckDbAdapter::ListTables(std::string_view schema) {
  STRATA_ASSIGN_OR_RETURN(
      QueryResult result,
      Query(fmt::format("SELECT table_schema, table_name, table_type = 'VIEW' "
                        "FROM information_schema.tables "
                        "WHERE table_catalog = current_database() AND lower(table_schema) = "
                        "lower({}) ORDER BY table_name",
                        QuoteSqlString(schema))));
  std::vector<TableRef> tables;
  for (const auto& row : result.rows) {
    tables.push_back(TableRef{row[0].AsString(), row[1].AsString(), row[2].AsBool()});
  }
  return tables;
}

Result<std::vector<Column>> DuckDbAdapter::DescribeTable(std::string_view schema,
                                                         std::string_view table) {
  STRATA_ASSIGN_OR_RETURN(
      QueryResult found,
      Query(fmt::format("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_catalog = current_database() AND lower(table_schema) = "
                        "lower({}) AND lower(table_name) = lower({})",
                        QuoteSqlString(schema), QuoteSqlString(table))));
  if (found.rows.empty() || found.rows[0][0].AsInt64() == 0) {
    return Status::NotFound(fmt::format("table {}.{} does not exist", schema, table));
  }
  STRATA_ASSIGN_OR_RETURN(QueryResult columns, Query(fmt::format("SELECT * FROM {}.{} LIMIT 0",
                                                                 QuoteSqlIdentifier(schema),
                                                                 QuoteSqlIdentifier(table))));
  return std::move(columns.columns);
}

}  // namespace strata::engine::duckdb
