// Runs the built `strata` binary (or any program) as a child process and captures what it prints.
#pragma once

#include <string>
#include <vector>

namespace strata::testing {

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path or a name found on PATH) in `cwd` (empty: the current folder) with
// `input` on standard input; waits for it and returns its exit code and output.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& cwd = "",
                         const std::string& input = "");

// The path of the `strata` binary under test: $STRATA_BINARY (set by ctest).
std::string StrataBinary();

// RunCommand with StrataBinary() prepended to `args`.
CommandResult RunStrata(const std::vector<std::string>& args, const std::string& cwd = "",
                        const std::string& input = "");

// A fresh empty folder under the system temp folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace strata::testing
