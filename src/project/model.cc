// Building a typed Model from a parsed MODEL header: one handler per property, each checking the
// value's type and reporting problems at the value's location.
#include "project/model.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time_parse.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::project {

namespace {

using sql::LiteralKind;
using sql::Node;
using sql::NodeKind;

const std::vector<std::string_view> kPropertyNames = {"name",
                                                      "kind",
                                                      "start",
                                                      "end",
                                                      "cron",
                                                      "cron_tz",
                                                      "interval_unit",
                                                      "grain",
                                                      "grains",
                                                      "owner",
                                                      "description",
                                                      "column_descriptions",
                                                      "columns",
                                                      "audits",
                                                      "assertions",
                                                      "tags",
                                                      "dialect",
                                                      "depends_on",
                                                      "partitioned_by",
                                                      "clustered_by",
                                                      "allow_partials",
                                                      "enabled",
                                                      "gateway",
                                                      "physical_properties",
                                                      "on_virtual_update",
                                                      "stamp",
                                                      "storage_format",
                                                      "table_format",
                                                      "virtual_properties",
                                                      "session_properties",
                                                      "references",
                                                      "optimize_query",
                                                      "formatting",
                                                      "ignored_rules",
                                                      "signals",
                                                      "validate_query"};

// A time parser's message without its "invalid time '...': " prefix (the caller names the text).
std::string WithoutTimePrefix(const std::string& message) {
  if (message.starts_with("invalid time '")) {
    const size_t end = message.find("': ");
    if (end != std::string::npos) {
      return message.substr(end + 3);
    }
  }
  return message;
}

// How a value is shown in an error: its SQL, shortened.
std::string Shown(const Node* node) {
  if (node == nullptr) {
    return "nothing";
  }
  Result<std::string> text = sql::Generate(node);
  std::string shown = text.ok() ? *text : std::string(sql::NodeKindName(node->kind));
  if (shown.size() > 60) {
    shown = shown.substr(0, 57) + "...";
  }
  return shown;
}

// The items of a list-like value: [a, b], (a, b), (a), or a single value.
std::vector<const Node*> Items(const Node* value) {
  std::vector<const Node*> items;
  if (value == nullptr) {
    return items;
  }
  if (value->kind == NodeKind::kArray || value->kind == NodeKind::kRow ||
      value->kind == NodeKind::kList) {
    for (const Node* item : value->children()) {
      items.push_back(item);
    }
  } else if (value->kind == NodeKind::kParen) {
    items.push_back(value->slot(0));
  } else {
    items.push_back(value);
  }
  return items;
}

// Normalized name of a kColumn / kName / kIdentifier; empty when `node` is not a name.
std::string NameOf(const Node* node, std::vector<std::string>* parts = nullptr) {
  if (node == nullptr) {
    return "";
  }
  if (node->kind == NodeKind::kIdentifier) {
    return NormalizeName({{node->text, node->Has(sql::flag::kQuoted)}}, parts);
  }
  if (node->kind != NodeKind::kColumn && node->kind != NodeKind::kName) {
    return "";
  }
  for (const Node* part : node->children()) {
    if (part == nullptr || part->kind != NodeKind::kIdentifier) {
      return "";
    }
  }
  return NormalizeNameNode(node, parts);
}

// A column's name as the engine stores it (an unquoted identifier lowercased, a quoted one as
// written, without its quotes); "" when `node` is not a single identifier.
std::string ColumnNameOf(const Node* node) {
  std::vector<std::string> parts;
  if (NameOf(node, &parts).empty() || parts.size() != 1) {
    return "";
  }
  return parts[0];
}

class ModelBuilder {
 public:
  ModelBuilder(const ModelContext& context, std::vector<Status>* errors)
      : context_(context), errors_(errors) {}

  Model Build(const Header& header);

 private:
  void Error(const sql::Span& span, std::string message, std::string hint = "") {
    errors_->push_back(
        ErrorAtSpan(context_.source, context_.file, span, std::move(message), std::move(hint)));
  }
  void TypeError(const HeaderProperty& property, std::string_view expected) {
    Error(property.value != nullptr ? property.value->span : property.name_span,
          fmt::format("{} must be {}, found {}", property.name, expected, Shown(property.value)));
  }

