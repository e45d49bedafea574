// `strata init [DIR] [--template empty|orders]`: writes a new project (DESIGN.md §8). The
// orders template is examples/orders (seeds/004's Orders360), carried inside the binary.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/text.h"
#include "cli/command.h"
#include "cli/project_template.h"

namespace strata::cli {
namespace {

class InitCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("init", "Write a new project");
    sub->add_option("dir", dir_, "The project folder (default: the -p folder, else .)");
    sub->add_option("--template", template_,
                    "empty: config.yaml and empty folders; orders: the Orders360 example")
        ->check(CLI::IsMember({"empty", "orders"}))
        ->each([this](const std::string&) { template_given_ = true; });
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    const std::string dir = dir_.empty() ? global.project_dir : dir_;
    Result<std::span<const EmbeddedFile>> files = TemplateFiles(template_);
    if (!files.ok()) {
      return ReportError(files.status());
    }
    if (Status written = WriteTemplate(dir, *files); !written.ok()) {
      return ReportError(written);
    }
    const std::string cd = dir == "." ? "" : "cd " + dir + "\n  ";
    if (template_ == "orders") {
      fmt::print("Wrote the Orders360 example project (--template orders{}) to {}: {} file{}.\n",
                 template_given_ ? "" : ", the default; --template empty writes a bare project",
                 dir, files->size(), files->size() == 1 ? "" : "s");
      // The seed's orders are of 2025-01-01 to 2025-03-31: the story of its README plans at a
      // time inside them rather than backfilling every day since.
      fmt::print(
          "Next, the story of its README.md (a plan on 2025-01-15, a run a week later):\n"
          "  {}strata plan --auto-apply --execution-time 2025-01-15\n"
          "  strata run --execution-time 2025-01-22\n"
          "  strata query \"SELECT * FROM sales.weekly_sales ORDER BY order_date\"\n",
          cd);
    } else {
      fmt::print(
          "Wrote an empty project to {}: {} file{} (config.yaml) and the folders {}.\n", dir,
          files->size(), files->size() == 1 ? "" : "s",
          Join(std::vector<std::string>(ProjectFolders().begin(), ProjectFolders().end()), ", "));
      fmt::print(
          "Next: add a model, e.g. models/example.sql:\n"
          "  MODEL (name example.numbers, kind FULL);\n"
          "  SELECT 1 AS n\n"
          "then: {}strata plan --auto-apply\n",
          cd);
    }
    return kExitOk;
  }

 private:
  std::string dir_;
  std::string template_ = "orders";
  bool template_given_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeInitCommand() { return std::make_unique<InitCommand>(); }

}  // namespace strata::cli
