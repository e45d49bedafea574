// INCREMENTAL_BY_UNIQUE_KEY: a batch upserts its rows by key (DESIGN.md §6).
//
//   CREATE TEMP TABLE strata_batch_rows AS SELECT … FROM (query)    -- the query runs once
//   SELECT keys, count(*) … GROUP BY keys HAVING count(*) > 1       -- duplicates: fail, name them
//
// then, in the common case (no when_matched, no merge_filter, every column of the table in the
// rows), a replacement of the rows that changed:
//
//   DELETE FROM t AS target USING strata_batch_rows AS source
//     WHERE key match AND (some column differs)                       -- updated = rows deleted
//   INSERT INTO t (cols) SELECT cols FROM strata_batch_rows AS source
//     WHERE NOT EXISTS (a row of t with the key)                      -- the changed and new rows
//   inserted = rows inserted - updated
//
// and otherwise one MERGE, which the when_matched clauses and merge_filter need:
//
//   MERGE INTO t AS target USING strata_batch_rows AS source
//     ON key match [AND (merge_filter)]
//     WHEN MATCHED AND (some column differs) THEN UPDATE SET c = source.c, …   -- or when_matched
//     WHEN NOT MATCHED THEN INSERT (cols) VALUES (source.cols)
//   inserted = rows after - rows before; updated = rows the MERGE changed - inserted
//   (when a when_matched clause deletes: deleted = rows before + inserted - rows after, with
//   inserted = the rows whose key the table lacks, counted first)
//
// Why not always MERGE: its UPDATE of rows spread over a DuckDB table makes the commit rewrite
// every row group it touched (DuckDB checkpoints when a transaction's updates are large), which
// costs about as much as rebuilding the table; a DELETE only marks rows and the INSERT appends
// (docs/performance.md, "Kinds that write only what changed"). Both forms write the same rows.
//
// Rows that match and are equal in every column are not written at all, so a re-run over
// unchanged input reports 0 inserted / 0 updated and changes nothing. Key parts are compared
// with `=`, except a part for which the batch holds a NULL: that part is compared with
// IS NOT DISTINCT FROM, so a NULL key part is one key value (as the duplicate check counts it).
#include <fmt/format.h>

#include "base/text.h"
#include "materialize/key_sql.h"
#include "materialize/materialize_strategy.h"

