// The state lock: a PostgreSQL session-level advisory lock, or nothing beyond the DuckDB file lock.
#include "state/state_lock.h"

#include <unistd.h>

#include <array>
#include <bit>

#include <fmt/format.h>

#include "base/backoff.h"
#include "base/hash.h"
#include "base/text.h"

namespace strata::state {
namespace {

// How this process names its lock session: "strata pid N on HOST", at most 63 bytes (longer
// application names are cut by the server anyway).
std::string SessionName() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) {
    host[0] = '\0';
  }
  std::string name = fmt::format("strata pid {}", getpid());
  if (host[0] != '\0') {
    name += fmt::format(" on {}", host.data());
  }
  return name.substr(0, 63);
}

// Who holds the advisory lock `key` in the current database: "held by strata pid N on HOST"
// when the holder is a strata session, "held by PostgreSQL backend pid N" otherwise, empty when
// nobody (it was just released) or the catalog cannot say.
std::string DescribeHolder(engine::EngineAdapter& session, int64_t key) {
  const auto bits = std::bit_cast<uint64_t>(key);
  auto rows = session.Query(fmt::format(
      "SELECT l.pid, a.application_name FROM pg_locks l "
      "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND l.classid = '{}'::oid AND l.objid = '{}'::oid",
      bits >> 32, bits & 0xffffffffu));
  if (!rows.ok() || rows->rows.empty() || rows->rows[0][0].is_null()) {
    return "";
  }
  const std::vector<engine::Value>& row = rows->rows[0];
  const std::string name = row[1].is_null() ? "" : row[1].AsString();
  if (name.starts_with("strata pid ")) {
    return "held by " + name;
  }
  return fmt::format("held by PostgreSQL backend pid {}", row[0].ToString());
}

// " (held by ...)", or nothing when the holder is unknown.
std::string Who(engine::EngineAdapter& session, int64_t key) {
  const std::string holder = DescribeHolder(session, key);
  return holder.empty() ? "" : fmt::format(" ({})", holder);
}

}  // namespace

StateLock& StateLock::operator=(StateLock&& other) noexcept {
  if (this != &other) {
    Release();
    session_ = std::move(other.session_);
    key_ = other.key_;
  }
  return *this;
}

void StateLock::Release() {
  if (session_ == nullptr) {
    return;
  }
  // Closing the session would release the lock too; unlocking first frees it at once even if
  // closing is slow.
  (void)session_->Query(fmt::format("SELECT pg_advisory_unlock({})", key_));
  session_.reset();
}

int64_t StateLockKey(const std::string& state_schema) {
  const Digest128 digest = Hasher().Update("strata state lock").Update(state_schema).Digest();
  return std::bit_cast<int64_t>(digest.low);
}

Result<StateLock> AcquireStateLock(engine::Engine& engine, const std::string& state_schema,
                                   const engine::LockWait& wait) {
  switch (engine.type()) {
    case engine::EngineType::kDuckDb:
      return StateLock();
    case engine::EngineType::kPostgres:
      break;
  }
  const int64_t key = StateLockKey(state_schema);
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> session, engine.Connect());
  STRATA_RETURN_IF_ERROR(
      session->Execute("SET application_name = " + QuoteSqlString(SessionName())).status());
  Backoff backoff(wait.timeout_seconds);
  bool waited = false;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(engine::QueryResult rows,
                            session->Query(fmt::format("SELECT pg_try_advisory_lock({})", key)));
    if (rows.rows.size() == 1 && rows.rows[0].size() == 1 && rows.rows[0][0].AsBool()) {
      return StateLock(std::move(session), key);
    }
    if (!waited && !backoff.expired()) {
      waited = true;
      if (wait.on_wait) {
        wait.on_wait(fmt::format(
            "waiting for another strata process to finish with the state in schema {}{}...",
            QuoteSqlIdentifier(state_schema), Who(*session, key)));
      }
    }
    if (!backoff.Wait()) {
      return Status::LockTimeout(
                 fmt::format(
                     "the state in schema {} is locked by another strata process{}{}",
                     QuoteSqlIdentifier(state_schema), Who(*session, key),
                     waited ? fmt::format("; gave up after {:.1f} s", backoff.elapsed_seconds())
                            : ""))
          .WithHint(engine::kLockTimeoutHint);
    }
  }
}

}  // namespace strata::state
