#include "cli/sql_log.h"

#include <cstdio>
#include <mutex>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::cli {

std::string SqlLogLine(const engine::ObservedStatement& statement, size_t max_chars) {
  std::string text;
  for (std::string_view piece : SplitWhitespace(statement.sql)) {
    if (!text.empty()) {
      text += ' ';
    }
    text += piece;
    if (text.size() > max_chars) {
      break;
    }
  }
  if (text.size() > max_chars) {
    text.resize(max_chars);
    text += "…";
  }
  return fmt::format("{:<8} {:8.2f} ms  {:<8} {}{}", statement.bound_only ? "describe" : "sql",
                     statement.seconds * 1000,
                     statement.engine == engine::EngineType::kPostgres ? "postgres" : "duckdb",
                     statement.ok ? "" : "failed: ", text);
}

void LogStatementsToStderr(int verbosity) {
  const size_t max_chars = verbosity >= 3 ? std::string::npos : 400;
  engine::SetStatementObserver([max_chars](const engine::ObservedStatement& statement) {
    static std::mutex mutex;
    const std::string line = SqlLogLine(statement, max_chars);
    std::lock_guard<std::mutex> lock(mutex);
    fmt::print(stderr, "{}\n", line);
  });
}

}  // namespace strata::cli
