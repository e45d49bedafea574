// PostgresAdapter: statements through PQsendQuery/PQgetResult, results read in text form with
// TextColumnReader, introspection through pg_catalog, and reconnection with PQreset.
#include "engine/postgres/postgres_adapter.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"
#include "engine/postgres/postgres_engine.h"
#include "engine/postgres/postgres_types.h"
#include "engine/postgres/text_column_reader.h"
#include "engine/statement_observer.h"

namespace strata::engine::postgres {
namespace {

std::string OneLine(std::string_view text) {
  std::string out;
  for (std::string_view piece : SplitWhitespace(text)) {
    if (!out.empty()) {
      out += ' ';
    }
    out += piece;
  }
  return out;
}

const char* Field(const PGresult* result, int field) {
  return result == nullptr ? nullptr : PQresultErrorField(result, field);
}

// The server's error as "ERROR 42P01: relation "x" does not exist" (with its detail), its hint as
// the hint; libpq's own errors (a lost connection) as libpq words them.
Status ErrorOf(const PGresult* result, PGconn* connection) {
  const char* primary = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary == nullptr) {
    std::string text =
        OneLine(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection));
    return Status::EngineError(text.empty() ? "unknown PostgreSQL error" : text);
  }
  const char* severity = Field(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity == nullptr) {
    severity = Field(result, PG_DIAG_SEVERITY);
  }
  const char* sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string message = fmt::format("{} {}: {}", severity == nullptr ? "ERROR" : severity,
                                    sqlstate == nullptr ? "?????" : sqlstate, primary);
  if (const char* detail = Field(result, PG_DIAG_MESSAGE_DETAIL); detail != nullptr) {
    message += fmt::format(" ({})", detail);
  }
  Status status = Status::EngineError(std::move(message));
  if (const char* hint = Field(result, PG_DIAG_MESSAGE_HINT); hint != nullptr) {
    status = std::move(status).WithHint(hint);
  }
  return status;
}

