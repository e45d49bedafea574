// `strata render NAME`: the SQL a model would run for an interval — macros expanded, EMBEDDED
// models inlined — pretty-printed in the model's dialect or the one --dialect names.
#include <chrono>

#include <fmt/format.h>

#include "base/time_parse.h"
#include "cli/command.h"
#include "cli/project_state.h"
#include "core/missing_intervals.h"
#include "project/project.h"
#include "project/render.h"
#include "sql/dialect.h"

namespace strata::cli {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class RenderCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "render", "Print the SQL a model runs for an interval, with macros expanded");
    sub->add_option("name", name_, "The model, e.g. sales.daily_sales")->required();
    sub->add_option("--start", start_, "Start of the interval (default: the last whole interval)");
    sub->add_option("--end", end_, "End of the interval; a date is inclusive");
    sub->add_option("--execution-time", execution_time_, "The time the run happens at");
    sub->add_option("--dialect", dialect_, "duckdb or postgres (default: the model's)");
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Result<project::Project> loaded = LoadGlobalProject(global);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    Result<std::string> name = project::NormalizeNameText(name_);
    const project::Model* model = name.ok() ? project.FindModel(*name) : nullptr;
    if (model == nullptr) {
      return ReportError(Status::NotFound(fmt::format("no model named '{}'", name_))
                             .WithHint("`strata info --models` lists the models"));
    }
    Result<project::RenderOptions> options = Options(*model);
    if (!options.ok()) {
      return ReportError(options.status());
    }
    sql::DialectKind dialect = model->dialect_kind;
    if (!dialect_.empty()) {
      Result<sql::DialectKind> named = sql::DialectFromName(dialect_);
      if (!named.ok()) {
        return ReportError(named.status());
      }
      dialect = *named;
    }
    Result<project::RenderedModel> rendered = project::RenderModel(project, *model, *options);
    if (!rendered.ok()) {
      return ReportError(rendered.status());
    }
    Result<std::string> sql = project::RenderedSql(*rendered, dialect, /*pretty=*/true);
    if (!sql.ok()) {
      return ReportError(sql.status());
    }
    fmt::print("{}", *sql);
    return kExitOk;
  }

 private:
  // The interval to render: --start/--end as given (a date as end is inclusive); a missing end is
  // one unit after the start, a missing start one unit before the end; with neither, the last
  // whole interval whose cron tick has come at the execution time.
  Result<project::RenderOptions> Options(const project::Model& model) const {
    project::RenderOptions options;
    const int64_t now = NowMicros();
    options.execution_time = now;
    if (!execution_time_.empty()) {
      STRATA_ASSIGN_OR_RETURN(options.execution_time,
                              ParseTimePoint(execution_time_, now, TimeRole::kStart));
    }
    const Cron cron = model.cron.value_or(Cron::Parse("@daily").value());
    const IntervalGrid grid = IntervalGrid::ForCron(cron, model.EffectiveIntervalUnit());
    if (!start_.empty()) {
      STRATA_ASSIGN_OR_RETURN(options.start, ParseTimePoint(start_, now, TimeRole::kStart));
    }
    if (!end_.empty()) {
      STRATA_ASSIGN_OR_RETURN(options.end, ParseTimePoint(end_, now, TimeRole::kEnd));
    }
    if (start_.empty() && end_.empty()) {
      IntervalPolicy policy(cron, grid, 0);
      options.end = UpperBound(policy, MissingIntervalsRequest(options.execution_time));
      options.start = grid.Prev(options.end);
    } else if (start_.empty()) {
      options.start = grid.Prev(grid.Ceil(options.end));
    } else if (end_.empty()) {
      options.end = grid.Next(grid.Floor(options.start));
    }
    if (options.start >= options.end) {
      return Status::InvalidArgument(
          fmt::format("--start ({}) must be before --end ({})", start_, end_));
    }
    return options;
  }

  std::string name_;
  std::string start_;
  std::string end_;
  std::string execution_time_;
  std::string dialect_;
};

}  // namespace

std::unique_ptr<Command> MakeRenderCommand() { return std::make_unique<RenderCommand>(); }

}  // namespace strata::cli
