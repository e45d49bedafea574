// config.yaml's `model_defaults`, typed: the values every model starts from before its own
// header overrides them. Parsed once per project, so a bad default is reported once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/interval_unit.h"
#include "base/status.h"
#include "project/config.h"
#include "project/model_kind.h"

namespace strata::project {

struct ModelDefaults {
  std::string dialect = "duckdb";
  std::optional<ModelKindName> kind;  // nullopt: VIEW
  std::string cron = "@daily";
  std::string cron_tz = "UTC";
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::string owner;
  std::optional<IntervalUnit> interval_unit;
  bool allow_partials = false;
  bool enabled = true;
  std::string gateway;
  std::string storage_format;
  std::optional<SchemaChangePolicy> on_destructive_change;
  std::optional<SchemaChangePolicy> on_additive_change;
  std::optional<int64_t> batch_size;
  std::optional<int64_t> batch_concurrency;
  std::optional<int64_t> lookback;
  std::optional<bool> forward_only;
};

// Reads `config.model_defaults`. Appends a problem per bad value (with its config.yaml location)
// to `errors` and keeps the built-in default for it.
ModelDefaults ParseModelDefaults(const Config& config, std::vector<Status>* errors);

}  // namespace strata::project
