#include "scheduler/scheduler.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(SchedulerTest, RunsInDependencyOrder) {
  Scheduler scheduler;
  std::mutex mutex;
  std::vector<int> order;
  auto record = [&](int id) {
    return [&, id](int) {
      std::lock_guard<std::mutex> lock(mutex);
      order.push_back(id);
      return Status::OK();
    };
  };
  int a = scheduler.AddTask(record(0));
  int b = scheduler.AddTask(record(1), {a});
  int c = scheduler.AddTask(record(2), {a});
  scheduler.AddTask(record(3), {b, c});
  auto outcomes = scheduler.Run(4);
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order.front(), 0);
  EXPECT_EQ(order.back(), 3);
  for (const TaskOutcome& o : outcomes) {
    EXPECT_EQ(o.state, TaskState::kSucceeded);
  }
}

TEST(SchedulerTest, AFailureSkipsDependentsButNotIndependentTasks) {
  Scheduler scheduler;
  std::atomic<int> ran{0};
  int bad = scheduler.AddTask([](int) { return Status::EngineError("boom"); });
  int child = scheduler.AddTask(
      [&](int) {
        ++ran;
        return Status::OK();
      },
      {bad});
  int grandchild = scheduler.AddTask(
      [&](int) {
        ++ran;
        return Status::OK();
      },
      {child});
  int independent = scheduler.AddTask([&](int) {
    ++ran;
    return Status::OK();
  });
  std::vector<int> reported;
  auto outcomes = scheduler.Run(2, [&](int id, const TaskOutcome&) { reported.push_back(id); });
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(outcomes[bad].state, TaskState::kFailed);
  EXPECT_EQ(outcomes[bad].status.message(), "boom");
  EXPECT_EQ(outcomes[child].state, TaskState::kSkipped);
  EXPECT_EQ(outcomes[child].failed_task, bad);
  EXPECT_EQ(outcomes[grandchild].state, TaskState::kSkipped);
  EXPECT_EQ(outcomes[grandchild].failed_task, bad);
  EXPECT_EQ(outcomes[independent].state, TaskState::kSucceeded);
  EXPECT_EQ(reported.size(), 4u);
}

TEST(SchedulerTest, RunsIndependentTasksConcurrentlyWithinLimits) {
  Scheduler scheduler;
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<int> group_running{0};
  std::atomic<int> group_peak{0};
  auto body = [&](bool grouped) {
    return [&, grouped](int worker) {
      EXPECT_GE(worker, 0);
      EXPECT_LT(worker, 3);
      int now = ++running;
      int g = grouped ? ++group_running : 0;
      peak = std::max(peak.load(), now);
      group_peak = std::max(group_peak.load(), g);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (grouped) {
        --group_running;
      }
      --running;
      return Status::OK();
    };
  };
  for (int i = 0; i < 6; ++i) {
    scheduler.AddTask(body(true), {}, "model");
  }
  for (int i = 0; i < 3; ++i) {
    scheduler.AddTask(body(false));
  }
  scheduler.SetGroupLimit("model", 1);
  scheduler.Run(3);
  EXPECT_GE(peak.load(), 2);  // independent tasks overlapped
  EXPECT_LE(peak.load(), 3);
  EXPECT_EQ(group_peak.load(), 1);
}

TEST(SchedulerTest, EmptyAndSingleThreaded) {
  Scheduler empty;
  EXPECT_TRUE(empty.Run(4).empty());
  Scheduler one;
  int x = 0;
  one.AddTask([&](int worker) {
    EXPECT_EQ(worker, 0);
    x = 1;
    return Status::OK();
  });
  EXPECT_EQ(one.Run(1)[0].state, TaskState::kSucceeded);
  EXPECT_EQ(x, 1);
}

TEST(SchedulerTest, AThrowingTaskIsAnInternalFailure) {
  Scheduler scheduler;
  scheduler.AddTask([](int) -> Status { throw std::runtime_error("bug"); });
  auto outcomes = scheduler.Run(1);
  EXPECT_EQ(outcomes[0].state, TaskState::kFailed);
  EXPECT_EQ(outcomes[0].status.code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace strata