  // ---- typed readers; each reports its own error and returns nullopt on a bad value
  std::optional<std::string> String(const HeaderProperty& property, bool allow_name) {
    const Node* v = property.value;
    if (v != nullptr && v->kind == NodeKind::kLiteral && v->literal == LiteralKind::kString) {
      return std::string(v->text);
    }
    if (allow_name && v != nullptr) {
      if (v->kind == NodeKind::kColumn || v->kind == NodeKind::kIdentifier) {
        return std::string(Shown(v));
      }
    }
    TypeError(property, allow_name ? "a string or a name" : "a string");
    return std::nullopt;
  }
  std::optional<bool> Bool(const HeaderProperty& property) {
    const Node* v = property.value;
    if (v != nullptr && v->kind == NodeKind::kLiteral) {
      if (v->literal == LiteralKind::kTrue) {
        return true;
      }
      if (v->literal == LiteralKind::kFalse) {
        return false;
      }
      if (v->literal == LiteralKind::kString) {
        if (EqualsIgnoreCase(v->text, "true")) {
          return true;
        }
        if (EqualsIgnoreCase(v->text, "false")) {
          return false;
        }
      }
    }
    TypeError(property, "true or false");
    return std::nullopt;
  }
  std::optional<int64_t> Int(const HeaderProperty& property, int64_t min) {
    const Node* v = property.value;
    int64_t sign = 1;
    if (v != nullptr && v->kind == NodeKind::kUnary && v->text == "-") {
      sign = -1;
      v = v->slot(0);
    }
    if (v != nullptr && v->kind == NodeKind::kLiteral && v->literal == LiteralKind::kInteger) {
      int64_t value = 0;
      bool ok = !v->text.empty() && v->text.size() <= 18;
      for (char c : v->text) {
        ok = ok && IsAsciiDigit(c);
        value = value * 10 + (c - '0');
      }
      if (ok && sign * value >= min) {
        return sign * value;
      }
    }
    TypeError(property, min > 0 ? "a positive whole number" : "a whole number of at least 0");
    return std::nullopt;
  }
  // A list of names (columns): `a`, `(a, b)`, `[a, b]`.
  std::optional<std::vector<std::string>> Names(const HeaderProperty& property) {
    std::vector<std::string> names;
    for (const Node* item : Items(property.value)) {
      std::string name = ColumnNameOf(item);
      if (name.empty() && item->kind == NodeKind::kLiteral &&
          item->literal == LiteralKind::kString) {
        name = std::string(item->text);
      }
      if (name.empty()) {
        Error(item->span, fmt::format("{} must list names, found {}", property.name, Shown(item)));
        return std::nullopt;
      }
      names.push_back(std::move(name));
    }
    return names;
  }
  std::optional<std::vector<std::string>> Strings(const HeaderProperty& property) {
    std::vector<std::string> out;
    for (const Node* item : Items(property.value)) {
      if (item->kind == NodeKind::kLiteral && item->literal == LiteralKind::kString) {
        out.emplace_back(item->text);
      } else if (NameOf(item).size() > 0) {
        out.push_back(Shown(item));
      } else {
        Error(item->span,
              fmt::format("{} must list strings, found {}", property.name, Shown(item)));
        return std::nullopt;
      }
    }
    return out;
  }
  std::optional<SchemaChangePolicy> Policy(const HeaderProperty& property) {
    std::optional<std::string> text = String(property, true);
    if (!text) {
      return std::nullopt;
    }
    if (auto policy = ParseSchemaChangePolicy(*text)) {
      return policy;
    }
    TypeError(property, "error, warn, allow or ignore");
    return std::nullopt;
  }
  // `k = v` pairs: (a = 1, b = 'x').
  std::optional<std::vector<std::pair<std::string, const Node*>>> Pairs(
      const HeaderProperty& property) {
    std::vector<std::pair<std::string, const Node*>> pairs;
    for (const Node* item : Items(property.value)) {
      if (item->kind != NodeKind::kBinary || item->text != "=" || NameOf(item->slot(0)).empty()) {
        Error(item->span, fmt::format("{} must list `name = value` pairs, found {}", property.name,
                                      Shown(item)));
        return std::nullopt;
      }
      pairs.emplace_back(NameOf(item->slot(0)), item->slot(1));
    }
    return pairs;
  }
  std::optional<std::string> Time(const HeaderProperty& property, TimeRole role) {
    const Node* v = property.value;
    std::string text;
    if (v != nullptr && v->kind == NodeKind::kLiteral &&
        (v->literal == LiteralKind::kString || v->literal == LiteralKind::kInteger)) {
      text = std::string(v->text);
    } else {
      TypeError(property, "a date or time string such as '2025-01-01'");
      return std::nullopt;
    }
    if (v->literal == LiteralKind::kInteger) {
      return text;  // epoch milliseconds, as SQLMesh accepts
    }
    Result<int64_t> parsed = ParseTimePoint(text, context_.now, role);
    if (!parsed.ok()) {
      Error(v->span,
            fmt::format("invalid {} '{}': {}", property.name, text,
                        WithoutTimePrefix(parsed.status().message())),
            "use a date such as '2025-01-01', a timestamp such as '2025-01-01 12:00:00', or a "
            "relative time such as '1 year ago'");
      return std::nullopt;
    }
    return text;
  }

