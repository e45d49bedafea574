// `strata query SQL [--env ENV] [--format table|csv|json]`: runs SQL against the project's
// database and prints the rows (DESIGN.md §8). With --env, model names in the SQL resolve to the
// tables that environment's views select from (docs/environments.md).
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/project_connection.h"
#include "cli/project_state.h"
#include "cli/result_format.h"
#include "cli/state_reader.h"
#include "engine/engine_adapter.h"
#include "plan/environments.h"
#include "plan/plan.h"
#include "project/config.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::cli {
namespace {

// `sql` with every model name of `environment` replaced by its table.
Result<std::string> ResolveEnvironment(const std::string& sql, const std::string& environment,
                                       state::StateStore& state, engine::EngineType type) {
  STRATA_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots,
                          EnvironmentSnapshots(state, environment));
  const sql::TableMapping mapping = EnvironmentTableMapping(snapshots);
  STRATA_ASSIGN_OR_RETURN(sql::ParsedScript script, sql::ParseScript(sql));
  for (sql::Node* statement : script.statements) {
    sql::RewriteTables(statement, mapping, script.arena.get());
  }
  sql::GenerateOptions options;
  options.dialect = type == engine::EngineType::kPostgres ? sql::DialectKind::kPostgres
                                                          : sql::DialectKind::kDuckDb;
  return sql::GenerateScript(script.statements, options);
}

class QueryCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub =
        app.add_subcommand("query", "Run SQL against the project's database and print the rows");
    sub->add_option("sql", sql_, "The SQL to run (several statements: the last one's rows)")
        ->required();
    sub->add_option("--env", environment_,
                    "Resolve model names to this environment's tables (default: prod's views)");
    sub->add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    const std::optional<ResultFormat> format = ParseResultFormat(format_);
    if (!format) {
      return ReportError(Status::InvalidArgument("unknown --format " + format_));
    }
    Result<engine::QueryResult> result = environment_.empty() || environment_ == "prod"
                                             ? QueryPlain(global)
                                             : QueryEnvironment(global);
    if (!result.ok()) {
      return ReportError(result.status());
    }
    WriteResult(*result, *format, std::cout);
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }

 private:
  Result<engine::QueryResult> QueryPlain(const GlobalOptions& global) const {
    STRATA_ASSIGN_OR_RETURN(engine::ConnectionConfig config, ProjectConnection(global));
    engine::LockWait wait;
    wait.timeout_seconds = lock_timeout_;
    wait.on_wait = [](const std::string& message) { fmt::print(stderr, "{}\n", message); };
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> engine,
                            engine::OpenEngine(config, wait));
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> connection, engine->Connect());
    return connection->Query(sql_);
  }

  Result<engine::QueryResult> QueryEnvironment(const GlobalOptions& global) const {
    STRATA_RETURN_IF_ERROR(ValidateEnvironmentName(environment_));
    STRATA_ASSIGN_OR_RETURN(project::Config config, LoadProjectConfig(global));
    STRATA_ASSIGN_OR_RETURN(StateReader reader, OpenStateReader(global, config, lock_timeout_));
    STRATA_ASSIGN_OR_RETURN(
        std::string resolved,
        ResolveEnvironment(sql_, environment_, *reader.state, reader.engine->type()));
    return reader.connection->Query(resolved);
  }

  std::string sql_;
  std::string environment_;
  std::string format_ = "table";
  double lock_timeout_ = 0;
};

}  // namespace

std::unique_ptr<Command> MakeQueryCommand() { return std::make_unique<QueryCommand>(); }

}  // namespace strata::cli
