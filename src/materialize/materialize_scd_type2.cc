// SCD_TYPE_2_BY_TIME and SCD_TYPE_2_BY_COLUMN: a batch compares the query's rows (the source's
// current state) with the table's open versions (valid_to IS NULL) and writes only what changed,
// in the batch's transaction (DESIGN.md §6; the worked example of seeds/003 is normative):
//
//   CREATE TEMP TABLE strata_batch_rows AS SELECT … FROM (query)     -- the query runs once
//   by time, a NULL updated_at: fail, naming the key
//   CREATE TEMP TABLE strata_scd_diff AS     -- one row per key that changes (small)
//     rows FULL JOIN open versions (with invalidate_hard_deletes; else LEFT JOIN): rows whose key
//     has no open version (new, or back after a delete) or whose open version changed (by time: a
//     later updated_at; by column: a checked column IS DISTINCT FROM), dated at their updated_at
//     (by column: the execution time), and the open versions whose key the rows lack, dated at
//     the execution time
//   duplicate keys: fail, naming them (after the FULL JOIN from counts and the difference; else
//     by grouping the rows first)
//   CREATE TEMP TABLE strata_scd_new AS      -- the versions to open, with their valid_from
//   UPDATE t SET valid_to = … FROM strata_scd_diff WHERE open and same key     -- updated
//   INSERT INTO t … SELECT … FROM strata_scd_new                              -- inserted
//
// One join of the rows with the table finds the difference (on PostgreSQL with a NULL key part,
// whose FULL JOIN takes no IS NOT DISTINCT FROM: a LEFT JOIN and an anti-join); everything after
// works on the difference only, except the UPDATE's probe of the table.
//
// valid_from of a new version: a changed key's close time; a key back after a delete
// max(updated_at (by column: the execution time), the deleted version's valid_to); a key never
// seen: 1970-01-01 00:00:00 on the first load (the table was empty) unless
// updated_at_as_valid_from (the row's updated_at) or execution_time_as_valid_from (the execution
// time), and on later loads its updated_at (by column: the execution time).
#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"
#include "base/time.h"
#include "materialize/key_sql.h"
#include "materialize/materialize_strategy.h"