  void Property(const HeaderProperty& property, Model* model);
  void Kind(const HeaderProperty& property, Model* model);
  void KindParameter(const HeaderProperty& property, ModelKind* kind);
  void Audits(const HeaderProperty& property, Model* model);
  void Columns(const HeaderProperty& property, Model* model);
  void ApplyDefaults(Model* model);

  const ModelContext& context_;
  std::vector<Status>* errors_;
  std::vector<std::string> kind_parameters_given_;
};

Model ModelBuilder::Build(const Header& header) {
  Model model;
  const ModelDefaults default_defaults;
  const ModelDefaults& defaults =
      context_.defaults != nullptr ? *context_.defaults : default_defaults;
  model.dialect = defaults.dialect;
  if (defaults.kind) {
    model.kind.name = *defaults.kind;
  }
  model.cron_text = defaults.cron;
  model.cron_tz = defaults.cron_tz;
  model.start = defaults.start;
  model.end = defaults.end;
  model.owner = defaults.owner;
  model.interval_unit = defaults.interval_unit;
  model.allow_partials = defaults.allow_partials;
  model.enabled = defaults.enabled;
  model.gateway = defaults.gateway;
  model.storage_format = defaults.storage_format;
  model.origin.line = static_cast<int>(header.span.line);

  std::vector<std::string> seen;
  for (const HeaderProperty& property : header.properties) {
    std::string key = ToLower(property.name);
    if (key == "assertions") {
      key = "audits";
    } else if (key == "grains") {
      key = "grain";
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(property.name_span, fmt::format("property {} is given twice", property.name),
            "remove one of them");
      continue;
    }
    seen.push_back(key);
    Property(property, &model);
  }
  if (FindProperty(header.properties, "name") == nullptr) {
    if (context_.inferred_name.empty()) {
      Error(header.span, "MODEL has no name",
            context_.infer_names
                ? "a model's name is inferred from models/<schema>/<table>.sql; this file is not "
                  "in a schema folder: add `name schema.table` to the MODEL header"
                : "add `name schema.table` to the MODEL header (or set model_naming.infer_names "
                  "in config.yaml to name models after their files)");
    } else {
      Result<std::string> name = NormalizeNameText(context_.inferred_name);
      if (name.ok()) {
        model.name = *name;
        model.name_parts.clear();
        (void)NormalizeNameText(context_.inferred_name, &model.name_parts);
      } else {
        Error(header.span,
              fmt::format("the name {} inferred from the file's path is not a valid name",
                          context_.inferred_name),
              "add `name schema.table` to the MODEL header");
      }
    }
  }
  ApplyDefaults(&model);
  Result<sql::DialectKind> dialect = sql::DialectFromName(model.dialect);
  model.dialect_kind = dialect.ok() ? *dialect : sql::DialectKind::kDuckDb;
  if (!model.cron) {
    Result<Cron> cron = Cron::Parse(model.cron_text);
    if (cron.ok()) {
      model.cron = *cron;
    } else {
      model.cron = *Cron::Parse("@daily");
    }
  }
  return model;
}

void ModelBuilder::ApplyDefaults(Model* model) {
  const ModelDefaults empty;
  const ModelDefaults& d = context_.defaults != nullptr ? *context_.defaults : empty;
  ModelKind& kind = model->kind;
  auto given = [&](std::string_view name) {
    return std::find(kind_parameters_given_.begin(), kind_parameters_given_.end(), name) !=
           kind_parameters_given_.end();
  };
  if (kind.IsIncremental()) {
    if (!given("on_destructive_change") && d.on_destructive_change) {
      kind.on_destructive_change = *d.on_destructive_change;
    }
    if (!given("on_additive_change") && d.on_additive_change) {
      kind.on_additive_change = *d.on_additive_change;
    }
    if (!given("batch_size") && d.batch_size) {
      kind.batch_size = d.batch_size;
    }
    if (!given("batch_concurrency") && d.batch_concurrency) {
      kind.batch_concurrency = d.batch_concurrency;
    }
    if (!given("lookback") && d.lookback) {
      kind.lookback = *d.lookback;
    }
    if (!given("forward_only") && d.forward_only) {
      kind.forward_only = *d.forward_only;
    }
  }
  // SQLMesh's defaults: an SCD type 2 table and an unmanaged (appended) table hold history their
  // query cannot produce again, so a change keeps the table (forward-only) and a restatement is
  // refused unless the model says otherwise.
  const bool keeps_history = kind.name == ModelKindName::kScdType2ByTime ||
                             kind.name == ModelKindName::kScdType2ByColumn ||
                             kind.name == ModelKindName::kIncrementalUnmanaged;
  if (keeps_history && !given("forward_only") && !d.forward_only) {
    kind.forward_only = true;
  }
  if (keeps_history && !given("disable_restatement")) {
    kind.disable_restatement = true;
  }
}

void ModelBuilder::Property(const HeaderProperty& property, Model* model) {
  std::string key = ToLower(property.name);
  if (key == "kind") {
    Kind(property, model);
    return;
  }
  if (key == "columns") {
    Columns(property, model);
    return;
  }
  if (key == "name") {
    std::vector<std::string> parts;
    std::string name = NameOf(property.value, &parts);
    if (name.empty() && property.value != nullptr && property.value->kind == NodeKind::kLiteral &&
        property.value->literal == LiteralKind::kString) {
      Result<std::string> normalized = NormalizeNameText(property.value->text);
      if (normalized.ok()) {
        name = *normalized;
        parts.clear();
        for (std::string_view part : Split(name, '.')) {
          parts.emplace_back(part);
        }
      }
    }
    if (name.empty()) {
      TypeError(property, "a name such as schema.table");
      return;
    }
    if (parts.size() < 2 || parts.size() > 3) {
      Error(property.value->span,
            fmt::format("model name {} must be schema.table or catalog.schema.table", name),
            fmt::format("e.g. name analytics.{}", parts.back()));
    }
    model->name = std::move(name);
    model->name_parts = std::move(parts);
    return;
  }
  if (key == "start" || key == "end") {
    std::optional<std::string> time =
        Time(property, key == "start" ? TimeRole::kStart : TimeRole::kEnd);
    (key == "start" ? model->start : model->end) = time;
    return;
  }
  if (key == "cron") {
    std::optional<std::string> text = String(property, false);
    if (!text) {
      return;
    }
    Result<Cron> cron = Cron::Parse(*text);
    if (!cron.ok()) {
      Error(property.value->span, cron.status().message(),
            cron.status().hint().empty()
                ? "use five fields (minute hour day month weekday) or @hourly, @daily, @weekly, "
                  "@monthly, @yearly"
                : cron.status().hint());
      return;
    }
    model->cron_text = *text;
    model->cron = *cron;
    return;
  }
  if (key == "cron_tz") {
    if (auto text = String(property, false)) {
      model->cron_tz = *text;
    }
    return;
  }
  if (key == "interval_unit") {
    if (auto text = String(property, true)) {
      Result<IntervalUnit> unit = ParseIntervalUnit(*text);
      if (!unit.ok()) {
        Error(property.value->span, unit.status().message(), unit.status().hint());
      } else {
        model->interval_unit = *unit;
      }
    }
    return;
  }
  if (key == "grain" || key == "grains") {
    if (auto names = Names(property)) {
      model->grains = std::move(*names);
    }
    return;
  }
  if (key == "owner") {
    if (auto text = String(property, true)) {
      model->owner = *text;
    }
    return;
  }
  if (key == "description") {
    if (auto text = String(property, false)) {
      model->description = *text;
    }
    return;
  }
  if (key == "column_descriptions") {
    if (auto pairs = Pairs(property)) {
      for (const auto& [column, value] : *pairs) {
        if (value->kind != NodeKind::kLiteral || value->literal != LiteralKind::kString) {
          Error(value->span, fmt::format("the description of {} must be a string, found {}", column,
                                         Shown(value)));
          continue;
        }
        model->column_descriptions.emplace_back(column, std::string(value->text));
      }
    }
    return;
  }
  if (key == "audits" || key == "assertions") {
    Audits(property, model);
    return;
  }
  if (key == "tags") {
    if (auto tags = Strings(property)) {
      model->tags = std::move(*tags);
    }
    return;
  }
  if (key == "dialect") {
    if (auto text = String(property, true)) {
      Result<sql::DialectKind> dialect = sql::DialectFromName(*text);
      if (!dialect.ok()) {
        Error(property.value->span, dialect.status().message(),
              "strata reads duckdb, postgres, trino, hive, spark and databricks");
      } else {
        model->dialect = ToLower(*text);
      }
    }
    return;
  }
  if (key == "depends_on") {
    for (const Node* item : Items(property.value)) {
      std::vector<std::string> parts;
      std::string name = NameOf(item, &parts);
      if (name.empty() && item->kind == NodeKind::kLiteral &&
          item->literal == LiteralKind::kString) {
        Result<std::string> normalized = NormalizeNameText(item->text);
        name = normalized.ok() ? *normalized : "";
      }
      if (name.empty()) {
        Error(item->span, fmt::format("depends_on must list model names, found {}", Shown(item)));
        continue;
      }
      model->depends_on.push_back(std::move(name));
    }
    return;
  }
  if (key == "partitioned_by" || key == "clustered_by") {
    auto& target = key == "partitioned_by" ? model->partitioned_by : model->clustered_by;
    for (const Node* item : Items(property.value)) {
      target.push_back(item);
    }
    return;
  }
  if (key == "allow_partials") {
    if (auto value = Bool(property)) {
      model->allow_partials = *value;
    }
    return;
  }
  if (key == "enabled") {
    if (auto value = Bool(property)) {
      model->enabled = *value;
    }
    return;
  }
  if (key == "gateway") {
    if (auto text = String(property, true)) {
      model->gateway = *text;
    }
    return;
  }
  if (key == "physical_properties") {
    if (auto pairs = Pairs(property)) {
      model->physical_properties = std::move(*pairs);
    }
    return;
  }
  if (key == "on_virtual_update") {
    if (auto statements = Strings(property)) {
      model->on_virtual_update = std::move(*statements);
    }
    return;
  }
  if (key == "stamp") {
    if (auto text = String(property, false)) {
      model->stamp = *text;
    }
    return;
  }
  if (key == "storage_format" || key == "table_format") {
    if (auto text = String(property, true)) {
      model->storage_format = *text;
    }
    return;
  }
  if (std::find(kPropertyNames.begin(), kPropertyNames.end(), key) != kPropertyNames.end()) {
    return;  // accepted for compatibility with SQLMesh; strata does not use it (projects.md)
  }
  std::string nearest = NearestName(property.name, kPropertyNames);
  Error(property.name_span, fmt::format("unknown model property '{}'", property.name),
        nearest.empty() ? "see docs/projects.md for the properties a MODEL header takes"
                        : fmt::format("did you mean {}?", nearest));
}

void ModelBuilder::Kind(const HeaderProperty& property, Model* model) {
  const std::string_view text = property.value->text;
  std::optional<ModelKindName> name = ParseModelKindName(text);
  if (!name) {
    std::string nearest = NearestName(text, ModelKindSpellings());
    Error(property.value->span, fmt::format("unknown model kind '{}'", text),
          nearest.empty()
              ? "kinds: " + Join(std::vector<std::string_view>(ModelKindSpellings().begin(),
                                                               ModelKindSpellings().end()),
                                 ", ")
              : fmt::format("did you mean {}?", nearest));
    return;
  }
  if (*name == ModelKindName::kExternal) {
    Error(property.value->span, "kind EXTERNAL cannot be declared in a model file",
          "declare external tables in external_models.yaml");
    return;
  }
  model->kind = ModelKind{};
  model->kind.name = *name;
  std::vector<std::string> seen;
  for (const HeaderProperty& parameter : property.nested) {
    const std::string key = ToLower(parameter.name);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(parameter.name_span, fmt::format("parameter {} is given twice", parameter.name));
      continue;
    }
    seen.push_back(key);
    KindParameter(parameter, &model->kind);
  }
  kind_parameters_given_ = seen;
  if (*name == ModelKindName::kIncrementalByTimeRange && !model->kind.time_column &&
      FindProperty(property.nested, "time_column") == nullptr) {
    Error(property.value->span, "kind INCREMENTAL_BY_TIME_RANGE needs a time_column",
          "e.g. kind INCREMENTAL_BY_TIME_RANGE (time_column order_date)");
  }
  const bool needs_key = *name == ModelKindName::kIncrementalByUniqueKey ||
                         *name == ModelKindName::kScdType2ByTime ||
                         *name == ModelKindName::kScdType2ByColumn;
  if (needs_key && model->kind.unique_key.empty() &&
      FindProperty(property.nested, "unique_key") == nullptr) {
    Error(property.value->span, fmt::format("kind {} needs a unique_key", ModelKindNameText(*name)),
          fmt::format("e.g. kind {} (unique_key id)", ModelKindNameText(*name)));
  }
  if (*name == ModelKindName::kScdType2ByColumn && model->kind.scd_columns.empty() &&
      !model->kind.scd_all_columns && FindProperty(property.nested, "columns") == nullptr) {
    Error(property.value->span, "kind SCD_TYPE_2_BY_COLUMN needs columns",
          "list the columns whose changes open a new version: columns [a, b], or columns *");
  }
  if (*name == ModelKindName::kSeed && model->kind.seed_path.empty() &&
      FindProperty(property.nested, "path") == nullptr) {
    Error(property.value->span, "kind SEED needs a path",
          "e.g. kind SEED (path '../seeds/holidays.csv')");
  }
}

