// Backoff: doubling pauses up to a ceiling, clipped to a deadline.
#include "base/backoff.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <thread>

namespace strata {

Backoff::Backoff(double timeout_seconds, std::chrono::milliseconds first,
                 std::chrono::milliseconds ceiling)
    : start_(std::chrono::steady_clock::now()), pause_(first), ceiling_(ceiling) {
  assert(first.count() > 0 && first <= ceiling);
  // Ten years is "forever" and keeps the time point far from overflowing.
  constexpr double kForever = 10.0 * 365 * 24 * 3600;
  const double seconds =
      std::isnan(timeout_seconds) ? 0.0 : std::clamp(timeout_seconds, 0.0, kForever);
  deadline_ = start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(seconds));
}

bool Backoff::Wait() {
  const auto now = std::chrono::steady_clock::now();
  if (now >= deadline_) {
    return false;
  }
  std::this_thread::sleep_until(std::min(deadline_, now + pause_));
  pause_ = std::min(ceiling_, pause_ * 2);
  return true;
}

double Backoff::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

}  // namespace strata
