// before_all / after_all and the project audits, for plan and run (cli/project_hooks.h).
#include "cli/project_hooks.h"

#include <algorithm>

#include <fmt/format.h>

#include "cli/batch_output.h"
#include "cli/command.h"
#include "materialize/project_audits.h"

namespace strata::cli {

// Runs config.yaml's before_all / after_all statements, in order.
Status RunConfigStatements(engine::EngineAdapter& connection,
                           const std::vector<project::ConfigScalar>& statements,
                           std::string_view key) {
  for (const project::ConfigScalar& statement : statements) {
    Result<int64_t> ran = connection.Execute(statement.value);
    if (!ran.ok()) {
      return ran.status()
          .WithContext(fmt::format("{} statement", key))
          .WithLocation(statement.location);
    }
  }
  return Status::OK();
}

// Runs the audits of external models and the standalone audits (as SQLMesh does after a plan)
// and prints the failures; returns kExitFailure when a blocking one failed.
int RunAndPrintProjectAudits(Console& console, engine::EngineAdapter& connection,
                             const project::Project& project, const std::string& environment,
                             int64_t execution_time) {
  Result<std::vector<ProjectAuditOutcome>> outcomes =
      RunProjectAudits(connection, project, environment, execution_time);
  if (!outcomes.ok()) {
    return ReportError(outcomes.status());
  }
  int blocking_failures = 0;
  for (const ProjectAuditOutcome& ran : *outcomes) {
    const AuditOutcome& outcome = ran.outcome;
    if (outcome.passed()) {
      continue;
    }
    blocking_failures += outcome.blocking ? 1 : 0;
    console.Line(console.Styled(ran.model.empty() ? fmt::format("standalone audit {}", outcome.name)
                                                  : fmt::format("{} [external model]", ran.model),
                                Style::kBold));
    console.Print(
        console.Styled(AuditFailureText(outcome), outcome.blocking ? Style::kRed : Style::kYellow));
  }
  if (!outcomes->empty()) {
    const size_t failed = static_cast<size_t>(
        std::count_if(outcomes->begin(), outcomes->end(),
                      [](const ProjectAuditOutcome& ran) { return !ran.outcome.passed(); }));
    console.Line(
        fmt::format("Audits of external models and standalone audits: {} passed, {} "
                    "failed",
                    outcomes->size() - failed, failed));
  }
  if (blocking_failures > 0) {
    console.Line(console.Styled(fmt::format("✘ {} blocking audit{} failed", blocking_failures,
                                            blocking_failures == 1 ? "" : "s"),
                                Style::kRed));
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace strata::cli
