// `strata test [NAME …]`: runs the project's unit tests (tests/*.yaml) in an in-memory DuckDB,
// whatever the warehouse (DESIGN.md §7; docs/unit_tests.md). Exit 1 when one fails.
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "cli/unit_test_output.h"
#include "project/project.h"

namespace strata::cli {
namespace {

class TestCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("test", "Run the unit tests of tests/*.yaml");
    sub->add_option("names", names_, "Only these tests (default: all)");
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    Result<project::Project> loaded = LoadGlobalProject(global);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    Result<TestRunSummary> summary = RunAndPrintTests(console, *loaded, names_, true);
    if (!summary.ok()) {
      return ReportError(summary.status());
    }
    return summary->failed > 0 ? kExitFailure : kExitOk;
  }

 private:
  std::vector<std::string> names_;
};

}  // namespace

std::unique_ptr<Command> MakeTestCommand() { return std::make_unique<TestCommand>(); }

}  // namespace strata::cli
