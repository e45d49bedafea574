// Fingerprints: the fields of a model that go into its data and metadata hashes, framed by
// Hasher so that every field is tagged and length-prefixed.
#include "core/fingerprint.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/text.h"
#include "sql/analysis/canonical.h"

namespace strata {

namespace {

// Bumped when the contents of the hashes change (docs/plan_and_run.md records each value).
constexpr int kFingerprintFormat = 1;

// The canonical text of `node`, or its source text when it cannot be generated (a macro call
// the generator does not print): still a stable function of what was written.
std::string CanonicalOrText(const sql::Node* node, std::string_view source) {
  if (node == nullptr) {
    return "";
  }
  Result<std::string> canonical = sql::CanonicalForm(node);
  if (canonical.ok()) {
    return *canonical;
  }
  if (node->span.length > 0 && node->span.offset + node->span.length <= source.size()) {
    return std::string(source.substr(node->span.offset, node->span.length));
  }
  return "?";
}

void HashNodes(Hasher& hasher, std::string_view field, const std::vector<const sql::Node*>& nodes,
               std::string_view source) {
  hasher.Update(field).Update(nodes.size());
  for (const sql::Node* node : nodes) {
    hasher.Update(CanonicalOrText(node, source));
  }
}

void HashOptional(Hasher& hasher, std::string_view field, const std::optional<std::string>& value) {
  hasher.Update(field).UpdateBool(value.has_value());
  if (value) {
    hasher.Update(*value);
  }
}

void HashOptional(Hasher& hasher, std::string_view field, const std::optional<int64_t>& value) {
  hasher.Update(field).UpdateBool(value.has_value());
  if (value) {
    hasher.Update(*value);
  }
}

void HashStrings(Hasher& hasher, std::string_view field, const std::vector<std::string>& values) {
  hasher.Update(field).Update(values.size());
  for (const std::string& value : values) {
    hasher.Update(value);
  }
}

bool IsWordChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_'; }

// Whether `word` (lower case) occurs in `lower_text` with no word character on either side.
bool ContainsWord(std::string_view lower_text, std::string_view word) {
  size_t at = 0;
  while ((at = lower_text.find(word, at)) != std::string_view::npos) {
    const bool left = at == 0 || !IsWordChar(lower_text[at - 1]);
    const size_t after = at + word.size();
    const bool right = after >= lower_text.size() || !IsWordChar(lower_text[after]);
    if (left && right) {
      return true;
    }
    at = after;
  }
  return false;
}

void HashData(Hasher& h, const project::Project& project, const project::Model& model) {
  const std::string_view source = model.source;
  h.Update("format").Update(kFingerprintFormat);
  h.Update("name").Update(model.name);
  h.Update("kind").Update(project::ModelKindNameText(model.kind.name));
  HashNodes(h, "pre", model.pre_statements, source);
  h.Update("query").Update(CanonicalOrText(model.query, source));
  HashNodes(h, "post", model.post_statements, source);
  const project::ModelKind& kind = model.kind;
  h.Update("time_column").UpdateBool(kind.time_column.has_value());
  if (kind.time_column) {
    h.Update(kind.time_column->name).Update(kind.time_column->format);
  }
  HashNodes(h, "unique_key", kind.unique_key, source);
  HashNodes(h, "when_matched", kind.when_matched, source);
  h.Update("merge_filter").Update(CanonicalOrText(kind.merge_filter, source));
  h.Update("insert_overwrite").UpdateBool(kind.insert_overwrite);
  h.Update("scd").Update(kind.updated_at_name).UpdateBool(kind.updated_at_as_valid_from);
  h.Update(kind.valid_from_name)
      .Update(kind.valid_to_name)
      .UpdateBool(kind.invalidate_hard_deletes);
  HashStrings(h, "scd_columns", kind.scd_columns);
  h.UpdateBool(kind.scd_all_columns).UpdateBool(kind.execution_time_as_valid_from);
  h.Update("materialized").UpdateBool(kind.materialized);
  h.Update("columns").Update(model.columns.size());
  for (const project::ColumnDeclaration& column : model.columns) {
    h.Update(column.name).Update(column.type);
  }
  h.Update("dialect").Update(model.dialect);
  h.Update("interval_unit").UpdateBool(model.interval_unit.has_value());
  if (model.interval_unit) {
    h.Update(IntervalUnitName(*model.interval_unit));
  }
  HashNodes(h, "partitioned_by", model.partitioned_by, source);
  HashNodes(h, "clustered_by", model.clustered_by, source);
  h.Update("physical_properties").Update(model.physical_properties.size());
  for (const auto& [name, value] : model.physical_properties) {
    h.Update(name).Update(CanonicalOrText(value, source));
  }
  h.Update("storage_format").Update(model.storage_format);
  h.Update("stamp").Update(model.stamp);
  h.Update("seed_path").Update(kind.seed_path);
  h.Update("variables");
  for (const std::string& name : VariablesUsedBy(project, model)) {
    h.Update(name).Update(YAML::Dump(project.config.variables.at(name)));
  }
}

void HashMetadata(Hasher& h, const project::Project& project, const project::Model& model) {
  const std::string_view source = model.source;
  h.Update("format").Update(kFingerprintFormat);
  h.Update("description").Update(model.description);
  h.Update("owner").Update(model.owner);
  h.Update("cron").Update(model.cron_text).Update(model.cron_tz);
  HashStrings(h, "tags", model.tags);
  HashStrings(h, "grains", model.grains);
  h.Update("column_descriptions").Update(model.column_descriptions.size());
  for (const auto& [name, text] : model.column_descriptions) {
    h.Update(name).Update(text);
  }
  h.Update("audits").Update(model.audits.size());
  for (const project::AuditCall& audit : model.audits) {
    h.Update(audit.name).Update(audit.arguments.size());
    for (const auto& [name, value] : audit.arguments) {
      h.Update(name).Update(CanonicalOrText(value, source));
    }
    // A custom audit's definition: what it checks and whether it blocks.
    if (const project::Audit* custom = project.FindAudit(model, audit.name)) {
      h.Update("custom").UpdateBool(custom->blocking).Update(custom->defaults.size());
      if (custom->skip) {
        h.Update("skip");
      }
      for (const auto& [name, value] : custom->defaults) {
        h.Update(name).Update(CanonicalOrText(value, custom->source));
      }
      h.Update(CanonicalOrText(custom->query, custom->source));
    }
  }
  HashOptional(h, "start", model.start);
  HashOptional(h, "end", model.end);
  const project::ModelKind& kind = model.kind;
  HashOptional(h, "batch_size", kind.batch_size);
  HashOptional(h, "batch_concurrency", kind.batch_concurrency);
  h.Update("lookback").Update(kind.lookback);
  h.Update("forward_only").UpdateBool(kind.forward_only);
  h.Update("on_change")
      .Update(project::SchemaChangePolicyName(kind.on_destructive_change))
      .Update(project::SchemaChangePolicyName(kind.on_additive_change));
  h.Update("disable_restatement").UpdateBool(kind.disable_restatement);
  h.Update("allow_partials").UpdateBool(model.allow_partials);
  h.Update("enabled").UpdateBool(model.enabled);
  h.Update("gateway").Update(model.gateway);
  HashStrings(h, "on_virtual_update", model.on_virtual_update);
}

}  // namespace

std::vector<std::string> VariablesUsedBy(const project::Project& project,
                                         const project::Model& model) {
  std::vector<std::string> used;
  if (project.config.variables.empty() || model.source.empty()) {
    return used;
  }
  const std::string lower = ToLower(model.source);
  for (const auto& entry : project.config.variables) {
    if (ContainsWord(lower, ToLower(entry.first))) {
      used.push_back(entry.first);
    }
  }
  return used;
}

Result<ModelHashes> HashModel(const project::Project& project, const project::Model& model) {
  Hasher data;
  HashData(data, project, model);
  if (!model.physical_schema.empty()) {
    // Where its tables live is part of the data (as SQLMesh): a new mapping is a new version.
    data.Update("physical_schema").Update(model.physical_schema);
  }
  if (model.kind.name == project::ModelKindName::kSeed) {
    const std::filesystem::path file = project.root / model.seed_file;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      return Status::ProjectError(
          fmt::format("cannot read the seed file {} of {}", model.seed_file.string(), model.name));
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    data.Update("seed").Update(HashBytesHex(bytes.str()));
  }
  Hasher metadata;
  HashMetadata(metadata, project, model);
  return ModelHashes{data.Digest(), metadata.Digest()};
}

Fingerprint CombineFingerprint(const ModelHashes& own,
                               const std::vector<const Fingerprint*>& parents) {
  Hasher data;
  data.Update("data").Update(own.data).Update(parents.size());
  Hasher metadata;
  metadata.Update("metadata").Update(own.metadata).Update(parents.size());
  for (const Fingerprint* parent : parents) {
    data.Update(parent->data);
    metadata.Update(parent->metadata);
  }
  Fingerprint out;
  out.data = data.Digest();
  out.metadata = metadata.Digest();
  Hasher combined;
  combined.Update(out.data).Update(out.metadata);
  out.combined = combined.Digest();
  return out;
}

}  // namespace strata
