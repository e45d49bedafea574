#include "cli/run_cache.h"

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "base/version.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

// DuckDB's main header and its two database headers (4 KiB each): a checkpoint writes a new
// database header with a higher iteration count.
constexpr std::streamsize kHeaderBytes = 3 * 4096;
constexpr int kFormat = 1;

std::string EntryKey(const std::string& state_schema, const std::string& environment) {
  return state_schema + "/" + environment;
}

std::optional<nlohmann::json> ReadCache(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  nlohmann::json cache = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!cache.is_object()) {
    return std::nullopt;
  }
  auto format = cache.find("format");
  auto strata = cache.find("strata");
  auto fingerprint = cache.find("fingerprint");
  auto answers = cache.find("answers");
  if (format == cache.end() || *format != kFormat || strata == cache.end() ||
      *strata != kStrataVersion || fingerprint == cache.end() || !fingerprint->is_string() ||
      answers == cache.end() || !answers->is_object()) {
    return std::nullopt;
  }
  return cache;
}

}  // namespace

fs::path RunCachePath(const fs::path& database) {
  return fs::path(database.string() + ".strata-run");
}

std::optional<std::string> DuckDbFileFingerprint(const fs::path& database) {
  std::error_code error;
  const fs::path wal(database.string() + ".wal");
  if (fs::exists(wal, error) && fs::file_size(wal, error) > 0) {
    return std::nullopt;
  }
  if (error) {
    return std::nullopt;
  }
  struct stat status {};
  if (::stat(database.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return std::nullopt;
  }
  std::ifstream in(database, std::ios::binary);
  std::string header(static_cast<size_t>(kHeaderBytes), '\0');
  if (!in.read(header.data(), kHeaderBytes)) {
    return std::nullopt;
  }
  return fmt::format("{}:{}:{}:{}.{}:{}.{}:{}", status.st_dev, status.st_ino, status.st_size,
                     status.st_mtim.tv_sec, status.st_mtim.tv_nsec, status.st_ctim.tv_sec,
                     status.st_ctim.tv_nsec, HashBytesHex(header));
}

std::optional<NoOpRun> LookupNoOpRun(const fs::path& database, const std::string& state_schema,
                                     const std::string& environment, int64_t execution_time) {
  std::optional<nlohmann::json> cache = ReadCache(RunCachePath(database));
  if (!cache) {
    return std::nullopt;
  }
  const std::optional<std::string> fingerprint = DuckDbFileFingerprint(database);
  if (!fingerprint || *fingerprint != (*cache)["fingerprint"].get<std::string>()) {
    return std::nullopt;
  }
  const nlohmann::json& answers = (*cache)["answers"];
  auto it = answers.find(EntryKey(state_schema, environment));
  if (it == answers.end() || !it->is_object()) {
    return std::nullopt;
  }
  const nlohmann::json& entry = *it;
  auto checked_at = entry.find("checked_at");
  auto next_model = entry.find("next_model");
  auto next_due = entry.find("next_due");
  if (checked_at == entry.end() || !checked_at->is_number_integer() || next_model == entry.end() ||
      !next_model->is_string() || next_due == entry.end() ||
      !(next_due->is_number_integer() || next_due->is_null())) {
    return std::nullopt;
  }
  NoOpRun answer;
  answer.execution_time = checked_at->get<int64_t>();
  answer.next_model = next_model->get<std::string>();
  if (next_due->is_number_integer()) {
    answer.next_due = next_due->get<int64_t>();
  }
  if (execution_time < answer.execution_time ||
      (answer.next_due && execution_time >= *answer.next_due)) {
    return std::nullopt;
  }
  return answer;
}

void RememberNoOpRun(const fs::path& database, const std::string& state_schema,
                     const std::string& environment, const NoOpRun& answer) {
  const std::optional<std::string> fingerprint = DuckDbFileFingerprint(database);
  if (!fingerprint) {
    return;
  }
  const fs::path path = RunCachePath(database);
  nlohmann::json cache = nlohmann::json::object();
  if (std::optional<nlohmann::json> old = ReadCache(path);
      old && (*old)["fingerprint"].get<std::string>() == *fingerprint) {
    cache = std::move(*old);
  }
  cache["format"] = kFormat;
  cache["strata"] = kStrataVersion;
  cache["fingerprint"] = *fingerprint;
  if (!cache.contains("answers") || !cache["answers"].is_object()) {
    cache["answers"] = nlohmann::json::object();
  }
  nlohmann::json entry = {{"checked_at", answer.execution_time},
                          {"next_model", answer.next_model},
                          {"next_due", nullptr}};
  if (answer.next_due) {
    entry["next_due"] = *answer.next_due;
  }
  cache["answers"][EntryKey(state_schema, environment)] = std::move(entry);
  // Written aside, then renamed over the old cache: a reader sees the old one or the new one.
  const fs::path temporary(path.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << cache.dump() << '\n';
    if (!out.flush()) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return;
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
  }
}

Status ForgetNoOpRuns(const fs::path& database) {
  const fs::path path = RunCachePath(database);
  std::error_code error;
  fs::remove(path, error);
  if (error) {
    return Status::IoError(fmt::format("cannot remove the no-op run cache {}: {}", path.string(),
                                       error.message()))
        .WithHint("remove the file by hand; until then `strata run` may skip work that is due");
  }
  return Status::OK();
}

}  // namespace strata::cli
