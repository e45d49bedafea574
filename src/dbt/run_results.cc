#include "dbt/run_results.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/version.h"

namespace strata::dbt {
namespace {

std::string InvocationId() {
  std::random_device device;
  std::mt19937_64 random(device());
  const uint64_t a = random();
  const uint64_t b = random();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                     0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

std::string GeneratedAt() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
  return buffer;
}

}  // namespace

Status WriteRunResults(const std::filesystem::path& file, const RunSummary& summary,
                       const std::string& command) {
  nlohmann::json results = nlohmann::json::array();
  for (const NodeResult& r : summary.results) {
    nlohmann::json timing = nlohmann::json::array();
    if (!r.started_at.empty()) {
      timing.push_back(
          {{"name", "execute"}, {"started_at", r.started_at}, {"completed_at", r.completed_at}});
    }
    nlohmann::json adapter_response = nlohmann::json::object();
    if (!r.message.empty() && r.status != "error") {
      adapter_response["_message"] = r.message;
      adapter_response["code"] = r.message.substr(0, r.message.find(' '));
    }
    if (r.rows_affected >= 0) {
      adapter_response["rows_affected"] = r.rows_affected;
    }
    nlohmann::json entry = {
        {"unique_id", r.unique_id},
        {"status", r.status},
        {"timing", timing},
        {"thread_id", "Thread-1"},
        {"execution_time", r.seconds},
        {"adapter_response", adapter_response},
        {"message", r.status == "error" ? nlohmann::json(r.error)
                    : r.message.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json(r.message)},
        {"failures", r.status == "pass" || r.status == "fail" || r.status == "warn"
                         ? nlohmann::json(r.failures)
                         : nlohmann::json(nullptr)},
        {"compiled", !r.compiled_code.empty()},
        {"compiled_code", r.compiled_code},
        {"relation_name",
         r.relation_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.relation_name)},
        {"batch_results", nullptr},
    };
    results.push_back(std::move(entry));
  }
  const nlohmann::json document = {
      {"metadata",
       {{"dbt_schema_version", "https://schemas.getdbt.com/dbt/run-results/v6.json"},
        {"dbt_version", fmt::format("strata {}", kStrataVersion)},
        {"generated_at", GeneratedAt()},
        {"invocation_id", InvocationId()},
        {"env", nlohmann::json::object()}}},
      {"results", results},
      {"elapsed_time", summary.elapsed_seconds},
      {"args", {{"which", command}}},
  };
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << document.dump(2) << "\n";
  if (!out) {
    return Status::IoError(fmt::format("cannot write {}", file.string()));
  }
  return Status::OK();
}

}  // namespace strata::dbt
