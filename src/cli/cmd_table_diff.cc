// `strata table-diff SRC:DST MODEL [--on COL …] [--where SQL] [--limit N]`: compares a model's
// tables in two environments (docs/environments.md): row counts, schema differences, rows
// matched by the model's grain (or unique key, or --on) and a sample of the differences.
#include <iostream>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/batch_output.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "cli/result_format.h"
#include "cli/state_reader.h"
#include "cli/table_writer.h"
#include "core/payload_model.h"
#include "materialize/table_diff.h"
#include "plan/environments.h"
#include "plan/plan.h"
#include "project/config.h"
#include "project/model.h"

namespace strata::cli {
namespace {

// The columns a model's rows are identified by: its grain(s), else its unique key when that is
// made of plain columns.
std::vector<std::string> KeyOf(const project::Model& model) {
  if (!model.grains.empty()) {
    return model.grains;
  }
  std::vector<std::string> key;
  for (const sql::Node* part : model.kind.unique_key) {
    if (part->kind != sql::NodeKind::kColumn || part->slot_count == 0) {
      return {};
    }
    key.emplace_back(part->slot(part->slot_count - 1)->text);
  }
  return key;
}

class TableDiffCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("table-diff",
                                       "Compare a model's tables in two environments, row by row");
    sub->add_option("environments", environments_, "SOURCE:TARGET, e.g. prod:dev")->required();
    sub->add_option("model", model_, "The model")->required();
    sub->add_option("--on", on_, "Columns rows are matched on (default: the model's grain)");
    sub->add_option("--where", where_, "A filter applied to both tables (SQL)");
    sub->add_option("--limit", limit_, "Rows in the sample of differences")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    const size_t colon = environments_.find(':');
    if (colon == std::string::npos) {
      return ReportError(
          Status::InvalidArgument(fmt::format("'{}' is not SOURCE:TARGET", environments_))
              .WithHint("e.g. `strata table-diff prod:dev sales.daily_sales`"));
    }
    const std::string source_env = environments_.substr(0, colon);
    const std::string target_env = environments_.substr(colon + 1);
    for (const std::string* name : {&source_env, &target_env}) {
      if (Status valid = ValidateEnvironmentName(*name); !valid.ok()) {
        return ReportError(valid);
      }
    }
    Result<std::string> model_name = project::NormalizeNameText(model_);
    if (!model_name.ok()) {
      return ReportError(model_name.status());
    }
    Result<std::filesystem::path> folder = ProjectFolder(global);
    if (!folder.ok()) {
      return ReportError(folder.status());
    }
    Result<project::Config> config = project::LoadConfig(*folder);
    if (!config.ok()) {
      return ReportError(config.status());
    }
    Result<StateReader> reader = OpenStateReader(global, *config, lock_timeout_);
    if (!reader.ok()) {
      return ReportError(reader.status());
    }
    const Snapshot* sides[2] = {nullptr, nullptr};
    std::vector<Snapshot> snapshots[2];
    for (int side = 0; side < 2; ++side) {
      const std::string& environment = side == 0 ? source_env : target_env;
      Result<std::vector<Snapshot>> read = EnvironmentSnapshots(*reader->state, environment);
      if (!read.ok()) {
        return ReportError(read.status());
      }
      snapshots[side] = std::move(*read);
      for (const Snapshot& snapshot : snapshots[side]) {
        if (snapshot.id.name == *model_name) {
          sides[side] = &snapshot;
        }
      }
      if (sides[side] == nullptr || !KindIsMaterialized(sides[side]->payload.kind)) {
        return ReportError(Status::NotFound(fmt::format("environment `{}` has no table for {}",
                                                        environment, *model_name))
                               .WithHint(fmt::format("`strata diff {} {}` lists the models that "
                                                     "differ",
                                                     source_env, target_env)));
      }
    }
    TableDiffRequest request;
    request.source = PhysicalTableOf(*sides[0]);
    request.target = PhysicalTableOf(*sides[1]);
    request.where = where_;
    request.limit = limit_;
    request.key = on_;
    if (request.key.empty()) {
      auto arena = std::make_shared<sql::Arena>();
      Result<project::Model> model = ModelFromPayload(*sides[1], *folder, NowMicros(), arena);
      if (model.ok()) {
        request.key = KeyOf(*model);
      }
      if (request.key.empty()) {
        return ReportError(
            Status::InvalidArgument(
                fmt::format("{} has no grain or unique key to match rows on", *model_name))
                .WithHint("name the columns with --on COL …, or declare `grain` in the model"));
      }
    }
    Result<TableDiffResult> diff = DiffTables(*reader->connection, request);
    if (!diff.ok()) {
      return ReportError(diff.status());
    }
    Print(console, *diff, *model_name, source_env, target_env, request);
    return kExitOk;
  }

