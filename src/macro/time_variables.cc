// Time macro variables: formatting one instant for each suffix (see time_variables.h).
#include "macro/time_variables.h"

#include <array>
#include <cassert>
#include <cstdlib>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"

namespace strata {

namespace {

constexpr std::array<std::string_view, 3> kPrefixes = {"start", "end", "execution"};
constexpr std::array<std::string_view, 9> kSuffixes = {"dt",   "dtntz", "date",  "ds",    "ts",
                                                       "tstz", "hour",  "epoch", "millis"};

// Whole milliseconds since the epoch, rounded down (SQLMesh truncates to milliseconds too).
int64_t MillisOf(int64_t micros) { return FloorDiv(micros, 1000); }

// Seconds as Python prints millis / 1000: the exact decimal with at least one fractional digit
// and no trailing zeros ("1580428800.0", "1580515199.999", "-0.5"). At most 13 significant digits
// for any date of years 1..9999, so this is also the shortest text that reads back as that float.
std::string EpochText(int64_t millis) {
  const int64_t magnitude = std::llabs(millis);
  std::string fraction = fmt::format("{:03d}", magnitude % 1000);
  while (fraction.size() > 1 && fraction.back() == '0') {
    fraction.pop_back();
  }
  return fmt::format("{}{}.{}", millis < 0 ? "-" : "", magnitude / 1000, fraction);
}

LiteralValue ValueOf(std::string_view suffix, int64_t t) {
  const std::string ts = FormatTimestamp(t);
  if (suffix == "dt" || suffix == "dtntz") {
    return {LiteralKind::kTimestamp, ts};
  }
  if (suffix == "date") {
    return {LiteralKind::kDate, FormatDate(DayOf(t))};
  }
  if (suffix == "ds") {
    return {LiteralKind::kString, FormatDate(DayOf(t))};
  }
  if (suffix == "ts") {
    return {LiteralKind::kString, ts};
  }
  if (suffix == "tstz") {
    return {LiteralKind::kString, ts + "+00:00"};
  }
  if (suffix == "hour") {
    return {LiteralKind::kInteger, std::to_string(FloorMod(t, kMicrosPerDay) / kMicrosPerHour)};
  }
  if (suffix == "epoch") {
    return {LiteralKind::kFloat, EpochText(MillisOf(t))};
  }
  assert(suffix == "millis");
  return {LiteralKind::kInteger, std::to_string(MillisOf(t))};
}

// `name` without a leading '@', in lower case.
std::string Normalize(std::string_view name) {
  if (!name.empty() && name.front() == '@') {
    name.remove_prefix(1);
  }
  return ToLower(name);
}

}  // namespace

TimeVariables::TimeVariables(int64_t start, int64_t end, int64_t execution_time) {
  assert(start < end);
  const std::array<int64_t, 3> instants = {start, end - 1, execution_time};
  variables_.reserve(kPrefixes.size() * kSuffixes.size());
  for (size_t i = 0; i < kPrefixes.size(); ++i) {
    for (std::string_view suffix : kSuffixes) {
      variables_.push_back(
          {fmt::format("{}_{}", kPrefixes[i], suffix), ValueOf(suffix, instants[i])});
    }
  }
}

const LiteralValue* TimeVariables::Find(std::string_view name) const {
  const std::string key = Normalize(name);
  for (const TimeVariable& variable : variables_) {
    if (variable.name == key) {
      return &variable.value;
    }
  }
  return nullptr;
}

bool TimeVariables::IsTimeVariableName(std::string_view name) {
  const std::string key = Normalize(name);
  for (std::string_view prefix : kPrefixes) {
    for (std::string_view suffix : kSuffixes) {
      if (key.size() == prefix.size() + 1 + suffix.size() && key.starts_with(prefix) &&
          key[prefix.size()] == '_' && key.ends_with(suffix)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace strata
