// `strata query SQL [--format table|csv|json]`: runs SQL against the project's database and prints
// the rows (DESIGN.md §8).
#include <iostream>
#include <string>

#include "cli/command.h"
#include "cli/project_connection.h"
#include "cli/result_format.h"
#include "engine/engine_adapter.h"

namespace strata::cli {
namespace {

class QueryCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub =
        app.add_subcommand("query", "Run SQL against the project's database and print the rows");
    sub->add_option("sql", sql_, "The SQL to run (several statements: the last one's rows)")
        ->required();
    sub->add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    const std::optional<ResultFormat> format = ParseResultFormat(format_);
    if (!format) {
      return ReportError(Status::InvalidArgument("unknown --format " + format_));
    }
    Result<engine::ConnectionConfig> config = ProjectConnection(global);
    if (!config.ok()) {
      return ReportError(config.status());
    }
    Result<std::unique_ptr<engine::Engine>> engine = engine::OpenEngine(*config);
    if (!engine.ok()) {
      return ReportError(engine.status());
    }
    Result<std::unique_ptr<engine::EngineAdapter>> connection = (*engine)->Connect();
    if (!connection.ok()) {
      return ReportError(connection.status());
    }
    Result<engine::QueryResult> result = (*connection)->Query(sql_);
    if (!result.ok()) {
      return ReportError(result.status());
    }
    WriteResult(*result, *format, std::cout);
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }

 private:
  std::string sql_;
  std::string format_ = "table";
};

}  // namespace

std::unique_ptr<Command> MakeQueryCommand() { return std::make_unique<QueryCommand>(); }

}  // namespace strata::cli
