// Helpers shared by the materialization strategies, and the creation of query-shaped tables
// (FULL, the incremental kinds, a materialized VIEW on DuckDB).
#include "materialize/materialize_strategy.h"

#include <fmt/format.h>

#include "base/hash.h"
#include "base/text.h"
#include "materialize/time_column_filter.h"
#include "sql/generator.h"
#include "sql/parser.h"
#include "sql/tokenizer.h"

namespace strata {

sql::DialectKind DialectOf(engine::EngineType type) {
  return type == engine::EngineType::kPostgres ? sql::DialectKind::kPostgres
                                               : sql::DialectKind::kDuckDb;
}

std::string ColumnSql(std::string_view name) { return QuoteSqlIdentifier(name); }

Result<std::string> TypeSql(std::string_view duckdb_type, sql::DialectKind dialect) {
  sql::Arena arena;
  const std::string_view source = arena.Store(std::string(duckdb_type));
  STRATA_ASSIGN_OR_RETURN(sql::TokenStream tokens, sql::Tokenize(source));
  sql::Parser parser(&tokens, &arena);
  Result<sql::Node*> type = parser.ParseType();
  if (!type.ok() || !parser.AtEnd()) {
    return Status::ParseError(fmt::format("'{}' is not a SQL type", duckdb_type));
  }
  sql::GenerateOptions options;
  options.dialect = dialect;
  return sql::Generate(*type, options);
}

Result<std::string> QuerySelectList(const WriteContext& context, std::string_view source) {
  const std::vector<project::ColumnDeclaration>& declared = context.model->columns;
  if (declared.empty()) {
    return std::string(source) + ".*";
  }
  std::vector<std::string> items;
  items.reserve(declared.size());
  for (const project::ColumnDeclaration& column : declared) {
    STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type, context.dialect));
    items.push_back(fmt::format("CAST({}.{} AS {}) AS {}", source, ColumnSql(column.name), type,
                                ColumnSql(column.name)));
  }
  return Join(items, ", ");
}

Result<std::vector<engine::Column>> ColumnsOf(engine::EngineAdapter& connection,
                                              std::string_view from) {
  return connection.DescribeQuery(fmt::format("SELECT * FROM {}", from));
}

std::vector<std::string> SharedColumns(const std::vector<engine::Column>& table_columns,
                                       const std::vector<engine::Column>& rows_columns) {
  std::vector<std::string> names;
  for (const engine::Column& column : table_columns) {
    if (FindColumn(rows_columns, column.name) >= 0) {
      names.push_back(column.name);
    }
  }
  return names;
}

std::string EmptyTableClause(sql::DialectKind dialect) {
  return dialect == sql::DialectKind::kPostgres ? "WITH NO DATA" : "LIMIT 0";
}

Result<std::vector<engine::Column>> QueryColumns(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  if (context.dialect != sql::DialectKind::kPostgres) {
    return ColumnsOf(connection, fmt::format("({}) AS strata_query", context.query));
  }
  const std::string probe = TempTableSql(context.dialect, "strata_query_columns");
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format("DROP TABLE IF EXISTS {0}; CREATE TEMPORARY TABLE {0} AS SELECT * "
                               "FROM ({1}) AS strata_query WITH NO DATA",
                               probe, context.query))
          .status());
  Result<std::vector<engine::Column>> columns = ColumnsOf(connection, probe);
  STRATA_RETURN_IF_ERROR(connection.Execute("DROP TABLE IF EXISTS " + probe).status());
  return columns;
}

std::string TempTableSql(sql::DialectKind dialect, std::string_view name) {
  return dialect == sql::DialectKind::kPostgres ? fmt::format("pg_temp.{}", name)
                                                : fmt::format("temp.main.{}", name);
}

Result<std::string> MaterializeQueryRows(const WriteContext& context, std::string_view name,
                                         int64_t* rows) {
  STRATA_ASSIGN_OR_RETURN(std::string select, QuerySelectList(context, "strata_query"));
  STRATA_ASSIGN_OR_RETURN(int64_t written, context.connection->Execute(fmt::format(
                                               "CREATE TEMPORARY TABLE {} AS SELECT {} FROM "
                                               "({}) AS strata_query",
                                               name, select, context.query)));
  if (rows != nullptr) {
    *rows = written;
  }
  return TempTableSql(context.dialect, name);
}

Result<int64_t> CountRows(engine::EngineAdapter& connection, std::string_view from_and_where) {
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format("SELECT CAST(count(*) AS BIGINT) FROM {}", from_and_where)));
  if (result.rows.size() != 1 || result.rows[0].size() != 1 || result.rows[0][0].is_null()) {
    return Status::Internal("count(*) returned no number");
  }
  return result.rows[0][0].AsInt64();
}

