// `strata plan [ENV]`: compares the project with an environment, lists the models to backfill,
// asks `Apply - Backfill Tables [y/n]`, then applies (DESIGN.md §5, §8; output shaped like
// seeds/004).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "base/interrupt.h"
#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "cli/batch_output.h"
#include "cli/change_output.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_hooks.h"
#include "cli/project_state.h"
#include "cli/unit_test_output.h"
#include "core/dialect_check.h"
#include "materialize/project_audits.h"
#include "plan/plan.h"
#include "project/model.h"
#include "project/project.h"

namespace strata::cli {
namespace {

TreeNode NamesNode(const std::string& label, const std::vector<std::string>& names) {
  TreeNode node{label, {}};
  for (const std::string& name : names) {
    node.children.push_back({name, {}});
  }
  return node;
}

// The missing ranges of a snapshot, joined: "2025-01-01 - 2025-01-07, 2025-01-15 - 2025-01-21".
std::string MissingText(const IntervalSet& missing) {
  std::vector<std::string> ranges;
  for (const Interval& range : missing.ranges()) {
    ranges.push_back(FormatRange(range));
  }
  return Join(ranges, ", ");
}

// Models of `plan` the warehouse cannot run as written (core/dialect_check.h), all at once, before
// anything is changed. Only the models the plan adds or changes, or backfills: the others already
// run on this warehouse, and a no-op plan renders nothing.
Status CheckWarehouseDialect(const project::Project& project, const Plan& plan,
                             engine::EngineType warehouse) {
  std::vector<Status> errors;
  CheckModelsForDialect(
      project,
      warehouse == engine::EngineType::kPostgres ? sql::DialectKind::kPostgres
                                                 : sql::DialectKind::kDuckDb,
      plan.execution_time, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())),
      [&](size_t i) { return plan.snapshots[i].is_new || !plan.snapshots[i].work.batches.empty(); },
      &errors);
  return errors.empty() ? Status::OK() : Status::Combine(std::move(errors));
}

class PlanCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "plan", "Compare the project with an environment, backfill what is missing, update it");
    environment_option_ =
        sub->add_option("environment", environment_,
                        "The environment (default: config.yaml's default_target_environment, else "
                        "prod)");
    sub->add_option("--start", start_, "Backfill from this time (default: each model's start)");
    sub->add_option("--end", end_, "Backfill up to this time; a date is inclusive");
    sub->add_option("--execution-time", execution_time_, "The time the plan happens at");
    sub->add_flag("--auto-apply", auto_apply_, "Apply without asking");
    sub->add_flag("--no-prompts", no_prompts_, "Never ask (without --auto-apply: do not apply)");
    sub->add_flag("--skip-backfill", skip_backfill_, "Update the environment without backfill");
    sub->add_flag("--forward-only", forward_only_,
                  "Changed incremental models keep their tables; new logic applies from now on");
    sub->add_flag("--skip-tests", skip_tests_, "Do not run the unit tests first");
    sub->add_option("--restate-model", restate_models_,
                    "Process these models' intervals in [start, end) again, and their "
                    "descendants' (`*` patterns)");
    sub->add_option("--full-refresh", full_refresh_models_,
                    "Rebuild these models' tables from empty over their whole history, and their "
                    "descendants' (`*` patterns; dbt's --full-refresh)");
    sub->add_option("--select-model", select_models_,
                    "Plan only these models' changes (`*` patterns, `+name` upstream, `name+` "
                    "downstream); the others keep the environment's versions");
    sub->add_flag("--include-unmodified", include_unmodified_,
                  "Create views for every model in a non-prod environment, not only changed ones");
    sub->add_flag("--auto-categorize", auto_categorize_,
                  "Never ask how to categorize a change: breaking unless detected otherwise");
    AddLockTimeoutOption(sub, &lock_timeout_);
    sub->add_option("--threads", threads_, "Batches running at once (default: concurrent_tasks)")
        ->check(CLI::PositiveNumber);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    const int64_t now = NowMicros();
    PlanOptions options;
    options.environment = environment_;
    if (environment_option_->count() == 0) {
      // config.yaml's default_target_environment (else prod); a config that does not load is
      // reported with the project below.
      Result<project::Config> config = LoadProjectConfig(global);
      options.environment = config.ok() ? config->default_target_environment : "prod";
    }
    options.execution_time = now;
    options.forward_only = forward_only_;
    if (Status valid = ValidateEnvironmentName(options.environment); !valid.ok()) {
      return ReportError(valid);
    }
    if (!execution_time_.empty()) {
      Result<int64_t> parsed = ParseTimePoint(execution_time_, now, TimeRole::kStart);
      if (!parsed.ok()) {
        return ReportError(parsed.status().WithContext("--execution-time"));
      }
      options.execution_time = *parsed;
    }
    if (!start_.empty()) {
      Result<int64_t> parsed = ParseTimePoint(start_, options.execution_time, TimeRole::kStart);
      if (!parsed.ok()) {
        return ReportError(parsed.status().WithContext("--start"));
      }
      options.start = *parsed;
    }
    if (!end_.empty()) {
      Result<int64_t> parsed = ParseTimePoint(end_, options.execution_time, TimeRole::kEnd);
      if (!parsed.ok()) {
        return ReportError(parsed.status().WithContext("--end"));
      }
      options.end = *parsed;
    }
    options.restate_models = restate_models_;
    options.full_refresh_models = full_refresh_models_;
    options.select_models = select_models_;

    project::LoadOptions load;
    load.now = options.execution_time;
    Result<project::Project> loaded = LoadGlobalProject(global, load);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    WarnOfLikelyTypos(console, project);
    if (!skip_tests_ && !project.tests.empty()) {
      Result<TestRunSummary> tests = RunAndPrintTests(console, project, {}, false);
      if (!tests.ok()) {
        return ReportError(tests.status());
      }
      if (tests->failed > 0) {
        console.Line("Plan stopped: fix the failing tests (or plan with --skip-tests)");
        return kExitFailure;
      }
      console.Line();
    }
    options.include_unmodified = include_unmodified_ || project.config.plan.include_unmodified;
    for (auto [text, key, target] :
         {std::tuple{&project.config.environment_ttl, "environment_ttl", &options.environment_ttl},
          std::tuple{&project.config.snapshot_ttl, "snapshot_ttl", &options.snapshot_ttl}}) {
      Result<int64_t> until = ParseTimePoint(*text, now, TimeRole::kStart);
      if (!until.ok() || *until < now) {
        return ReportError(
            Status::ProjectError(
                fmt::format("{} '{}' in config.yaml is not a duration ahead", key, *text))
                .WithHint("write it like 'in 1 week' or 'in 3 days'"));
      }
      *target = *until - now;
    }
    const bool may_ask = !no_prompts_ && !auto_categorize_ &&
                         !project.config.plan.auto_categorize_changes && isatty(STDIN_FILENO) != 0;
    if (may_ask) {
      options.categorize = [&](const UnsureChange& change) {
        diff_shown_.insert(change.name);
        return AskCategory(console, change);
      };
    }
    Result<ProjectState> opened = OpenProjectState(global, project.config, lock_timeout_);
    if (!opened.ok()) {
      return ReportError(opened.status());
    }
    ProjectState& state = *opened;
    Result<Plan> built = BuildPlan(project, state.state(), options);
    if (!built.ok()) {
      return ReportError(built.status());
    }
    const Plan& plan = *built;
    if (Status dialect = CheckWarehouseDialect(project, plan, state.warehouse_type());
        !dialect.ok()) {
      return ReportError(dialect);
    }
    const int batches = skip_backfill_ ? 0 : plan.BatchCount();
    if (!plan.HasChanges() && batches == 0) {
      console.Line(fmt::format(
          "No changes to plan: project files match the `{}` environment, and nothing is missing",
          plan.environment));
      return kExitOk;
    }
    PrintPlan(console, plan);
    const bool apply = Confirm(console, batches > 0);
    if (!apply) {
      console.Line("Plan not applied");
      return kExitOk;
    }
    return Apply(console, plan, project, state);
  }

 private:
  // Asks whether an unsure change is breaking, after showing it.
  // A table a model reads that is no model is external data — unless its name is a near miss of
  // a model's, which is most likely a typo: say so before anything runs.
  static void WarnOfLikelyTypos(Console& console, const project::Project& project) {
    std::vector<std::string> names;
    for (const project::Model& model : project.models) {
      names.push_back(model.name);
    }
    for (size_t i = 0; i < project.models.size(); ++i) {
      for (const std::string& table : project.dag.unknown_references(static_cast<int>(i))) {
        if (const std::string nearest = NearestName(table, names); !nearest.empty()) {
          const project::Model& model = project.models[i];
          console.Line(console.Styled(
              fmt::format("Warning: {}: {} reads {}, which is no model: did you mean {}?",
                          model.origin.file.generic_string(), model.name, table, nearest),
              Style::kYellow));
        }
      }
    }
  }

  static ChangeCategory AskCategory(Console& console, const UnsureChange& change) {
    console.Line();
    console.Line(console.Styled(
        fmt::format("{} changed in a way strata cannot categorize by itself:", change.name),
        Style::kBold));
    PrintDiff(console, change.previous->payload.source, change.model->source,
              fmt::format("{} (before)", change.previous->payload.path),
              change.model->origin.file.string());
    for (;;) {
      console.Print(fmt::format(
          "Is the change to {} [b]reaking (its children are rebuilt) or [n]on-breaking (only it "
          "is)? [b/n]: ",
          change.name));
      std::fflush(stdout);
      std::string answer;
      if (!std::getline(std::cin, answer)) {
        return ChangeCategory::kBreaking;
      }
      answer = ToLower(Trim(answer));
      if (answer == "b" || answer == "breaking") {
        return ChangeCategory::kBreaking;
      }
      if (answer == "n" || answer == "non-breaking" || answer == "non_breaking") {
        return ChangeCategory::kNonBreaking;
      }
    }
  }

  static const PlannedSnapshot* Find(const Plan& plan, const std::string& name) {
    for (const PlannedSnapshot& planned : plan.snapshots) {
      if (planned.snapshot.id.name == name) {
        return &planned;
      }
    }
    return nullptr;
  }

  void PrintPlan(Console& console, const Plan& plan) const {
    if (!plan.previous && plan.environment != "prod") {
      console.Line(plan.compared_with.empty()
                       ? fmt::format("New environment `{}` will be created", plan.environment)
                       : fmt::format("New environment `{}` will be created from `{}`",
                                     plan.environment, plan.compared_with));
    }
    const bool differs = !plan.added.empty() || !plan.removed.empty() ||
                         !plan.directly_modified.empty() || !plan.indirectly_modified.empty();
    if (differs) {
      console.Line(fmt::format("Differences from the `{}` environment:",
                               plan.compared_with.empty() ? plan.environment : plan.compared_with));
      console.Line();
      TreeNode models{"Models:", {}};
      if (!plan.added.empty()) {
        models.children.push_back(NamesNode("Added:", plan.added));
      }
      if (!plan.removed.empty()) {
        std::vector<std::string> names;
        for (const Snapshot& removed : plan.removed) {
          names.push_back(removed.id.name);
        }
        models.children.push_back(NamesNode("Removed:", names));
      }
      for (const auto& [label, names] :
           {std::pair{"Directly Modified:", &plan.directly_modified},
            std::pair{"Indirectly Modified:", &plan.indirectly_modified}}) {
        if (names->empty()) {
          continue;
        }
        TreeNode node{label, {}};
        for (const std::string& name : *names) {
          const PlannedSnapshot* planned = Find(plan, name);
          node.children.push_back({planned != nullptr && planned->category
                                       ? NameWithCategory(name, *planned->category)
                                       : name,
                                   {}});
        }
        models.children.push_back(std::move(node));
      }
      console.Print(RenderTree(models));
      for (const std::string& name : plan.directly_modified) {
        const PlannedSnapshot* planned = Find(plan, name);
        if (planned == nullptr || !planned->previous) {
          continue;
        }
        console.Line();
        console.Line(console.Styled(
            planned->category ? NameWithCategory(name, *planned->category) : name, Style::kBold));
        if (diff_shown_.count(name)) {
          console.Line("(its diff is above, where its category was asked)");
          continue;
        }
        PrintDiff(console, planned->previous->payload.source, planned->snapshot.payload.source,
                  fmt::format("{} ({})", planned->previous->payload.path, plan.compared_with),
                  planned->snapshot.payload.path);
      }
      console.Line();
    }
    if (!plan.restated.empty() || !plan.restatement_skipped.empty()) {
      TreeNode restated{"Models to restate (recorded intervals cleared and processed again):", {}};
      for (const std::string& name : plan.restated) {
        const PlannedSnapshot* planned = Find(plan, name);
        restated.children.push_back(
            {planned != nullptr && !planned->restated.empty()
                 ? fmt::format("{}: {}{}", name, MissingText(planned->restated),
                               planned->empty_table_first ? " (full refresh: the table is "
                                                            "rebuilt from empty)"
                                                          : "")
                 : fmt::format("{}: nothing recorded in the range", name),
             {}});
      }
      for (const auto& [name, why] : plan.restatement_skipped) {
        restated.children.push_back({fmt::format("{}: skipped ({})", name, why), {}});
      }
      console.Print(RenderTree(restated));
      console.Line();
    }
    for (const auto& [name, start] : plan.starts_after_range) {
      console.Line(fmt::format("Note: {} starts at {} (its `start`): it is not backfilled before",
                               name, FormatTimestamp(start)));
    }
    if (skip_backfill_ || plan.BatchCount() == 0) {
      return;
    }
    TreeNode backfill{"Models needing backfill (missing dates):", {}};
    std::vector<std::pair<std::string, std::string>> lines;
    for (const PlannedSnapshot& planned : plan.snapshots) {
      if (!planned.work.batches.empty()) {
        lines.emplace_back(planned.snapshot.id.name, MissingText(planned.work.missing));
      }
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& [name, text] : lines) {
      backfill.children.push_back({fmt::format("{}: {}", name, text), {}});
    }
    console.Print(RenderTree(backfill));
  }

  // Whether to apply: --auto-apply; else ask on a terminal (not with --no-prompts).
  bool Confirm(Console& console, bool backfill) const {
    if (auto_apply_) {
      return true;
    }
    if (no_prompts_ || isatty(STDIN_FILENO) == 0) {
      return false;
    }
    // Anything but yes or no asks again; end of input is no.
    while (true) {
      console.Print(backfill ? "Apply - Backfill Tables [y/n]: "
                             : "Apply - Virtual Update [y/n]: ");
      std::fflush(stdout);
      std::string answer;
      if (!std::getline(std::cin, answer)) {
        return false;
      }
      answer = ToLower(Trim(answer));
      if (answer == "y" || answer == "yes") {
        return true;
      }
      if (answer == "n" || answer == "no") {
        return false;
      }
      console.Line("Please answer y (apply the plan) or n (leave everything as it is).");
    }
  }

  int Apply(Console& console, const Plan& plan, const project::Project& project,
            ProjectState& state) const {
    ApplyOptions apply;
    apply.threads = threads_ > 0 ? threads_ : state.concurrent_tasks();
    apply.skip_backfill = skip_backfill_;
    // The warehouse is opened only to apply: a plan without changes never loads its catalog.
    Result<engine::Engine*> warehouse = state.Warehouse();
    if (!warehouse.ok()) {
      return ReportError(warehouse.status());
    }
    if (state.separate_state()) {
      Result<engine::EngineAdapter*> data = state.WarehouseConnection();
      if (!data.ok()) {
        return ReportError(data.status());
      }
      apply.data_connection = *data;
    }
    const auto started = std::chrono::steady_clock::now();
    std::mutex mutex;
    apply.on_batch_done = [&](const BatchReport& report) {
      std::lock_guard<std::mutex> lock(mutex);
      PrintBatchReport(console, report);
      console.Progress(
          "Executing model batches", static_cast<size_t>(report.number),
          static_cast<size_t>(report.total),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    };
    apply.on_warning = [&](const std::string& warning) {
      std::lock_guard<std::mutex> lock(mutex);
      console.Line(console.Styled("⚠ " + warning, Style::kYellow));
    };
    apply.on_view_audits = [&](const std::string& model, const std::vector<AuditOutcome>& audits) {
      console.Line(fmt::format("{} [view, {}]", model, AuditCounts(audits)));
      for (const AuditOutcome& outcome : audits) {
        if (!outcome.passed()) {
          console.Print(console.Styled(AuditFailureText(outcome),
                                       outcome.blocking ? Style::kRed : Style::kYellow));
        }
      }
    };
    Result<engine::EngineAdapter*> connection = state.WarehouseConnection();
    if (!connection.ok()) {
      return ReportError(connection.status());
    }
    if (Status before = RunConfigStatements(**connection, project.config.before_all, "before_all");
        !before.ok()) {
      return ReportError(before);
    }
    Result<BackfillSummary> summary = [&] {
      InterruptScope interrupts;
      return ApplyPlan(plan, project, **warehouse, state.state(), apply);
    }();
    console.ClearProgress();
    if (!summary.ok()) {
      return ReportError(summary.status());
    }
    if (summary->interrupted > 0) {
      PrintInterrupted(console, *summary,
                       fmt::format("The `{}` environment was not changed; `strata plan {}` "
                                   "continues from here (committed batches are kept)",
                                   plan.environment, plan.environment));
      return kExitInterrupted;
    }
    if (summary->failed > 0) {
      for (const Status& error : summary->errors) {
        fmt::print(stderr, "{}\n", error.ToString());
      }
      console.Line(console.Styled(fmt::format("✘ {} of {} model batches failed, {} skipped",
                                              summary->failed, summary->batches, summary->skipped),
                                  Style::kRed));
      console.Line(fmt::format(
          "The `{}` environment was not changed; fix the failure and run `strata plan` again "
          "(completed batches are kept)",
          plan.environment));
      return kExitFailure;
    }
    if (summary->batches > 0) {
      console.Line(console.Styled("✔ Model batches executed", Style::kGreen));
    }
    int views = static_cast<int>(plan.dropped_views.size());
    for (const PlannedSnapshot& planned : plan.snapshots) {
      views += planned.included && planned.view_changed ? 1 : 0;
    }
    if (views > 0) {
      console.Line(console.Styled(fmt::format("✔ Virtual layer updated: {} view{} of `{}`", views,
                                              views == 1 ? "" : "s", plan.environment),
                                  Style::kGreen));
    }
    if (Status after = RunConfigStatements(**connection, project.config.after_all, "after_all");
        !after.ok()) {
      return ReportError(after);
    }
    const int audits = RunAndPrintProjectAudits(console, **connection, project, plan.environment,
                                                plan.execution_time);
    if (audits != kExitOk) {
      return audits;
    }
    console.Line(console.Styled("✔ Plan applied successfully", Style::kGreen));
    return kExitOk;
  }

  std::string environment_;
  CLI::Option* environment_option_ = nullptr;
  std::string start_;
  std::string end_;
  std::string execution_time_;
  bool auto_apply_ = false;
  bool no_prompts_ = false;
  bool skip_backfill_ = false;
  bool forward_only_ = false;
  bool skip_tests_ = false;
  bool include_unmodified_ = false;
  bool auto_categorize_ = false;
  std::vector<std::string> restate_models_;
  std::vector<std::string> full_refresh_models_;
  std::vector<std::string> select_models_;
  int threads_ = 0;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
  // Models whose diff the categorization question already printed.
  std::set<std::string> diff_shown_;
};

}  // namespace

std::unique_ptr<Command> MakePlanCommand() { return std::make_unique<PlanCommand>(); }

}  // namespace strata::cli
