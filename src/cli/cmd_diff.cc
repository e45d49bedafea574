// `strata diff ENV1 ENV2`: the models that differ between two environments (what changes going
// from ENV1 to ENV2), with a unified diff of each directly modified model (docs/environments.md).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/change_output.h"
#include "cli/command.h"
#include "cli/console.h"
#include "cli/project_state.h"
#include "cli/state_reader.h"
#include "plan/environments.h"
#include "plan/plan.h"
#include "project/config.h"

namespace strata::cli {
namespace {

class DiffCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* sub =
        app.add_subcommand("diff", "Show the models that differ between two environments");
    sub->add_option("from", from_, "The environment compared with (e.g. prod)")->required();
    sub->add_option("to", to_, "The environment whose differences are shown (e.g. dev)")
        ->required();
    AddLockTimeoutOption(sub, &lock_timeout_);
    return sub;
  }

  int Run(const GlobalOptions& global) override {
    Console console(stdout, global.color);
    for (const std::string* name : {&from_, &to_}) {
      if (Status valid = ValidateEnvironmentName(*name); !valid.ok()) {
        return ReportError(valid);
      }
    }
    Result<project::Config> config = LoadProjectConfig(global);
    if (!config.ok()) {
      return ReportError(config.status());
    }
    Result<StateReader> reader = OpenStateReader(global, *config, lock_timeout_);
    if (!reader.ok()) {
      return ReportError(reader.status());
    }
    Result<std::vector<Snapshot>> from = EnvironmentSnapshots(*reader->state, from_);
    if (!from.ok()) {
      return ReportError(from.status());
    }
    Result<std::vector<Snapshot>> to = EnvironmentSnapshots(*reader->state, to_);
    if (!to.ok()) {
      return ReportError(to.status());
    }
    std::map<std::string, const Snapshot*> before;
    for (const Snapshot& snapshot : *from) {
      before.emplace(snapshot.id.name, &snapshot);
    }
    std::set<std::string> seen;
    std::vector<std::string> added;
    std::vector<std::string> removed;
    std::vector<std::pair<const Snapshot*, const Snapshot*>> direct;
    std::vector<std::pair<const Snapshot*, const Snapshot*>> indirect;
    for (const Snapshot& snapshot : *to) {
      seen.insert(snapshot.id.name);
      auto old = before.find(snapshot.id.name);
      if (old == before.end()) {
        added.push_back(snapshot.id.name);
      } else if (old->second->id != snapshot.id) {
        const bool own = old->second->payload.data_hash != snapshot.payload.data_hash ||
                         old->second->payload.metadata_hash != snapshot.payload.metadata_hash;
        (own ? direct : indirect).emplace_back(old->second, &snapshot);
      }
    }
    for (const auto& [name, snapshot] : before) {
      if (!seen.contains(name)) {
        removed.push_back(name);
      }
    }
    if (added.empty() && removed.empty() && direct.empty() && indirect.empty()) {
      console.Line(fmt::format("No differences: `{}` and `{}` have the same models", from_, to_));
      return kExitOk;
    }
    console.Line(fmt::format("Differences of `{}` from `{}`:", to_, from_));
    console.Line();
    TreeNode models{"Models:", {}};
    auto names = [](const std::string& label, const std::vector<std::string>& list) {
      TreeNode node{label, {}};
      for (const std::string& name : list) {
        node.children.push_back({name, {}});
      }
      return node;
    };
    auto changed = [](const std::string& label,
                      const std::vector<std::pair<const Snapshot*, const Snapshot*>>& list) {
      TreeNode node{label, {}};
      for (const auto& [old, now] : list) {
        node.children.push_back({now->payload.change_category
                                     ? NameWithCategory(now->id.name, *now->payload.change_category)
                                     : now->id.name,
                                 {}});
      }
      return node;
    };
    if (!added.empty()) {
      models.children.push_back(names("Added:", added));
    }
    if (!removed.empty()) {
      models.children.push_back(names("Removed:", removed));
    }
    if (!direct.empty()) {
      models.children.push_back(changed("Directly Modified:", direct));
    }
    if (!indirect.empty()) {
      models.children.push_back(changed("Indirectly Modified:", indirect));
    }
    console.Print(RenderTree(models));
    for (const auto& [old, now] : direct) {
      console.Line();
      console.Line(console.Styled(now->id.name, Style::kBold));
      PrintDiff(console, old->payload.source, now->payload.source,
                fmt::format("{} ({})", old->payload.path, from_),
                fmt::format("{} ({})", now->payload.path, to_));
    }
    return kExitOk;
  }

 private:
  std::string from_;
  std::string to_;
  double lock_timeout_ = 0;
};

}  // namespace

std::unique_ptr<Command> MakeDiffCommand() { return std::make_unique<DiffCommand>(); }

}  // namespace strata::cli