int FindColumn(const std::vector<engine::Column>& columns, std::string_view name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) {
      return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsIgnoreCase(columns[i].name, name)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Status CreatePhysicalSchema(const WriteContext& context) {
  std::string schema = sql::FormatIdentifier(context.table.schema, /*case_sensitive=*/true);
  if (!context.table.catalog.empty()) {
    schema = sql::FormatIdentifier(context.table.catalog, /*case_sensitive=*/true) + "." + schema;
  }
  return context.connection->Execute("CREATE SCHEMA IF NOT EXISTS " + schema).status();
}

namespace {

// INCREMENTAL_BY_TIME_RANGE on PostgreSQL: an index on the time column, so that the DELETE of a
// batch finds the rows of its interval without reading the whole table (a table of 10 million
// rows: 0.5 s per batch without, < 1 ms with). DuckDB needs none: the zone maps of its row groups
// skip the rest. The name is the table's with "__time" when that fits PostgreSQL's 63 bytes,
// else derived from a hash of it (index names are unique per schema).
Status CreateTimeIndex(const WriteContext& context, const project::TimeColumn& time_column,
                       const engine::LogicalType& type) {
  if (context.dialect != sql::DialectKind::kPostgres) {
    return Status::OK();
  }
  // The index serves the filter's comparison: the column itself, or text in byte order. Text
  // that must be parsed to compare gets none (no index on the column could serve the filter).
  std::string key = ColumnSql(time_column.name);
  if (type.id == engine::TypeId::kVarchar) {
    if (!FormatSortsLikeTime(time_column.format)) {
      return Status::OK();
    }
    key += " COLLATE \"C\"";
  }
  constexpr size_t kMaxIdentifier = 63;
  std::string name = context.table.name + "__time";
  if (name.size() > kMaxIdentifier) {
    name = "strata_time_" + HashBytesHex(context.table.name);
  }
  return context.connection
      ->Execute(fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                            sql::FormatIdentifier(name, /*case_sensitive=*/true), context.table_sql,
                            key))
      .status();
}

// INCREMENTAL_BY_TIME_RANGE: the time column must be a column of the table, of a type the
// automatic time filter can compare; on PostgreSQL it gets an index (CreateTimeIndex).
Status CheckTimeColumn(const WriteContext& context) {
  const project::Model& model = *context.model;
  if (!model.kind.time_column) {
    return Status::ProjectError(
               fmt::format("{} is INCREMENTAL_BY_TIME_RANGE without a time_column", model.name))
        .WithHint("add `time_column <column>` to the kind");
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns,
                          ColumnsOf(*context.connection, context.table_sql));
  const int index = FindColumn(columns, model.kind.time_column->name);
  if (index < 0) {
    std::vector<std::string> names;
    for (const engine::Column& column : columns) {
      names.push_back(column.name);
    }
    return Status::ProjectError(fmt::format("the time_column {} of {} is not a column of its query",
                                            model.kind.time_column->name, model.name))
        .WithHint(fmt::format("its columns are: {}", Join(names, ", ")));
  }
  project::TimeColumn column = *model.kind.time_column;
  column.name = columns[static_cast<size_t>(index)].name;
  Interval probe{0, 1};
  STRATA_RETURN_IF_ERROR(
      TimeColumnFilter(column, columns[static_cast<size_t>(index)].type, probe, context.dialect)
          .status());
  return CreateTimeIndex(context, column, columns[static_cast<size_t>(index)].type);
}

}  // namespace

Status CreateQueryTable(const WriteContext& context) {
  const std::vector<project::ColumnDeclaration>& declared = context.model->columns;
  std::string sql;
  if (!declared.empty()) {
    std::vector<std::string> definitions;
    for (const project::ColumnDeclaration& column : declared) {
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type, context.dialect));
      definitions.push_back(ColumnSql(column.name) + " " + type);
    }
    sql = fmt::format("CREATE TABLE IF NOT EXISTS {} ({})", context.table_sql,
                      Join(definitions, ", "));
  } else {
    sql = fmt::format("CREATE TABLE IF NOT EXISTS {} AS SELECT * FROM ({}) AS strata_query {}",
                      context.table_sql, context.query, EmptyTableClause(context.dialect));
  }
  STRATA_RETURN_IF_ERROR(context.connection->Execute(sql).status());
  if (context.model->kind.name == project::ModelKindName::kIncrementalByTimeRange) {
    return CheckTimeColumn(context);
  }
  return Status::OK();
}

Status CreateTableTypedBySelfRead(engine::EngineAdapter& connection, const std::string& table_sql,
                                  const std::vector<std::string>& names,
                                  const std::string& query_sql, sql::DialectKind dialect) {
  std::vector<std::string> types(names.size(), "INTEGER");  // NULL columns read as INTEGER
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> definitions;
    for (size_t i = 0; i < names.size(); ++i) {
      definitions.push_back(ColumnSql(names[i]) + " " + types[i]);
    }
    STRATA_RETURN_IF_ERROR(
        connection.Execute(fmt::format("DROP TABLE IF EXISTS {}", table_sql)).status());
    STRATA_RETURN_IF_ERROR(
        connection.Execute(fmt::format("CREATE TABLE {} ({})", table_sql, Join(definitions, ", ")))
            .status());
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> described,
                            connection.DescribeQuery(query_sql));
    if (described.size() != names.size()) {
      return Status::OK();
    }
    std::vector<std::string> next;
    for (const engine::Column& column : described) {
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type.ToString(), dialect));
      next.push_back(type);
    }
    if (next == types) {
      break;
    }
    types = std::move(next);
  }
  return Status::OK();
}

}  // namespace strata
