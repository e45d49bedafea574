// strata's entry point: parses the global options and the command, then runs the command.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/text.h"
#include "cli/command.h"
#include "cli/sql_log.h"

namespace {

// A time of day as a shell splits it off a timestamp: 12:00, 12:00:00, 12:00:00.5.
bool IsTimeOfDay(std::string_view text) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t n = 0;
    while (i < text.size() && n < max && text[i] >= '0' && text[i] <= '9') {
      ++i;
      ++n;
    }
    return n >= min;
  };
  if (!digits(1, 2) || i >= text.size() || text[i++] != ':' || !digits(2, 2)) {
    return false;
  }
  if (i < text.size() && text[i] == ':') {
    ++i;
    if (!digits(2, 2)) {
      return false;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      if (!digits(1, 9)) {
        return false;
      }
    }
  }
  return i == text.size();
}

// The arguments, with a time option's value split by the shell joined again:
// `--execution-time 2025-01-30 12:00` (unquoted) is `--execution-time '2025-01-30 12:00'`, not a
// date and an environment named `12:00`.
std::vector<std::string> JoinSplitTimestamps(int argc, char** argv) {
  static constexpr std::string_view kTimeOptions[] = {"--execution-time", "--start", "--end",
                                                      "--event-time-start", "--event-time-end"};
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    if (std::find(std::begin(kTimeOptions), std::end(kTimeOptions), name) ==
        std::end(kTimeOptions)) {
      continue;
    }
    const size_t value = equals == std::string_view::npos ? i + 1 : i;
    if (value + 1 < args.size() && IsTimeOfDay(args[value + 1])) {
      args[value] += " " + args[value + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(value + 1));
    }
  }
  return args;
}

// The command reference in Markdown (docs/reference/commands.md), from the definitions the
// parser uses, so that it cannot drift from them (a test compares the two).
void PrintReference(const CLI::App& app) {
  fmt::print("# Command reference\n\n");
  fmt::print(
      "Generated from strata's command-line definitions by `strata --reference-markdown` "
      "(`make docs`); a test keeps this file equal to that output. `strata COMMAND --help` "
      "prints the same.\n\n");
  auto describe = [](const CLI::Option* option) {
    std::string text;
    for (char c : option->get_description()) {
      text += c == '|' ? std::string("\\|") : std::string(1, c);  // a table cell
    }
    if (const std::string def = option->get_default_str(); !def.empty()) {
      text += fmt::format(" (default: `{}`)", def);
    }
    return text;
  };
  auto options = [&](const CLI::App& command, const std::string& title) {
    std::vector<std::string> rows;
    for (const CLI::Option* option : command.get_options()) {
      if (option->get_name() == "--help" || option->get_name() == "-h,--help" ||
          option->get_name().find("help") != std::string::npos) {
        continue;
      }
      std::string name = option->get_name(false, true);
      const std::string type = option->get_type_name();
      if (option->get_type_size() != 0 && !type.empty()) {
        name += " " + type;
      }
      rows.push_back(fmt::format("| `{}` | {} |", name, describe(option)));
    }
    if (!rows.empty()) {
      if (!title.empty()) {
        fmt::print("{}\n\n", title);
      }
      fmt::print("| argument | what |\n|---|---|\n");
      for (const std::string& row : rows) {
        fmt::print("{}\n", row);
      }
      fmt::print("\n");
    }
  };
  options(app, "## Global options (before or after the command)");
  std::function<void(const CLI::App&, const std::string&)> command = [&](const CLI::App& sub,
                                                                         const std::string& path) {
    const std::string full = path + " " + sub.get_name();
    fmt::print("## `{}`\n\n{}\n\n", full, sub.get_description());
    options(sub, "");
    for (const CLI::App* nested : sub.get_subcommands({})) {
      command(*nested, full);
    }
  };
  for (const CLI::App* sub : app.get_subcommands({})) {
    command(*sub, "strata");
  }
}

}  // namespace

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
  if (argc == 2 && std::string_view(argv[1]) == "--reference-markdown") {
    PrintReference(app);
    return kExitOk;
  }
  // The global options also go after the command (`strata run -v`), at any depth.
  std::vector<CLI::App*> pending = subcommands;
  while (!pending.empty()) {
    CLI::App* sub = pending.back();
    pending.pop_back();
    sub->fallthrough();
    for (CLI::App* nested : sub->get_subcommands({})) {
      pending.push_back(nested);
    }
  }

  try {
    std::vector<std::string> args = JoinSplitTimestamps(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(std::move(args));
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
