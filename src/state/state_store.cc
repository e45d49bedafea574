// StateStore: portable SQL (it runs unchanged on DuckDB and PostgreSQL) over four tables.
#include "state/state_store.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "base/version.h"

namespace strata::state {

namespace {

using engine::QueryResult;
using engine::Value;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Optional(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "NULL";
}

std::optional<int64_t> OptionalInt(const Value& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return value.AsInt64();
}

std::string Text(const Value& value) { return value.is_null() ? "" : value.AsString(); }

// The migrations, in order: migration i brings the tables from version i to i + 1. `{}` is the
// schema name. Never edit a released migration; append a new one.
const std::vector<std::vector<std::string>>& Migrations() {
  static const auto* migrations = new std::vector<std::vector<std::string>>{
      {
          "CREATE TABLE {}.snapshots ("
          "name VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, version VARCHAR NOT NULL, "
          "kind VARCHAR NOT NULL, payload VARCHAR NOT NULL, created_ts BIGINT NOT NULL, "
          "ttl_us BIGINT NOT NULL, PRIMARY KEY (name, fingerprint))",
          "CREATE TABLE {}.environments ("
          "name VARCHAR NOT NULL PRIMARY KEY, snapshots VARCHAR NOT NULL, start_ts BIGINT, "
          "end_ts BIGINT, plan_id VARCHAR NOT NULL, previous_plan_id VARCHAR NOT NULL, "
          "expiration_ts BIGINT, finalized_ts BIGINT, updated_ts BIGINT NOT NULL)",
          "CREATE TABLE {}.intervals ("
          "seq BIGINT NOT NULL, name VARCHAR NOT NULL, version VARCHAR NOT NULL, "
          "start_ts BIGINT NOT NULL, end_ts BIGINT NOT NULL, is_removed BOOLEAN NOT NULL, "
          "created_ts BIGINT NOT NULL)",
      },
      {
          // Which snapshots of an environment have views (NULL: all of them).
          "ALTER TABLE {}.environments ADD COLUMN promoted_snapshots VARCHAR",
      },
  };
  return *migrations;
}

std::string SnapshotIdsJson(const std::vector<SnapshotId>& ids) {
  nlohmann::json list = nlohmann::json::array();
  for (const SnapshotId& id : ids) {
    list.push_back({{"name", id.name}, {"fingerprint", id.fingerprint}});
  }
  return list.dump();
}

Result<std::vector<SnapshotId>> SnapshotIdsFromJson(const std::string& text) {
  try {
    std::vector<SnapshotId> ids;
    for (const auto& item : nlohmann::json::parse(text)) {
      ids.push_back(
          {item.at("name").get<std::string>(), item.at("fingerprint").get<std::string>()});
    }
    return ids;
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(fmt::format("corrupt environment record in the state: {}", e.what()));
  }
}

std::string KeyPredicate(const IntervalKey& key) {
  return fmt::format("name = {} AND version = {}", QuoteSqlString(key.first),
                     QuoteSqlString(key.second));
}

}  // namespace

StateStore::StateStore(engine::EngineAdapter* connection, std::string schema)
    : connection_(connection), schema_(std::move(schema)) {}

std::string StateStore::Table(const char* name) const {
  return fmt::format("{}.{}", QuoteSqlIdentifier(schema_), name);
}

Result<int> StateStore::SchemaVersion() {
  // DescribeTable is a catalog lookup; listing the schema's tables would make DuckDB load the
  // storage metadata of every table of the database first.
  Result<std::vector<engine::Column>> versions = connection_->DescribeTable(schema_, "_versions");
  if (versions.status().code() == StatusCode::kNotFound) {
    return 0;
  }
  STRATA_RETURN_IF_ERROR(versions.status());
  STRATA_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection_->Query(fmt::format("SELECT MAX(schema_version) FROM {}", Table("_versions"))));
  if (rows.rows.empty() || rows.rows[0][0].is_null()) {
    return 0;
  }
  return static_cast<int>(rows.rows[0][0].AsInt64());
}