namespace strata {
namespace {

constexpr int kDuplicatesShown = 3;

// The error for keys that occur more than once in the batch, naming them.
Status DuplicateKeys(engine::EngineAdapter& connection, const std::string& rows,
                     const std::vector<std::string>& keys, const std::vector<std::string>& labels) {
  std::vector<std::string> selected;
  for (size_t i = 0; i < keys.size(); ++i) {
    selected.push_back(fmt::format("{} AS strata_k{}", keys[i], i));
  }
  std::vector<std::string> positions;
  for (size_t i = 0; i < keys.size(); ++i) {
    positions.push_back(std::to_string(i + 1));
  }
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      connection.Query(fmt::format(
          "SELECT {}, CAST(count(*) AS BIGINT) AS strata_rows FROM {} GROUP BY {} HAVING "
          "count(*) > 1 ORDER BY count(*) DESC, {} LIMIT {}",
          Join(selected, ", "), rows, Join(positions, ", "), Join(positions, ", "),
          kDuplicatesShown + 1)));
  if (result.rows.empty()) {
    return Status::OK();
  }
  std::vector<std::string> shown;
  for (size_t r = 0; r < result.rows.size() && r < kDuplicatesShown; ++r) {
    const std::vector<engine::Value>& row = result.rows[r];
    std::vector<std::string> values;
    for (size_t i = 0; i < keys.size(); ++i) {
      const engine::Value& value = row[i];
      values.push_back(value.is_null() ? "NULL"
                       : value.type().id == engine::TypeId::kVarchar
                           ? fmt::format("'{}'", value.ToString())
                           : value.ToString());
    }
    const std::string key =
        keys.size() == 1 ? fmt::format("{} = {}", labels[0], values[0])
                         : fmt::format("({}) = ({})", Join(labels, ", "), Join(values, ", "));
    shown.push_back(fmt::format("{} ({} rows)", key, row[keys.size()].AsInt64()));
  }
  std::string more = result.rows.size() > kDuplicatesShown ? ", and more" : "";
  return Status::ProjectError(
             fmt::format("the query returned several rows for one unique_key: {}{}",
                         Join(shown, ", "), more))
      .WithHint(
          "make the query return one row per key (for example keep the latest with QUALIFY "
          "ROW_NUMBER() OVER (PARTITION BY key ORDER BY updated_at DESC) = 1), or change "
          "unique_key; "
          "nothing was written");
}

// The common write: the table's rows that match a batch row and differ from it are deleted,
// then every batch row whose key the table lacks is inserted (the changed rows and the new
// keys). `on` matches `target` with `source`; `differences` are `target.c IS DISTINCT FROM
// source.c` per column.
Result<BatchResult> ReplaceChangedRows(engine::EngineAdapter& connection, const std::string& table,
                                       const std::string& rows, const std::string& on,
                                       const std::vector<std::string>& names,
                                       const std::vector<std::string>& values,
                                       const std::vector<std::string>& differences) {
  BatchResult result;
  const std::string differ = differences.empty() ? std::string("FALSE") : Join(differences, " OR ");
  STRATA_ASSIGN_OR_RETURN(
      int64_t replaced, connection.Execute(fmt::format(
                            "DELETE FROM {} AS target USING {} AS source WHERE {} AND ({})", table,
                            rows, on, differ)));
  STRATA_ASSIGN_OR_RETURN(
      int64_t written,
      connection.Execute(fmt::format(
          "INSERT INTO {table} ({names}) SELECT {values} FROM {rows} AS source WHERE NOT EXISTS "
          "(SELECT 1 FROM {table} AS target WHERE {on})",
          fmt::arg("table", table), fmt::arg("names", Join(names, ", ")),
          fmt::arg("values", Join(values, ", ")), fmt::arg("rows", rows), fmt::arg("on", on))));
  if (written >= replaced) {
    result.updated = replaced;
    result.inserted = written - replaced;
  } else {
    // The table held several rows for a key (only a forward-only change of unique_key can leave
    // that): they were replaced by the batch's one row.
    result.updated = written;
    result.deleted = replaced - written;
  }
  return result;
}

}  // namespace