namespace strata {
namespace {

using project::ModelKindName;

constexpr const char kEpoch[] = "CAST('1970-01-01 00:00:00' AS TIMESTAMP)";

bool ByTime(const project::Model& model) {
  return model.kind.name == ModelKindName::kScdType2ByTime;
}

// The names of the columns strata adds, as SQL.
struct ValidityColumns {
  std::string from;
  std::string to;
};

ValidityColumns ValidityOf(const project::Model& model) {
  return {ColumnSql(model.kind.valid_from_name), ColumnSql(model.kind.valid_to_name)};
}

// Fails when the query already returns a column named like valid_from or valid_to.
Status CheckNoValidityColumns(const project::Model& model,
                              const std::vector<engine::Column>& columns) {
  for (const std::string& name : {model.kind.valid_from_name, model.kind.valid_to_name}) {
    if (FindColumn(columns, name) >= 0) {
      return Status::ProjectError(
                 fmt::format("the query of {} returns a column {}, which SCD type 2 adds itself",
                             model.name, name))
          .WithHint("rename that column, or name strata's with valid_from_name / valid_to_name");
    }
  }
  return Status::OK();
}

// A value of a query result for a message.
std::string Shown(const engine::Value& value) {
  if (value.is_null()) {
    return "NULL";
  }
  return value.type().id == engine::TypeId::kVarchar ? fmt::format("'{}'", value.ToString())
                                                     : value.ToString();
}

// Fails when `rows` (a FROM item) holds a key more than once, naming up to three such keys.
Status CheckDuplicates(engine::EngineAdapter& connection, const std::string& rows,
                       const std::vector<std::string>& keys) {
  std::vector<std::string> positions;
  for (size_t i = 0; i < keys.size(); ++i) {
    positions.push_back(std::to_string(i + 1));
  }
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult duplicates,
      connection.Query(fmt::format("SELECT {}, CAST(count(*) AS BIGINT) FROM {} GROUP BY {} "
                                   "HAVING count(*) > 1 ORDER BY {} LIMIT 3",
                                   Join(keys, ", "), rows, Join(positions, ", "),
                                   Join(positions, ", "))));
  if (!duplicates.rows.empty()) {
    std::vector<std::string> shown;
    for (const std::vector<engine::Value>& row : duplicates.rows) {
      std::vector<std::string> values;
      for (size_t i = 0; i < keys.size(); ++i) {
        values.push_back(Shown(row[i]));
      }
      shown.push_back(fmt::format("({}) = ({}) ({} rows)", Join(keys, ", "), Join(values, ", "),
                                  row[keys.size()].AsInt64()));
    }
    return Status::ProjectError(
               fmt::format("the query returned several rows for one unique_key: {}",
                           Join(shown, ", ")))
        .WithHint("an SCD type 2 source must hold one row per key; nothing was written");
  }
  return Status::OK();
}

// By time, fails when a row of `rows` has no updated_at.
Status CheckUpdatedAt(engine::EngineAdapter& connection, const project::Model& model,
                      const std::string& rows, const std::vector<std::string>& keys) {
  if (!ByTime(model)) {
    return Status::OK();
  }
  const std::string updated_at = ColumnSql(model.kind.updated_at_name);
  STRATA_ASSIGN_OR_RETURN(engine::QueryResult missing,
                          connection.Query(fmt::format("SELECT {} FROM {} WHERE {} IS NULL LIMIT 1",
                                                       Join(keys, ", "), rows, updated_at)));
  if (!missing.rows.empty()) {
    std::vector<std::string> values;
    for (const engine::Value& value : missing.rows[0]) {
      values.push_back(Shown(value));
    }
    return Status::ProjectError(
               fmt::format("the row with ({}) = ({}) has no {}: SCD_TYPE_2_BY_TIME "
                           "dates every version by it",
                           Join(keys, ", "), Join(values, ", "), model.kind.updated_at_name))
        .WithHint("give every row an updated_at, or use SCD_TYPE_2_BY_COLUMN");
  }
  return Status::OK();
}

// Per key part, whether `from` holds a NULL in it (those parts are matched NULL-safely).
Result<std::vector<bool>> NullableParts(engine::EngineAdapter& connection, const std::string& from,
                                        const std::vector<std::string>& keys) {
  std::vector<std::string> counts;
  for (const std::string& key : keys) {
    counts.push_back(
        fmt::format("CAST(SUM(CASE WHEN ({}) IS NULL THEN 1 ELSE 0 END) AS BIGINT)", key));
  }
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format("SELECT {} FROM {}", Join(counts, ", "), from)));
  std::vector<bool> nullable(keys.size(), false);
  for (size_t i = 0; i < keys.size(); ++i) {
    const engine::Value& count = result.rows.at(0).at(i);
    nullable[i] = !count.is_null() && count.AsInt64() > 0;
  }
  return nullable;
}

std::vector<std::string> Prefixed(std::string_view alias, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    out.push_back(fmt::format("{}.{}", alias, name));
  }
  return out;
}

}  // namespace

// The query's columns as the table stores them: as QuerySelectList, except that by time the
// updated_at column is a TIMESTAMP whatever type the query (or `columns`) gives it — SQLMesh's
// time_data_type — so that a text updated_at (a seed's) orders and dates versions as a time.
Result<std::string> ScdSelectList(const WriteContext& context, std::string_view source) {
  const project::Model& model = *context.model;
  if (!ByTime(model)) {
    return QuerySelectList(context, source);
  }
  std::vector<std::string> names, types;
  if (!model.columns.empty()) {
    for (const project::ColumnDeclaration& column : model.columns) {
      names.push_back(column.name);
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type, context.dialect));
      types.push_back(std::move(type));
    }
  } else {
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns, QueryColumns(context));
    for (const engine::Column& column : columns) {
      names.push_back(column.name);
      types.emplace_back();
    }
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string column = fmt::format("{}.{}", source, ColumnSql(names[i]));
    if (names[i] == model.kind.updated_at_name) {
      items.push_back(fmt::format("CAST({} AS TIMESTAMP) AS {}", column, ColumnSql(names[i])));
    } else if (!types[i].empty()) {
      items.push_back(fmt::format("CAST({} AS {}) AS {}", column, types[i], ColumnSql(names[i])));
    } else {
      items.push_back(column);
    }
  }
  return Join(items, ", ");
}

