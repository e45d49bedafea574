// Model kinds (DESIGN.md §2, §6): how a model's rows are materialized, and the parameters each
// kind takes in `kind NAME (param value, ...)`. Defaults follow SQLMesh's documentation except
// where docs/projects.md says otherwise.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "project/csv.h"
#include "sql/ast.h"

namespace strata::project {

enum class ModelKindName {
  kIncrementalByTimeRange,
  kIncrementalByUniqueKey,
  kIncrementalUnmanaged,
  kScdType2ByTime,  // also spelled SCD_TYPE_2
  kScdType2ByColumn,
  kFull,
  kView,
  kEmbedded,
  kSeed,
  kExternal,
};

// The spelling in MODEL headers, e.g. "INCREMENTAL_BY_TIME_RANGE"; kScdType2ByTime is
// "SCD_TYPE_2_BY_TIME".
std::string_view ModelKindNameText(ModelKindName kind);

// The kind spelled `text` (any case; SCD_TYPE_2 is SCD_TYPE_2_BY_TIME); nullopt when unknown.
std::optional<ModelKindName> ParseModelKindName(std::string_view text);

// Every kind spelling a MODEL header accepts (for "did you mean" hints).
std::span<const std::string_view> ModelKindSpellings();

// The parameter names `kind` accepts inside `kind NAME (...)`.
std::span<const std::string_view> KindParameterNames(ModelKindName kind);

// What happens when a forward-only change alters a table's schema.
enum class SchemaChangePolicy { kError, kWarn, kAllow, kIgnore };
std::string_view SchemaChangePolicyName(SchemaChangePolicy policy);
std::optional<SchemaChangePolicy> ParseSchemaChangePolicy(std::string_view text);

// INCREMENTAL_BY_TIME_RANGE's `time_column col` or `time_column (col, 'format')`.
struct TimeColumn {
  std::string name;                 // normalized (lower-case unless quoted)
  std::string format = "%Y-%m-%d";  // SQLMesh's default
};

// A kind with its parameters. Fields that a kind does not take keep their defaults.
struct ModelKind {
  ModelKindName name = ModelKindName::kView;

  // Incremental kinds (time range, unique key, unmanaged, SCD type 2).
  std::optional<int64_t> batch_size;         // units per batch; nullopt: all in one batch
  std::optional<int64_t> batch_concurrency;  // batches running at once; nullopt: unlimited
  int64_t lookback = 0;                      // units re-run before each missing interval
  bool forward_only = false;
  SchemaChangePolicy on_destructive_change = SchemaChangePolicy::kError;
  SchemaChangePolicy on_additive_change = SchemaChangePolicy::kAllow;
  bool disable_restatement = false;  // true by default for SCD type 2 (as SQLMesh)

  // INCREMENTAL_BY_TIME_RANGE
  std::optional<TimeColumn> time_column;

  // INCREMENTAL_BY_UNIQUE_KEY and SCD type 2: columns or expressions (nodes in the model's
  // arena).
  std::vector<const sql::Node*> unique_key;
  std::vector<const sql::Node*> when_matched;  // kMergeWhen clauses
  const sql::Node* merge_filter = nullptr;     // an expression over source./target.

  // INCREMENTAL_UNMANAGED
  bool insert_overwrite = false;

  // SCD type 2
  std::string updated_at_name = "updated_at";
  bool updated_at_as_valid_from = false;
  std::string valid_from_name = "valid_from";
  std::string valid_to_name = "valid_to";
  // strata: true by default (SQLMesh: false), so the normative worked example of
  // seeds/003 (a deleted key closes at execution time) holds without the flag.
  bool invalidate_hard_deletes = true;
  std::vector<std::string> scd_columns;  // SCD_TYPE_2_BY_COLUMN `columns [a, b]`
  bool scd_all_columns = false;          // SCD_TYPE_2_BY_COLUMN `columns *`
  bool execution_time_as_valid_from = false;

  // VIEW
  bool materialized = false;

  // SEED
  std::string seed_path;  // as written (relative to the model file's folder)
  CsvSettings csv_settings;

  bool IsIncremental() const;
  // Whether the kind writes a table or view (EMBEDDED and EXTERNAL do not).
  bool IsMaterialized() const;
  // Whether a batch's result depends on earlier batches (they run in order).
  bool DependsOnPast() const;
};

}  // namespace strata::project