Status StateStore::Migrate() {
  STRATA_ASSIGN_OR_RETURN(int current, SchemaVersion());
  const int latest = static_cast<int>(Migrations().size());
  static_assert(kStateSchemaVersion == 2, "add the migration to Migrations()");
  if (current > latest) {
    return Status::ProjectError(fmt::format("the state in schema '{}' is at version {}, newer than "
                                            "this strata understands ({})",
                                            schema_, current, latest))
        .WithHint("upgrade strata to work with this state");
  }
  if (current == latest) {
    return Status::OK();
  }
  STRATA_RETURN_IF_ERROR(connection_->Begin());
  auto apply = [&]() -> Status {
    const std::string schema = QuoteSqlIdentifier(schema_);
    STRATA_RETURN_IF_ERROR(
        connection_->Execute(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", schema)).status());
    STRATA_RETURN_IF_ERROR(connection_
                               ->Execute(fmt::format("CREATE TABLE IF NOT EXISTS {} "
                                                     "(schema_version INTEGER NOT NULL, "
                                                     "strata_version VARCHAR NOT NULL)",
                                                     Table("_versions")))
                               .status());
    for (int version = current; version < latest; ++version) {
      for (const std::string& statement : Migrations()[version]) {
        STRATA_RETURN_IF_ERROR(
            connection_->Execute(fmt::format(fmt::runtime(statement), schema)).status());
      }
    }
    return connection_
        ->Execute(fmt::format("DELETE FROM {0}; INSERT INTO {0} VALUES ({1}, {2})",
                              Table("_versions"), latest, QuoteSqlString(kStrataVersion)))
        .status();
  };
  if (Status status = apply(); !status.ok()) {
    (void)connection_->Rollback();
    return status.WithContext("migrating the state tables");
  }
  return connection_->Commit();
}

Status StateStore::PutSnapshots(const std::vector<SnapshotRecord>& snapshots) {
  for (const SnapshotRecord& s : snapshots) {
    STRATA_RETURN_IF_ERROR(
        connection_
            ->Execute(fmt::format(
                "INSERT INTO {0} SELECT {1}, {2}, {3}, {4}, {5}, {6}, {7} WHERE NOT EXISTS "
                "(SELECT 1 FROM {0} WHERE name = {1} AND fingerprint = {2})",
                Table("snapshots"), QuoteSqlString(s.id.name), QuoteSqlString(s.id.fingerprint),
                QuoteSqlString(s.version), QuoteSqlString(s.kind), QuoteSqlString(s.payload),
                s.created_ts, s.ttl_us))
            .status());
  }
  return Status::OK();
}

Result<std::vector<SnapshotRecord>> StateStore::GetSnapshots(const std::vector<SnapshotId>& ids) {
  std::vector<SnapshotRecord> out;
  // Bounded IN lists keep statements small for large projects.
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    std::vector<std::string> pairs;
    for (size_t i = begin; i < std::min(ids.size(), begin + kChunk); ++i) {
      pairs.push_back(
          fmt::format("({}, {})", QuoteSqlString(ids[i].name), QuoteSqlString(ids[i].fingerprint)));
    }
    STRATA_ASSIGN_OR_RETURN(
        QueryResult rows,
        connection_->Query(fmt::format(
            "SELECT name, fingerprint, version, kind, payload, created_ts, ttl_us FROM {} "
            "WHERE (name, fingerprint) IN ({})",
            Table("snapshots"), Join(pairs, ", "))));
    for (const auto& row : rows.rows) {
      out.push_back({{Text(row[0]), Text(row[1])},
                     Text(row[2]),
                     Text(row[3]),
                     Text(row[4]),
                     row[5].AsInt64(),
                     row[6].AsInt64()});
    }
  }
  return out;
}

Result<std::vector<SnapshotRecord>> StateStore::AllSnapshots() {
  STRATA_ASSIGN_OR_RETURN(QueryResult rows, connection_->Query(fmt::format(
                                                "SELECT name, fingerprint, version, kind, payload, "
                                                "created_ts, ttl_us FROM {}",
                                                Table("snapshots"))));
  std::vector<SnapshotRecord> out;
  for (const auto& row : rows.rows) {
    out.push_back({{Text(row[0]), Text(row[1])},
                   Text(row[2]),
                   Text(row[3]),
                   Text(row[4]),
                   row[5].AsInt64(),
                   row[6].AsInt64()});
  }
  // Sorted here, not by ORDER BY: a server's collation (en_US on PostgreSQL) would order names
  // differently from DuckDB's byte order.
  std::sort(out.begin(), out.end(), [](const SnapshotRecord& a, const SnapshotRecord& b) {
    return std::tie(a.id.name, a.created_ts, a.id.fingerprint) <
           std::tie(b.id.name, b.created_ts, b.id.fingerprint);
  });
  return out;
}

Status StateStore::DeleteSnapshots(const std::vector<SnapshotId>& ids) {
  for (const SnapshotId& id : ids) {
    STRATA_RETURN_IF_ERROR(connection_
                               ->Execute(fmt::format("DELETE FROM {} WHERE name = {} AND "
                                                     "fingerprint = {}",
                                                     Table("snapshots"), QuoteSqlString(id.name),
                                                     QuoteSqlString(id.fingerprint)))
                               .status());
  }
  return Status::OK();
}

namespace {

constexpr const char* kEnvironmentColumns =
    "name, snapshots, start_ts, end_ts, plan_id, previous_plan_id, expiration_ts, finalized_ts, "
    "updated_ts, promoted_snapshots";

}  // namespace

Status StateStore::PutEnvironment(const EnvironmentRecord& e) {
  return connection_
      ->Execute(fmt::format(
          "DELETE FROM {0} WHERE name = {1}; "
          "INSERT INTO {0} ({11}) VALUES ({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10})",
          Table("environments"), QuoteSqlString(e.name),
          QuoteSqlString(SnapshotIdsJson(e.snapshots)), Optional(e.start_ts), Optional(e.end_ts),
          QuoteSqlString(e.plan_id), QuoteSqlString(e.previous_plan_id), Optional(e.expiration_ts),
          Optional(e.finalized_ts), e.updated_ts != 0 ? e.updated_ts : NowMicros(),
          e.promoted ? QuoteSqlString(SnapshotIdsJson(*e.promoted)) : std::string("NULL"),
          kEnvironmentColumns))
      .status();
}

namespace {

Result<EnvironmentRecord> EnvironmentFromRow(const std::vector<Value>& row) {
  EnvironmentRecord e;
  e.name = Text(row[0]);
  STRATA_ASSIGN_OR_RETURN(e.snapshots, SnapshotIdsFromJson(Text(row[1])));
  e.start_ts = OptionalInt(row[2]);
  e.end_ts = OptionalInt(row[3]);
  e.plan_id = Text(row[4]);
  e.previous_plan_id = Text(row[5]);
  e.expiration_ts = OptionalInt(row[6]);
  e.finalized_ts = OptionalInt(row[7]);
  e.updated_ts = row[8].AsInt64();
  if (!row[9].is_null()) {
    STRATA_ASSIGN_OR_RETURN(e.promoted, SnapshotIdsFromJson(Text(row[9])));
  }
  return e;
}

}  // namespace

Result<EnvironmentRecord> StateStore::GetEnvironment(const std::string& name) {
  STRATA_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection_->Query(fmt::format("SELECT {} FROM {} WHERE name = {}", kEnvironmentColumns,
                                     Table("environments"), QuoteSqlString(name))));
  if (rows.rows.empty()) {
    return Status::NotFound(fmt::format("environment '{}' does not exist", name));
  }
  return EnvironmentFromRow(rows.rows[0]);
}

