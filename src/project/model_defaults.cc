// Typing config.yaml's model_defaults.
#include "project/model_defaults.h"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "base/cron.h"
#include "base/text.h"
#include "base/time_parse.h"
#include "sql/dialect.h"

namespace strata::project {

namespace {

Status DefaultError(const ConfigScalar& scalar, std::string message, std::string hint = "") {
  Status status = Status::ProjectError(std::move(message)).WithLocation(scalar.location);
  return hint.empty() ? status : std::move(status).WithHint(std::move(hint));
}

std::optional<bool> BoolOf(const ConfigScalar& scalar, std::string_view key,
                           std::vector<Status>* errors) {
  const std::string lower = ToLower(Trim(scalar.value));
  if (lower == "true") {
    return true;
  }
  if (lower == "false") {
    return false;
  }
  errors->push_back(DefaultError(scalar, fmt::format("model_defaults.{} must be true or false, "
                                                     "not '{}'",
                                                     key, scalar.value)));
  return std::nullopt;
}

std::optional<int64_t> IntOf(const ConfigScalar& scalar, std::string_view key, int64_t min,
                             std::vector<Status>* errors) {
  const std::string_view text = Trim(scalar.value);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min) {
    errors->push_back(DefaultError(
        scalar, fmt::format("model_defaults.{} must be a whole number of at least {}, not '{}'",
                            key, min, scalar.value)));
    return std::nullopt;
  }
  return value;
}

std::optional<SchemaChangePolicy> PolicyOf(const ConfigScalar& scalar, std::string_view key,
                                           std::vector<Status>* errors) {
  if (auto policy = ParseSchemaChangePolicy(Trim(scalar.value))) {
    return policy;
  }
  errors->push_back(DefaultError(
      scalar, fmt::format("model_defaults.{} must be error, warn, allow or ignore, not '{}'", key,
                          scalar.value)));
  return std::nullopt;
}

}  // namespace

ModelDefaults ParseModelDefaults(const Config& config, std::vector<Status>* errors) {
  ModelDefaults defaults;
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (const auto& [key, scalar] : config.model_defaults) {
    const std::string_view value = Trim(scalar.value);
    if (key == "dialect") {
      Result<sql::DialectKind> dialect = sql::DialectFromName(value);
      if (!dialect.ok()) {
        errors->push_back(DefaultError(scalar, dialect.status().message()));
      } else {
        defaults.dialect = ToLower(value);
      }
    } else if (key == "kind") {
      if (auto kind = ParseModelKindName(value)) {
        defaults.kind = kind;
      } else {
        errors->push_back(DefaultError(
            scalar, fmt::format("unknown model kind '{}' in model_defaults.kind", value),
            NearestName(value, ModelKindSpellings()).empty()
                ? "kinds: FULL, VIEW, INCREMENTAL_BY_TIME_RANGE, INCREMENTAL_BY_UNIQUE_KEY, ..."
                : fmt::format("did you mean {}?", NearestName(value, ModelKindSpellings()))));
      }
    } else if (key == "cron") {
      Result<Cron> cron = Cron::Parse(value);
      if (!cron.ok()) {
        errors->push_back(DefaultError(scalar, "model_defaults.cron: " + cron.status().message(),
                                       cron.status().hint()));
      } else {
        defaults.cron = std::string(value);
      }
    } else if (key == "cron_tz") {
      defaults.cron_tz = std::string(value);
    } else if (key == "start" || key == "end") {
      Result<int64_t> time =
          ParseTimePoint(value, now, key == "start" ? TimeRole::kStart : TimeRole::kEnd);
      if (!time.ok()) {
        errors->push_back(
            DefaultError(scalar, fmt::format("model_defaults.{}: {}", key, time.status().message()),
                         time.status().hint()));
      } else if (key == "start") {
        defaults.start = std::string(value);
      } else {
        defaults.end = std::string(value);
      }
    } else if (key == "owner") {
      defaults.owner = std::string(value);
    } else if (key == "interval_unit") {
      Result<IntervalUnit> unit = ParseIntervalUnit(value);
      if (!unit.ok()) {
        errors->push_back(DefaultError(scalar, unit.status().message(), unit.status().hint()));
      } else {
        defaults.interval_unit = *unit;
      }
    } else if (key == "allow_partials") {
      defaults.allow_partials = BoolOf(scalar, key, errors).value_or(false);
    } else if (key == "enabled") {
      defaults.enabled = BoolOf(scalar, key, errors).value_or(true);
    } else if (key == "forward_only") {
      defaults.forward_only = BoolOf(scalar, key, errors);
    } else if (key == "gateway") {
      defaults.gateway = std::string(value);
    } else if (key == "storage_format") {
      defaults.storage_format = std::string(value);
    } else if (key == "on_destructive_change") {
      defaults.on_destructive_change = PolicyOf(scalar, key, errors);
    } else if (key == "on_additive_change") {
      defaults.on_additive_change = PolicyOf(scalar, key, errors);
    } else if (key == "batch_size") {
      defaults.batch_size = IntOf(scalar, key, 1, errors);
    } else if (key == "batch_concurrency") {
      defaults.batch_concurrency = IntOf(scalar, key, 1, errors);
    } else if (key == "lookback") {
      defaults.lookback = IntOf(scalar, key, 0, errors);
    }
    // Unknown keys were reported by the config loader.
  }
  return defaults;
}

}  // namespace strata::project
