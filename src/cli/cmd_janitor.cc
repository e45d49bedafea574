// `strata janitor [--ignore-ttl]`: removes expired environments and the tables no environment
// uses any more (docs/environments.md). Best-effort: what cannot be dropped is reported and kept.
#include <fmt/format.h>

#include "base/text.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "plan/environments.h"
#include "project/config.h"

namespace strata::cli {
namespace {

class JanitorCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "janitor", "Remove expired environments and the tables no environment uses");
    sub->add_flag("--ignore-ttl", ignore_ttl_,
                  "Drop unused tables at once, without waiting for snapshot_ttl");
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    Result<project::Config> config = LoadProjectConfig(global);
    if (!config.ok()) {
      return ReportError(config.status());
    }
    Result<ProjectState> opened = OpenProjectState(global, *config, lock_timeout_);
    if (!opened.ok()) {
      return ReportError(opened.status());
    }
    Result<engine::EngineAdapter*> warehouse = opened->WarehouseConnection();
    if (!warehouse.ok()) {
      return ReportError(warehouse.status());
    }
    Result<JanitorReport> report = RunJanitor(opened->state(), NowMicros(), ignore_ttl_, *warehouse,
                                              config->environment_suffix_target);
    if (!report.ok()) {
      return ReportError(report.status());
    }
    for (const std::string& name : report->environments) {
      console.Line(fmt::format("Removed environment `{}`", name));
    }
    for (const std::string& table : report->tables) {
      console.Line(fmt::format("Dropped {}", table));
    }
    for (const Status& failure : report->failures) {
      fmt::print(stderr, "{}\n", failure.ToString());
    }
    console.Line(console.Styled(
        fmt::format("{} Janitor: {} environment{} removed, {} table{} dropped, {} snapshot{} "
                    "deleted{}",
                    report->failures.empty() ? "✔" : "✘", report->environments.size(),
                    report->environments.size() == 1 ? "" : "s", report->tables.size(),
                    report->tables.size() == 1 ? "" : "s", report->snapshots.size(),
                    report->snapshots.size() == 1 ? "" : "s",
                    report->failures.empty()
                        ? ""
                        : fmt::format(", {} could not be dropped (kept for the next janitor)",
                                      report->failures.size())),
        report->failures.empty() ? Style::kGreen : Style::kRed));
    return report->failures.empty() ? kExitOk : kExitFailure;
  }

 private:
  bool ignore_ttl_ = false;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
};

}  // namespace

std::unique_ptr<Command> MakeJanitorCommand() { return std::make_unique<JanitorCommand>(); }

}  // namespace strata::cli