Result<std::vector<EnvironmentRecord>> StateStore::AllEnvironments() {
  STRATA_ASSIGN_OR_RETURN(QueryResult rows,
                          connection_->Query(fmt::format("SELECT {} FROM {}", kEnvironmentColumns,
                                                         Table("environments"))));
  std::vector<EnvironmentRecord> out;
  for (const auto& row : rows.rows) {
    STRATA_ASSIGN_OR_RETURN(EnvironmentRecord e, EnvironmentFromRow(row));
    out.push_back(std::move(e));
  }
  // Byte order whatever the server's collation (see AllSnapshots).
  std::sort(out.begin(), out.end(),
            [](const EnvironmentRecord& a, const EnvironmentRecord& b) { return a.name < b.name; });
  return out;
}

Status StateStore::DeleteEnvironment(const std::string& name) {
  return connection_
      ->Execute(fmt::format("DELETE FROM {} WHERE name = {}", Table("environments"),
                            QuoteSqlString(name)))
      .status();
}

Result<int64_t> IntervalSequence::Next(engine::EngineAdapter& connection,
                                       const std::string& intervals_table) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!loaded_) {
    STRATA_ASSIGN_OR_RETURN(
        QueryResult rows,
        connection.Query(fmt::format("SELECT COALESCE(MAX(seq), 0) FROM {}", intervals_table)));
    if (rows.rows.size() != 1 || rows.rows[0][0].is_null()) {
      return Status::Internal("MAX(seq) of the interval log returned no number");
    }
    last_ = rows.rows[0][0].AsInt64();
    loaded_ = true;
  }
  return ++last_;
}