void ModelBuilder::KindParameter(const HeaderProperty& p, ModelKind* kind) {
  const std::string key = ToLower(p.name);
  const auto names = KindParameterNames(kind->name);
  if (std::find(names.begin(), names.end(), key) == names.end()) {
    std::string hint;
    std::string nearest = NearestName(p.name, names);
    if (!nearest.empty()) {
      hint = fmt::format("did you mean {}?", nearest);
    } else {
      for (std::string_view spelling : ModelKindSpellings()) {
        const auto other = KindParameterNames(*ParseModelKindName(spelling));
        if (std::find(other.begin(), other.end(), key) != other.end()) {
          hint = fmt::format("{} is a parameter of {}", key, spelling);
          break;
        }
      }
      if (hint.empty()) {
        hint = names.empty()
                   ? fmt::format("kind {} takes no parameters", ModelKindNameText(kind->name))
                   : fmt::format(
                         "{} takes: {}", ModelKindNameText(kind->name),
                         Join(std::vector<std::string_view>(names.begin(), names.end()), ", "));
      }
    }
    Error(p.name_span,
          fmt::format("unknown parameter '{}' for kind {}", p.name, ModelKindNameText(kind->name)),
          hint);
    return;
  }
  if (key == "batch_size") {
    kind->batch_size = Int(p, 1);
  } else if (key == "batch_concurrency") {
    kind->batch_concurrency = Int(p, 1);
  } else if (key == "lookback") {
    kind->lookback = Int(p, 0).value_or(0);
  } else if (key == "forward_only") {
    kind->forward_only = Bool(p).value_or(false);
  } else if (key == "disable_restatement") {
    kind->disable_restatement = Bool(p).value_or(false);
  } else if (key == "on_destructive_change") {
    kind->on_destructive_change = Policy(p).value_or(SchemaChangePolicy::kError);
  } else if (key == "on_additive_change") {
    kind->on_additive_change = Policy(p).value_or(SchemaChangePolicy::kAllow);
  } else if (key == "auto_restatement_cron") {
    if (auto text = String(p, false)) {
      Result<Cron> cron = Cron::Parse(*text);
      if (!cron.ok()) {
        Error(p.value->span, cron.status().message(), cron.status().hint());
      }
    }
  } else if (key == "time_column") {
    const Node* v = p.value;
    TimeColumn column;
    const Node* name_node = v;
    const Node* format_node = nullptr;
    if (v->kind == NodeKind::kRow && v->slot_count == 2) {
      name_node = v->slot(0);
      format_node = v->slot(1);
    } else if (v->kind == NodeKind::kParen) {
      name_node = v->slot(0);
    }
    column.name = ColumnNameOf(name_node);
    if (column.name.empty()) {
      TypeError(p, "a column name, or (column, 'format')");
      return;
    }
    if (format_node != nullptr) {
      if (format_node->kind != NodeKind::kLiteral || format_node->literal != LiteralKind::kString) {
        Error(format_node->span,
              fmt::format("the time_column format must be a string such as '%Y-%m-%d', found {}",
                          Shown(format_node)));
        return;
      }
      column.format = std::string(format_node->text);
    }
    kind->time_column = std::move(column);
  } else if (key == "unique_key") {
    const std::vector<const Node*> items = Items(p.value);
    if (items.empty()) {
      TypeError(p, "a column, a tuple of columns, or an expression");
    }
    kind->unique_key = items;
  } else if (key == "when_matched") {
    for (const Node* clause : p.value->children()) {
      if (clause->Has(sql::flag::kNot)) {
        Error(clause->span, "when_matched takes WHEN MATCHED clauses only",
              "strata inserts rows that do not match; use WHEN MATCHED [AND ...] THEN UPDATE "
              "SET target.x = source.x");
        continue;
      }
      kind->when_matched.push_back(clause);
    }
  } else if (key == "merge_filter") {
    kind->merge_filter = p.value;
  } else if (key == "insert_overwrite") {
    kind->insert_overwrite = Bool(p).value_or(false);
  } else if (key == "updated_at_name" || key == "valid_from_name" || key == "valid_to_name") {
    std::string name = ColumnNameOf(p.value);
    if (name.empty() && p.value->kind == NodeKind::kLiteral &&
        p.value->literal == LiteralKind::kString) {
      name = std::string(p.value->text);
    }
    if (name.empty()) {
      TypeError(p, "a column name");
      return;
    }
    (key == "updated_at_name"   ? kind->updated_at_name
     : key == "valid_from_name" ? kind->valid_from_name
                                : kind->valid_to_name) = name;
  } else if (key == "updated_at_as_valid_from") {
    kind->updated_at_as_valid_from = Bool(p).value_or(false);
  } else if (key == "invalidate_hard_deletes") {
    kind->invalidate_hard_deletes = Bool(p).value_or(true);
  } else if (key == "execution_time_as_valid_from") {
    kind->execution_time_as_valid_from = Bool(p).value_or(false);
  } else if (key == "columns") {
    if (p.value->kind == NodeKind::kStar) {
      kind->scd_all_columns = true;
    } else if (auto columns = Names(p)) {
      kind->scd_columns = std::move(*columns);
    }
  } else if (key == "materialized") {
    kind->materialized = Bool(p).value_or(false);
  } else if (key == "path") {
    if (auto text = String(p, false)) {
      kind->seed_path = *text;
    }
  } else if (key == "csv_settings") {
    for (const HeaderProperty& setting : p.nested) {
      const std::string name = ToLower(setting.name);
      static constexpr std::array<std::string_view, 6> kSettings = {
          "delimiter", "quotechar", "escapechar", "header", "skipinitialspace", "doublequote"};
      if (name == "header") {
        kind->csv_settings.header = Bool(setting).value_or(true);
        continue;
      }
      if (name == "skipinitialspace") {
        kind->csv_settings.skip_initial_space = Bool(setting).value_or(true);
        continue;
      }
      if (name == "doublequote") {
        if (Bool(setting).value_or(true) && kind->csv_settings.escape != kind->csv_settings.quote) {
          kind->csv_settings.escape = kind->csv_settings.quote;
        }
        continue;
      }
      if (name != "delimiter" && name != "quotechar" && name != "escapechar") {
        std::string nearest = NearestName(setting.name, kSettings);
        Error(setting.name_span, fmt::format("unknown csv_settings key '{}'", setting.name),
              nearest.empty() ? "csv_settings takes delimiter, quotechar, escapechar, header"
                              : fmt::format("did you mean {}?", nearest));
        continue;
      }
      std::optional<std::string> text = String(setting, false);
      if (!text) {
        continue;
      }
      if (text->size() != 1) {
        Error(setting.value->span,
              fmt::format("csv_settings {} must be one character, found '{}'", name, *text));
        continue;
      }
      (name == "delimiter"   ? kind->csv_settings.delimiter
       : name == "quotechar" ? kind->csv_settings.quote
                             : kind->csv_settings.escape) = (*text)[0];
    }
    if (!p.has_nested) {
      TypeError(p, "a list such as (delimiter ';')");
    }
  }
  // time_data_type: accepted (SQLMesh), not used by strata.
}

