#include "dbt/snapshot.h"

#include <fmt/format.h>

#include "base/text.h"

namespace strata::dbt {
namespace {

using engine::EngineAdapter;
using engine::EngineType;

struct SnapshotConfig {
  std::vector<std::string> keys;
  std::string strategy;
  std::string updated_at;               // timestamp strategy
  std::vector<std::string> check_cols;  // check strategy; empty: all
  std::string hard_deletes;             // ignore, invalidate, new_record
};

Result<SnapshotConfig> ReadConfig(const NodeConfig& config) {
  SnapshotConfig out;
  STRATA_ASSIGN_OR_RETURN(out.keys, ConfigStringList(config, "unique_key"));
  if (out.keys.empty()) {
    return Status::ProjectError("a snapshot needs a unique_key")
        .WithHint("set unique_key (a column, or a list of columns) in the snapshot's config");
  }
  out.strategy = config.String("strategy").value_or("");
  if (out.strategy == "timestamp") {
    out.updated_at = config.String("updated_at").value_or("");
    if (out.updated_at.empty()) {
      return Status::ProjectError("a snapshot with strategy timestamp needs updated_at")
          .WithHint("set updated_at to the column that says when a row last changed");
    }
  } else if (out.strategy == "check") {
    const jinja::Value* cols = config.Find("check_cols");
    if (cols == nullptr || cols->is_none()) {
      return Status::ProjectError("a snapshot with strategy check needs check_cols")
          .WithHint("set check_cols to 'all' or a list of columns");
    }
    if (!(cols->is_string() && cols->as_string() == "all")) {
      STRATA_ASSIGN_OR_RETURN(out.check_cols, ConfigStringList(config, "check_cols"));
    }
  } else {
    return Status::ProjectError(
               fmt::format("a snapshot's strategy must be timestamp or check, not '{}'",
                           out.strategy))
        .WithHint("set strategy: timestamp (with updated_at) or strategy: check (with check_cols)");
  }
  out.hard_deletes = config.String("hard_deletes").value_or("");
  if (out.hard_deletes.empty()) {
    const jinja::Value* legacy = config.Find("invalidate_hard_deletes");
    out.hard_deletes = legacy != nullptr && legacy->Truthy() ? "invalidate" : "ignore";
  }
  if (out.hard_deletes != "ignore" && out.hard_deletes != "invalidate" &&
      out.hard_deletes != "new_record") {
    return Status::ProjectError(
               fmt::format("hard_deletes must be ignore, invalidate or new_record, not '{}'",
                           out.hard_deletes))
        .WithHint("set hard_deletes: ignore, invalidate or new_record");
  }
  return out;
}

// md5 of the values, each cast to varchar (NULL as ''), joined by '|': dbt's dbt_scd_id.
std::string HashOf(const std::vector<std::string>& expressions) {
  std::vector<std::string> parts;
  for (const std::string& e : expressions) {
    parts.push_back(fmt::format("coalesce(cast({} as varchar), '')", e));
  }
  return "md5(" + Join(parts, " || '|' || ") + ")";
}

// `prefix.key` for each key.
std::vector<std::string> Qualified(const std::vector<std::string>& keys, std::string_view prefix) {
  std::vector<std::string> out;
  for (const std::string& key : keys) {
    out.push_back(std::string(prefix) + "." + key);
  }
  return out;
}

std::string KeysMatch(const std::vector<std::string>& keys, std::string_view a,
                      std::string_view b) {
  std::vector<std::string> parts;
  for (const std::string& key : keys) {
    parts.push_back(fmt::format("{}.{} = {}.{}", a, key, b, key));
  }
  return Join(parts, " AND ");
}

}  // namespace

Result<SnapshotWrite> RunSnapshot(EngineAdapter& db, const RelationName& relation,
                                  const std::string& sql, const NodeConfig& config,
                                  Existing existing) {
  STRATA_ASSIGN_OR_RETURN(SnapshotConfig c, ReadConfig(config));
  const bool postgres = db.type() == EngineType::kPostgres;
  // The snapshot's time, as dbt-duckdb and dbt-postgres take it.
  const std::string now = postgres ? "now()::timestamp without time zone" : "now()::timestamp";
  const bool check = c.strategy == "check";
  const std::string target = relation.Render();
  SnapshotWrite result;
  STRATA_ASSIGN_OR_RETURN(
      ModelWrite ignored, InWriteTransaction(db, relation, {}, [&]() -> Result<ModelWrite> {
        const std::string source = QuoteSqlIdentifier(relation.identifier + "__dbt_source");
        STRATA_RETURN_IF_ERROR(
            db.Execute(fmt::format("CREATE TEMPORARY TABLE {} AS (\n{}\n)", source, sql)).status());
        const std::string updated = check ? now : "s." + c.updated_at;
        std::vector<std::string> hash_args = Qualified(c.keys, "s");
        hash_args.push_back(updated);
        const std::string is_deleted =
            c.hard_deletes == "new_record" ? ", 'False' AS dbt_is_deleted" : "";
        if (existing != Existing::kTable) {
          if (existing == Existing::kView) {
            STRATA_RETURN_IF_ERROR(db.Execute("DROP VIEW " + target).status());
          }
          STRATA_ASSIGN_OR_RETURN(
              result.rows,
              db.Execute(fmt::format(
                  "CREATE TABLE {} AS SELECT s.*, {} AS dbt_scd_id, {} AS dbt_updated_at, {} AS "
                  "dbt_valid_from, nullif({}, {}) AS dbt_valid_to{} FROM {} AS s",
                  target, HashOf(hash_args), updated, updated, updated, updated, is_deleted,
                  source)));
          result.created = true;
          STRATA_RETURN_IF_ERROR(db.Execute("DROP TABLE " + source).status());
          return ModelWrite{};
        }
        STRATA_ASSIGN_OR_RETURN(std::vector<engine::Column> source_columns,
                                db.DescribeQuery("SELECT * FROM " + source));
        // The current versions (not a deletion record).
        const std::string current = fmt::format(
            "(SELECT * FROM {} WHERE dbt_valid_to IS NULL{}) AS t", target,
            c.hard_deletes == "new_record" ? " AND coalesce(dbt_is_deleted, 'False') <> 'True'"
                                           : "");
        std::string changed;
        if (check) {
          std::vector<std::string> columns = c.check_cols;
          if (columns.empty()) {
            for (const engine::Column& column : source_columns) {
              columns.push_back(QuoteSqlIdentifier(column.name));
            }
          }
          std::vector<std::string> parts;
          for (const std::string& column : columns) {
            parts.push_back(fmt::format("s.{0} IS DISTINCT FROM t.{0}", column));
          }
          changed = "(" + Join(parts, " OR ") + ")";
        } else {
          changed = fmt::format("t.dbt_valid_from < s.{}", c.updated_at);
        }
        std::vector<std::string> names;
        for (const engine::Column& column : source_columns) {
          names.push_back(QuoteSqlIdentifier(column.name));
        }
        const std::string staging = QuoteSqlIdentifier(relation.identifier + "__dbt_staging");
        // Each source row that is new or changed, with the scd id of the version it replaces.
        STRATA_RETURN_IF_ERROR(
            db.Execute(fmt::format(
                           "CREATE TEMPORARY TABLE {} AS SELECT s.*, {} AS strata_scd_id, {} AS "
                           "strata_updated_at, t.dbt_scd_id AS strata_replaces FROM {} AS s LEFT "
                           "JOIN {} ON {} WHERE t.dbt_scd_id IS NULL OR {}",
                           staging, HashOf(hash_args), updated, source, current,
                           KeysMatch(c.keys, "s", "t"), changed))
                .status());
        // Close the versions that newer ones replace (and the deletion record of a key that
        // came back).
        STRATA_ASSIGN_OR_RETURN(
            result.updated,
            db.Execute(fmt::format("UPDATE {} AS d SET dbt_valid_to = n.strata_updated_at FROM {} "
                                   "AS n WHERE d.dbt_scd_id = n.strata_replaces AND "
                                   "d.dbt_valid_to IS NULL",
                                   target, staging)));
        if (c.hard_deletes == "new_record") {
          STRATA_RETURN_IF_ERROR(
              db.Execute(
                    fmt::format("UPDATE {} AS d SET dbt_valid_to = n.strata_updated_at FROM {} "
                                "AS n WHERE {} AND d.dbt_is_deleted = 'True' AND "
                                "d.dbt_valid_to IS NULL",
                                target, staging, KeysMatch(c.keys, "d", "n")))
                  .status());
        }
        // Keys gone from the source.
        if (c.hard_deletes != "ignore") {
          const std::string gone = fmt::format(
              "SELECT t.dbt_scd_id FROM {} WHERE NOT EXISTS (SELECT 1 FROM {} AS s WHERE {})",
              current, source, KeysMatch(c.keys, "s", "t"));
          if (c.hard_deletes == "new_record") {
            std::vector<std::string> carried;
            for (const std::string& name : names) {
              carried.push_back("d." + name);
            }
            STRATA_RETURN_IF_ERROR(
                db
                    .Execute(fmt::format(
                        "INSERT INTO {0} ({1}, dbt_scd_id, dbt_updated_at, dbt_valid_from, "
                        "dbt_valid_to, dbt_is_deleted) SELECT {2}, {3}, {4}, {4}, NULL, "
                        "'True' FROM {0} AS d WHERE d.dbt_scd_id IN ({5})",
                        target, Join(names, ", "), Join(carried, ", "),
                        HashOf({Join(Qualified(c.keys, "d"), " || '|' || "), now}), now, gone))
                    .status());
          }
          STRATA_ASSIGN_OR_RETURN(
              result.deleted,
              db.Execute(fmt::format("UPDATE {} SET dbt_valid_to = {} WHERE dbt_valid_to IS NULL "
                                     "AND dbt_scd_id IN ({})",
                                     target, now, gone)));
        }
        STRATA_ASSIGN_OR_RETURN(
            result.inserted,
            db.Execute(fmt::format(
                "INSERT INTO {0} ({1}, dbt_scd_id, dbt_updated_at, dbt_valid_from, "
                "dbt_valid_to{2}) SELECT {1}, strata_scd_id, strata_updated_at, strata_updated_at, "
                "NULL{3} FROM {4}",
                target, Join(names, ", "), c.hard_deletes == "new_record" ? ", dbt_is_deleted" : "",
                c.hard_deletes == "new_record" ? ", 'False'" : "", staging)));
        STRATA_RETURN_IF_ERROR(db.Execute("DROP TABLE " + staging).status());
        STRATA_RETURN_IF_ERROR(db.Execute("DROP TABLE " + source).status());
        return ModelWrite{};
      }));
  (void)ignored;
  return result;
}

}  // namespace strata::dbt
