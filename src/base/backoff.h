// Backoff: the pauses of a loop that retries something until a deadline (waiting for a lock held
// by another process). Pauses start short and double up to a ceiling, so a lock released soon is
// taken soon and a long wait costs few attempts; the last pause ends at the deadline.
#pragma once

#include <chrono>

namespace strata {

class Backoff {
 public:
  // The deadline is `timeout_seconds` from now (a negative or NaN timeout counts as 0). Pauses
  // start at `first` and double up to `ceiling`. REQUIRES: 0 < first <= ceiling.
  explicit Backoff(double timeout_seconds,
                   std::chrono::milliseconds first = std::chrono::milliseconds(10),
                   std::chrono::milliseconds ceiling = std::chrono::milliseconds(200));

  // Sleeps for the next pause, cut short at the deadline, and returns true; returns false at
  // once when the deadline has passed (the caller makes no further attempt). Not thread-safe.
  bool Wait();

  // Whether the deadline has passed (Wait would return false).
  bool expired() const { return std::chrono::steady_clock::now() >= deadline_; }

  // Seconds since construction.
  double elapsed_seconds() const;

 private:
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::milliseconds pause_;
  std::chrono::milliseconds ceiling_;
};

}  // namespace strata
