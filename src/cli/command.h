// The contract between `strata`'s main and its commands: one class per command, one file each.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"

namespace strata::cli {

// Options given before the command name (DESIGN.md §8).
struct GlobalOptions {
  std::string project_dir = ".";
  // Further project folders (`-p A -p B`, SQLMesh multi-repo): loaded together with
  // `project_dir` into one project, planned over the state of `project_dir`'s gateway.
  std::vector<std::string> more_project_dirs;
  std::string gateway;         // empty: the project's default gateway
  std::string color = "auto";  // auto | always | never
  int verbosity = 0;
};

// Process exit codes (DESIGN.md §8).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // a model, audit, test or statement failed
inline constexpr int kExitInterrupted = 130;  // Ctrl-C (128 + SIGINT), as shells report it
inline constexpr int kExitUsage = 2;          // bad usage or bad project

class Command {
 public:
  virtual ~Command() = default;
  // Adds this command's subcommand and its options to `app`; returns the subcommand.
  virtual CLI::App* Register(CLI::App& app) = 0;
  // Runs the command after the command line parsed; returns the process exit code.
  virtual int Run(const GlobalOptions& global) = 0;
};

// Every command strata has, in the order `strata --help` lists them.
std::vector<std::unique_ptr<Command>> AllCommands();

// Prints `status` to stderr and returns the exit code for it: 2 for errors in the user's input
// (usage, parse, project, not found), 1 for everything that failed while running.
int ReportError(const Status& status);

}  // namespace strata::cli
