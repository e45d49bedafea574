// Interruption (Ctrl-C): while a plan or run executes batches, Ctrl-C (SIGINT) stops it from
// starting new ones, lets the batches already running commit or roll back, and the command then
// says what was committed and what was not. A second Ctrl-C ends the process at once (its open
// transactions are rolled back by the engines; nothing half-written is recorded). Outside that
// window Ctrl-C keeps its default action.
#pragma once

namespace strata {

// While alive, SIGINT sets the flag Interrupted() reads instead of ending the process (the second
// one ends it). The destructor restores the default action. Not nestable.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};

// Whether an interrupt arrived in the current InterruptScope. Thread-safe, lock-free.
bool Interrupted();

// Sets or clears the flag as if a signal had arrived (tests).
void SetInterruptedForTesting(bool interrupted);

}  // namespace strata
