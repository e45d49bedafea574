// strata's entry point: parses the global options and the command, then runs the command.
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/text.h"
#include "cli/command.h"
#include "cli/sql_log.h"

int main(int argc, char** argv) {
  using strata::cli::kExitFailure;
  using strata::cli::kExitOk;
  using strata::cli::kExitUsage;

  CLI::App app{
      "strata: keeps warehouse tables up to date by running SQL models, "
      "and processes only what changed."};
  app.name("strata");
  app.require_subcommand(1);
  strata::cli::GlobalOptions global;
  std::vector<std::string> project_dirs;
  app.add_option("-p,--project", project_dirs,
                 "Project folder (default: .); give several for a multi-repo project, which "
                 "plans them together over the first one's state")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--gateway", global.gateway, "Gateway from config.yaml (default: its default)");
  app.add_option("--color", global.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("-v,--verbose", global.verbosity,
               "More output (repeat for more: -vv prints every SQL statement with its time)");

  auto commands = strata::cli::AllCommands();
  std::vector<CLI::App*> subcommands;
  for (auto& command : commands) {
    subcommands.push_back(command->Register(app));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const CLI::App* failing = &app;
    for (CLI::App* sub : subcommands) {
      if (sub->parsed()) {
        failing = sub;
      }
    }
    if (failing == &app) {
      // No command was recognized: name the word that should have been one.
      std::vector<std::string_view> names;
      for (CLI::App* sub : subcommands) {
        names.push_back(sub->get_name());
      }
      for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-p" || arg == "--project" || arg == "--gateway" || arg == "--color") {
          ++i;  // the option's value
          continue;
        }
        if (arg.empty() || arg[0] == '-') {
          continue;
        }
        const std::string nearest = strata::NearestName(arg, names);
        fmt::print(stderr, "error: unknown command '{}'{}\n\n", arg,
                   nearest.empty() ? "" : fmt::format(" (did you mean {}?)", nearest));
        fmt::print(stderr, "{}", app.help());
        return kExitUsage;
      }
    }
    fmt::print(stderr, "error: {}\n\n", e.what());
    fmt::print(stderr, "{}", failing->help());
    return kExitUsage;
  }

  if (!project_dirs.empty()) {
    global.project_dir = project_dirs.front();
    global.more_project_dirs.assign(project_dirs.begin() + 1, project_dirs.end());
  }
  if (global.verbosity >= 2) {
    strata::cli::LogStatementsToStderr(global.verbosity);
  }
  for (size_t i = 0; i < commands.size(); ++i) {
    if (subcommands[i]->parsed()) {
      try {
        return commands[i]->Run(global);
      } catch (const std::exception& e) {
        // Commands return Status; an exception here is a bug, reported rather than a crash.
        fmt::print(stderr, "internal error: {}\n", e.what());
        return kExitFailure;
      }
    }
  }
  return kExitOk;
}
