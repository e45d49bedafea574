#include "dbt/materialization.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "base/text.h"
#include "materialize/materialize_strategy.h"

namespace strata::dbt {
namespace {

using engine::EngineAdapter;
using engine::EngineType;

std::string Cascade(const EngineAdapter& db) {
  return db.type() == EngineType::kPostgres ? " CASCADE" : "";
}

std::string DropStatement(const EngineAdapter& db, const RelationName& relation,
                          Existing existing) {
  return fmt::format("DROP {} IF EXISTS {}{}", existing == Existing::kView ? "VIEW" : "TABLE",
                     relation.Render(), Cascade(db));
}

bool SameName(std::string_view a, std::string_view b) { return EqualsIgnoreCase(a, b); }

const engine::Column* FindColumn(const std::vector<engine::Column>& columns,
                                 std::string_view name) {
  for (const engine::Column& column : columns) {
    if (SameName(column.name, name)) {
      return &column;
    }
  }
  return nullptr;
}

std::string ColumnList(const std::vector<engine::Column>& columns, std::string_view prefix = "") {
  std::vector<std::string> names;
  for (const engine::Column& column : columns) {
    names.push_back(std::string(prefix) + QuoteSqlIdentifier(column.name));
  }
  return Join(names, ", ");
}

// Applies `on_schema_change` to the target table; returns the columns the write inserts.
Result<std::vector<engine::Column>> HandleSchemaChange(EngineAdapter& db,
                                                       const RelationName& relation,
                                                       const std::vector<engine::Column>& source,
                                                       const std::vector<engine::Column>& target,
                                                       const std::string& mode) {
  std::vector<const engine::Column*> added;
  std::vector<const engine::Column*> removed;
  std::vector<const engine::Column*> retyped;
  for (const engine::Column& column : source) {
    const engine::Column* existing = FindColumn(target, column.name);
    if (existing == nullptr) {
      added.push_back(&column);
    } else if (!(existing->type == column.type)) {
      retyped.push_back(&column);
    }
  }
  for (const engine::Column& column : target) {
    if (FindColumn(source, column.name) == nullptr) {
      removed.push_back(&column);
    }
  }
  const bool changed = !added.empty() || !removed.empty() || !retyped.empty();
  if (mode == "ignore" || !changed) {
    return target;
  }
  auto names = [](const std::vector<const engine::Column*>& columns) {
    std::vector<std::string> out;
    for (const engine::Column* column : columns) {
      out.push_back(column->name);
    }
    return out.empty() ? std::string("none") : Join(out, ", ");
  };
  if (mode == "fail") {
    return Status::ProjectError(
               fmt::format("The source and target schemas on this incremental model are out of "
                           "sync: new columns: {}; missing columns: {}; changed types: {}",
                           names(added), names(removed), names(retyped)))
        .WithHint(
            "rebuild it with --full-refresh, or set on_schema_change to append_new_columns or "
            "sync_all_columns");
  }
  const sql::DialectKind dialect = DialectOf(db.type());
  for (const engine::Column* column : added) {
    STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column->type.ToString(), dialect));
    STRATA_RETURN_IF_ERROR(
        db.Execute(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", relation.Render(),
                               QuoteSqlIdentifier(column->name), type))
            .status());
  }
  if (mode == "sync_all_columns") {
    for (const engine::Column* column : removed) {
      STRATA_RETURN_IF_ERROR(
          db.Execute(fmt::format("ALTER TABLE {} DROP COLUMN {}", relation.Render(),
                                 QuoteSqlIdentifier(column->name)))
              .status());
    }
    for (const engine::Column* column : retyped) {
      STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column->type.ToString(), dialect));
      STRATA_RETURN_IF_ERROR(
          db.Execute(fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {}", relation.Render(),
                                 QuoteSqlIdentifier(column->name), type))
              .status());
    }
  }
  return source;
}

}  // namespace

// Runs `body` between the hooks in one transaction; rolls back on any failure. On PostgreSQL the
// transaction first takes an advisory lock named after the relation, so two runs writing one
// model take turns (DuckDB's file lock already serializes whole runs).
Result<ModelWrite> InWriteTransaction(EngineAdapter& db, const RelationName& relation,
                                      const Hooks& hooks,
                                      const std::function<Result<ModelWrite>()>& body) {
  STRATA_RETURN_IF_ERROR(db.Begin());
  auto run = [&]() -> Result<ModelWrite> {
    if (db.type() == EngineType::kPostgres) {
      STRATA_RETURN_IF_ERROR(
          db.Query(fmt::format("SELECT pg_advisory_xact_lock(hashtext({}))",
                               QuoteSqlString("strata dbt " + relation.Render())))
              .status());
    }
    for (const std::string& hook : hooks.pre) {
      STRATA_RETURN_IF_ERROR(db.Execute(hook).status());
    }
    STRATA_ASSIGN_OR_RETURN(ModelWrite write, body());
    for (const std::string& hook : hooks.post) {
      STRATA_RETURN_IF_ERROR(db.Execute(hook).status());
    }
    return write;
  };
  Result<ModelWrite> write = run();
  if (!write.ok()) {
    (void)db.Rollback();
    return write.status();
  }
  STRATA_RETURN_IF_ERROR(db.Commit());
  return write;
}

