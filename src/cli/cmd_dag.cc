// `strata dag [--format text|dot|json]`: prints the model DAG: in text, every model in
// dependency order with the models it reads; as Graphviz dot; or as JSON
// ({"models": [{"name", "kind", "parents", "unknown_references"}, ...]}).
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/console.h"
#include "cli/json_writer.h"
#include "cli/project_state.h"
#include "project/project.h"

namespace strata::cli {
namespace {

std::string DotQuoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

class DagCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("dag", "Print the model DAG");
    sub->add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "dot", "json"}))
        ->capture_default_str();
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Result<project::Project> loaded = LoadGlobalProject(global);
    if (!loaded.ok()) {
      return ReportError(loaded.status());
    }
    const project::Project& project = *loaded;
    const project::Dag& dag = project.dag;
    std::string out;
    if (format_ == "dot") {
      out = "digraph strata {\n  rankdir=LR;\n";
      for (int i : dag.order()) {
        const project::Model& model = project.models[i];
        // The label's "\n" is dot's line break, so it is added after quoting.
        std::string label = DotQuoted(model.name);
        label.insert(label.size() - 1,
                     fmt::format("\\n{}", project::ModelKindNameText(model.kind.name)));
        out += fmt::format("  {} [label={}];\n", DotQuoted(model.name), label);
      }
      for (int i : dag.order()) {
        for (int parent : dag.parents(i)) {
          out += fmt::format("  {} -> {};\n", DotQuoted(project.models[parent].name),
                             DotQuoted(project.models[i].name));
        }
      }
      out += "}\n";
    } else if (format_ == "json") {
      out = "{\"models\": [";
      bool first = true;
      for (int i : dag.order()) {
        const project::Model& model = project.models[i];
        out += first ? "\n  {" : ",\n  {";
        first = false;
        out += "\"name\": ";
        AppendJsonString(model.name, out);
        out += ", \"kind\": ";
        AppendJsonString(project::ModelKindNameText(model.kind.name), out);
        out += ", \"parents\": [";
        for (size_t p = 0; p < dag.parents(i).size(); ++p) {
          out += p > 0 ? ", " : "";
          AppendJsonString(project.models[dag.parents(i)[p]].name, out);
        }
        out += "], \"unknown_references\": [";
        for (size_t u = 0; u < dag.unknown_references(i).size(); ++u) {
          out += u > 0 ? ", " : "";
          AppendJsonString(dag.unknown_references(i)[u], out);
        }
        out += "]}";
      }
      out += "\n]}\n";
    } else {
      for (int i : dag.order()) {
        const project::Model& model = project.models[i];
        out += model.name;
        if (!dag.parents(i).empty()) {
          out += " <- ";
          for (size_t p = 0; p < dag.parents(i).size(); ++p) {
            out += p > 0 ? ", " : "";
            out += project.models[dag.parents(i)[p]].name;
          }
        }
        out += "\n";
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }

 private:
  std::string format_ = "text";
};

}  // namespace

std::unique_ptr<Command> MakeDagCommand() { return std::make_unique<DagCommand>(); }

}  // namespace strata::cli