// SQLSTATEs with which the server ends a session before running what it was sent: an
// administrator's shutdown or pg_terminate_backend (57P01), a crash of another backend (57P02),
// a server that cannot take connections yet (57P03), an idle-session timeout (57P05).
bool SessionEndedBeforeRunning(const PGresult* result) {
  const char* sqlstate = Field(result, PG_DIAG_SQLSTATE);
  if (sqlstate == nullptr) {
    return false;
  }
  const std::string_view code(sqlstate);
  return code == "57P01" || code == "57P02" || code == "57P03" || code == "57P05";
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// A number the catalog printed (OIDs, type modifiers); 0 if it is not one.
int64_t NumberAt(const PGresult* result, int row, int column) {
  const std::string_view text = PQgetvalue(result, row, column);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

LogicalType CatalogType(std::string name, std::string_view typtype) {
  LogicalType type(typtype == "e" ? TypeId::kEnum : TypeId::kOther);
  type.engine_name = std::move(name);
  return type;
}

}  // namespace

PostgresAdapter::PostgresAdapter(ConnectionConfig config, ConnectionHandle connection)
    : config_(std::move(config)), connection_(std::move(connection)) {}

// Closing the connection rolls back a transaction left open.
PostgresAdapter::~PostgresAdapter() = default;

bool PostgresAdapter::ConnectionBroken() const {
  return PQstatus(connection_.get()) == CONNECTION_BAD;
}

Status PostgresAdapter::Reconnect() {
  PQreset(connection_.get());
  if (ConnectionBroken()) {
    return ConnectionFailure(config_, connection_.get());
  }
  return ConfigureSession(connection_.get());
}

PostgresAdapter::Attempt PostgresAdapter::RunOnce(const std::string& sql) {
  return ObserveStatement(EngineType::kPostgres, sql, [&] { return SendOnce(sql); });
}

PostgresAdapter::Attempt PostgresAdapter::SendOnce(const std::string& sql) {
  Attempt attempt;
  PGconn* connection = connection_.get();
  if (PQsendQuery(connection, sql.c_str()) == 0) {
    attempt.result = ErrorOf(nullptr, connection);
    attempt.retry_is_safe = true;  // nothing was sent
    return attempt;
  }
  ResultHandle last;
  ResultHandle error;
  while (ResultHandle result{PQgetResult(connection)}) {
    switch (PQresultStatus(result.get())) {
      case PGRES_COPY_IN:
        // No data to send: end the copy with an error, which the server then reports.
        PQputCopyEnd(connection, "strata does not send data for COPY FROM STDIN");
        break;
      case PGRES_COPY_OUT: {
        char* buffer = nullptr;
        while (PQgetCopyData(connection, &buffer, 0) > 0) {
          PQfreemem(buffer);
        }
        break;
      }
      case PGRES_FATAL_ERROR:
      case PGRES_BAD_RESPONSE:
        if (error == nullptr) {
          error = std::move(result);
        }
        break;
      default:
        last = std::move(result);
        break;
    }
  }
  if (error != nullptr) {
    attempt.result = ErrorOf(error.get(), connection);
    attempt.retry_is_safe = SessionEndedBeforeRunning(error.get());
  } else if (last == nullptr) {
    attempt.result = ErrorOf(nullptr, connection);
  } else {
    attempt.result = std::move(last);
  }
  return attempt;
}

Result<ResultHandle> PostgresAdapter::Run(std::string_view sql, bool idempotent) {
  if (sql.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("the SQL text contains a NUL byte");
  }
  const std::string text(sql);
  const std::string server =
      fmt::format("{}:{}", config_.host.empty() ? "localhost" : config_.host, config_.port);
  Status failure;
  if (ConnectionBroken()) {
    if (in_transaction_) {
      failure = Status::EngineError(fmt::format(
          "the connection to PostgreSQL at {} was lost inside a transaction, which the server "
          "rolled back",
          server));
    } else {
      failure = Reconnect();
    }
  }
  if (failure.ok()) {
    Attempt attempt = RunOnce(text);
    if (!attempt.result.ok() && ConnectionBroken() && !in_transaction_ &&
        (attempt.retry_is_safe || idempotent)) {
      if (Status reconnected = Reconnect(); reconnected.ok()) {
        attempt = RunOnce(text);
      } else {
        attempt.result = std::move(reconnected);
      }
    }
    if (attempt.result.ok()) {
      return std::move(attempt.result);
    }
    failure = attempt.result.status();
    if (ConnectionBroken() && failure.code() == StatusCode::kEngineError) {
      failure = Status::EngineError(fmt::format("lost the connection to PostgreSQL at {}: {}",
                                                server, failure.message()))
                    .WithHint(in_transaction_
                                  ? "the server rolled the transaction back"
                                  : "the statement may or may not have run; strata reconnects "
                                    "for the next one");
    }
  }
  if (in_transaction_ && transaction_failure_.empty()) {
    transaction_failure_ = failure.message();
  }
  return failure;
}

Result<int64_t> PostgresAdapter::Execute(std::string_view sql) {
  STRATA_ASSIGN_OR_RETURN(ResultHandle result, Run(sql));
  const std::string_view tag = PQcmdStatus(result.get());
  // CREATE TABLE … AS reports "SELECT n" with no rows to read (a query's own tag comes with
  // its rows).
  const bool table_as =
      StartsWith(tag, "SELECT") && PQresultStatus(result.get()) == PGRES_COMMAND_OK;
  if (!table_as && !StartsWith(tag, "INSERT") && !StartsWith(tag, "UPDATE") &&
      !StartsWith(tag, "DELETE") && !StartsWith(tag, "MERGE") && !StartsWith(tag, "COPY")) {
    return int64_t{0};
  }
  const std::string_view count = PQcmdTuples(result.get());
  int64_t rows = 0;
  std::from_chars(count.data(), count.data() + count.size(), rows);
  return rows;
}

Result<QueryResult> PostgresAdapter::Query(std::string_view sql) {
  STRATA_ASSIGN_OR_RETURN(ResultHandle result, Run(sql));
  switch (PQresultStatus(result.get())) {
    case PGRES_EMPTY_QUERY:
      return Status::InvalidArgument("no SQL statement to run");
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
      return ReadResult(result.get());
    default:
      return QueryResult{};
  }
}

Status PostgresAdapter::LookUpTypes(const std::vector<std::pair<unsigned, int>>& types) {
  std::string oids, modifiers;
  for (const auto& [oid, typmod] : types) {
    if (!oids.empty()) {
      oids += ',';
      modifiers += ',';
    }
    oids += std::to_string(oid);
    modifiers += std::to_string(typmod);
  }
  STRATA_ASSIGN_OR_RETURN(
      ResultHandle result,
      Run(fmt::format("SELECT x.o::int8, x.m, format_type(x.o, x.m), t.typtype "
                      "FROM unnest('{{{}}}'::oid[], '{{{}}}'::int4[]) AS x(o, m) "
                      "LEFT JOIN pg_catalog.pg_type t ON t.oid = x.o",
                      oids, modifiers)));
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    const auto oid = static_cast<unsigned>(NumberAt(result.get(), row, 0));
    const int typmod = static_cast<int>(NumberAt(result.get(), row, 1));
    catalog_types_[{oid, typmod}] =
        CatalogType(PQgetvalue(result.get(), row, 2), PQgetvalue(result.get(), row, 3));
  }
  return Status::OK();
}

