// The list of commands and the mapping from errors to exit codes.
#include <cstdio>

#include <fmt/format.h>

#include "cli/command.h"

namespace strata::cli {

std::unique_ptr<Command> MakeAuditCommand();
std::unique_ptr<Command> MakeCreateTestCommand();
std::unique_ptr<Command> MakeDagCommand();
std::unique_ptr<Command> MakeDbtCommand();
std::unique_ptr<Command> MakeDiffCommand();
std::unique_ptr<Command> MakeFormatCommand();
std::unique_ptr<Command> MakeInfoCommand();
std::unique_ptr<Command> MakeInitCommand();
std::unique_ptr<Command> MakeInvalidateCommand();
std::unique_ptr<Command> MakeJanitorCommand();
std::unique_ptr<Command> MakePlanCommand();
std::unique_ptr<Command> MakeQueryCommand();
std::unique_ptr<Command> MakeRenderCommand();
std::unique_ptr<Command> MakeRunCommand();
std::unique_ptr<Command> MakeTestCommand();
std::unique_ptr<Command> MakeTableDiffCommand();
std::unique_ptr<Command> MakeVersionCommand();

std::vector<std::unique_ptr<Command>> AllCommands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(MakeInitCommand());
  commands.push_back(MakePlanCommand());
  commands.push_back(MakeRunCommand());
  commands.push_back(MakeTestCommand());
  commands.push_back(MakeCreateTestCommand());
  commands.push_back(MakeAuditCommand());
  commands.push_back(MakeInfoCommand());
  commands.push_back(MakeDagCommand());
  commands.push_back(MakeRenderCommand());
  commands.push_back(MakeFormatCommand());
  commands.push_back(MakeQueryCommand());
  commands.push_back(MakeDiffCommand());
  commands.push_back(MakeTableDiffCommand());
  commands.push_back(MakeInvalidateCommand());
  commands.push_back(MakeJanitorCommand());
  commands.push_back(MakeDbtCommand());
  commands.push_back(MakeVersionCommand());
  return commands;
}

int ReportError(const Status& status) {
  fmt::print(stderr, "{}\n", status.ToString());
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kParseError:
    case StatusCode::kProjectError:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kUnsupported:
      return kExitUsage;
    case StatusCode::kEngineError:
    case StatusCode::kIoError:
    case StatusCode::kAuditFailed:
    case StatusCode::kTestFailed:
    case StatusCode::kLockTimeout:
    case StatusCode::kInternal:
      return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace strata::cli
