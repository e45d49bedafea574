// Scheduler: runs a DAG of tasks (model batches) on a fixed number of worker threads
// (DESIGN.md §5). A task starts when every task it depends on has succeeded; when one of them
// failed or was skipped, the task is skipped, so a failing model's children never run on stale
// data while independent models carry on. Tasks may also share a concurrency group with a limit
// (a model's `batch_concurrency`). Batches of a model whose kind depends on its own past are
// ordered by the caller, who makes each depend on the one before.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace strata {

enum class TaskState { kPending, kSucceeded, kFailed, kSkipped };

struct TaskOutcome {
  TaskState state = TaskState::kPending;
  Status status;         // the failure, for kFailed
  int failed_task = -1;  // for kSkipped: the failed task that caused the skip
};

class Scheduler {
 public:
  // A task's body. `worker` is the index of the thread running it, in [0, threads): tasks use it
  // to pick that worker's own database connection.
  using TaskBody = std::function<Status(int worker)>;
  // Called once per task as it ends (also for skipped tasks), one call at a time.
  using OnTaskDone = std::function<void(int task, const TaskOutcome& outcome)>;

  // Adds a task that may start once every task in `dependencies` (ids returned by earlier
  // AddTask calls) has succeeded. `group` (optional) names a concurrency group whose limit is set
  // with SetGroupLimit. Returns the task's id: 0, 1, 2, ... in order of addition.
  int AddTask(TaskBody body, std::vector<int> dependencies = {}, std::string group = "");
  // At most `limit` tasks of `group` run at once (limit >= 1).
  void SetGroupLimit(const std::string& group, int limit);

  size_t size() const { return tasks_.size(); }

  // Runs every task on `threads` worker threads (threads >= 1) and returns each task's outcome,
  // indexed by id. Tasks start in the order they were added among those that are ready, so
  // callers add tasks in DAG order. A body that throws is a bug; it is reported as kInternal.
  std::vector<TaskOutcome> Run(int threads, const OnTaskDone& on_done = {});

 private:
  struct Task {
    TaskBody body;
    std::vector<int> dependencies;
    std::vector<int> dependents;
    std::string group;
  };
  std::vector<Task> tasks_;
  std::map<std::string, int> group_limits_;
};

}  // namespace strata