void ModelBuilder::Audits(const HeaderProperty& property, Model* model) {
  for (const Node* item : Items(property.value)) {
    AuditCall call;
    call.span = item->span;
    if (item->kind == NodeKind::kFunction) {
      call.name = ToLower(item->text);
      const Node* args = item->slot(0);
      for (const Node* arg : args != nullptr ? args->children() : std::span<Node* const>{}) {
        if (arg->kind == NodeKind::kNamedArg) {
          call.arguments.emplace_back(ToLower(arg->text), arg->slot(0));
          call.argument_spans.push_back(arg->span);
        } else if (arg->kind == NodeKind::kBinary && arg->text == "=" &&
                   !NameOf(arg->slot(0)).empty()) {
          call.arguments.emplace_back(NameOf(arg->slot(0)), arg->slot(1));
          call.argument_spans.push_back(arg->slot(0)->span);
        } else {
          Error(arg->span, fmt::format("audit {} takes named arguments (name := value), found {}",
                                       call.name, Shown(arg)));
        }
      }
    } else if (!NameOf(item).empty() && item->slot_count == 1) {
      call.name = NameOf(item);
    } else {
      Error(item->span, fmt::format("{} must list audit calls such as not_null(columns := (id)), "
                                    "found {}",
                                    property.name, Shown(item)));
      continue;
    }
    model->audits.push_back(std::move(call));
  }
}

