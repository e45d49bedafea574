// `strata info`: loads the project and summarizes it: models by kind, audits, unit tests,
// gateways and whether their connections work, references to tables that are no model (with a
// did-you-mean), and how long loading took. A bad project prints every error and exits 2; a
// connection that fails exits 1.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "engine/engine_adapter.h"
#include "project/project.h"

namespace strata::cli {
namespace {

class InfoCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "info", "Load the project and summarize it (models by kind, gateways, references)");
    sub->add_flag("--models", list_models_, "List every model under its kind");
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Result<project::Project> loaded = LoadGlobalProject(global);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    Console console(stdout, global.color);
    const bool list = list_models_ || global.verbosity > 0;

    std::map<std::string_view, std::vector<const project::Model*>> by_kind;
    for (const project::Model& model : project.models) {
      by_kind[project::ModelKindNameText(model.kind.name)].push_back(&model);
    }
    TreeNode models{fmt::format("Models: {}", project.models.size()), {}};
    for (const auto& [kind, members] : by_kind) {
      TreeNode node{fmt::format("{}: {}", kind, members.size()), {}};
      if (list) {
        for (const project::Model* model : members) {
          node.children.push_back({model->name, {}});
        }
      }
      models.children.push_back(std::move(node));
    }
    console.Print(RenderTree(models));
    if (!project.disabled.empty()) {
      // `enabled false`: loaded and checked, never planned nor built.
      TreeNode disabled{fmt::format("Disabled models: {}", project.disabled.size()), {}};
      for (const project::Model& model : project.disabled) {
        disabled.children.push_back({model.name, {}});
      }
      console.Print(RenderTree(disabled));
    }
    if (!project.standalone_audits.empty()) {
      console.Line(fmt::format("Standalone audits: {}", project.standalone_audits.size()));
    }
    console.Line(fmt::format("Audits: {} defined in audits/ (plus {} built-in)",
                             project.audits.size(), project::BuiltInAuditNames().size()));
    console.Line(fmt::format("Unit tests: {}", project.tests.size()));

    TreeNode gateways{"Gateways:", {}};
    for (const auto& [name, gateway] : project.config.gateways) {
      const bool is_default = name == project.config.default_gateway;
      const auto& connection = gateway.connection;
      std::string where = connection.type == engine::EngineType::kDuckDb
                              ? fmt::format("duckdb {}", connection.database)
                              : fmt::format("postgres {}@{}:{}/{}", connection.user,
                                            connection.host, connection.port, connection.database);
      gateways.children.push_back(
          {fmt::format("{}{}: {}", name, is_default ? " (default)" : "", where), {}});
    }
    console.Print(RenderTree(gateways));
    const bool connected = CheckConnections(console, global, project);

    // Unknown references: each table with the models reading it.
    std::map<std::string, std::vector<std::string>> unknown;
    for (size_t i = 0; i < project.models.size(); ++i) {
      for (const std::string& name : project.dag.unknown_references(static_cast<int>(i))) {
        unknown[name].push_back(project.models[i].name);
      }
    }
    if (unknown.empty()) {
      console.Line("Unknown references: none");
    } else {
      TreeNode references{
          fmt::format("Unknown references (tables that are no model): {}", unknown.size()), {}};
      for (const auto& [table, readers] : unknown) {
        std::string label = fmt::format("{} (read by {}", table, readers.front());
        if (readers.size() == 2) {
          label += fmt::format(" and {}", readers[1]);
        } else if (readers.size() > 2) {
          label += fmt::format(", {} and {} more", readers[1], readers.size() - 2);
        }
        // A typo of a model's name is the usual reason.
        std::vector<std::string> names;
        for (const project::Model& model : project.models) {
          names.push_back(model.name);
        }
        if (const std::string nearest = NearestName(table, names); !nearest.empty()) {
          label += fmt::format("; did you mean {}?", nearest);
        }
        references.children.push_back({label + ")", {}});
      }
      console.Print(RenderTree(references));
    }
    console.Line(
        fmt::format("Loaded {} files in {:.3f}s", project.files_read, project.load_seconds));
    return connected ? kExitOk : kExitFailure;
  }

 private:
  // Connects to the gateway's warehouse (and its state database when it has one of its own) and
  // runs SELECT 1, as SQLMesh's info does; prints one line each. False when one failed.
  static bool CheckConnections(Console& console, const GlobalOptions& global,
                               const project::Project& project) {
    Result<const project::GatewayConfig*> gateway = project.config.Gateway(global.gateway);
    if (!gateway.ok()) {
      console.Line(console.Styled("✘ " + gateway.status().ToString(), Style::kRed));
      return false;
    }
    TreeNode tree{fmt::format("Connections (gateway {}):", (*gateway)->name), {}};
    bool all_ok = true;
    auto check = [&](std::string_view what, const engine::ConnectionConfig& connection) {
      std::error_code ec;
      if (connection.type == engine::EngineType::kDuckDb && connection.database != ":memory:" &&
          !std::filesystem::exists(connection.database, ec)) {
        tree.children.push_back(
            {fmt::format("{}: {} does not exist yet (the first plan creates it)", what,
                         connection.database),
             {}});
        return;
      }
      Status status = [&]() -> Status {
        STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> engine,
                                engine::OpenEngine(connection));
        STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> db, engine->Connect());
        return db->Query("SELECT 1").status();
      }();
      if (status.ok()) {
        tree.children.push_back(
            {console.Styled(fmt::format("✔ {} connection succeeded", what), Style::kGreen), {}});
      } else {
        all_ok = false;
        std::string line = fmt::format("✘ {} connection failed: {}", what, status.message());
        if (!status.hint().empty()) {
          line += fmt::format(" ({})", status.hint());
        }
        tree.children.push_back({console.Styled(line, Style::kRed), {}});
      }
    };
    check("Data warehouse", (*gateway)->connection);
    if ((*gateway)->state_connection) {
      check("State", *(*gateway)->state_connection);
    } else {
      tree.children.push_back(
          {fmt::format("State: in the data warehouse (schema {})", (*gateway)->state_schema), {}});
    }
    console.Print(RenderTree(tree));
    return all_ok;
  }

  bool list_models_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeInfoCommand() { return std::make_unique<InfoCommand>(); }

}  // namespace strata::cli