// A config value as a list of strings: a string is one item; None or missing is empty.
Result<std::vector<std::string>> ConfigStringList(const NodeConfig& config, std::string_view key) {
  const jinja::Value* value = config.Find(key);
  if (value == nullptr || value->is_none()) {
    return std::vector<std::string>{};
  }
  if (value->is_string()) {
    return std::vector<std::string>{value->as_string()};
  }
  if (value->is_list()) {
    std::vector<std::string> out;
    for (const jinja::Value& item : value->items()) {
      if (!item.is_string()) {
        return Status::ProjectError(fmt::format("`{}` must be a string or a list of strings", key));
      }
      out.push_back(item.as_string());
    }
    return out;
  }
  return Status::ProjectError(fmt::format("`{}` must be a string or a list of strings", key));
}

Result<std::string> IncrementalStrategy(const NodeConfig& config, engine::EngineType engine) {
  std::optional<std::string> strategy = config.String("incremental_strategy");
  Result<std::vector<std::string>> keys = ConfigStringList(config, "unique_key");
  if (!strategy) {
    if (engine == EngineType::kDuckDb || (keys.ok() && !keys->empty())) {
      return std::string("delete+insert");
    }
    return std::string("append");
  }
  if (*strategy == "append" || *strategy == "delete+insert" || *strategy == "merge" ||
      *strategy == "microbatch") {
    return *strategy;
  }
  return Status::ProjectError(fmt::format("incremental_strategy '{}' is not valid", *strategy))
      .WithHint("use append, delete+insert, merge or microbatch");
}

Result<ModelWrite> BuildView(EngineAdapter& db, const RelationName& relation,
                             const std::string& sql, Existing existing, const Hooks& hooks) {
  return InWriteTransaction(db, relation, hooks, [&]() -> Result<ModelWrite> {
    if (existing != Existing::kNone) {
      STRATA_RETURN_IF_ERROR(db.Execute(DropStatement(db, relation, existing)).status());
    }
    STRATA_RETURN_IF_ERROR(
        db.Execute(fmt::format("CREATE VIEW {} AS (\n{}\n)", relation.Render(), sql)).status());
    return ModelWrite{};
  });
}

Result<ModelWrite> BuildTable(EngineAdapter& db, const RelationName& relation,
                              const std::string& sql, Existing existing, const Hooks& hooks) {
  RelationName staging = relation;
  staging.identifier += "__dbt_tmp";
  return InWriteTransaction(db, relation, hooks, [&]() -> Result<ModelWrite> {
    STRATA_RETURN_IF_ERROR(db.Execute("DROP TABLE IF EXISTS " + staging.Render()).status());
    ModelWrite write;
    STRATA_ASSIGN_OR_RETURN(
        write.rows, db.Execute(fmt::format("CREATE TABLE {} AS (\n{}\n)", staging.Render(), sql)));
    if (existing != Existing::kNone) {
      STRATA_RETURN_IF_ERROR(db.Execute(DropStatement(db, relation, existing)).status());
    }
    STRATA_RETURN_IF_ERROR(db.Execute(fmt::format("ALTER TABLE {} RENAME TO {}", staging.Render(),
                                                  QuoteSqlIdentifier(relation.identifier)))
                               .status());
    return write;
  });
}