Status StateStore::AppendInterval(const IntervalKey& key, int64_t start, int64_t end,
                                  bool removed) {
  if (start >= end) {
    return Status::OK();
  }
  const std::string table = Table("intervals");
  const std::string values =
      fmt::format("{}, {}, {}, {}, {}, {}", QuoteSqlString(key.first), QuoteSqlString(key.second),
                  start, end, removed ? "TRUE" : "FALSE", NowMicros());
  if (sequence_ != nullptr) {
    STRATA_ASSIGN_OR_RETURN(int64_t seq, sequence_->Next(*connection_, table));
    return connection_->Execute(fmt::format("INSERT INTO {} VALUES ({}, {})", table, seq, values))
        .status();
  }
  return connection_
      ->Execute(fmt::format("INSERT INTO {0} SELECT COALESCE(MAX(seq), 0) + 1, {1} FROM {0}", table,
                            values))
      .status();
}

Status StateStore::AddInterval(const IntervalKey& key, int64_t start, int64_t end) {
  return AppendInterval(key, start, end, false);
}

Status StateStore::RemoveInterval(const IntervalKey& key, int64_t start, int64_t end) {
  return AppendInterval(key, start, end, true);
}

Result<IntervalSet> StateStore::GetIntervals(const IntervalKey& key) {
  STRATA_ASSIGN_OR_RETURN(auto all, GetIntervals(std::vector<IntervalKey>{key}));
  return std::move(all[key]);
}

Result<std::map<IntervalKey, IntervalSet>> StateStore::GetIntervals(
    const std::vector<IntervalKey>& keys) {
  std::map<IntervalKey, IntervalSet> out;
  for (const IntervalKey& key : keys) {
    out[key];
  }
  if (keys.empty()) {
    return out;
  }
  // One scan of the log, replayed in order; the log is small after compaction.
  std::string filter;
  if (keys.size() <= 500) {
    std::vector<std::string> pairs;
    for (const IntervalKey& key : keys) {
      pairs.push_back(
          fmt::format("({}, {})", QuoteSqlString(key.first), QuoteSqlString(key.second)));
    }
    filter = fmt::format(" WHERE (name, version) IN ({})", Join(pairs, ", "));
  }
  STRATA_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection_->Query(fmt::format("SELECT name, version, start_ts, end_ts, is_removed FROM "
                                     "{}{} ORDER BY seq",
                                     Table("intervals"), filter)));
  for (const auto& row : rows.rows) {
    auto it = out.find({Text(row[0]), Text(row[1])});
    if (it == out.end()) {
      continue;
    }
    if (row[4].AsBool()) {
      it->second.Remove(row[2].AsInt64(), row[3].AsInt64());
    } else {
      it->second.Add(row[2].AsInt64(), row[3].AsInt64());
    }
  }
  return out;
}

Status StateStore::DeleteIntervals(const IntervalKey& key) {
  return connection_
      ->Execute(fmt::format("DELETE FROM {} WHERE {}", Table("intervals"), KeyPredicate(key)))
      .status();
}

Status StateStore::CompactIntervals() {
  STRATA_ASSIGN_OR_RETURN(
      QueryResult keys,
      connection_->Query(
          fmt::format("SELECT DISTINCT name, version FROM {} ORDER BY 1, 2", Table("intervals"))));
  std::vector<IntervalKey> all;
  for (const auto& row : keys.rows) {
    all.emplace_back(Text(row[0]), Text(row[1]));
  }
  STRATA_RETURN_IF_ERROR(connection_->Begin());
  auto rewrite = [&]() -> Status {
    STRATA_ASSIGN_OR_RETURN(auto sets, GetIntervals(all));
    STRATA_RETURN_IF_ERROR(
        connection_->Execute(fmt::format("DELETE FROM {}", Table("intervals"))).status());
    const int64_t now = NowMicros();
    int64_t seq = 0;
    std::vector<std::string> rows;
    for (const auto& [key, set] : sets) {
      for (const Interval& range : set.ranges()) {
        rows.push_back(fmt::format("({}, {}, {}, {}, {}, FALSE, {})", ++seq,
                                   QuoteSqlString(key.first), QuoteSqlString(key.second),
                                   range.start, range.end, now));
      }
    }
    constexpr size_t kChunk = 1000;
    for (size_t begin = 0; begin < rows.size(); begin += kChunk) {
      std::vector<std::string> chunk(
          rows.begin() + static_cast<std::ptrdiff_t>(begin),
          rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), begin + kChunk)));
      STRATA_RETURN_IF_ERROR(connection_
                                 ->Execute(fmt::format("INSERT INTO {} VALUES {}",
                                                       Table("intervals"), Join(chunk, ", ")))
                                 .status());
    }
    return Status::OK();
  };
  if (Status status = rewrite(); !status.ok()) {
    (void)connection_->Rollback();
    return status;
  }
  return connection_->Commit();
}

}  // namespace strata::state
