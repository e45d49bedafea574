#include "engine/statement_observer.h"

#include <utility>

namespace strata::engine {
namespace {

StatementObserver& Observer() {
  static StatementObserver observer;
  return observer;
}

}  // namespace

void SetStatementObserver(StatementObserver observer) { Observer() = std::move(observer); }

bool StatementsObserved() { return static_cast<bool>(Observer()); }

void ReportStatement(const ObservedStatement& statement) { Observer()(statement); }

}  // namespace strata::engine