Result<BatchResult> WriteUniqueKeyBatch(const WriteContext& context) {
  engine::EngineAdapter& connection = *context.connection;
  const project::Model& model = *context.model;
  if (context.unique_key.empty()) {
    return Status::ProjectError(
        fmt::format("{} is INCREMENTAL_BY_UNIQUE_KEY without a unique_key", model.name));
  }
  STRATA_ASSIGN_OR_RETURN(std::string rows, MaterializeQueryRows(context, "strata_batch_rows"));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> bare,
                          KeySql(context.unique_key, "", context.dialect));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> source_keys,
                          KeySql(context.unique_key, "source", context.dialect));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> target_keys,
                          KeySql(context.unique_key, "target", context.dialect));
  STRATA_RETURN_IF_ERROR(DuplicateKeys(connection, rows, bare, bare));

  // Which key parts hold a NULL in this batch (those are matched NULL-safely).
  std::vector<std::string> null_counts;
  for (const std::string& key : bare) {
    null_counts.push_back(
        fmt::format("CAST(SUM(CASE WHEN ({}) IS NULL THEN 1 ELSE 0 END) AS BIGINT)", key));
  }
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult nulls,
      connection.Query(fmt::format("SELECT {} FROM {}", Join(null_counts, ", "), rows)));
  std::vector<bool> nullable(bare.size(), false);
  for (size_t i = 0; i < bare.size(); ++i) {
    const engine::Value& count = nulls.rows.at(0).at(i);
    nullable[i] = !count.is_null() && count.AsInt64() > 0;
  }
  std::string on = KeyMatch(target_keys, source_keys, nullable);
  if (context.merge_filter != nullptr) {
    STRATA_ASSIGN_OR_RETURN(std::string filter,
                            QualifiedSql(context.merge_filter, "", context.dialect));
    on = fmt::format("{} AND ({})", on, filter);
  }

  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> table_columns,
                          ColumnsOf(connection, context.table_sql));
  STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> row_columns, ColumnsOf(connection, rows));
  const std::vector<std::string> columns = SharedColumns(table_columns, row_columns);
  std::vector<std::string> names;
  std::vector<std::string> values;
  std::vector<std::string> assignments;
  std::vector<std::string> differences;
  for (const std::string& column : columns) {
    const std::string name = ColumnSql(column);
    names.push_back(name);
    values.push_back("source." + name);
    assignments.push_back(fmt::format("{0} = source.{0}", name));
    differences.push_back(fmt::format("target.{0} IS DISTINCT FROM source.{0}", name));
  }

  std::vector<std::string> clauses;
  bool deletes = false;
  if (context.when_matched.empty()) {
    if (!columns.empty()) {
      clauses.push_back(fmt::format("WHEN MATCHED AND ({}) THEN UPDATE SET {}",
                                    Join(differences, " OR "), Join(assignments, ", ")));
    }
  } else {
    for (const sql::Node* clause : context.when_matched) {
      STRATA_ASSIGN_OR_RETURN(std::string text, WhenMatchedSql(clause, context.dialect));
      clauses.push_back(std::move(text));
      deletes = deletes || DeletesRows(clause);
    }
  }
  clauses.push_back(fmt::format("WHEN NOT MATCHED THEN INSERT ({}) VALUES ({})", Join(names, ", "),
                                Join(values, ", ")));

  BatchResult result;
  const bool replace = context.when_matched.empty() && context.merge_filter == nullptr &&
                       columns.size() == table_columns.size();
  if (replace) {
    STRATA_ASSIGN_OR_RETURN(result, ReplaceChangedRows(connection, context.table_sql, rows, on,
                                                       names, values, differences));
    STRATA_RETURN_IF_ERROR(connection.Execute("DROP TABLE " + rows).status());
    return result;
  }

  const std::string merge = fmt::format("MERGE INTO {} AS target USING {} AS source ON {} {}",
                                        context.table_sql, rows, on, Join(clauses, " "));
  if (!deletes) {
    // Rows only come in: inserted = the table's growth (a count DuckDB answers from its
    // metadata; cheaper than matching the batch against the table a second time).
    STRATA_ASSIGN_OR_RETURN(int64_t before, CountRows(connection, context.table_sql));
    STRATA_ASSIGN_OR_RETURN(int64_t changed, connection.Execute(merge));
    STRATA_ASSIGN_OR_RETURN(int64_t after, CountRows(connection, context.table_sql));
    result.inserted = after - before;
    result.updated = changed - result.inserted;
  } else {
    STRATA_ASSIGN_OR_RETURN(
        result.inserted,
        CountRows(connection,
                  fmt::format("{} AS source WHERE NOT EXISTS (SELECT 1 FROM {} AS target WHERE {})",
                              rows, context.table_sql, on)));
    STRATA_ASSIGN_OR_RETURN(int64_t before, CountRows(connection, context.table_sql));
    STRATA_ASSIGN_OR_RETURN(int64_t changed, connection.Execute(merge));
    STRATA_ASSIGN_OR_RETURN(int64_t after, CountRows(connection, context.table_sql));
    result.deleted = before + result.inserted - after;
    result.updated = changed - result.inserted - result.deleted;
  }
  STRATA_RETURN_IF_ERROR(connection.Execute("DROP TABLE " + rows).status());
  return result;
}

}  // namespace strata
