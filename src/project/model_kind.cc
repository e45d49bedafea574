// Names of model kinds and schema-change policies, and which parameters each kind takes.
#include "project/model_kind.h"

#include <array>

#include "base/text.h"

namespace strata::project {

namespace {

constexpr std::array<std::string_view, 11> kKindSpellings = {"INCREMENTAL_BY_TIME_RANGE",
                                                             "INCREMENTAL_BY_UNIQUE_KEY",
                                                             "INCREMENTAL_UNMANAGED",
                                                             "SCD_TYPE_2",
                                                             "SCD_TYPE_2_BY_TIME",
                                                             "SCD_TYPE_2_BY_COLUMN",
                                                             "FULL",
                                                             "VIEW",
                                                             "EMBEDDED",
                                                             "SEED",
                                                             "EXTERNAL"};

// Parameters every incremental kind shares.
#define STRATA_INCREMENTAL_COMMON                                                         \
  "batch_size", "batch_concurrency", "lookback", "forward_only", "on_destructive_change", \
      "on_additive_change", "disable_restatement", "auto_restatement_cron"

constexpr std::string_view kTimeRangeParams[] = {STRATA_INCREMENTAL_COMMON, "time_column"};
constexpr std::string_view kUniqueKeyParams[] = {STRATA_INCREMENTAL_COMMON, "unique_key",
                                                 "when_matched", "merge_filter"};
constexpr std::string_view kUnmanagedParams[] = {STRATA_INCREMENTAL_COMMON, "insert_overwrite"};
constexpr std::string_view kScdByTimeParams[] = {
    STRATA_INCREMENTAL_COMMON,  "unique_key",      "updated_at_name",
    "updated_at_as_valid_from", "valid_from_name", "valid_to_name",
    "invalidate_hard_deletes",  "time_data_type"};
constexpr std::string_view kScdByColumnParams[] = {
    STRATA_INCREMENTAL_COMMON,      "unique_key",      "columns",
    "execution_time_as_valid_from", "valid_from_name", "valid_to_name",
    "invalidate_hard_deletes",      "time_data_type"};
constexpr std::string_view kViewParams[] = {"materialized"};
constexpr std::string_view kSeedParams[] = {"path", "csv_settings", "batch_size"};

#undef STRATA_INCREMENTAL_COMMON

}  // namespace

std::string_view ModelKindNameText(ModelKindName kind) {
  switch (kind) {
    case ModelKindName::kIncrementalByTimeRange:
      return "INCREMENTAL_BY_TIME_RANGE";
    case ModelKindName::kIncrementalByUniqueKey:
      return "INCREMENTAL_BY_UNIQUE_KEY";
    case ModelKindName::kIncrementalUnmanaged:
      return "INCREMENTAL_UNMANAGED";
    case ModelKindName::kScdType2ByTime:
      return "SCD_TYPE_2_BY_TIME";
    case ModelKindName::kScdType2ByColumn:
      return "SCD_TYPE_2_BY_COLUMN";
    case ModelKindName::kFull:
      return "FULL";
    case ModelKindName::kView:
      return "VIEW";
    case ModelKindName::kEmbedded:
      return "EMBEDDED";
    case ModelKindName::kSeed:
      return "SEED";
    case ModelKindName::kExternal:
      return "EXTERNAL";
  }
  return "VIEW";
}

std::optional<ModelKindName> ParseModelKindName(std::string_view text) {
  const std::string upper = ToUpper(text);
  if (upper == "SCD_TYPE_2") {
    return ModelKindName::kScdType2ByTime;
  }
  for (int i = 0; i <= static_cast<int>(ModelKindName::kExternal); ++i) {
    const auto kind = static_cast<ModelKindName>(i);
    if (ModelKindNameText(kind) == upper) {
      return kind;
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> ModelKindSpellings() { return kKindSpellings; }

std::span<const std::string_view> KindParameterNames(ModelKindName kind) {
  switch (kind) {
    case ModelKindName::kIncrementalByTimeRange:
      return kTimeRangeParams;
    case ModelKindName::kIncrementalByUniqueKey:
      return kUniqueKeyParams;
    case ModelKindName::kIncrementalUnmanaged:
      return kUnmanagedParams;
    case ModelKindName::kScdType2ByTime:
      return kScdByTimeParams;
    case ModelKindName::kScdType2ByColumn:
      return kScdByColumnParams;
    case ModelKindName::kView:
      return kViewParams;
    case ModelKindName::kSeed:
      return kSeedParams;
    case ModelKindName::kFull:
    case ModelKindName::kEmbedded:
    case ModelKindName::kExternal:
      return {};
  }
  return {};
}

std::string_view SchemaChangePolicyName(SchemaChangePolicy policy) {
  switch (policy) {
    case SchemaChangePolicy::kError:
      return "error";
    case SchemaChangePolicy::kWarn:
      return "warn";
    case SchemaChangePolicy::kAllow:
      return "allow";
    case SchemaChangePolicy::kIgnore:
      return "ignore";
  }
  return "error";
}

std::optional<SchemaChangePolicy> ParseSchemaChangePolicy(std::string_view text) {
  const std::string lower = ToLower(text);
  for (auto policy : {SchemaChangePolicy::kError, SchemaChangePolicy::kWarn,
                      SchemaChangePolicy::kAllow, SchemaChangePolicy::kIgnore}) {
    if (SchemaChangePolicyName(policy) == lower) {
      return policy;
    }
  }
  return std::nullopt;
}

bool ModelKind::IsIncremental() const {
  switch (name) {
    case ModelKindName::kIncrementalByTimeRange:
    case ModelKindName::kIncrementalByUniqueKey:
    case ModelKindName::kIncrementalUnmanaged:
    case ModelKindName::kScdType2ByTime:
    case ModelKindName::kScdType2ByColumn:
      return true;
    default:
      return false;
  }
}

bool ModelKind::IsMaterialized() const {
  return name != ModelKindName::kEmbedded && name != ModelKindName::kExternal;
}

bool ModelKind::DependsOnPast() const {
  switch (name) {
    case ModelKindName::kIncrementalByUniqueKey:
    case ModelKindName::kIncrementalUnmanaged:
    case ModelKindName::kScdType2ByTime:
    case ModelKindName::kScdType2ByColumn:
      return true;
    default:
      return false;
  }
}

}  // namespace strata::project