void ModelBuilder::Columns(const HeaderProperty& property, Model* model) {
  if (property.value == nullptr || property.value->kind != NodeKind::kList) {
    TypeError(property, "a list of columns with types, such as (id INT, name TEXT)");
    return;
  }
  for (const Node* column : property.value->children()) {
    ColumnDeclaration declaration;
    declaration.name =
        column->Has(sql::flag::kQuoted) ? std::string(column->text) : ToLower(column->text);
    Result<std::string> type = sql::Generate(column->slot(0));
    declaration.type = type.ok() ? *type : "";
    for (const ColumnDeclaration& other : model->columns) {
      if (other.name == declaration.name) {
        Error(column->span, fmt::format("column {} is declared twice", declaration.name));
      }
    }
    model->columns.push_back(std::move(declaration));
  }
}

}  // namespace

std::string NormalizeName(const std::vector<std::pair<std::string_view, bool>>& parts,
                          std::vector<std::string>* normalized_parts) {
  std::string out;
  for (const auto& [text, quoted] : parts) {
    std::string part = quoted ? std::string(text) : ToLower(text);
    if (!out.empty()) {
      out.push_back('.');
    }
    out += sql::FormatIdentifier(part, true);
    if (normalized_parts != nullptr) {
      normalized_parts->push_back(std::move(part));
    }
  }
  return out;
}