Result<ModelWrite> ApplyIncremental(EngineAdapter& db, const RelationName& relation,
                                    const std::string& sql, const NodeConfig& config,
                                    const Hooks& hooks) {
  STRATA_ASSIGN_OR_RETURN(std::string strategy, IncrementalStrategy(config, db.type()));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> keys, ConfigStringList(config, "unique_key"));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> predicates,
                          ConfigStringList(config, "incremental_predicates"));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> update_columns,
                          ConfigStringList(config, "merge_update_columns"));
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> exclude_columns,
                          ConfigStringList(config, "merge_exclude_columns"));
  const std::string mode = config.String("on_schema_change").value_or("ignore");
  if (mode != "ignore" && mode != "fail" && mode != "append_new_columns" &&
      mode != "sync_all_columns") {
    return Status::ProjectError(fmt::format("on_schema_change '{}' is not valid", mode))
        .WithHint("use ignore, fail, append_new_columns or sync_all_columns");
  }
  const std::string target = relation.Render();
  const std::string source = QuoteSqlIdentifier(relation.identifier + "__dbt_tmp");
  return InWriteTransaction(db, relation, hooks, [&]() -> Result<ModelWrite> {
    STRATA_RETURN_IF_ERROR(
        db.Execute(fmt::format("CREATE TEMPORARY TABLE {} AS (\n{}\n)", source, sql)).status());
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> source_columns,
                            db.DescribeQuery("SELECT * FROM " + source));
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> target_columns,
                            db.DescribeTable(relation.schema, relation.identifier));
    STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> columns,
                            HandleSchemaChange(db, relation, source_columns, target_columns, mode));
    const std::string cols = ColumnList(columns);
    std::string extra;
    for (const std::string& predicate : predicates) {
      extra += " AND (" + predicate + ")";
    }

    // What the write will change, measured before it: incoming rows whose key is in the table
    // (`matched`) and incoming rows identical to a row of the table (`unchanged`).
    ModelWrite write;
    write.incremental = true;
    STRATA_ASSIGN_OR_RETURN(engine::QueryResult incoming_result,
                            db.Query("SELECT COUNT(*) FROM " + source));
    const int64_t incoming = SingleCount(incoming_result);
    int64_t matched = 0;
    std::string key_match;  // a key list: the source row's keys equal the target row's
    for (const std::string& key : keys) {
      key_match += fmt::format("{}DBT_INTERNAL_SOURCE.{} = DBT_INTERNAL_DEST.{}",
                               key_match.empty() ? "" : " AND ", key, key);
    }
    if (!keys.empty() && strategy != "append") {
      std::string query;
      if (keys.size() == 1) {
        query = fmt::format("SELECT COUNT(*) FROM {} WHERE ({}) IN (SELECT ({}) FROM {})", source,
                            keys[0], keys[0], target);
      } else {
        query = fmt::format(
            "SELECT COUNT(*) FROM {} AS DBT_INTERNAL_SOURCE WHERE EXISTS (SELECT 1 FROM {} AS "
            "DBT_INTERNAL_DEST WHERE {})",
            source, target, key_match);
      }
      STRATA_ASSIGN_OR_RETURN(engine::QueryResult matched_result, db.Query(query));
      matched = SingleCount(matched_result);
      STRATA_ASSIGN_OR_RETURN(
          engine::QueryResult unchanged_result,
          db.Query(fmt::format("SELECT COUNT(*) FROM (SELECT {0} FROM {1} INTERSECT ALL SELECT {0} "
                               "FROM {2}) AS same_rows",
                               cols, source, target)));
      const int64_t unchanged = std::min(SingleCount(unchanged_result), matched);
      write.inserted = incoming - matched;
      write.updated = matched - unchanged;
    } else {
      write.inserted = incoming;
    }

    const std::string insert =
        fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", target, cols, cols, source);
    if (strategy == "append") {
      STRATA_RETURN_IF_ERROR(db.Execute(insert).status());
    } else if (strategy == "delete+insert") {
      if (!keys.empty()) {
        std::string del;
        if (keys.size() == 1) {
          del = fmt::format(
              "DELETE FROM {} AS DBT_INTERNAL_DEST WHERE ({}) IN (SELECT ({}) FROM {}){}", target,
              keys[0], keys[0], source, extra);
        } else {
          del = fmt::format(
              "DELETE FROM {} AS DBT_INTERNAL_DEST USING {} AS DBT_INTERNAL_SOURCE WHERE {}{}",
              target, source, key_match, extra);
        }
        STRATA_ASSIGN_OR_RETURN(int64_t deleted, db.Execute(del));
        write.deleted = std::max<int64_t>(0, deleted - matched);
      }
      STRATA_RETURN_IF_ERROR(db.Execute(insert).status());
    } else {  // merge
      const std::string on = keys.empty() ? "FALSE" : key_match;
      std::vector<std::string> sets;
      for (const engine::Column& column : columns) {
        const bool listed =
            update_columns.empty() ||
            std::any_of(update_columns.begin(), update_columns.end(),
                        [&](const std::string& name) { return SameName(name, column.name); });
        const bool excluded =
            std::any_of(exclude_columns.begin(), exclude_columns.end(),
                        [&](const std::string& name) { return SameName(name, column.name); });
        if (listed && !excluded) {
          sets.push_back(
              fmt::format("{0} = DBT_INTERNAL_SOURCE.{0}", QuoteSqlIdentifier(column.name)));
        }
      }
      std::string merge = fmt::format(
          "MERGE INTO {} AS DBT_INTERNAL_DEST USING {} AS DBT_INTERNAL_SOURCE ON ({}){}", target,
          source, on, extra);
      if (!sets.empty() && !keys.empty()) {
        merge += " WHEN MATCHED THEN UPDATE SET " + Join(sets, ", ");
      }
      merge += fmt::format(" WHEN NOT MATCHED THEN INSERT ({}) VALUES ({})", cols,
                           ColumnList(columns, "DBT_INTERNAL_SOURCE."));
      STRATA_RETURN_IF_ERROR(db.Execute(merge).status());
    }
    STRATA_RETURN_IF_ERROR(db.Execute("DROP TABLE " + source).status());
    return write;
  });
}

}  // namespace strata::dbt