Result<LogicalType> PostgresAdapter::TypeOf(unsigned oid, int typmod) {
  if (std::optional<LogicalType> builtin = BuiltinType(oid, typmod)) {
    return *std::move(builtin);
  }
  auto found = catalog_types_.find({oid, typmod});
  if (found == catalog_types_.end()) {
    STRATA_RETURN_IF_ERROR(LookUpTypes({{oid, typmod}}));
    found = catalog_types_.find({oid, typmod});
    if (found == catalog_types_.end()) {
      return CatalogType(fmt::format("oid {}", oid), "");
    }
  }
  return found->second;
}

Result<QueryResult> PostgresAdapter::ReadResult(const PGresult* result) {
  const int column_count = PQnfields(result);
  const int row_count = PQntuples(result);
  // Name every non-built-in type of the result with one catalog query.
  std::vector<std::pair<unsigned, int>> unknown;
  for (int c = 0; c < column_count; ++c) {
    const std::pair<unsigned, int> key{PQftype(result, c), PQfmod(result, c)};
    if (!BuiltinType(key.first, key.second) && !catalog_types_.contains(key) &&
        std::find(unknown.begin(), unknown.end(), key) == unknown.end()) {
      unknown.push_back(key);
    }
  }
  if (!unknown.empty()) {
    STRATA_RETURN_IF_ERROR(LookUpTypes(unknown));
  }
  QueryResult out;
  std::vector<TextColumnReader> readers;
  readers.reserve(static_cast<size_t>(column_count));
  for (int c = 0; c < column_count; ++c) {
    STRATA_ASSIGN_OR_RETURN(LogicalType type, TypeOf(PQftype(result, c), PQfmod(result, c)));
    if (type.id == TypeId::kList) {
      // PostgreSQL's array types do not say how many dimensions their values have: the values do.
      int dimensions = 1;
      for (int row = 0; row < row_count; ++row) {
        if (!PQgetisnull(result, row, c)) {
          dimensions = std::max(dimensions, ArrayDimensions(PQgetvalue(result, row, c)));
        }
      }
      for (int d = 1; d < dimensions; ++d) {
        type = LogicalType::List(std::move(type));
      }
    }
    readers.emplace_back(type);
    out.columns.push_back(Column{PQfname(result, c), std::move(type)});
  }
  out.rows.reserve(static_cast<size_t>(row_count));
  for (int row = 0; row < row_count; ++row) {
    std::vector<Value>& values = out.rows.emplace_back();
    values.reserve(static_cast<size_t>(column_count));
    for (int c = 0; c < column_count; ++c) {
      const TextColumnReader& reader = readers[static_cast<size_t>(c)];
      if (PQgetisnull(result, row, c)) {
        values.push_back(Value::Null(reader.type()));
        continue;
      }
      STRATA_ASSIGN_OR_RETURN(Value value, reader.Read(std::string_view(
                                               PQgetvalue(result, row, c),
                                               static_cast<size_t>(PQgetlength(result, row, c)))));
      values.push_back(std::move(value));
    }
  }
  return out;
}

Status PostgresAdapter::Begin() {
  if (in_transaction_) {
    return Status::InvalidArgument("a transaction is already open");
  }
  // BEGIN changes nothing, so it may always be retried on a new connection.
  STRATA_RETURN_IF_ERROR(Run("BEGIN", /*idempotent=*/true).status());
  in_transaction_ = true;
  transaction_failure_.clear();
  return Status::OK();
}

