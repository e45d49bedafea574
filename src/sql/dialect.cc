// The DuckDB and PostgreSQL dialect tables.
#include "sql/dialect.h"

#include <string>

#include "sql/keywords.h"

namespace strata::sql {

namespace {

constexpr Rename kPostgresTypes[] = {
    {"DOUBLE", "DOUBLE PRECISION"},
    {"FLOAT8", "DOUBLE PRECISION"},
    {"FLOAT", "REAL"},
    {"FLOAT4", "REAL"},
    {"BLOB", "BYTEA"},
    {"BYTEA", "BYTEA"},
    {"TINYINT", "SMALLINT"},
    {"INT1", "SMALLINT"},
    {"STRING", "TEXT"},
    {"DATETIME", "TIMESTAMP"},
    {"HUGEINT", ""},
    {"UHUGEINT", ""},
    {"UTINYINT", ""},
    {"USMALLINT", ""},
    {"UINTEGER", ""},
    {"UBIGINT", ""},
    {"STRUCT", ""},
    {"MAP", ""},
    {"UNION", ""},
    {"TIMESTAMP_S", ""},
    {"TIMESTAMP_MS", ""},
    {"TIMESTAMP_NS", ""},
    {"VARINT", ""},
};

constexpr Rename kPostgresFunctions[] = {
    {"IFNULL", "COALESCE"},
    {"LIST_VALUE", ""},
    {"STRUCT_PACK", ""},
};

constexpr Rename kPostgresOperators[] = {
    {"==", "="},
    {"**", "^"},
    {"//", ""},
    {"<=>", ""},
};

constexpr Dialect kDuckDb{DialectKind::kDuckDb, "duckdb", '"', {}, {}, {}, true};
constexpr Dialect kPostgres{DialectKind::kPostgres, "postgres",         '"',  kPostgresTypes,
                            kPostgresFunctions,     kPostgresOperators, false};

}  // namespace

const Dialect& GetDialect(DialectKind kind) {
  return kind == DialectKind::kDuckDb ? kDuckDb : kPostgres;
}

Result<DialectKind> DialectFromName(std::string_view name) {
  if (EqualsIgnoreCase(name, "duckdb")) {
    return DialectKind::kDuckDb;
  }
  if (EqualsIgnoreCase(name, "postgres") || EqualsIgnoreCase(name, "postgresql")) {
    return DialectKind::kPostgres;
  }
  // Dialects models may be written in that strata does not generate (trino, presto, hive, spark,
  // spark2, databricks): read by the same parser
  // (backtick names, Hive's INTERVAL forms, ...) into the DuckDB-flavoured AST, then generated
  // for the warehouse; a construct with no equivalent there is an Unsupported error.
  for (std::string_view source : {"hive", "spark", "spark2", "databricks", "trino", "presto"}) {
    if (EqualsIgnoreCase(name, source)) {
      return DialectKind::kDuckDb;
    }
  }
  return Status::InvalidArgument("unknown SQL dialect '" + std::string(name) +
                                 "': expected duckdb, postgres, trino, hive, spark or databricks");
}

std::string_view Renamed(std::span<const Rename> renames, std::string_view from,
                         bool* unsupported) {
  for (const Rename& rename : renames) {
    if (EqualsIgnoreCase(rename.from, from)) {
      if (rename.to.empty()) {
        *unsupported = true;
      }
      return rename.to;
    }
  }
  return from;
}

}  // namespace strata::sql
