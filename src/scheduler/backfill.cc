// Backfill: turning model batches into scheduler tasks, one connection per worker.
#include "scheduler/backfill.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/fail_point.h"
#include "base/interrupt.h"

namespace strata {

namespace {

// The tasks of the nearest models upstream of `index` that have batches, through models that
// have none (views, embedded models).
const std::set<int>& UpstreamTasks(int index, const std::vector<BackfillModel>& models,
                                   const std::vector<std::vector<int>>& tasks_of,
                                   std::vector<std::unique_ptr<std::set<int>>>& memo) {
  if (memo[index]) {
    return *memo[index];
  }
  auto result = std::make_unique<std::set<int>>();
  for (int parent : models[index].parents) {
    if (!tasks_of[parent].empty()) {
      result->insert(tasks_of[parent].begin(), tasks_of[parent].end());
    } else {
      const std::set<int>& further = UpstreamTasks(parent, models, tasks_of, memo);
      result->insert(further.begin(), further.end());
    }
  }
  memo[index] = std::move(result);
  return *memo[index];
}

}  // namespace

int CountBatches(const std::vector<BackfillModel>& models) {
  int count = 0;
  for (const BackfillModel& model : models) {
    count += static_cast<int>(model.batches.size());
  }
  return count;
}

Result<BackfillSummary> Backfill(engine::Engine& engine, const project::Project& project,
                                 const std::vector<BackfillModel>& models,
                                 const BackfillOptions& options) {
  BackfillSummary summary;
  summary.batches = CountBatches(models);
  if (summary.batches == 0) {
    return summary;
  }
  const int threads = std::max(1, std::min(options.threads, summary.batches));
  // The caller holds the state lock (backfill.h): interval records take their numbers from one
  // sequence in this process.
  auto sequence = std::make_shared<state::IntervalSequence>();
  std::vector<std::unique_ptr<engine::EngineAdapter>> connections;
  std::vector<std::unique_ptr<state::StateStore>> states;
  for (int i = 0; i < threads; ++i) {
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> connection, engine.Connect());
    if (options.separate_state == nullptr) {
      states.push_back(std::make_unique<state::StateStore>(connection.get(), options.state_schema));
      states.back()->UseIntervalSequence(sequence);
    }
    connections.push_back(std::move(connection));
  }
  if (options.separate_state != nullptr) {
    options.separate_state->UseIntervalSequence(sequence);
  }
  // The separate store is the caller's: it numbers its records in SQL again once this returns.
  struct SequenceReset {
    state::StateStore* store;
    ~SequenceReset() {
      if (store != nullptr) {
        store->UseIntervalSequence(nullptr);
      }
    }
  } reset{options.separate_state};
  std::mutex state_mutex;  // serializes the intervals recorded in options.separate_state