Status PostgresAdapter::Commit() {
  if (!in_transaction_) {
    return Status::InvalidArgument("no transaction is open to commit");
  }
  const std::string failure = std::exchange(transaction_failure_, std::string());
  if (!failure.empty()) {
    in_transaction_ = false;
    // The server has given the transaction up already; ROLLBACK only ends it, and its own failure
    // (a connection that just dropped) changes nothing for the caller.
    if (!ConnectionBroken()) {
      (void)RunOnce("ROLLBACK");
    }
    return Status::EngineError(fmt::format(
        "the transaction was rolled back because a statement in it failed: {}", failure));
  }
  // Still marked open while COMMIT runs, so that Run neither reconnects nor retries: a COMMIT on
  // a new connection would report success for a transaction that is gone.
  Result<ResultHandle> result = Run("COMMIT");
  in_transaction_ = false;
  transaction_failure_.clear();
  if (!result.ok()) {
    return result.status();
  }
  if (std::string_view(PQcmdStatus(result->get())) == "ROLLBACK") {
    return Status::EngineError(
        "the transaction was rolled back: PostgreSQL turned its COMMIT into a ROLLBACK because a "
        "statement in it failed");
  }
  return Status::OK();
}

Status PostgresAdapter::Rollback() {
  if (!in_transaction_) {
    return Status::InvalidArgument("no transaction is open to roll back");
  }
  Result<ResultHandle> result = Run("ROLLBACK");
  in_transaction_ = false;
  transaction_failure_.clear();
  // A lost connection has rolled the transaction back already.
  if (!result.ok() && !ConnectionBroken()) {
    return result.status();
  }
  return Status::OK();
}

Result<std::vector<std::string>> PostgresAdapter::ListSchemas() {
  STRATA_ASSIGN_OR_RETURN(QueryResult result,
                          Query("SELECT nspname FROM pg_catalog.pg_namespace "
                                "WHERE nspname <> 'information_schema' AND nspname !~ '^pg_' "
                                "ORDER BY nspname COLLATE \"C\""));
  std::vector<std::string> schemas;
  for (const auto& row : result.rows) {
    schemas.push_back(row[0].AsString());
  }
  return schemas;
}

Result<std::vector<TableRef>> PostgresAdapter::ListTables(std::string_view schema) {
  const std::string quoted = QuoteSqlString(schema);
  STRATA_ASSIGN_OR_RETURN(
      QueryResult result,
      Query(fmt::format(
          "SELECT n.nspname, c.relname, c.relkind IN ('v', 'm') "
          "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND n.nspname = "
          "CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = {0}) "
          "THEN {0} ELSE lower({0}) END "
          "ORDER BY c.relname COLLATE \"C\"",
          quoted)));
  std::vector<TableRef> tables;
  for (const auto& row : result.rows) {
    tables.push_back(TableRef{row[0].AsString(), row[1].AsString(), row[2].AsBool()});
  }
  return tables;
}

Result<std::vector<Column>> PostgresAdapter::DescribeTable(std::string_view schema,
                                                           std::string_view table) {
  const std::string s = QuoteSqlString(schema), t = QuoteSqlString(table);
  STRATA_ASSIGN_OR_RETURN(
      QueryResult found,
      Query(fmt::format(
          "SELECT c.oid::int8 FROM pg_catalog.pg_class c "
          "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND n.nspname IN ({0}, lower({0})) "
          "AND c.relname IN ({1}, lower({1})) "
          "ORDER BY n.nspname = {0} DESC, c.relname = {1} DESC LIMIT 1",
          s, t)));
  if (found.rows.empty()) {
    return Status::NotFound(fmt::format("table {}.{} does not exist", schema, table));
  }
  STRATA_ASSIGN_OR_RETURN(
      ResultHandle result,
      Run(fmt::format("SELECT a.attname, a.atttypid::int8, a.atttypmod, "
                      "format_type(a.atttypid, a.atttypmod), t.typtype "
                      "FROM pg_catalog.pg_attribute a "
                      "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                      "WHERE a.attrelid = {} AND a.attnum > 0 AND NOT a.attisdropped "
                      "ORDER BY a.attnum",
                      found.rows[0][0].AsInt64())));
  std::vector<Column> columns;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    const auto oid = static_cast<unsigned>(NumberAt(result.get(), row, 1));
    const int typmod = static_cast<int>(NumberAt(result.get(), row, 2));
    std::optional<LogicalType> type = BuiltinType(oid, typmod);
    if (!type) {
      type = CatalogType(PQgetvalue(result.get(), row, 3), PQgetvalue(result.get(), row, 4));
    }
    columns.push_back(Column{PQgetvalue(result.get(), row, 0), *std::move(type)});
  }
  return columns;
}

}  // namespace strata::engine::postgres
