// `strata format [--check]`: rewrites every model file under models/ in the canonical style
// (project/model_format.h). With --check, changes nothing, lists the files it would change and
// exits 1 when there is any.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/command.h"
#include "project/model_format.h"
#include "project/model_jinja.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

class FormatCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("format", "Rewrite model files in the canonical style");
    sub->add_flag("--check", check_,
                  "Change nothing; list the files that would change and exit 1 if any");
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    const fs::path root = global.project_dir;
    std::error_code ec;
    if (!fs::is_directory(root / "models", ec)) {
      return ReportError(
          Status::NotFound(fmt::format("{} has no models folder", root.string()))
              .WithHint("run strata format in a project folder, or pass it with -p DIR"));
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root / "models", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && ToLower(it->path().extension().string()) == ".sql") {
        files.push_back(it->path());
      }
    }
    std::sort(files.begin(), files.end());
    std::vector<Status> errors;
    size_t changed = 0;
    for (const fs::path& path : files) {
      const std::string shown = path.lexically_relative(root).string();
      std::ifstream in(path, std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      const std::string text = buffer.str();
      if (project::FindJinja(text) != std::string_view::npos) {
        continue;  // Jinja text is not SQL until rendered; it is kept as written
      }
      Result<std::string> formatted = project::FormatModelFile(text, shown);
      if (!formatted.ok()) {
        errors.push_back(formatted.status());
        continue;
      }
      if (*formatted == text) {
        continue;
      }
      ++changed;
      if (check_) {
        fmt::print("{}\n", shown);
        continue;
      }
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << *formatted;
      if (!out) {
        errors.push_back(Status::IoError(fmt::format("cannot write {}", shown)));
        continue;
      }
      fmt::print("formatted {}\n", shown);
    }
    std::fflush(stdout);
    if (!errors.empty()) {
      return ReportError(Status::Combine(std::move(errors)));
    }
    if (check_ && changed > 0) {
      fmt::print(stderr, "{} file{} would be reformatted\n", changed, changed == 1 ? "" : "s");
      return kExitFailure;
    }
    return kExitOk;
  }

 private:
  bool check_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeFormatCommand() { return std::make_unique<FormatCommand>(); }

}  // namespace strata::cli
