// Snapshots: computing them from a loaded project, and their payload's JSON.
#include "core/snapshot.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "base/parallel.h"
#include "base/time_parse.h"

namespace strata {

namespace {

using Json = nlohmann::ordered_json;

Json OptionalText(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

std::optional<std::string> TextOrNone(const Json& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return value.get<std::string>();
}

Schedule ScheduleOf(const project::Model& model) {
  Schedule schedule;
  schedule.cron = model.cron_text;
  if (model.interval_unit) {
    schedule.interval_unit = std::string(IntervalUnitName(*model.interval_unit));
  }
  schedule.start = model.start;
  schedule.end = model.end;
  schedule.allow_partials = model.allow_partials;
  schedule.lookback = model.kind.lookback;
  schedule.batch_size = model.kind.batch_size.value_or(0);
  schedule.batch_concurrency = static_cast<int>(model.kind.batch_concurrency.value_or(0));
  return schedule;
}

// Appends the UTF-8 encoding of `code` to `out`.
void AppendUtf8(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Four hex digits at `text[at]`, or -1.
int64_t Hex4(std::string_view text, size_t at) {
  if (at + 4 > text.size()) {
    return -1;
  }
  int64_t value = 0;
  for (size_t i = at; i < at + 4; ++i) {
    const char c = text[i];
    const int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// Decodes the body of a JSON string (between its quotes) into `out`; false when it is not one (an
// unescaped quote or control character, a bad escape). Copies runs without escapes in bulk, which
// is what makes it faster than a general JSON lexer on long model texts.
bool DecodeJsonString(std::string_view body, std::string* out) {
  out->clear();
  out->reserve(body.size());
  size_t i = 0;
  while (i < body.size()) {
    size_t run = i;
    while (run < body.size() && body[run] != '\\' && body[run] != '"' &&
           static_cast<unsigned char>(body[run]) >= 0x20) {
      ++run;
    }
    out->append(body.data() + i, run - i);
    i = run;
    if (i == body.size()) {
      break;
    }
    if (body[i] != '\\' || i + 1 == body.size()) {
      return false;
    }
    const char escape = body[i + 1];
    i += 2;
    switch (escape) {
      case '"':
      case '\\':
      case '/':
        out->push_back(escape);
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        int64_t code = Hex4(body, i);
        if (code < 0) {
          return false;
        }
        i += 4;
        if (code >= 0xD800 && code < 0xDC00) {  // a surrogate pair
          const int64_t low =
              i + 1 < body.size() && body[i] == '\\' && body[i + 1] == 'u' ? Hex4(body, i + 2) : -1;
          if (low < 0xDC00 || low >= 0xE000) {
            return false;
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (code >= 0xDC00 && code < 0xE000) {
          return false;
        }
        AppendUtf8(static_cast<uint32_t>(code), out);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

std::string PayloadToJson(const SnapshotPayload& p) {
  Json json;
  json["name"] = p.name;
  json["kind"] = p.kind;
  json["path"] = p.path;
  json["data_hash"] = p.data_hash;
  json["metadata_hash"] = p.metadata_hash;
  json["data_fingerprint"] = p.data_fingerprint;
  json["metadata_fingerprint"] = p.metadata_fingerprint;
  Json parents = Json::array();
  for (const state::SnapshotId& parent : p.parents) {
    parents.push_back(Json::array({parent.name, parent.fingerprint}));
  }
  json["parents"] = std::move(parents);
  const Schedule& s = p.schedule;
  json["schedule"] = {{"cron", s.cron},
                      {"interval_unit", OptionalText(s.interval_unit)},
                      {"start", OptionalText(s.start)},
                      {"end", OptionalText(s.end)},
                      {"allow_partials", s.allow_partials},
                      {"lookback", s.lookback},
                      {"batch_size", s.batch_size},
                      {"batch_concurrency", s.batch_concurrency}};
  json["depends_on_past"] = p.depends_on_past;
  if (p.materialized) {
    json["materialized"] = true;
  }
  if (!p.physical_schema.empty()) {
    json["physical_schema"] = p.physical_schema;
  }
  json["defaults"] = p.defaults;
  json["variables"] = p.variables;
  Json columns = Json::array();
  for (const auto& [name, type] : p.columns) {
    columns.push_back(Json::array({name, type}));
  }
  json["columns"] = std::move(columns);
  if (!p.audits.empty()) {
    Json audits = Json::array();
    for (const auto& [file, text] : p.audits) {
      audits.push_back(Json::array({file, text}));
    }
    json["audits"] = std::move(audits);
  }
  if (p.change_category) {
    json["change_category"] = std::string(ChangeCategoryName(*p.change_category));
  }
  json["source"] = p.source;  // last: ParsePayload decodes it apart (keep it last)
  return json.dump();
}

Result<SnapshotPayload> ParsePayload(std::string_view text) {
  // Fast path: the model text, by far the longest field, is the payload's last key. A general
  // JSON lexer reads it a character at a time; it is decoded apart in bulk, and the rest parsed.
  // The key cannot occur inside a string value (a quote there is escaped), so the last match is
  // the key; when the decoding fails (another writer's layout), the whole text is parsed.
  constexpr std::string_view kSourceKey = ",\"source\":\"";
  std::string source;
  bool have_source = false;
  const size_t key = text.rfind(kSourceKey);
  std::string head;
  if (key != std::string_view::npos && text.ends_with("\"}")) {
    const size_t body = key + kSourceKey.size();
    if (DecodeJsonString(text.substr(body, text.size() - 2 - body), &source)) {
      have_source = true;
      head.reserve(key + 1);
      head.append(text.substr(0, key));
      head.push_back('}');
      text = head;
    }
  }
  try {
    const Json json = Json::parse(text);
    SnapshotPayload p;
    p.name = json.at("name").get<std::string>();
    p.kind = json.at("kind").get<std::string>();
    p.path = json.at("path").get<std::string>();
    p.data_hash = json.at("data_hash").get<std::string>();
    p.metadata_hash = json.at("metadata_hash").get<std::string>();
    p.data_fingerprint = json.at("data_fingerprint").get<std::string>();
    p.metadata_fingerprint = json.at("metadata_fingerprint").get<std::string>();
    for (const Json& parent : json.at("parents")) {
      p.parents.push_back({parent.at(0).get<std::string>(), parent.at(1).get<std::string>()});
    }
    const Json& s = json.at("schedule");
    p.schedule.cron = s.at("cron").get<std::string>();
    p.schedule.interval_unit = TextOrNone(s.at("interval_unit"));
    p.schedule.start = TextOrNone(s.at("start"));
    p.schedule.end = TextOrNone(s.at("end"));
    p.schedule.allow_partials = s.at("allow_partials").get<bool>();
    p.schedule.lookback = s.at("lookback").get<int64_t>();
    p.schedule.batch_size = s.at("batch_size").get<int64_t>();
    p.schedule.batch_concurrency = s.at("batch_concurrency").get<int>();
    p.depends_on_past = json.at("depends_on_past").get<bool>();
    p.materialized = json.contains("materialized") && json.at("materialized").get<bool>();
    if (json.contains("physical_schema")) {
      p.physical_schema = json.at("physical_schema").get<std::string>();
    }
    p.defaults = json.at("defaults").get<std::map<std::string, std::string>>();
    p.variables = json.at("variables").get<std::map<std::string, std::string>>();
    for (const Json& column : json.at("columns")) {
      p.columns.emplace_back(column.at(0).get<std::string>(), column.at(1).get<std::string>());
    }
    if (json.contains("audits")) {
      for (const Json& audit : json.at("audits")) {
        p.audits.emplace_back(audit.at(0).get<std::string>(), audit.at(1).get<std::string>());
      }
    }
    p.source = have_source ? std::move(source) : json.at("source").get<std::string>();
    if (json.contains("change_category")) {
      const std::string name = json.at("change_category").get<std::string>();
      p.change_category = ParseChangeCategory(name);
      if (!p.change_category) {
        throw std::runtime_error("unknown change_category " + name);
      }
    }
    return p;
  } catch (const std::exception& error) {
    return Status::Internal(
               fmt::format("a snapshot payload in the state does not parse: {}", error.what()))
        .WithHint("the state may have been written by another program; re-run `strata plan`");
  }
}

state::SnapshotRecord Snapshot::ToRecord(int64_t now, int64_t ttl_us) const {
  state::SnapshotRecord record;
  record.id = id;
  record.version = version;
  record.kind = payload.kind;
  record.payload = PayloadToJson(payload);
  record.created_ts = now;
  record.ttl_us = ttl_us;
  return record;
}

Result<std::vector<state::SnapshotRecord>> ReadSnapshots(
    state::StateStore& state, const std::vector<state::SnapshotId>& ids) {
  constexpr size_t kScanAbove = 200;
  if (ids.size() <= kScanAbove) {
    return state.GetSnapshots(ids);
  }
  std::set<state::SnapshotId> wanted(ids.begin(), ids.end());
  STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> all, state.AllSnapshots());
  std::vector<state::SnapshotRecord> out;
  out.reserve(ids.size());
  for (state::SnapshotRecord& record : all) {
    if (wanted.contains(record.id)) {
      out.push_back(std::move(record));
    }
  }
  return out;
}

Result<Snapshot> SnapshotFromRecord(const state::SnapshotRecord& record) {
  Snapshot snapshot;
  snapshot.id = record.id;
  snapshot.version = record.version;
  STRATA_ASSIGN_OR_RETURN(snapshot.payload, ParsePayload(record.payload));
  return snapshot;
}

Result<std::vector<Snapshot>> SnapshotsFromRecords(
    const std::vector<state::SnapshotRecord>& records) {
  // Parsing payloads is most of a no-op run's own work: split it when there is enough of it.
  constexpr size_t kPerThread = 1024;
  const size_t threads =
      PartsFor(records.size(), std::max(1u, std::thread::hardware_concurrency()), kPerThread);
  std::vector<Snapshot> snapshots(records.size());
  std::vector<Status> errors(threads);
  auto parse = [&](size_t part) {
    const size_t begin = records.size() * part / threads;
    const size_t end = records.size() * (part + 1) / threads;
    for (size_t i = begin; i < end; ++i) {
      Result<Snapshot> snapshot = SnapshotFromRecord(records[i]);
      if (!snapshot.ok()) {
        errors[part] = snapshot.status();
        return;
      }
      snapshots[i] = std::move(*snapshot);
    }
  };
  RunInParallel(threads, parse);
  for (Status& error : errors) {
    if (!error.ok()) {
      return std::move(error);
    }
  }
  return snapshots;
}

namespace {

// The digest of 32 hex digits as Digest128::ToHex writes them; nullopt for anything else.
std::optional<Digest128> DigestFromHex(std::string_view hex) {
  if (hex.size() != 32) {
    return std::nullopt;
  }
  Digest128 digest;
  for (size_t i = 0; i < 32; ++i) {
    const char c = hex[i];
    uint64_t nibble = 0;
    if (c >= '0' && c <= '9') {
      nibble = static_cast<uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      nibble = static_cast<uint64_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    uint64_t& half = i < 16 ? digest.high : digest.low;
    half = (half << 4) | nibble;
  }
  return digest;
}

}  // namespace

Result<std::vector<Snapshot>> ComputeSnapshots(const project::Project& project,
                                               const std::vector<const Snapshot*>* keep) {
  const size_t n = project.models.size();
  std::vector<Snapshot> snapshots(n);
  std::vector<Fingerprint> fingerprints(n);
  std::vector<Status> errors;
  std::map<std::string, std::string> defaults;
  for (const auto& [key, scalar] : project.config.model_defaults) {
    defaults[key] = scalar.value;
  }
  for (int i : project.dag.order()) {
    const project::Model& model = project.models[i];
    if (keep != nullptr && (*keep)[i] != nullptr) {
      const Snapshot& kept = *(*keep)[i];
      std::optional<Digest128> data = DigestFromHex(kept.payload.data_fingerprint);
      std::optional<Digest128> metadata = DigestFromHex(kept.payload.metadata_fingerprint);
      std::optional<Digest128> combined = DigestFromHex(kept.id.fingerprint);
      if (!data || !metadata || !combined) {
        errors.push_back(Status::Internal(
            fmt::format("the stored snapshot of {} has a malformed fingerprint", model.name)));
        continue;
      }
      fingerprints[i] = Fingerprint{*data, *metadata, *combined};
      snapshots[i] = kept;
      snapshots[i].model_index = i;
      continue;
    }
    Result<ModelHashes> own = HashModel(project, model);
    if (!own.ok()) {
      errors.push_back(own.status());
      continue;
    }
    std::vector<const Fingerprint*> parents;
    Snapshot& snapshot = snapshots[i];
    SnapshotPayload& p = snapshot.payload;
    for (int parent : project.dag.parents(i)) {
      parents.push_back(&fingerprints[parent]);
      p.parents.push_back(snapshots[parent].id);
    }
    fingerprints[i] = CombineFingerprint(*own, parents);
    snapshot.id = {model.name, fingerprints[i].Hex()};
    snapshot.version = fingerprints[i].Version();
    snapshot.model_index = i;
    p.name = model.name;
    p.kind = std::string(project::ModelKindNameText(model.kind.name));
    if (model.kind.name != project::ModelKindName::kExternal) {
      p.path = model.origin.file.string();
      p.source = std::string(model.source);
      p.defaults = defaults;
    }
    for (const std::string& name : VariablesUsedBy(project, model)) {
      p.variables[name] = YAML::Dump(project.config.variables.at(name));
    }
    if (model.kind.name == project::ModelKindName::kExternal) {
      for (const project::ColumnDeclaration& column : model.columns) {
        p.columns.emplace_back(column.name, column.type);
      }
    }
    for (const project::AuditCall& call : model.audits) {
      const project::Audit* audit = project.FindAudit(model, call.name);
      // Audits the model file defines travel with its text.
      const bool in_model_file = audit != nullptr && audit->file == model.origin.file;
      if (audit == nullptr || in_model_file ||
          std::any_of(p.audits.begin(), p.audits.end(),
                      [&](const auto& stored) { return stored.second == audit->definition; })) {
        continue;
      }
      p.audits.emplace_back(audit->file.string(), std::string(audit->definition));
    }
    p.schedule = ScheduleOf(model);
    p.depends_on_past = model.kind.DependsOnPast() || project.dag.self_referencing(i);
    p.materialized = model.kind.name == project::ModelKindName::kView && model.kind.materialized;
    p.physical_schema = model.physical_schema;
    p.data_hash = own->data.ToHex();
    p.metadata_hash = own->metadata.ToHex();
    p.data_fingerprint = fingerprints[i].data.ToHex();
    p.metadata_fingerprint = fingerprints[i].metadata.ToHex();
  }
  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  return snapshots;
}

bool KindHasIntervals(std::string_view kind) {
  return kind != "VIEW" && kind != "EMBEDDED" && kind != "EXTERNAL";
}

bool HasIntervals(const SnapshotPayload& payload) {
  return KindHasIntervals(payload.kind) || payload.materialized;
}

bool IsIncrementalKind(std::string_view kind) {
  return kind.starts_with("INCREMENTAL") || kind.starts_with("SCD_TYPE_2");
}

bool KindIsMaterialized(std::string_view kind) { return kind != "EMBEDDED" && kind != "EXTERNAL"; }

Result<std::optional<int64_t>> ResolveStart(const Schedule& schedule,
                                            const std::vector<int64_t>& parent_starts,
                                            int64_t execution_time) {
  if (schedule.start) {
    STRATA_ASSIGN_OR_RETURN(int64_t start,
                            ParseTimePoint(*schedule.start, execution_time, TimeRole::kStart));
    return std::optional<int64_t>(start);
  }
  if (parent_starts.empty()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(*std::min_element(parent_starts.begin(), parent_starts.end()));
}

Result<IntervalPolicy> PolicyOf(const Schedule& schedule, int64_t start, int64_t execution_time) {
  STRATA_ASSIGN_OR_RETURN(Cron cron, Cron::Parse(schedule.cron));
  IntervalGrid grid = IntervalGrid::ForCron(cron);
  if (schedule.interval_unit) {
    STRATA_ASSIGN_OR_RETURN(IntervalUnit unit, ParseIntervalUnit(*schedule.interval_unit));
    grid = IntervalGrid::ForCron(cron, unit);
  }
  IntervalPolicy policy(cron, grid, start);
  if (schedule.end) {
    STRATA_ASSIGN_OR_RETURN(int64_t end,
                            ParseTimePoint(*schedule.end, execution_time, TimeRole::kEnd));
    policy.end = end;
  }
  policy.allow_partials = schedule.allow_partials;
  policy.lookback = schedule.lookback;
  policy.batch_size = schedule.batch_size;
  policy.batch_concurrency = schedule.batch_concurrency;
  STRATA_RETURN_IF_ERROR(policy.Validate());
  return policy;
}

}  // namespace strata
