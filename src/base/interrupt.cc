// Interruption: an async-signal-safe flag set by SIGINT; the second one restores the default
// action and re-raises it.
#include "base/interrupt.h"

#include <atomic>
#include <csignal>

namespace strata {

namespace {

std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int signal_number) {
  if (interrupted.exchange(true)) {
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
  }
}

}  // namespace

InterruptScope::InterruptScope() {
  interrupted.store(false);
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
}

InterruptScope::~InterruptScope() { std::signal(SIGINT, SIG_DFL); }

bool Interrupted() { return interrupted.load(std::memory_order_relaxed); }

void SetInterruptedForTesting(bool value) { interrupted.store(value); }

}  // namespace strata
