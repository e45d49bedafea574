// LockWait: how long to wait for a lock that another process holds, and whom to tell that strata
// is waiting. Used when opening a DuckDB file (one process at a time may open it for writing) and
// when taking the state lock (state/state_lock.h); DESIGN.md §5 "Concurrency".
#pragma once

#include <functional>
#include <string>

namespace strata::engine {

struct LockWait {
  // How long to keep trying, in seconds; 0 (the default) tries once. `--lock-timeout`.
  double timeout_seconds = 0;
  // Called at most once, on the first refused attempt when there is time left to wait, with a
  // one-line message saying what strata waits for. May be empty.
  std::function<void(const std::string& message)> on_wait;
};

// The hint of every lock timeout: what the user can do about it.
inline constexpr const char* kLockTimeoutHint =
    "another process is working with this state or database; wait for it to finish, or give "
    "`--lock-timeout SECONDS` to wait longer";

}  // namespace strata::engine
