// Scheduler: a ready queue ordered by task id, guarded by one mutex, and worker threads that take
// the first ready task whose group has room.
#include "scheduler/scheduler.h"

#include <cassert>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace strata {

int Scheduler::AddTask(TaskBody body, std::vector<int> dependencies, std::string group) {
  const int id = static_cast<int>(tasks_.size());
  for (int dependency : dependencies) {
    assert(dependency >= 0 && dependency < id);
    tasks_[dependency].dependents.push_back(id);
  }
  tasks_.push_back({std::move(body), std::move(dependencies), {}, std::move(group)});
  return id;
}

void Scheduler::SetGroupLimit(const std::string& group, int limit) {
  assert(limit >= 1);
  group_limits_[group] = limit;
}

std::vector<TaskOutcome> Scheduler::Run(int threads, const OnTaskDone& on_done) {
  assert(threads >= 1);
  const int n = static_cast<int>(tasks_.size());
  std::vector<TaskOutcome> outcomes(n);
  std::vector<int> waiting_on(n);
  std::set<int> ready;
  std::map<std::string, int> running_in_group;
  int finished = 0;
  std::mutex mutex;
  std::condition_variable changed;
  std::mutex report_mutex;

  for (int id = 0; id < n; ++id) {
    waiting_on[id] = static_cast<int>(tasks_[id].dependencies.size());
    if (waiting_on[id] == 0) {
      ready.insert(id);
    }
  }

  auto report = [&](int id) {
    if (on_done) {
      std::lock_guard<std::mutex> lock(report_mutex);
      on_done(id, outcomes[id]);
    }
  };

  // Marks `id` ended (REQUIRES: `mutex` held) and skips what depended on it when it did not
  // succeed. Returns the tasks it skipped, to report outside the lock.
  std::function<void(int, std::vector<int>&)> finish = [&](int id, std::vector<int>& skipped) {
    ++finished;
    const bool ok = outcomes[id].state == TaskState::kSucceeded;
    const int cause = outcomes[id].state == TaskState::kSkipped ? outcomes[id].failed_task : id;
    for (int dependent : tasks_[id].dependents) {
      if (outcomes[dependent].state != TaskState::kPending) {
        continue;
      }
      if (ok) {
        if (--waiting_on[dependent] == 0) {
          ready.insert(dependent);
        }
      } else {
        outcomes[dependent].state = TaskState::kSkipped;
        outcomes[dependent].failed_task = cause;
        ready.erase(dependent);
        skipped.push_back(dependent);
        finish(dependent, skipped);
      }
    }
  };

  auto group_has_room = [&](int id) {
    const std::string& group = tasks_[id].group;
    if (group.empty()) {
      return true;
    }
    auto limit = group_limits_.find(group);
    return limit == group_limits_.end() || running_in_group[group] < limit->second;
  };

  auto worker = [&](int worker_index) {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      int id = -1;
      changed.wait(lock, [&] {
        if (finished == n) {
          return true;
        }
        for (int candidate : ready) {
          if (group_has_room(candidate)) {
            id = candidate;
            return true;
          }
        }
        return false;
      });
      if (id < 0) {
        return;  // everything finished
      }
      ready.erase(id);
      const std::string& group = tasks_[id].group;
      if (!group.empty()) {
        ++running_in_group[group];
      }
      lock.unlock();

      Status status;
      try {
        status = tasks_[id].body(worker_index);
      } catch (const std::exception& e) {
        status = Status::Internal(fmt::format("task {} threw: {}", id, e.what()));
      }

      lock.lock();
      if (!group.empty()) {
        --running_in_group[group];
      }
      outcomes[id].state = status.ok() ? TaskState::kSucceeded : TaskState::kFailed;
      outcomes[id].status = std::move(status);
      std::vector<int> skipped;
      finish(id, skipped);
      lock.unlock();
      report(id);
      for (int s : skipped) {
        report(s);
      }
      lock.lock();
      changed.notify_all();
    }
  };

  // Tasks skipped before anything runs cannot happen: skips come only from ended tasks.
  std::vector<std::thread> pool;
  const int count = std::max(1, std::min(threads, n));
  for (int i = 1; i < count; ++i) {
    pool.emplace_back(worker, i);
  }
  if (n > 0) {
    worker(0);
  }
  for (std::thread& t : pool) {
    t.join();
  }
  return outcomes;
}

}  // namespace strata