std::string NormalizeNameNode(const sql::Node* name, std::vector<std::string>* parts) {
  std::vector<std::pair<std::string_view, bool>> pieces;
  for (const Node* part : name->children()) {
    pieces.emplace_back(part->text, part->Has(sql::flag::kQuoted));
  }
  return NormalizeName(pieces, parts);
}

Result<std::string> NormalizeNameText(std::string_view text, std::vector<std::string>* parts) {
  sql::Arena arena;
  Result<sql::TokenStream> tokens = sql::Tokenize(text);
  if (!tokens.ok()) {
    return Status::InvalidArgument(fmt::format("'{}' is not a table name", text));
  }
  sql::Parser parser(&*tokens, &arena);
  Result<Node*> name = parser.ParseName();
  if (!name.ok() || !parser.AtEnd()) {
    return Status::InvalidArgument(fmt::format("'{}' is not a table name", text));
  }
  return NormalizeNameNode(*name, parts);
}

std::string InferredModelName(const std::filesystem::path& relative_path) {
  std::vector<std::string> parts;
  bool after_models = false;
  for (const std::filesystem::path& part : relative_path.parent_path()) {
    if (after_models) {
      parts.push_back(part.string());
    } else if (part == "models") {
      after_models = true;
    }
  }
  parts.push_back(relative_path.stem().string());
  if (parts.size() < 2) {
    return "";
  }
  if (parts.size() > 3) {
    parts.erase(parts.begin(), parts.end() - 3);
  }
  return Join(parts, ".");
}

