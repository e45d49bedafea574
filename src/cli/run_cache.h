// The answer of a `run` that found nothing due, remembered beside the state's DuckDB file, so that
// the next `run` before anything becomes due answers without opening the database: opening a
// DuckDB file loads its whole catalog (0.8 s for the tables and views of 10,000 models).
//
// When a remembered answer is used (docs/plan_and_run.md, "The no-op run cache"):
//  - for the same state schema and environment, by the same strata build, for a `run` without
//    --select-model and --ignore-cron, at an execution time from the one it was computed at up to
//    (not including) the next due time it found;
//  - only while the database file has the fingerprint recorded with the answer: device, inode,
//    size, modification and status-change times, and a hash of DuckDB's file headers, which
//    every checkpoint rewrites (its iteration count goes up); and only when the file has no WAL
//    beside it (no change that is not checkpointed yet, by any process).
// The recording run takes the fingerprint while it still holds the database (no other process
// can open it meanwhile) and has written nothing to it. Every command that takes the state lock
// removes the cache before it can write (OpenProjectState), so a stale answer needs both a change
// outside strata and a file whose fingerprint did not change.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "base/result.h"

namespace strata::cli {

struct NoOpRun {
  int64_t execution_time = 0;       // the execution time the answer was computed at
  std::optional<int64_t> next_due;  // none: nothing will ever be due (every model has ended)
  std::string next_model;           // the model due at next_due
};

// The cache file of a DuckDB database file: "<database>.strata-run".
std::filesystem::path RunCachePath(const std::filesystem::path& database);

// The fingerprint of a DuckDB database file (see above); nullopt when the file cannot be read or
// has a WAL beside it.
std::optional<std::string> DuckDbFileFingerprint(const std::filesystem::path& database);

// The remembered answer for `environment` in `state_schema` of `database`, when it holds at
// `execution_time`; nullopt otherwise (also when there is no cache or it does not parse).
std::optional<NoOpRun> LookupNoOpRun(const std::filesystem::path& database,
                                     const std::string& state_schema,
                                     const std::string& environment, int64_t execution_time);

// Remembers `answer` for `environment` in `state_schema`, beside the answers for other
// environments that are still valid. Best effort: a cache that cannot be written is no cache.
// REQUIRES: the caller holds `database` open and has written nothing to it since it opened it.
void RememberNoOpRun(const std::filesystem::path& database, const std::string& state_schema,
                     const std::string& environment, const NoOpRun& answer);

// Removes the cache of `database` (a command that may write the state). Fails with kIoError when
// an existing cache cannot be removed.
Status ForgetNoOpRuns(const std::filesystem::path& database);

}  // namespace strata::cli
