// DuckDbAdapter: statements through duckdb_extract_statements / duckdb_prepare_extracted_statement
// / duckdb_execute_prepared, results read with duckdb_fetch_chunk and VectorReader, and
// introspection through information_schema.
#include "engine/duckdb/duckdb_adapter.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"
#include "engine/duckdb/duckdb_types.h"
#include "engine/duckdb/vector_reader.h"
#include "engine/statement_observer.h"

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
  return ObserveStatement(EngineType::kDuckDb, sql, [&] { return RunStatementsOnce(sql); });
}

Result<ResultHandle> DuckDbAdapter::RunStatementsOnce(std::string_view sql) {
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
  const int64_t changed = static_cast<int64_t>(duckdb_rows_changed(result.get()));
  // CREATE TABLE … AS reports the rows it wrote as a one-row "Count" result, not as rows
  // changed; PostgreSQL's command tag gives the same figure.
  if (changed == 0 && duckdb_result_statement_type(*result.get()) == DUCKDB_STATEMENT_TYPE_CREATE &&
      duckdb_column_count(result.get()) == 1) {
    STRATA_ASSIGN_OR_RETURN(QueryResult count, ReadResult(result));
    if (count.rows.size() == 1 && !count.rows[0][0].is_null() &&
        count.rows[0][0].type().id == TypeId::kBigInt) {
      return count.rows[0][0].AsInt64();
    }
  }
  return changed;
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
  // A table description is a catalog lookup, unlike information_schema and duckdb_tables(),
  // whose first use in a process loads the storage metadata of every table of the database
  // (~10 ms for one large table, seconds for thousands), and unlike binding a query on a
  // missing name, which searches the whole catalog for a "did you mean" suggestion.
  const std::string schema_text(schema);
  const std::string table_text(table);
  duckdb_table_description description = nullptr;
  const bool is_table =
      duckdb_table_description_create(connection_.get(), schema_text.c_str(), table_text.c_str(),
                                      &description) == DuckDBSuccess;
  const char* message =
      is_table || description == nullptr ? nullptr : duckdb_table_description_error(description);
  const std::string error = message == nullptr ? std::string() : std::string(message);
  duckdb_table_description_destroy(&description);
  if (!is_table && error.find("could be located") != std::string::npos) {
    return Status::NotFound(fmt::format("table {}.{} does not exist", schema, table));
  }
  // A table, or a view (which a table description refuses): its columns as a query binds them.
  Result<std::vector<Column>> columns = DescribeQuery(
      fmt::format("SELECT * FROM {}.{}", QuoteSqlIdentifier(schema), QuoteSqlIdentifier(table)));
  if (!columns.ok() && !is_table && columns.status().message().starts_with("Catalog Error")) {
    return Status::NotFound(fmt::format("table {}.{} does not exist", schema, table));
  }
  return columns;
}

Result<std::vector<Column>> DuckDbAdapter::DescribeQuery(std::string_view query) {
  if (query.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("the SQL text contains a NUL byte");
  }
  const std::string text(query);
  PreparedHandle prepared;
  const bool bound =
      ObserveStatement(
          EngineType::kDuckDb, query,
          [&] {
            return duckdb_prepare(connection_.get(), text.c_str(), prepared.out()) == DuckDBSuccess
                       ? Status::OK()
                       : Status::EngineError("does not bind");
          },
          /*bound_only=*/true)
          .ok();
  if (!bound) {
    Status status = EngineErrorOf(duckdb_prepare_error(prepared.get()));
    if (in_transaction_ && transaction_failure_.empty()) {
      transaction_failure_ = status.message();
    }
    return status;
  }
  std::vector<Column> columns;
  const idx_t count = duckdb_prepared_statement_column_count(prepared.get());
  columns.reserve(count);
  for (idx_t c = 0; c < count; ++c) {
    LogicalTypeHandle type(duckdb_prepared_statement_column_logical_type(prepared.get(), c));
    if (!type) {
      return Status::Internal(fmt::format("DuckDB gave no type for column {} of a query", c));
    }
    // The name is a copy the caller frees (unlike a result's column names).
    char* name = const_cast<char*>(duckdb_prepared_statement_column_name(prepared.get(), c));
    columns.push_back(Column{name == nullptr ? "" : name, ConvertType(type.get())});
    duckdb_free(name);
  }
  return columns;
}

}  // namespace strata::engine::duckdb