  struct TaskInfo {
    int model = 0;
    Interval interval;
    BatchResult result;
    std::vector<AuditOutcome> audits;
    double seconds = 0;
    bool not_started = false;  // an interrupt kept it from starting
  };
  std::vector<TaskInfo> infos;
  std::vector<std::vector<int>> tasks_of(models.size());
  std::vector<std::unique_ptr<std::set<int>>> memo(models.size());
  Scheduler scheduler;
  std::atomic<int> finished{0};
  infos.reserve(summary.batches);
  for (size_t m = 0; m < models.size(); ++m) {
    const BackfillModel& model = models[m];
    if (model.batches.empty()) {
      continue;
    }
    const std::set<int>& upstream = UpstreamTasks(static_cast<int>(m), models, tasks_of, memo);
    const std::string group = model.batch_concurrency > 0 ? model.name : "";
    if (!group.empty()) {
      scheduler.SetGroupLimit(group, model.batch_concurrency);
    }
    for (const Interval& interval : model.batches) {
      std::vector<int> dependencies(upstream.begin(), upstream.end());
      if ((model.depends_on_past || model.empty_table_first) && !tasks_of[m].empty()) {
        dependencies.push_back(tasks_of[m].back());
      }
      const int task = static_cast<int>(infos.size());
      infos.push_back({static_cast<int>(m), interval, {}, {}, 0, false});
      scheduler.AddTask(
          [&, task](int worker) -> Status {
            if (finished.load() > 0) {
              FailPoint("between_batches");
            }
            TaskInfo& info = infos[task];
            if (Interrupted()) {
              info.not_started = true;
              return Status::IoError("not started: interrupted");
            }
            const BackfillModel& target = models[info.model];
            BatchRequest request;
            request.project = &project;
            request.model = target.model;
            request.table = target.table;
            request.interval_key = target.interval_key;
            request.interval = info.interval;
            request.execution_time = options.execution_time;
            request.table_mapping = options.table_mapping;
            request.record_interval = options.separate_state == nullptr;
            request.empty_table_first =
                target.empty_table_first && info.interval == target.batches.front();
            request.audits = &info.audits;
            const auto started = std::chrono::steady_clock::now();
            Result<BatchResult> result = ExecuteBatch(
                *connections[worker],
                request.record_interval ? *states[worker] : *options.separate_state, request);
            if (result.ok() && !request.record_interval) {
              std::lock_guard<std::mutex> lock(state_mutex);
              Status recorded = options.separate_state->AddInterval(
                  request.interval_key, request.interval.start, request.interval.end);
              if (!recorded.ok()) {
                result = recorded.WithContext(
                    fmt::format("model {}: its data was written, but the interval was not "
                                "recorded (the next run writes it again)",
                                target.name));
              }
            }
            info.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (!result.ok()) {
              return result.status();
            }
            info.result = *result;
            return Status::OK();
          },
          std::move(dependencies), group);
      tasks_of[m].push_back(task);
    }
  }

  // Reports go out in the plan's order (models upstream first, intervals oldest first), not in
  // the order concurrent batches end: a batch's report waits for those before it.
  int number = 0;
  std::vector<bool> not_started(infos.size(), false);
  std::vector<bool> ended(infos.size(), false);
  std::vector<std::optional<BatchReport>> reports(infos.size());
  size_t next_report = 0;
  auto flush = [&] {
    for (; next_report < infos.size() && ended[next_report]; ++next_report) {
      if (std::optional<BatchReport>& report = reports[next_report]) {
        report->number = ++number;
        options.on_batch_done(*report);
        report.reset();
      }
    }
  };
  scheduler.Run(threads, [&](int task, const TaskOutcome& outcome) {
    const TaskInfo& info = infos[task];
    finished.fetch_add(1);
    ended[task] = true;
    // Batches an interrupt kept from starting (and those waiting on them) are counted, not
    // reported one by one.
    if ((outcome.state == TaskState::kFailed && info.not_started) ||
        (outcome.state == TaskState::kSkipped && outcome.failed_task >= 0 &&
         not_started[outcome.failed_task])) {
      not_started[task] = true;
      ++summary.interrupted;
      if (options.on_batch_done) {
        flush();
      }
      return;
    }
    switch (outcome.state) {
      case TaskState::kSucceeded:
        ++summary.succeeded;
        // Rows written: a rebuild's or a merge's deleted rows are not more rows.
        summary.rows += info.result.inserted + info.result.updated;
        break;
      case TaskState::kFailed:
        ++summary.failed;
        summary.errors.push_back(outcome.status);
        break;
      default:
        ++summary.skipped;
        break;
    }
    if (options.on_batch_done) {
      BatchReport report;
      report.total = summary.batches;
      report.model = &models[info.model];
      report.interval = info.interval;
      report.outcome = outcome;
      report.result = info.result;
      report.audits = info.audits;
      report.seconds = info.seconds;
      reports[task] = std::move(report);
      flush();
    }
  });
  return summary;
}

}  // namespace strata