Status CreateScdType2Table(const WriteContext& context) {
  const project::Model& model = *context.model;
  const ValidityColumns validity = ValidityOf(model);
  std::string sql;
  if (!model.columns.empty()) {
    std::vector<engine::Column> declared;
    std::vector<std::string> definitions;
    for (const project::ColumnDeclaration& column : model.columns) {
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type, context.dialect));
      if (ByTime(model) && column.name == model.kind.updated_at_name) {
        type = "TIMESTAMP";
      }
      definitions.push_back(ColumnSql(column.name) + " " + type);
      declared.push_back({column.name, {}});
    }
    STRATA_RETURN_IF_ERROR(CheckNoValidityColumns(model, declared));
    definitions.push_back(validity.from + " TIMESTAMP");
    definitions.push_back(validity.to + " TIMESTAMP");
    sql = fmt::format("CREATE TABLE IF NOT EXISTS {} ({})", context.table_sql,
                      Join(definitions, ", "));
  } else {
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns, QueryColumns(context));
    STRATA_RETURN_IF_ERROR(CheckNoValidityColumns(model, columns));
    STRATA_ASSIGN_OR_RETURN(std::string select, ScdSelectList(context, "strata_query"));
    sql = fmt::format(
        "CREATE TABLE IF NOT EXISTS {} AS SELECT {}, CAST(NULL AS TIMESTAMP) AS {}, "
        "CAST(NULL AS TIMESTAMP) AS {} FROM ({}) AS strata_query {}",
        context.table_sql, select, validity.from, validity.to, context.query,
        EmptyTableClause(context.dialect));
  }
  return context.connection->Execute(sql).status();
}

