// `strata init [DIR] [--template empty|orders]`: writes a new project (DESIGN.md §8). The
// orders template is examples/orders (seeds/004's Orders360), carried inside the binary.
#include <fmt/format.h>

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
        ->check(CLI::IsMember({"empty", "orders"}));
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
    fmt::print("Wrote the {} project to {} ({} files).\n", template_, dir, files->size());
    if (template_ == "orders") {
      fmt::print("Next: strata -p {} plan --auto-apply\n", dir);
    }
    return kExitOk;
  }

 private:
  std::string dir_;
  std::string template_ = "orders";
};

}  // namespace

std::unique_ptr<Command> MakeInitCommand() { return std::make_unique<InitCommand>(); }

}  // namespace strata::cli
