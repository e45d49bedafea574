// The state lock: one writer per state. On DuckDB the database file is the lock (a second process
// waits to open it); on PostgreSQL an advisory lock held by a session of its own. The second
// process is state_lock_helper, run on a thread so that the test can release the lock while the
// helper waits for it.
#include "state/state_lock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "support/engine_backends.h"
#include "support/postgres_server.h"
#include "support/run_command.h"

namespace strata::state {
namespace {

using strata::testing::CommandResult;
using ::testing::HasSubstr;

// Runs state_lock_helper with `args` on a thread of its own.
class Helper {
 public:
  explicit Helper(std::vector<std::string> args)
      : thread_([this, args = std::move(args)]() mutable {
          args.insert(args.begin(), STRATA_LOCK_HELPER);
          result_ = strata::testing::RunCommand(args);
        }) {}
  ~Helper() {
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  // Waits for the helper to end and returns how it ended.
  CommandResult Join() {
    thread_.join();
    return result_;
  }

 private:
  CommandResult result_;
  std::thread thread_;
};

// Whether `path` appears within `seconds`.
bool WaitForFile(const std::string& path, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!std::filesystem::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(StateLockKeyTest, IsStableAndPerSchema) {
  // Pinned: every strata, on every machine and release, must derive the same key.
  EXPECT_EQ(StateLockKey("strata_state"), int64_t{4006012293114910169});
  EXPECT_NE(StateLockKey("strata_state"), StateLockKey("other_state"));
  EXPECT_NE(StateLockKey(""), StateLockKey("strata_state"));
}

// DuckDB: the engine of the file is the lock.
class DuckDbStateLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/state.duckdb";
    marker_ = dir_.path() + "/waiting";
    engine::ConnectionConfig config;
    config.database = path_;
    auto engine = engine::OpenEngine(config);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
  }

  // The helper's arguments for this database with `timeout` seconds.
  std::vector<std::string> HelperArgs(const std::string& timeout) const {
    return {"duckdb", path_, "strata_state", timeout, marker_};
  }

  strata::testing::TempDir dir_;
  std::string path_;
  std::string marker_;
  std::unique_ptr<engine::Engine> engine_;
};

TEST_F(DuckDbStateLockTest, TheEngineIsTheLockWithinAProcess) {
  auto lock = AcquireStateLock(*engine_, "strata_state", {});
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  EXPECT_FALSE(lock->holds_server_lock());
  auto again = AcquireStateLock(*engine_, "strata_state", {});  // the same process: no wait
  EXPECT_TRUE(again.ok());
}

TEST_F(DuckDbStateLockTest, InMemoryNeverWaits) {
  engine::ConnectionConfig config;
  config.database = ":memory:";
  engine::LockWait wait{5.0, [](const std::string&) { ADD_FAILURE() << "waited"; }};
  auto first = engine::OpenEngine(config, wait);
  auto second = engine::OpenEngine(config, wait);
  EXPECT_TRUE(first.ok());
  EXPECT_TRUE(second.ok());
}

TEST_F(DuckDbStateLockTest, ASecondProcessWaitsForTheFileThenOpensIt) {
  auto connection = engine_->Connect();
  ASSERT_TRUE(connection.ok());
  Helper helper(HelperArgs("30"));
  EXPECT_TRUE(WaitForFile(marker_, 20)) << "the helper never reported waiting";
  connection->reset();
  engine_.reset();  // closes the file: the helper may open it now
  CommandResult result = helper.Join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr(fmt::format("waiting for another process (PID {}) to close the DuckDB "
                                    "database \"{}\"...\nlocked\n",
                                    getpid(), path_)));

  engine::ConnectionConfig config;
  config.database = path_;
  auto engine = engine::OpenEngine(config);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto rows = (*(*engine)->Connect())->Query("SELECT count(*) FROM lock_helper_runs");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows[0][0].AsInt64(), 1);
}

TEST_F(DuckDbStateLockTest, ASecondProcessGivesUpAfterTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  CommandResult result = Helper(HelperArgs("0.3")).Join();
  EXPECT_GE(SecondsSince(start), 0.3);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.out, HasSubstr("waiting for another process"));
  EXPECT_THAT(result.err, HasSubstr(fmt::format("error: the DuckDB database \"{}\" is "
                                                "still in use by another process (PID {}) after",
                                                path_, getpid())));
  EXPECT_THAT(result.err, HasSubstr("--lock-timeout"));

  // Without a timeout: one attempt, no waiting.
  std::filesystem::remove(marker_);
  result = Helper(HelperArgs("0")).Join();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_FALSE(std::filesystem::exists(marker_));
  EXPECT_THAT(result.err, HasSubstr("is in use by another process"));
  EXPECT_THAT(result.err, HasSubstr("--lock-timeout"));
}

