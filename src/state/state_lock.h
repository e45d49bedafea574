// StateLock: one writer per state at a time (DESIGN.md §5 "Concurrency"). A `plan` or `run` holds
// the lock of its state from before it reads the state until it has written everything, so two
// strata processes, on one machine or on several, never process the same interval twice.
//
// How the lock is taken depends on where the state lives (docs/state_format.md, "The lock"):
//  - PostgreSQL: a session-level advisory lock, keyed by StateLockKey(state schema), held by a
//    connection of its own for the lifetime of the StateLock. The server releases it when that
//    session ends, so a crashed or killed strata never leaves the state locked.
//  - DuckDB: only one process at a time can open a database file, so opening the engine is the
//    lock (DuckDbEngine::Open waits for it with the same LockWait). Within one process the
//    engine is shared and AcquireStateLock takes nothing more.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "engine/engine_adapter.h"
#include "engine/lock_wait.h"

namespace strata::state {

// Holds the state lock until destroyed, moved from, or Released. Move-only. Not thread-safe.
class StateLock {
 public:
  // A lock that holds nothing.
  StateLock() = default;
  ~StateLock() { Release(); }
  StateLock(StateLock&& other) noexcept = default;
  // Releases the lock this object holds, then takes `other`'s.
  StateLock& operator=(StateLock&& other) noexcept;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

  // Releases the lock now; does nothing when none is held. Never fails: when the unlock
  // statement fails, closing the session releases the lock all the same.
  void Release();

  // Whether a server-side lock (PostgreSQL) is held; false for DuckDB and after Release.
  bool holds_server_lock() const { return session_ != nullptr; }

 private:
  friend Result<StateLock> AcquireStateLock(engine::Engine& engine, const std::string& state_schema,
                                            const engine::LockWait& wait);
  StateLock(std::unique_ptr<engine::EngineAdapter> session, int64_t key)
      : session_(std::move(session)), key_(key) {}

  std::unique_ptr<engine::EngineAdapter> session_;  // the session that holds the advisory lock
  int64_t key_ = 0;
};

// The PostgreSQL advisory-lock key of the state in schema `state_schema`: the low 64 bits of
// the XXH3-128 of the framed strings "strata state lock" and `state_schema`, so every strata on
// every machine derives the same key. Advisory locks are per database, so equal schema names in
// different databases do not collide.
int64_t StateLockKey(const std::string& state_schema);

// Takes the lock of the state in schema `state_schema` on `engine` (the state connection's).
//
// PostgreSQL: opens a session of its own, names it "strata pid N on HOST" (application_name,
// so others can say who holds the lock), and tries pg_try_advisory_lock(StateLockKey) until it
// succeeds or `wait.timeout_seconds` have passed (pauses from 10 ms doubling to 200 ms). On the
// first refusal with time left, calls `wait.on_wait` once with "waiting for another strata
// process to finish with the state in schema "S" (held by strata pid N on HOST)...". Fails with
// kLockTimeout and engine::kLockTimeoutHint when the time runs out, and with the engine's error
// when it cannot connect or query.
//
// DuckDB: returns a StateLock that holds nothing at once; the lock was taken when the engine
// was opened (see the file comment).
//
// Thread-safe as engine.Connect() is; the returned lock must then stay on one thread at a time.
Result<StateLock> AcquireStateLock(engine::Engine& engine, const std::string& state_schema,
                                   const engine::LockWait& wait);

}  // namespace strata::state
