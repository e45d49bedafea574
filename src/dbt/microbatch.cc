#include "dbt/microbatch.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"

namespace strata::dbt {
namespace {

constexpr std::string_view kStateTable = "strata_dbt_state.microbatch_batches";

}  // namespace

Result<MicrobatchConfig> ReadMicrobatchConfig(const NodeConfig& config) {
  MicrobatchConfig out;
  out.event_time = config.String("event_time").value_or("");
  if (out.event_time.empty()) {
    return Status::ProjectError("a microbatch model needs event_time")
        .WithHint("set event_time to the column that says when each row happened");
  }
  const std::string size = ToLower(config.String("batch_size").value_or(""));
  if (size == "hour") {
    out.unit = IntervalUnit::kHour;
  } else if (size == "day") {
    out.unit = IntervalUnit::kDay;
  } else if (size == "month") {
    out.unit = IntervalUnit::kMonth;
  } else if (size == "year") {
    out.unit = IntervalUnit::kYear;
  } else {
    return Status::ProjectError(
               fmt::format("a microbatch model's batch_size must be hour, day, month or year, "
                           "not '{}'",
                           size))
        .WithHint("set batch_size: day (or hour, month, year)");
  }
  const std::optional<std::string> begin = config.String("begin");
  if (!begin) {
    return Status::ProjectError("a microbatch model needs begin")
        .WithHint("set begin to the date of its first batch, e.g. begin: '2024-01-01'");
  }
  STRATA_ASSIGN_OR_RETURN(out.begin, ParseTimestamp(*begin));
  if (const jinja::Value* lookback = config.Find("lookback"); lookback && lookback->is_int()) {
    out.lookback = std::max<int64_t>(0, lookback->as_int());
  }
  return out;
}

std::vector<Batch> PlanBatches(const MicrobatchConfig& config, const BatchRequest& request) {
  const IntervalGrid grid(config.unit);
  std::set<int64_t> starts;
  auto add_range = [&](int64_t from, int64_t to) {  // every batch touching [from, to)
    for (int64_t s = grid.Floor(from); s < to; s = grid.Next(s)) {
      starts.insert(s);
    }
  };
  if (request.event_time_start || request.event_time_end) {
    add_range(request.event_time_start.value_or(config.begin),
              request.event_time_end.value_or(request.now));
  } else if (request.rebuild) {
    add_range(config.begin, request.now);
  } else {
    const int64_t current = grid.Floor(request.now);
    add_range(std::max(config.begin, grid.Advance(current, -config.lookback)), request.now);
    // Beyond dbt: every batch since the first recorded one that has no record.
    if (!request.recorded.empty()) {
      int64_t first = request.recorded.front().start;
      std::set<int64_t> done;
      for (const Batch& batch : request.recorded) {
        first = std::min(first, batch.start);
        done.insert(batch.start);
      }
      for (int64_t s = std::max(grid.Floor(first), grid.Floor(config.begin)); s < current;
           s = grid.Next(s)) {
        if (!done.count(s)) {
          starts.insert(s);
        }
      }
    }
  }
  std::vector<Batch> batches;
  for (int64_t s : starts) {
    if (s >= grid.Floor(config.begin)) {
      batches.push_back({s, grid.Next(s)});
    }
  }
  return batches;
}

std::string BatchTime(int64_t micros) { return FormatTimestamp(micros).substr(0, 19); }

Result<std::vector<Batch>> RecordedBatches(engine::EngineAdapter& db,
                                           const std::string& unique_id) {
  Result<engine::QueryResult> result =
      db.Query(fmt::format("SELECT batch_start, batch_end FROM {} WHERE model = {} ORDER BY 1",
                           kStateTable, QuoteSqlString(unique_id)));
  if (!result.ok()) {
    // No state table yet: nothing recorded.
    Result<std::vector<engine::Column>> exists =
        db.DescribeTable("strata_dbt_state", "microbatch_batches");
    if (!exists.ok()) {
      return std::vector<Batch>{};
    }
    return result.status();
  }
  std::vector<Batch> out;
  for (const auto& row : result->rows) {
    if (!row[0].is_null() && !row[1].is_null()) {
      out.push_back({row[0].AsInt64(), row[1].AsInt64()});
    }
  }
  return out;
}

std::vector<std::string> RecordBatchStatements(const std::string& unique_id, const Batch& batch,
                                               bool forget_all) {
  std::vector<std::string> out = {
      "CREATE SCHEMA IF NOT EXISTS strata_dbt_state",
      fmt::format("CREATE TABLE IF NOT EXISTS {} (model VARCHAR, batch_start TIMESTAMP, "
                  "batch_end TIMESTAMP, processed_at TIMESTAMP)",
                  kStateTable),
  };
  if (forget_all) {
    out.push_back(
        fmt::format("DELETE FROM {} WHERE model = {}", kStateTable, QuoteSqlString(unique_id)));
  } else {
    out.push_back(fmt::format("DELETE FROM {} WHERE model = {} AND batch_start = '{}'", kStateTable,
                              QuoteSqlString(unique_id), BatchTime(batch.start)));
  }
  out.push_back(fmt::format("INSERT INTO {} VALUES ({}, '{}', '{}', now()::timestamp)", kStateTable,
                            QuoteSqlString(unique_id), BatchTime(batch.start),
                            BatchTime(batch.end)));
  return out;
}

}  // namespace strata::dbt
