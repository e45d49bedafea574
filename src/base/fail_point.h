// Fail points: named places in strata where a test can make the process stop dead, to prove that a
// crash at any instant leaves no duplicate and no recorded-but-missing interval (DESIGN.md §5).
//
// STRATA_FAIL_POINT=name        stops at the first time `name` is reached
// STRATA_FAIL_POINT=name@N      stops the N-th time (1-based)
// STRATA_FAIL_POINT=name:sigint@N  sends SIGINT (a user's Ctrl-C) instead, and goes on
// Several, comma-separated, may be given. Stopping is SIGKILL to the process itself: no
// destructor, no flush, no rollback runs, exactly like `kill -9`. With the variable unset a fail
// point costs one relaxed atomic load.
#pragma once

#include <string_view>

namespace strata {

// Stops the process here if STRATA_FAIL_POINT names `name` (and its count is reached).
// Thread-safe.
void FailPoint(std::string_view name);

// Every fail point strata defines, for tests that visit each one.
inline constexpr std::string_view kFailPoints[] = {
    "plan_before_apply",    // plan: after backfill, before the state transaction
    "plan_after_views",     // plan: the environment's views replaced, its state not yet written
    "plan_during_apply",    // plan: inside the state transaction, before commit
    "plan_after_apply",     // plan: after the state transaction (snapshots, environment, views)
    "batch_before_write",   // a batch: transaction open, before its data is written
    "batch_after_write",    // a batch: data written, interval not yet recorded
    "batch_before_commit",  // a batch: data and interval written, before commit
    "batch_after_commit",   // a batch: committed
    "between_batches",      // the scheduler: between two batches
};

}  // namespace strata
