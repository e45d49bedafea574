// `strata run [ENV]`: processes the missing intervals that the models' crons have made due, for
// the environment's snapshots as recorded in the state (DESIGN.md §5, §8). Nothing due: says so,
// and when the next model is due.
#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "base/interrupt.h"
#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "cli/batch_output.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_hooks.h"
#include "cli/project_state.h"
#include "cli/run_cache.h"
#include "plan/run.h"
#include "project/config.h"
#include "project/model.h"

namespace strata::cli {
namespace {

void PrintNothingDue(Console& console, int64_t execution_time, std::optional<int64_t> next_due,
                     const std::string& next_model) {
  // To the second: the clock's microseconds say nothing to a reader.
  console.Line(fmt::format("No model is due at {}: 0 batches, 0 rows",
                           FormatTimestamp(execution_time - execution_time % kMicrosPerSecond)));
  if (next_due) {
    console.Line(
        fmt::format("The next model due is {}, at {}", next_model, FormatTimestamp(*next_due)));
  }
}

class RunCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub =
        app.add_subcommand("run", "Process the intervals that have become due since the last run");
    environment_option_ =
        sub->add_option("environment", environment_,
                        "The environment (default: config.yaml's default_target_environment, else "
                        "prod)");
    sub->add_option("--execution-time", execution_time_, "The time the run happens at");
    sub->add_flag("--ignore-cron", ignore_cron_,
                  "Process every whole interval up to the execution time, due or not");
    sub->add_option("--select-model", select_models_,
                    "Only these models and the models upstream of them (`*` matches any "
                    "characters; `+name` adds its parents, `name+` its children)");
    AddLockTimeoutOption(sub, &lock_timeout_);
    sub->add_option("--threads", threads_, "Batches running at once (default: concurrent_tasks)")
        ->check(CLI::PositiveNumber);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    const int64_t now = NowMicros();
    RunOptions options;
    options.environment = ToLower(environment_);
    options.execution_time = now;
    options.ignore_cron = ignore_cron_;
    if (!execution_time_.empty()) {
      Result<int64_t> parsed = ParseTimePoint(execution_time_, now, TimeRole::kStart);
      if (!parsed.ok()) {
        return ReportError(parsed.status().WithContext("--execution-time"));
      }
      options.execution_time = *parsed;
    }
    options.select_models = select_models_;
    Result<std::filesystem::path> folder = ProjectFolder(global);
    if (!folder.ok()) {
      return ReportError(folder.status());
    }
    Result<project::Config> config = project::LoadConfig(*folder);
    if (!config.ok()) {
      return ReportError(config.status());
    }
    if (environment_option_->count() == 0) {
      options.environment = config->default_target_environment;
    }
    // A plain run first asks the no-op run cache (cli/run_cache.h): before anything is due it
    // answers without opening the state's database.
    const bool cacheable = options.select_models.empty() && !options.ignore_cron;
    Result<const project::GatewayConfig*> gateway = config->Gateway(global.gateway);
    Result<std::filesystem::path> state_file = StateDuckDbFile(global, *config);
    if (cacheable && gateway.ok() && state_file.ok() && !state_file->empty()) {
      if (std::optional<NoOpRun> cached = LookupNoOpRun(
              *state_file, (*gateway)->state_schema, options.environment, options.execution_time)) {
        PrintNothingDue(console, options.execution_time, cached->next_due, cached->next_model);
        if (global.verbosity > 0) {
          console.Line(console.Styled(
              fmt::format("(answered from {}: the state has not changed since a run at {})",
                          RunCachePath(*state_file).filename().string(),
                          FormatTimestamp(cached->execution_time)),
              Style::kDim));
        }
        return kExitOk;
      }
    }
    Result<ProjectState> opened =
        OpenProjectState(global, *config, lock_timeout_, /*keep_run_cache=*/true);
    if (!opened.ok()) {
      return ReportError(opened.status());
    }
    ProjectState& state = *opened;
    options.threads = threads_ > 0 ? threads_ : state.concurrent_tasks();
    options.separate_state = state.separate_state();
    Result<RunWork> work = PlanRun(state.state(), options);
    if (!work.ok()) {
      return ReportError(work.status());
    }
    if (work->BatchCount() == 0) {
      PrintNothingDue(console, options.execution_time, work->next_due, work->next_due_model);
      if (cacheable && !state.state_file().empty()) {
        // Still holding the database, having written nothing to it.
        RememberNoOpRun(state.state_file(), state.state().schema(), options.environment,
                        NoOpRun{options.execution_time, work->next_due, work->next_due_model});
      }
      return kExitOk;
    }
    if (Status forgotten = state.ForgetRunCache(); !forgotten.ok()) {
      return ReportError(forgotten);
    }
    // Only now, with work to do, is the warehouse opened (loading its catalog is the costly part
    // of opening a large DuckDB file).
    Result<engine::Engine*> warehouse = state.Warehouse();
    if (!warehouse.ok()) {
      return ReportError(warehouse.status());
    }
    for (const std::string& path : ModelFilesChangedSincePlan(*work, *folder)) {
      console.Line(console.Styled(
          fmt::format("Warning: {} changed since `{}` was planned: this run processes the "
                      "planned version; `strata plan {}` applies the change",
                      path, options.environment, options.environment),
          Style::kYellow));
    }
    const auto started = std::chrono::steady_clock::now();
    std::mutex mutex;
    auto on_batch_done = [&](const BatchReport& report) {
      std::lock_guard<std::mutex> lock(mutex);
      PrintBatchReport(console, report);
      console.Progress(
          "Executing model batches", static_cast<size_t>(report.number),
          static_cast<size_t>(report.total),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    };
    // config.yaml's before_all / after_all, around the batches (as SQLMesh's run).
    Result<engine::EngineAdapter*> connection = state.WarehouseConnection();
    if (!connection.ok()) {
      return ReportError(connection.status());
    }
    if (Status before = RunConfigStatements(**connection, config->before_all, "before_all");
        !before.ok()) {
      return ReportError(before);
    }
    Result<BackfillSummary> summary = [&] {
      InterruptScope interrupts;
      return ExecuteRun(*work, *folder, *config, **warehouse, state.state(), options,
                        on_batch_done);
    }();
    console.ClearProgress();
    if (!summary.ok()) {
      return ReportError(summary.status());
    }
    if (summary->interrupted > 0) {
      PrintInterrupted(console, *summary,
                       fmt::format("`strata run{}` continues from here",
                                   options.environment == "prod" ? "" : " " + options.environment));
      return kExitInterrupted;
    }
    if (summary->failed > 0) {
      for (const Status& error : summary->errors) {
        fmt::print(stderr, "{}\n", error.ToString());
      }
      console.Line(console.Styled(
          fmt::format("✘ {} of {} model batches failed, {} skipped; the next run retries them",
                      summary->failed, summary->batches, summary->skipped),
          Style::kRed));
      return kExitFailure;
    }
    console.Line(console.Styled("✔ Model batches executed", Style::kGreen));
    if (Status after = RunConfigStatements(**connection, config->after_all, "after_all");
        !after.ok()) {
      return ReportError(after);
    }
    // The standalone audits check the data the batches changed (SQLMesh runs them when due).
    std::error_code ec;
    if (std::filesystem::is_directory(*folder / "audits", ec)) {
      Result<project::Project> project = LoadGlobalProject(global, {});
      if (!project.ok()) {
        // The batches ran the planned versions; the files may have moved on since.
        console.Line(console.Styled(
            "Warning: standalone audits not run: the project's files do not load (`strata "
            "plan` shows why)",
            Style::kYellow));
      } else if (!project->standalone_audits.empty()) {
        const int audits = RunAndPrintProjectAudits(console, **connection, *project,
                                                    options.environment, options.execution_time);
        if (audits != kExitOk) {
          return audits;
        }
      }
    }
    console.Line(
        console.Styled(fmt::format("✔ Run finished: {} batch{}, {} row{}", summary->batches,
                                   summary->batches == 1 ? "" : "es", GroupThousands(summary->rows),
                                   summary->rows == 1 ? "" : "s"),
                       Style::kGreen));
    return kExitOk;
  }

 private:
  std::string environment_;
  CLI::Option* environment_option_ = nullptr;
  std::string execution_time_;
  bool ignore_cron_ = false;
  std::vector<std::string> select_models_;
  int threads_ = 0;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
};

}  // namespace

std::unique_ptr<Command> MakeRunCommand() { return std::make_unique<RunCommand>(); }

}  // namespace strata::cli