// PostgreSQL: an advisory lock on a session of its own.
class PostgresStateLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    strata::testing::PostgresServer* server = nullptr;
    STRATA_REQUIRE_POSTGRES(server);
    (void)server;
    auto config = strata::testing::PostgresBackend::Config(dir_);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config_ = *config;
    auto engine = engine::OpenEngine(config_);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    marker_ = dir_.path() + "/waiting";
  }

  // The helper's arguments for this database with `timeout` seconds.
  std::vector<std::string> HelperArgs(const std::string& timeout) const {
    return {"postgres",
            config_.database,
            "strata_state",
            timeout,
            marker_,
            config_.host,
            std::to_string(config_.port),
            config_.user,
            config_.password};
  }

  Result<StateLock> Acquire(double timeout = 0, const std::string& schema = "strata_state") {
    return AcquireStateLock(*engine_, schema, {timeout, nullptr});
  }

  strata::testing::TempDir dir_;
  engine::ConnectionConfig config_;
  std::unique_ptr<engine::Engine> engine_;
  std::string marker_;
};

TEST_F(PostgresStateLockTest, OneHolderPerStateSchema) {
  auto first = Acquire();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->holds_server_lock());

  auto second = Acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kLockTimeout);
  EXPECT_THAT(second.status().message(),
              HasSubstr(fmt::format("the state in schema \"strata_state\" is locked by another "
                                    "strata process (held by strata pid {}",
                                    getpid())));
  EXPECT_THAT(second.status().hint(), HasSubstr("--lock-timeout"));

  auto other_schema = Acquire(0, "other_state");
  EXPECT_TRUE(other_schema.ok()) << other_schema.status().ToString();

  // Released by Release, by destruction, and by assigning over it.
  first->Release();
  EXPECT_FALSE(first->holds_server_lock());
  {
    auto scoped = Acquire();
    ASSERT_TRUE(scoped.ok()) << scoped.status().ToString();
  }
  auto moved_to = Acquire();
  ASSERT_TRUE(moved_to.ok());
  StateLock holder = std::move(*moved_to);
  EXPECT_FALSE(Acquire().ok());
  holder = StateLock();
  EXPECT_TRUE(Acquire().ok());
}

TEST_F(PostgresStateLockTest, AWaiterIsToldAndGetsTheLockWhenReleased) {
  auto first = Acquire();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::atomic<bool> told = false;
  std::string message;
  Result<StateLock> second = Status::Internal("not run");
  std::thread waiter([&] {
    second = AcquireStateLock(*engine_, "strata_state", {20.0, [&](const std::string& text) {
                                                           message = text;
                                                           told = true;
                                                         }});
  });
  const auto start = std::chrono::steady_clock::now();
  while (!told && SecondsSince(start) < 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(told);
  first->Release();
  waiter.join();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->holds_server_lock());
  EXPECT_THAT(message, HasSubstr(fmt::format("waiting for another strata process to finish with "
                                             "the state in schema \"strata_state\" (held by "
                                             "strata pid {}",
                                             getpid())));
}

TEST_F(PostgresStateLockTest, ASecondProcessWaitsThenGetsTheLock) {
  auto lock = Acquire();
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  Helper helper(HelperArgs("30"));
  EXPECT_TRUE(WaitForFile(marker_, 20)) << "the helper never reported waiting";
  lock->Release();
  CommandResult result = helper.Join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(fmt::format("waiting for another strata process to finish "
                                                "with the state in schema \"strata_state\" (held "
                                                "by strata pid {}",
                                                getpid())));
  EXPECT_THAT(result.out, HasSubstr("...\nlocked\n"));
}

TEST_F(PostgresStateLockTest, ASecondProcessGivesUpAfterTheTimeout) {
  auto lock = Acquire();
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  const auto start = std::chrono::steady_clock::now();
  CommandResult result = Helper(HelperArgs("0.3")).Join();
  EXPECT_GE(SecondsSince(start), 0.3);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.out, HasSubstr("waiting for another strata process"));
  EXPECT_THAT(result.err, HasSubstr("error: the state in schema \"strata_state\" is locked "
                                    "by another strata process"));
  EXPECT_THAT(result.err, HasSubstr("; gave up after"));
  EXPECT_THAT(result.err, HasSubstr("--lock-timeout"));
}

TEST_F(PostgresStateLockTest, AKilledHolderLeavesTheStateUnlocked) {
  std::vector<std::string> args = HelperArgs("0");
  args.push_back("crash");
  CommandResult result = Helper(args).Join();
  EXPECT_EQ(result.exit_code, 128 + SIGKILL) << result.err;
  EXPECT_EQ(result.out, "locked\n");
  // The server ends the session of the dead process, and with it the lock.
  const auto start = std::chrono::steady_clock::now();
  auto lock = Acquire(10);
  EXPECT_TRUE(lock.ok()) << lock.status().ToString();
  EXPECT_LT(SecondsSince(start), 5);
}

}  // namespace
}  // namespace strata::state