Result<BatchResult> WriteScdType2Batch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  const project::Model& model = *context.model;
  const bool by_time = ByTime(model);
  if (context.unique_key.empty()) {
    return Status::ProjectError(fmt::format("{} is SCD type 2 without a unique_key", model.name));
  }
  const ValidityColumns validity = ValidityOf(model);
  STRATA_ASSIGN_OR_RETURN(std::string select, ScdSelectList(context, "strata_query"));
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format("CREATE TEMPORARY TABLE strata_batch_rows AS SELECT {} FROM ({}) "
                               "AS strata_query",
                               select, context.query))
          .status());
  const std::string rows = TempTableSql(context.dialect, "strata_batch_rows");
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> bare,
                          KeySql(context.unique_key, "", context.dialect));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> source_keys,
                          KeySql(context.unique_key, "s", context.dialect));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> target_keys,
                          KeySql(context.unique_key, "t", context.dialect));
  STRATA_RETURN_IF_ERROR(CheckUpdatedAt(connection, model, rows, bare));
  STRATA_ASSIGN_OR_RETURN(std::vector<bool> nullable, NullableParts(connection, rows, bare));
  // With invalidate_hard_deletes, one FULL JOIN of the rows with the open versions finds the new,
  // changed and deleted keys, and the duplicate check needs no pass over the rows of its own (see
  // below). PostgreSQL runs a FULL JOIN only on hashable or mergeable conditions, which
  // IS NOT DISTINCT FROM is not: with a NULL in a key part it takes the LEFT JOIN and anti-join.
  const bool full_join = model.kind.invalidate_hard_deletes &&
                         (context.dialect != sql::DialectKind::kPostgres ||
                          std::find(nullable.begin(), nullable.end(), true) == nullable.end());
  if (!full_join) {
    STRATA_RETURN_IF_ERROR(CheckDuplicates(connection, rows, bare));
  }

  // The columns copied from the rows: the table's, less the validity columns.
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> table_columns,
                          ColumnsOf(connection, context.table_sql));
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> row_columns, ColumnsOf(connection, rows));
  std::vector<std::string> columns;
  for (const std::string& name : SharedColumns(table_columns, row_columns)) {
    if (name != model.kind.valid_from_name && name != model.kind.valid_to_name) {
      columns.push_back(ColumnSql(name));
    }
  }
  // The columns whose change opens a new version (by column).
  std::vector<std::string> checked;
  if (!by_time) {
    if (model.kind.scd_all_columns) {
      checked = columns;
    } else {
      for (const std::string& name : model.kind.scd_columns) {
        const int index = FindColumn(row_columns, name);
        if (index < 0) {
          return Status::ProjectError(
              fmt::format("SCD_TYPE_2_BY_COLUMN column {} is not a column of the query", name));
        }
        checked.push_back(ColumnSql(row_columns[static_cast<size_t>(index)].name));
      }
    }
  }

  const std::string execution =
      fmt::format("CAST('{}' AS TIMESTAMP)", FormatTimestamp(context.execution_time));
  const std::string updated_at = ColumnSql(model.kind.updated_at_name);
  // When the row `alias` was (last) changed: by time its updated_at, else the execution time.
  auto event_time = [&](std::string_view alias) {
    return by_time ? fmt::format("CAST({}.{} AS TIMESTAMP)", alias, updated_at) : execution;
  };
  // Whether row `s` differs from the open version `o`.
  auto changed = [&](std::string_view o) {
    if (by_time) {
      return fmt::format("CAST(s.{1} AS TIMESTAMP) > CAST({0}.{1} AS TIMESTAMP) OR {0}.{1} IS NULL",
                         o, updated_at);
    }
    std::vector<std::string> parts;
    for (const std::string& column : checked) {
      parts.push_back(fmt::format("s.{1} IS DISTINCT FROM {0}.{1}", o, column));
    }
    return parts.empty() ? std::string("FALSE") : Join(parts, " OR ");
  };

  STRATA_ASSIGN_OR_RETURN(int64_t existing,
                          CountRows(connection, fmt::format("(SELECT 1 AS x FROM {} LIMIT 1) AS t",
                                                            context.table_sql)));
  const bool first_load = existing == 0;
  std::string new_from;
  if (!first_load) {
    new_from = "d.strata_at";  // the row's updated_at (by column: the execution time)
  } else if (by_time && model.kind.updated_at_as_valid_from) {
    new_from = "d.strata_at";
  } else if (!by_time && model.kind.execution_time_as_valid_from) {
    new_from = execution;
  } else {
    new_from = kEpoch;
  }

  std::vector<std::string> key_columns;  // strata_k0, … in the derived tables
  std::vector<std::string> key_items;    // t's keys AS strata_k0, …
  for (size_t i = 0; i < target_keys.size(); ++i) {
    key_columns.push_back(fmt::format("strata_k{}", i));
    key_items.push_back(fmt::format("{} AS strata_k{}", target_keys[i], i));
  }
  const std::string keys_list = Join(key_items, ", ");
  const std::string diff = TempTableSql(context.dialect, "strata_scd_diff");
  const std::string new_rows = TempTableSql(context.dialect, "strata_scd_new");
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> diff_keys,
                          KeySql(context.unique_key, "d", context.dialect));

  // ---- the difference (one row per key that changes): source rows without an open version or
  // that changed, with their open version's key, and the open versions whose key is gone (those
  // without a source row: strata_present IS NULL, dated at the execution time)
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format(
              "CREATE TEMPORARY TABLE strata_scd_diff AS SELECT {cols}, s.strata_present, "
              "o.strata_open, {open_keys}, CASE WHEN s.strata_present IS NULL THEN {execution} "
              "ELSE {event} END AS strata_at FROM (SELECT 1 AS strata_present, r.* FROM {rows} AS "
              "r) AS s {join} (SELECT 1 AS strata_open, {keys}, t.* FROM {table} AS t WHERE t.{to} "
              "IS NULL) AS o ON {match_o} WHERE {gone}o.strata_open IS NULL OR ({changed})",
              fmt::arg("cols", Join(Prefixed("s", columns), ", ")),
              fmt::arg("open_keys", Join(Prefixed("o", key_columns), ", ")),
              fmt::arg("execution", execution), fmt::arg("event", event_time("s")),
              fmt::arg("rows", rows), fmt::arg("join", full_join ? "FULL JOIN" : "LEFT JOIN"),
              fmt::arg("keys", keys_list), fmt::arg("table", context.table_sql),
              fmt::arg("to", validity.to),
              fmt::arg("match_o", KeyMatch(source_keys, Prefixed("o", key_columns), nullable)),
              fmt::arg("gone", full_join ? "s.strata_present IS NULL OR " : ""),
              fmt::arg("changed", changed("o"))))
          .status());
  if (full_join) {
    // Duplicate keys without grouping the rows: the open versions hold one row per key, so the
    // rows that found an open version (all rows - the new ones) outnumber the open versions
    // they found (all open versions - the gone ones) exactly when a found key repeats; a new key
    // that repeats is in the difference, which is small.
    STRATA_ASSIGN_OR_RETURN(
        engine::QueryResult counts,
        connection.Query(fmt::format(
            "SELECT (SELECT CAST(count(*) AS BIGINT) FROM {rows}), (SELECT CAST(count(*) AS "
            "BIGINT) FROM {table} WHERE {to} IS NULL), CAST(SUM(CASE WHEN strata_present IS NOT "
            "NULL AND strata_open IS NULL THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN "
            "strata_present IS NULL THEN 1 ELSE 0 END) AS BIGINT) FROM {diff}",
            fmt::arg("rows", rows), fmt::arg("table", context.table_sql),
            fmt::arg("to", validity.to), fmt::arg("diff", diff))));
    const std::vector<engine::Value>& row = counts.rows.at(0);
    auto number = [&](size_t i) { return row.at(i).is_null() ? 0 : row.at(i).AsInt64(); };
    if (number(0) - number(2) > number(1) - number(3)) {
      STRATA_RETURN_IF_ERROR(CheckDuplicates(connection, rows, bare));
    }
    STRATA_RETURN_IF_ERROR(CheckDuplicates(
        connection,
        fmt::format("(SELECT * FROM {} WHERE strata_present IS NOT NULL AND strata_open IS NULL) "
                    "AS n",
                    diff),
        bare));
  } else if (model.kind.invalidate_hard_deletes) {
    STRATA_RETURN_IF_ERROR(
        connection
            .Execute(fmt::format(
                "INSERT INTO {diff} (strata_open, {key_columns}, strata_at) SELECT 1, {keys}, "
                "{execution} FROM {table} AS t WHERE t.{to} IS NULL AND NOT EXISTS (SELECT 1 FROM "
                "{rows} AS s WHERE {match})",
                fmt::arg("diff", diff), fmt::arg("key_columns", Join(key_columns, ", ")),
                fmt::arg("keys", Join(target_keys, ", ")), fmt::arg("execution", execution),
                fmt::arg("table", context.table_sql), fmt::arg("to", validity.to),
                fmt::arg("rows", rows),
                fmt::arg("match", KeyMatch(target_keys, source_keys, nullable))))
            .status());
  }

  // ---- the versions to open, dated before anything is closed (a key back after a delete
  // opens at its last version's valid_to at the earliest)
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format(
              "CREATE TEMPORARY TABLE strata_scd_new AS SELECT {cols}, CASE WHEN d.strata_open IS "
              "NOT NULL THEN d.strata_at WHEN h.strata_last_to IS NOT NULL THEN "
              "GREATEST(d.strata_at, h.strata_last_to) ELSE {new_from} END AS strata_valid_from "
              "FROM {diff} AS d LEFT JOIN (SELECT {keys}, MAX(t.{to}) AS strata_last_to FROM "
              "{table} AS t WHERE t.{to} IS NOT NULL AND EXISTS (SELECT 1 FROM {diff} AS d WHERE "
              "d.strata_present IS NOT NULL AND d.strata_open IS NULL AND {match_t}) GROUP BY "
              "{group}) AS h ON {match_h} WHERE d.strata_present IS NOT NULL",
              fmt::arg("cols", Join(Prefixed("d", columns), ", ")), fmt::arg("new_from", new_from),
              fmt::arg("diff", diff), fmt::arg("keys", keys_list), fmt::arg("to", validity.to),
              fmt::arg("table", context.table_sql),
              fmt::arg("match_t", KeyMatch(target_keys, diff_keys, nullable)),
              fmt::arg("group", Join(target_keys, ", ")),
              fmt::arg("match_h", KeyMatch(diff_keys, Prefixed("h", key_columns), nullable))))
          .status());

  // ---- close, then open
  BatchResult result;
  STRATA_ASSIGN_OR_RETURN(
      std::vector<bool> closing_nullable,
      NullableParts(connection, fmt::format("{} WHERE strata_open IS NOT NULL", diff),
                    key_columns));
  STRATA_ASSIGN_OR_RETURN(
      result.updated,
      connection.Execute(fmt::format(
          "UPDATE {table} AS t SET {to} = c.strata_at FROM {diff} AS c WHERE c.strata_open IS NOT "
          "NULL AND t.{to} IS NULL AND {match}",
          fmt::arg("table", context.table_sql), fmt::arg("to", validity.to), fmt::arg("diff", diff),
          fmt::arg("match", KeyMatch(target_keys, Prefixed("c", key_columns), closing_nullable)))));
  STRATA_ASSIGN_OR_RETURN(
      result.inserted,
      connection.Execute(fmt::format("INSERT INTO {} ({}, {}) SELECT {}, strata_valid_from FROM {}",
                                     context.table_sql, Join(columns, ", "), validity.from,
                                     Join(columns, ", "), new_rows)));
  STRATA_RETURN_IF_ERROR(
      connection
          .Execute(fmt::format("DROP TABLE {}; DROP TABLE {}; DROP TABLE {}", new_rows, diff, rows))
          .status());
  return result;
}

}  // namespace strata
