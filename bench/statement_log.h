// Statement timing for the benchmarks: the engines' statement observer
// (engine/statement_observer.h) collects every statement with its time, for a per-statement or
// per-kind breakdown on stderr.
#ifndef STRATA_BENCH_STATEMENT_LOG_H_
#define STRATA_BENCH_STATEMENT_LOG_H_

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/statement_observer.h"

namespace strata_bench {

inline double Since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// The statements sent to any engine while the log is installed, each with the seconds it took
// (statements only bound, not run, are listed as "DESCRIBE …"). One log at a time.
class StatementLog {
 public:
  StatementLog() {
    strata::engine::SetStatementObserver([this](const strata::engine::ObservedStatement& s) {
      Add(s.bound_only ? "DESCRIBE " + std::string(s.sql) : std::string(s.sql), s.seconds);
    });
  }
  ~StatementLog() { strata::engine::SetStatementObserver(nullptr); }
  StatementLog(const StatementLog&) = delete;
  StatementLog& operator=(const StatementLog&) = delete;

  void Add(std::string_view sql, double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.emplace_back(std::string(sql), seconds);
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
  }
  // Prints the statements that took at least 1 ms, slowest first, and the total of the rest.
  void Print(const char* title) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::string, double>> sorted = entries_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    double rest = 0;
    size_t rest_count = 0;
    std::fprintf(stderr, "%s: %zu statements\n", title, sorted.size());
    for (const auto& [sql, seconds] : sorted) {
      if (seconds < 0.001) {
        rest += seconds;
        ++rest_count;
        continue;
      }
      std::string shown = sql.substr(0, 150);
      std::replace(shown.begin(), shown.end(), '\n', ' ');
      std::fprintf(stderr, "  %8.1f ms  %s\n", seconds * 1000, shown.c_str());
    }
    std::fprintf(stderr, "  %8.1f ms  (%zu statements under 1 ms each)\n", rest * 1000, rest_count);
  }

  // Prints, per kind of statement (its first two words), how many were sent and their mean time
  // per `per` units of work (e.g. per batch), slowest kind first.
  void PrintByKind(const char* title, double per) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, std::pair<size_t, double>> kinds;
    double total = 0;
    for (const auto& [sql, seconds] : entries_) {
      auto& [count, sum] = kinds[KindOf(sql)];
      ++count;
      sum += seconds;
      total += seconds;
    }
    std::vector<std::pair<std::string, std::pair<size_t, double>>> sorted(kinds.begin(),
                                                                          kinds.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.second.second > b.second.second;
    });
    std::fprintf(stderr, "%s: %.3f ms of statements per unit\n", title, total * 1000 / per);
    for (const auto& [kind, figures] : sorted) {
      std::fprintf(stderr, "  %8.3f ms  %6.2f x  %s\n", figures.second * 1000 / per,
                   static_cast<double>(figures.first) / per, kind.c_str());
    }
  }

 private:
  // The first two words of a statement, upper-cased ("CREATE TEMPORARY", "INSERT INTO").
  static std::string KindOf(std::string_view sql) {
    std::string kind;
    int words = 0;
    size_t i = 0;
    while (words < 2 && i < sql.size()) {
      while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) {
        ++i;
      }
      if (i == sql.size()) {
        break;
      }
      if (words++ > 0) {
        kind += ' ';
      }
      while (i < sql.size() && !std::isspace(static_cast<unsigned char>(sql[i]))) {
        kind += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
      }
    }
    return kind;
  }

  std::mutex mutex_;
  std::vector<std::pair<std::string, double>> entries_;
};

}  // namespace strata_bench

#endif  // STRATA_BENCH_STATEMENT_LOG_H_
