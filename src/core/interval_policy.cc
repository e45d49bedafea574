// IntervalPolicy construction and validation.
#include "core/interval_policy.h"

#include <string>
#include <utility>

#include <fmt/format.h>

namespace strata {

IntervalPolicy::IntervalPolicy(Cron cron_in, int64_t start_in)
    : cron(std::move(cron_in)), grid(IntervalGrid::ForCron(cron)), start(start_in) {}

IntervalPolicy::IntervalPolicy(Cron cron_in, IntervalGrid grid_in, int64_t start_in)
    : cron(std::move(cron_in)), grid(grid_in), start(start_in) {}

Status IntervalPolicy::Validate() const {
  if (lookback < 0) {
    return Status::InvalidArgument(fmt::format("lookback must not be negative (got {})", lookback))
        .WithHint("lookback is a number of interval units, e.g. `lookback 2`");
  }
  if (batch_size < 0) {
    return Status::InvalidArgument(
               fmt::format("batch_size must not be negative (got {})", batch_size))
        .WithHint(
            "batch_size is a number of interval units; 0 or no batch_size runs each "
            "contiguous range in one batch");
  }
  if (batch_concurrency < 0) {
    return Status::InvalidArgument(
        fmt::format("batch_concurrency must not be negative (got {})", batch_concurrency));
  }
  if (end.has_value() && *end <= start) {
    return Status::InvalidArgument("the model's end is not after its start")
        .WithHint("set `end` to a date on or after `start`, or remove it");
  }
  return Status::OK();
}

}  // namespace strata
