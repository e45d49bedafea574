// `strata audit [--model NAME …] [--start T] [--end T]`: runs the project's audits over the data
// prod holds now (DESIGN.md §7, §8; docs/audits.md). The audits are the project files' (so an
// audit can be tried before a plan); the tables are prod's. For INCREMENTAL_BY_TIME_RANGE models,
// --start/--end restrict the audited rows to that time range; other models are audited whole.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "cli/batch_output.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "core/snapshot.h"
#include "materialize/audit_runner.h"
#include "plan/plan.h"
#include "project/project.h"

namespace strata::cli {
namespace {

class AuditCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("audit", "Run the models' audits over the data prod holds");
    sub->add_option("--model", models_, "Only these models (default: every model with audits)");
    sub->add_option("--start", start_, "Incremental models: audit rows from this time");
    sub->add_option("--end", end_, "Incremental models: audit rows up to this time (inclusive)");
    sub->add_option("--execution-time", execution_time_,
                    "The time the audits run at (for time variables in custom audits)");
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    const int64_t now = NowMicros();
    int64_t execution_time = now;
    if (!execution_time_.empty()) {
      Result<int64_t> parsed = ParseTimePoint(execution_time_, now, TimeRole::kStart);
      if (!parsed.ok()) {
        return ReportError(parsed.status().WithContext("--execution-time"));
      }
      execution_time = *parsed;
    }
    std::optional<Interval> range;
    if (!start_.empty() || !end_.empty()) {
      Interval interval{0, kMaxAuditTime};
      if (!start_.empty()) {
        Result<int64_t> parsed = ParseTimePoint(start_, execution_time, TimeRole::kStart);
        if (!parsed.ok()) {
          return ReportError(parsed.status().WithContext("--start"));
        }
        interval.start = *parsed;
      }
      if (!end_.empty()) {
        Result<int64_t> parsed = ParseTimePoint(end_, execution_time, TimeRole::kEnd);
        if (!parsed.ok()) {
          return ReportError(parsed.status().WithContext("--end"));
        }
        interval.end = *parsed;
      }
      if (interval.empty()) {
        return ReportError(Status::InvalidArgument("--start must be before --end"));
      }
      range = interval;
    }

    project::LoadOptions load;
    load.now = execution_time;
    Result<project::Project> loaded = LoadGlobalProject(global, load);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    std::vector<const project::Model*> selected;
    for (const std::string& name : models_) {
      Result<std::string> normalized = project::NormalizeNameText(name);
      const project::Model* model = normalized.ok() ? project.FindModel(*normalized) : nullptr;
      if (model == nullptr) {
        return ReportError(Status::NotFound(fmt::format("--model: no model named '{}'", name))
                               .WithHint("`strata info --models` lists the models"));
      }
      selected.push_back(model);
    }
    if (models_.empty()) {
      for (const project::Model& model : project.models) {
        if (!model.audits.empty()) {
          selected.push_back(&model);
        }
      }
    }

    Result<ProjectState> opened = OpenProjectState(global, project.config, lock_timeout_);
    if (!opened.ok()) {
      return ReportError(opened.status());
    }
    ProjectState& state = *opened;
    Result<std::map<std::string, Snapshot>> prod = ProdSnapshots(state.state());
    if (!prod.ok()) {
      return ReportError(prod.status());
    }
    std::vector<const Snapshot*> all;
    for (const auto& [name, snapshot] : *prod) {
      all.push_back(&snapshot);
    }
    const sql::TableMapping mapping = PhysicalTableMapping(all);
    Result<engine::EngineAdapter*> warehouse = state.WarehouseConnection();
    if (!warehouse.ok()) {
      return ReportError(warehouse.status());
    }

    int passed = 0;
    int failed = 0;
    int blocking_failed = 0;
    for (const project::Model* model : selected) {
      console.Line(console.Styled(model->name, Style::kBold));
      if (model->audits.empty()) {
        console.Line("  (no audits)");
        continue;
      }
      auto found = prod->find(model->name);
      if (found == prod->end() || !KindIsMaterialized(found->second.payload.kind)) {
        return ReportError(Status::NotFound(fmt::format("prod has no table for {}", model->name))
                               .WithHint("apply a plan first: `strata plan`"));
      }
      AuditRequest request;
      request.project = &project;
      request.model = model;
      request.table = PhysicalTableOf(found->second);
      request.interval = range;
      request.execution_time = execution_time;
      request.table_mapping = mapping;
      Result<std::vector<AuditOutcome>> outcomes = RunAudits(**warehouse, request);
      if (!outcomes.ok()) {
        return ReportError(outcomes.status().WithContext(model->name));
      }
      for (const AuditOutcome& outcome : *outcomes) {
        if (outcome.passed()) {
          ++passed;
          console.Line(console.Styled(fmt::format("  ✔ {}", outcome.shown), Style::kGreen));
          continue;
        }
        ++failed;
        blocking_failed += outcome.blocking ? 1 : 0;
        console.Print(console.Styled(AuditFailureText(outcome),
                                     outcome.blocking ? Style::kRed : Style::kYellow));
      }
    }
    const std::string summary =
        fmt::format("Audits: {} passed, {} failed ({} blocking)", passed, failed, blocking_failed);
    console.Line(console.Styled(summary, blocking_failed > 0 ? Style::kRed
                                         : failed > 0        ? Style::kYellow
                                                             : Style::kGreen));
    return blocking_failed > 0 ? kExitFailure : kExitOk;
  }

 private:
  // No time in strata's range lies at or after this (year 9999).
  static constexpr int64_t kMaxAuditTime = int64_t{253402300799} * 1000000;

  // Prod's snapshots by model name; kNotFound when there is no prod yet.
  static Result<std::map<std::string, Snapshot>> ProdSnapshots(state::StateStore& state) {
    Result<state::EnvironmentRecord> environment = state.GetEnvironment("prod");
    if (!environment.ok()) {
      if (environment.status().code() == StatusCode::kNotFound) {
        return Status::NotFound("there is no prod environment yet")
            .WithHint("create it with `strata plan`");
      }
      return environment.status();
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<state::SnapshotRecord> records,
                            ReadSnapshots(state, environment->snapshots));
    std::map<std::string, Snapshot> out;
    for (const state::SnapshotRecord& record : records) {
      STRATA_ASSIGN_OR_RETURN(Snapshot snapshot, SnapshotFromRecord(record));
      out.emplace(snapshot.id.name, std::move(snapshot));
    }
    return out;
  }

  std::vector<std::string> models_;
  std::string start_;
  std::string end_;
  std::string execution_time_;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
};

}  // namespace

std::unique_ptr<Command> MakeAuditCommand() { return std::make_unique<AuditCommand>(); }

}  // namespace strata::cli