IntervalUnit Model::EffectiveIntervalUnit() const {
  if (interval_unit) {
    return *interval_unit;
  }
  return cron ? IntervalUnitOf(*cron) : IntervalUnit::kDay;
}

std::vector<ColumnDeclaration> Model::KnownColumns() const {
  if (!columns.empty() || seed == nullptr) {
    return columns;
  }
  std::vector<ColumnDeclaration> out;
  for (size_t i = 0; i < seed->columns.size(); ++i) {
    out.push_back({ToLower(seed->columns[i]), InferCsvColumnType(*seed, i)});
  }
  return out;
}

Model BuildModel(const Header& header, const ModelContext& context, std::vector<Status>* errors) {
  ModelBuilder builder(context, errors);
  return builder.Build(header);
}

const std::vector<std::string_view>& ModelPropertyNames() { return kPropertyNames; }

Status ErrorAtSpan(std::string_view source, std::string_view file, const sql::Span& span,
                   std::string message, std::string hint) {
  SourceLocation location;
  location.file = std::string(file);
  location.line = static_cast<int>(span.line);
  location.column = static_cast<int>(span.column);
  if (span.line != 0) {
    location.line_text = std::string(sql::LineAt(source, span.offset));
  }
  Status status = Status::ProjectError(std::move(message)).WithLocation(std::move(location));
  return hint.empty() ? status : std::move(status).WithHint(std::move(hint));
}

}  // namespace strata::project