 private:
  void Print(Console& console, const TableDiffResult& diff, const std::string& model,
             const std::string& source, const std::string& target,
             const TableDiffRequest& request) const {
    console.Line(console.Styled(fmt::format("Table diff of {}: `{}` → `{}`", model, source, target),
                                Style::kBold));
    if (request.source == request.target) {
      console.Line(fmt::format("Both environments use the same table {}", request.source.Sql()));
    }
    console.Line();
    TreeNode rows{"Row counts:", {}};
    rows.children.push_back({fmt::format("{}: {}", source, GroupThousands(diff.source_rows)), {}});
    rows.children.push_back({fmt::format("{}: {}", target, GroupThousands(diff.target_rows)), {}});
    console.Print(RenderTree(rows));
    TreeNode schema{"Schema differences:", {}};
    for (const TableDiffColumn& column : diff.columns) {
      if (column.source_type.empty()) {
        schema.children.push_back(
            {fmt::format("added in {}: {} {}", target, column.name, column.target_type), {}});
      } else if (column.target_type.empty()) {
        schema.children.push_back(
            {fmt::format("removed in {}: {} {}", target, column.name, column.source_type), {}});
      } else if (column.source_type != column.target_type) {
        schema.children.push_back({fmt::format("type of {}: {} → {}", column.name,
                                               column.source_type, column.target_type),
                                   {}});
      }
    }
    if (schema.children.empty()) {
      console.Line("Schema differences: none");
    } else {
      console.Print(RenderTree(schema));
    }
    TreeNode matched{fmt::format("Rows by key ({}):", Join(request.key, ", ")), {}};
    matched.children.push_back(
        {fmt::format("matched: {} ({} same, {} changed)", GroupThousands(diff.matched),
                     GroupThousands(diff.matched - diff.changed), GroupThousands(diff.changed)),
         {}});
    matched.children.push_back(
        {fmt::format("added (only in {}): {}", target, GroupThousands(diff.added)), {}});
    matched.children.push_back(
        {fmt::format("removed (only in {}): {}", source, GroupThousands(diff.removed)), {}});
    console.Print(RenderTree(matched));
    if (diff.source_duplicate_keys > 0 || diff.target_duplicate_keys > 0) {
      console.Line(console.Styled(
          fmt::format("warning: the key is not unique ({} duplicate keys in {}, {} in {}); "
                      "matched rows are counted once per pair",
                      diff.source_duplicate_keys, source, diff.target_duplicate_keys, target),
          Style::kYellow));
    }
    TreeNode by_column{"Changed values by column:", {}};
    for (const auto& [name, count] : diff.changed_by_column) {
      if (count > 0) {
        by_column.children.push_back({fmt::format("{}: {}", name, GroupThousands(count)), {}});
      }
    }
    if (!by_column.children.empty()) {
      console.Print(RenderTree(by_column));
    }
    if (!diff.sample.rows.empty()) {
      console.Line();
      console.Line(fmt::format("Sample of differences ({} row{}):", diff.sample.rows.size(),
                               diff.sample.rows.size() == 1 ? "" : "s"));
      std::fflush(stdout);
      // Wider than the terminal (a model of many columns), one record under the other.
      WriteFitting(diff.sample, TerminalWidth(), std::cout);
      std::cout.flush();
    }
  }

  std::string environments_;
  std::string model_;
  std::vector<std::string> on_;
  std::string where_;
  int limit_ = 20;
  double lock_timeout_ = 0;
};

}  // namespace

std::unique_ptr<Command> MakeTableDiffCommand() { return std::make_unique<TableDiffCommand>(); }

}  // namespace strata::cli
