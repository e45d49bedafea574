// `strata version`: prints strata's version and the engine libraries it runs on.
#include <fmt/format.h>

#include "base/version.h"
#include "cli/command.h"
#include "engine/engine_adapter.h"

namespace strata::cli {
namespace {

class VersionCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    return app.add_subcommand("version", "Print the version of strata");
  }

  int Run(const GlobalOptions& /*global*/) override {
    fmt::print("strata {}\n", kStrataVersion);
    for (const std::string& library : engine::EngineLibraries()) {
      fmt::print("{}\n", library);
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> MakeVersionCommand() { return std::make_unique<VersionCommand>(); }

}  // namespace strata::cli
