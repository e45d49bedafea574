// `strata invalidate ENV`: the environment expires now; the next `strata janitor` removes its
// views and record (docs/environments.md).
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "plan/environments.h"
#include "project/config.h"

namespace strata::cli {
namespace {

class InvalidateCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "invalidate", "Make an environment expire now (`strata janitor` then removes it)");
    sub->add_option("environment", environment_, "The environment")->required();
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
    Status status = InvalidateEnvironment(opened->state(), environment_, NowMicros());
    if (!status.ok()) {
      return ReportError(status);
    }
    console.Line(console.Styled(
        fmt::format("✔ Environment `{}` invalidated: `strata janitor` removes it", environment_),
        Style::kGreen));
    return kExitOk;
  }

 private:
  std::string environment_;
  double lock_timeout_ = kDefaultLockTimeoutSeconds;
};

}  // namespace

std::unique_ptr<Command> MakeInvalidateCommand() { return std::make_unique<InvalidateCommand>(); }

}  // namespace strata::cli
