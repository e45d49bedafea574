// Fail points: the environment variable is parsed once; counters are per name.
#include "base/fail_point.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace strata {

namespace {

struct FailPointConfig {
  std::mutex mutex;
  std::map<std::string, long, std::less<>> remaining;  // hits left before stopping
  std::map<std::string, int, std::less<>> signals;     // the signal to send: SIGKILL, SIGINT
};

FailPointConfig* LoadConfig() {
  const char* spec = std::getenv("STRATA_FAIL_POINT");
  if (spec == nullptr || *spec == '\0') {
    return nullptr;
  }
  auto* config = new FailPointConfig();
  std::string_view rest(spec);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    long count = 1;
    int signal_number = SIGKILL;
    if (const size_t at = item.find('@'); at != std::string_view::npos) {
      count = std::strtol(std::string(item.substr(at + 1)).c_str(), nullptr, 10);
      item = item.substr(0, at);
    }
    if (const size_t colon = item.find(':'); colon != std::string_view::npos) {
      if (item.substr(colon + 1) == "sigint") {
        signal_number = SIGINT;
      }
      item = item.substr(0, colon);
    }
    if (!item.empty() && count >= 1) {
      config->remaining[std::string(item)] = count;
      config->signals[std::string(item)] = signal_number;
    }
  }
  return config;
}

}  // namespace

void FailPoint(std::string_view name) {
  static FailPointConfig* const config = LoadConfig();
  if (config == nullptr) {
    return;
  }
  std::lock_guard<std::mutex> lock(config->mutex);
  auto it = config->remaining.find(name);
  if (it == config->remaining.end()) {
    return;
  }
  if (--it->second == 0) {
    const int signal_number = config->signals[std::string(name)];
    kill(getpid(), signal_number);
    if (signal_number == SIGKILL) {
      _exit(137);  // not reached
    }
  }
}

}  // namespace strata
