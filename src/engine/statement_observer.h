// A process-wide observer of the statements strata sends to its engines: `strata -vv` prints
// each one with the time it took (cli/main.cc). Both adapters report every round trip to the
// engine (a text of several statements is one report), including BEGIN and COMMIT.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "engine/connection_config.h"

namespace strata::engine {

struct ObservedStatement {
  EngineType engine = EngineType::kDuckDb;
  std::string_view sql;
  double seconds = 0;
  bool ok = true;
  bool bound_only = false;  // prepared to learn its columns, not run (EngineAdapter::DescribeQuery)
};

using StatementObserver = std::function<void(const ObservedStatement&)>;

// Sets (or, with an empty function, removes) the observer. Not thread-safe: call it before any
// engine is opened. The observer itself is called from every thread that runs statements.
void SetStatementObserver(StatementObserver observer);

// Whether an observer is set.
bool StatementsObserved();

// Reports one statement to the observer. REQUIRES: StatementsObserved().
void ReportStatement(const ObservedStatement& statement);

// Times one round trip and reports it when an observer is set: `run()` returns a value whose
// ok() says whether the statement succeeded.
template <typename Run>
auto ObserveStatement(EngineType engine, std::string_view sql, Run&& run, bool bound_only = false) {
  if (!StatementsObserved()) {
    return run();
  }
  const auto started = std::chrono::steady_clock::now();
  auto result = run();
  ReportStatement(ObservedStatement{
      engine, sql,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
      result.ok(), bound_only});
  return result;
}

}  // namespace strata::engine
