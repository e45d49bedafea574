// SEED models (DESIGN.md §6): the CSV (already parsed by the project loader) loaded into a table
// typed by the declared `columns`, else by the types inferred from the data. The rows go in as
// `INSERT INTO t SELECT CAST(v.c AS T), … FROM (VALUES ('…'), …) AS v(c, …)` in chunks, so the
// engine converts each text field to its column's type the way it converts any literal.
#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materialize_strategy.h"

namespace strata {
namespace {

// Rows per INSERT statement.
constexpr size_t kRowsPerInsert = 1000;

// Each known column with the index of its CSV column.
struct SeedColumn {
  project::ColumnDeclaration declaration;
  size_t csv_index = 0;
};

Result<std::vector<SeedColumn>> SeedColumns(const project::Model& model) {
  if (model.seed == nullptr) {
    return Status::Internal(fmt::format("the seed of {} was not loaded", model.name));
  }
  const project::CsvTable& csv = *model.seed;
  std::vector<SeedColumn> out;
  for (const project::ColumnDeclaration& declaration : model.KnownColumns()) {
    size_t index = csv.columns.size();
    for (size_t i = 0; i < csv.columns.size() && index == csv.columns.size(); ++i) {
      if (csv.columns[i] == declaration.name) {
        index = i;
      }
    }
    for (size_t i = 0; i < csv.columns.size() && index == csv.columns.size(); ++i) {
      if (EqualsIgnoreCase(csv.columns[i], declaration.name)) {
        index = i;
      }
    }
    if (index == csv.columns.size()) {
      return Status::ProjectError(fmt::format("the column {} of {} is not in its CSV file {}",
                                              declaration.name, model.name,
                                              model.seed_file.string()))
          .WithHint(fmt::format("the CSV's columns are: {}", Join(csv.columns, ", ")));
    }
    out.push_back({declaration, index});
  }
  return out;
}

}  // namespace

Status CreateSeedTable(const WriteContext& context) {
  STRATA_ASSIGN_OR_RETURN(std::vector<SeedColumn> columns, SeedColumns(*context.model));
  std::vector<std::string> definitions;
  for (const SeedColumn& column : columns) {
    STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.declaration.type, context.dialect));
    definitions.push_back(ColumnSql(column.declaration.name) + " " + type);
  }
  return context.connection
      ->Execute(fmt::format("CREATE TABLE IF NOT EXISTS {} ({})", context.table_sql,
                            Join(definitions, ", ")))
      .status();
}

Result<BatchResult> WriteSeedBatch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  STRATA_ASSIGN_OR_RETURN(std::vector<SeedColumn> columns, SeedColumns(*context.model));
  std::vector<std::string> names;
  std::vector<std::string> aliases;
  std::vector<std::string> casts;
  for (size_t i = 0; i < columns.size(); ++i) {
    STRATA_ASSIGN_OR_RETURN(std::string type,
                            TypeSql(columns[i].declaration.type, context.dialect));
    const std::string alias = fmt::format("c{}", i);
    names.push_back(ColumnSql(columns[i].declaration.name));
    aliases.push_back(alias);
    casts.push_back(fmt::format("CAST(strata_values.{} AS {})", alias, type));
  }
  const std::string prefix = fmt::format("INSERT INTO {} ({}) SELECT {} FROM (VALUES ",
                                         context.table_sql, Join(names, ", "), Join(casts, ", "));
  const std::string suffix = fmt::format(") AS strata_values ({})", Join(aliases, ", "));

  BatchResult result;
  STRATA_ASSIGN_OR_RETURN(result.deleted, connection.Execute("DELETE FROM " + context.table_sql));
  const std::vector<std::vector<project::CsvField>>& rows = context.model->seed->rows;
  for (size_t begin = 0; begin < rows.size(); begin += kRowsPerInsert) {
    const size_t end = std::min(rows.size(), begin + kRowsPerInsert);
    std::string sql = prefix;
    for (size_t r = begin; r < end; ++r) {
      sql += r == begin ? "(" : ", (";
      for (size_t i = 0; i < columns.size(); ++i) {
        const project::CsvField& field = rows[r][columns[i].csv_index];
        if (i > 0) {
          sql += ", ";
        }
        sql += field ? QuoteSqlString(*field) : "NULL";
      }
      sql += ")";
    }
    sql += suffix;
    STRATA_ASSIGN_OR_RETURN(int64_t inserted, connection.Execute(sql));
    result.inserted += inserted;
  }
  return result;
}

}  // namespace strata
