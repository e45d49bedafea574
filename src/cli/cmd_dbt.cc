// `strata dbt parse|ls|compile|run|build|seed|test`: a dbt project read and run with dbt's
// semantics (DESIGN.md §11, docs/dbt.md). The other dbt commands (snapshot, debug, …) are named
// and refused with exit status 2.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/time_parse.h"
#include "base/version.h"
#include "cli/command.h"
#include "cli/project_state.h"
#include "dbt/manifest.h"
#include "dbt/manifest_json.h"
#include "dbt/project_tasks.h"
#include "dbt/run_results.h"
#include "dbt/runner.h"
#include "dbt/selector.h"
#include "dbt/selectors_file.h"
#include "engine/engine_adapter.h"
#include "project/model_jinja.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

// dbt's log-line prefix: the wall-clock time and two spaces.
std::string Now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%H:%M:%S", &tm);
  return buffer;
}

std::string Plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

struct DbtFlags {
  std::string project_dir;
  std::string profiles_dir;
  std::string target;
  std::vector<std::string> select;
  std::vector<std::string> exclude;
  std::string selector;
  std::string vars;
  bool full_refresh = false;
  bool empty = false;
  bool fail_fast = false;
  int threads = 0;
  double lock_timeout = kDefaultLockTimeoutSeconds;
  std::string event_time_start;
  std::string event_time_end;
};

enum class Action {
  kParse,
  kList,
  kCompile,
  kRun,
  kBuild,
  kSeed,
  kTest,
  kSnapshot,
  kRetry,
  kDebug,
  kDeps,
  kClean,
  kRunOperation,
  kUnsupported
};

class DbtCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app) override {
    CLI::App* dbt =
        app.add_subcommand("dbt", "Run a dbt project (build, run, seed, test, compile, ls, parse)");
    dbt->require_subcommand(1);
    struct Sub {
      const char* name;
      const char* help;
      Action action;
    };
    const Sub subs[] = {
        {"parse", "Parse the project and report what it holds", Action::kParse},
        {"ls", "List the selected nodes", Action::kList},
        {"list", "List the selected nodes", Action::kList},
        {"compile", "Write each selected model's compiled SQL under target/compiled",
         Action::kCompile},
        {"run", "Build the selected models", Action::kRun},
        {"build", "Load seeds, build models and run data tests, in DAG order", Action::kBuild},
        {"seed", "Load the selected seeds", Action::kSeed},
        {"test", "Run the selected data tests", Action::kTest},
        {"snapshot", "Snapshot the selected snapshots", Action::kSnapshot},
        {"retry", "Rerun the nodes the previous command failed or skipped", Action::kRetry},
        {"debug", "Check the project, the profile and the connection", Action::kDebug},
        {"deps", "Install the packages of packages.yml (local ones; others must be present)",
         Action::kDeps},
        {"clean", "Delete the clean-targets (default: target/)", Action::kClean},
        {"run-operation", "Run a macro against the warehouse", Action::kRunOperation},
    };
    for (const Sub& sub : subs) {
      CLI::App* cmd = dbt->add_subcommand(sub.name, sub.help);
      AddFlags(cmd);
      if (sub.action == Action::kRunOperation) {
        cmd->add_option("macro", operation_macro_, "The macro to run")->required();
        cmd->add_option("--args", operation_args_, "The macro's arguments, as a YAML mapping");
      }
      cmd->callback([this, sub] {
        action_ = sub.action;
        subcommand_ = sub.name;
      });
    }
    for (const char* name : {"docs", "source", "show", "clone", "init"}) {
      CLI::App* cmd = dbt->add_subcommand(name, "not supported yet");
      cmd->allow_extras();
      cmd->callback([this, name] {
        action_ = Action::kUnsupported;
        subcommand_ = name;
      });
    }
    return dbt;
  }

  int Run(const GlobalOptions& global) override {
    if (action_ == Action::kUnsupported) {
      return ReportError(
          Status::Unsupported(fmt::format("`dbt {}` is not supported by strata yet", subcommand_))
              .WithHint("strata dbt supports build, run, seed, snapshot, test, retry, compile, ls, "
                        "parse and debug"));
    }
    if (action_ == Action::kDebug) {
      return Debug(global);
    }
    if (action_ == Action::kDeps || action_ == Action::kClean) {
      const fs::path dir =
          flags_.project_dir.empty() ? fs::path(global.project_dir) : fs::path(flags_.project_dir);
      Result<dbt::DbtProject> project = dbt::LoadDbtProject(dir);
      if (!project.ok()) {
        return ReportError(project.status());
      }
      auto log = [](const std::string& line) { fmt::print("{}  {}\n", Now(), line); };
      const Status status = action_ == Action::kDeps ? dbt::InstallPackages(*project, log)
                                                     : dbt::CleanProject(*project, log);
      return status.ok() ? kExitOk : ReportError(status);
    }
    Result<dbt::Manifest> manifest = Load(global);
    if (!manifest.ok()) {
      return ReportError(manifest.status());
    }
    const dbt::DbtProject& loaded = manifest->project();
    if (Status status =
            dbt::WriteManifestJson(loaded.root / loaded.target_path / "manifest.json", *manifest);
        !status.ok()) {
      return ReportError(status);
    }
    switch (action_) {
      case Action::kParse:
        fmt::print("{}  Found {}\n", Now(), Summary(*manifest));
        return kExitOk;
      case Action::kList:
        return List(*manifest);
      case Action::kCompile:
        return Compile(*manifest);
      case Action::kRun:
        return Execute(*manifest, dbt::RunCommand::kRun);
      case Action::kBuild:
        return Execute(*manifest, dbt::RunCommand::kBuild);
      case Action::kSeed:
        return Execute(*manifest, dbt::RunCommand::kSeed);
      case Action::kTest:
        return Execute(*manifest, dbt::RunCommand::kTest);
      case Action::kSnapshot:
        return Execute(*manifest, dbt::RunCommand::kSnapshot);
      case Action::kRetry:
        return Retry(*manifest);
      case Action::kRunOperation:
        return RunOperation(*manifest);
      case Action::kDeps:
      case Action::kClean:
      case Action::kDebug:
      case Action::kUnsupported:
        break;
    }
    return kExitOk;
  }

 private:
  void AddFlags(CLI::App* cmd) {
    cmd->add_option("--project-dir", flags_.project_dir,
                    "The dbt project's folder (default: strata's -p, else .)");
    cmd->add_option("--profiles-dir", flags_.profiles_dir, "The folder holding profiles.yml");
    cmd->add_option("-t,--target", flags_.target, "The target of the profile");
    cmd->add_option("-s,--select,-m,--models", flags_.select, "Nodes to select (dbt's syntax)")
        ->expected(1, -1);
    cmd->add_option("--exclude", flags_.exclude, "Nodes to leave out")->expected(1, -1);
    cmd->add_option("--selector", flags_.selector, "A selector of selectors.yml");
    cmd->add_option("--vars", flags_.vars, "Variables, as a YAML mapping");
    cmd->add_flag("--full-refresh,-f", flags_.full_refresh,
                  "Rebuild incremental models and reload seeds from scratch");
    cmd->add_flag("--fail-fast,-x", flags_.fail_fast, "Stop at the first failure");
    cmd->add_flag("--empty", flags_.empty,
                  "Build models from refs and sources that read no rows (a schema-only build)");
    cmd->add_option("--threads", flags_.threads,
                    "Nodes to run at once (default: the target's threads)")
        ->check(CLI::PositiveNumber);
    AddLockTimeoutOption(cmd, &flags_.lock_timeout);
    cmd->add_option("--event-time-start", flags_.event_time_start,
                    "Microbatch models: process the batches from this time (UTC)");
    cmd->add_option("--event-time-end", flags_.event_time_end,
                    "Microbatch models: process the batches up to this time (UTC, exclusive)");
  }

  // The nodes -s/--select, --selector (or selectors.yml's default) and --exclude pick.
  Result<std::set<std::string>> Selected(const dbt::Manifest& manifest) const {
    std::string selector = flags_.selector;
    if (!selector.empty() && !flags_.select.empty()) {
      return Status::InvalidArgument("--selector and --select cannot be combined")
          .WithHint("put the extra selection into the selector's definition");
    }
    if (selector.empty() && flags_.select.empty()) {
      STRATA_ASSIGN_OR_RETURN(std::optional<std::string> fallback, dbt::DefaultSelector(manifest));
      selector = fallback.value_or("");
    }
    if (selector.empty()) {
      return dbt::SelectNodes(manifest, flags_.select, flags_.exclude);
    }
    STRATA_ASSIGN_OR_RETURN(std::set<std::string> ids, dbt::SelectBySelector(manifest, selector));
    if (!flags_.exclude.empty()) {
      STRATA_ASSIGN_OR_RETURN(std::set<std::string> all, dbt::SelectNodes(manifest, {}, {}));
      STRATA_ASSIGN_OR_RETURN(std::set<std::string> kept,
                              dbt::SelectNodes(manifest, {}, flags_.exclude));
      for (const std::string& id : all) {
        if (!kept.count(id)) {
          ids.erase(id);
        }
      }
    }
    return ids;
  }

  // `dbt retry`: the previous command again, over the nodes it failed, errored or skipped (as
  // target/run_results.json recorded them).
  int Retry(const dbt::Manifest& manifest) {
    const dbt::DbtProject& project = manifest.project();
    const fs::path file = project.root / project.target_path / "run_results.json";
    std::ifstream in(file);
    if (!in) {
      return ReportError(
          Status::InvalidArgument(fmt::format("no previous run to retry: {} does "
                                              "not exist",
                                              file.string()))
              .WithHint("run strata dbt build (or run, seed, test, snapshot) first"));
    }
    nlohmann::json results = nlohmann::json::parse(in, nullptr, false);
    const std::string which =
        results.is_object() ? results["args"].value("which", std::string()) : "";
    const std::map<std::string, dbt::RunCommand> commands = {
        {"run", dbt::RunCommand::kRun},
        {"build", dbt::RunCommand::kBuild},
        {"seed", dbt::RunCommand::kSeed},
        {"test", dbt::RunCommand::kTest},
        {"snapshot", dbt::RunCommand::kSnapshot}};
    auto command = commands.find(which);
    if (command == commands.end()) {
      return ReportError(Status::InvalidArgument(
          fmt::format("{} does not record a command strata dbt retry can rerun", file.string())));
    }
    std::set<std::string> retry;
    for (const auto& result : results["results"]) {
      const std::string status = result.value("status", std::string());
      const std::string id = result.value("unique_id", std::string());
      if ((status == "error" || status == "fail" || status == "skipped") &&
          manifest.Find(id) != nullptr) {
        retry.insert(id);
      }
    }
    if (retry.empty()) {
      fmt::print("{}  Nothing to do: the previous `dbt {}` failed and skipped nothing\n", Now(),
                 which);
      return kExitOk;
    }
    subcommand_ = which;
    return Execute(manifest, command->second, retry);
  }

  // `dbt run-operation MACRO --args YAML`: the macro rendered with the warehouse connected; the
  // statements it runs (run_query, statement) are the operation.
  int RunOperation(const dbt::Manifest& manifest) const {
    if (operation_macro_.empty()) {
      return ReportError(Status::InvalidArgument("run-operation needs the name of a macro"));
    }
    jinja::Variables extra;
    std::string call = operation_macro_ + "(";
    if (!operation_args_.empty()) {
      YAML::Node args;
      try {
        args = YAML::Load(operation_args_);
      } catch (const YAML::Exception& e) {
        return ReportError(
            Status::InvalidArgument(fmt::format("--args is not valid YAML: {}", e.what())));
      }
      if (!args.IsMap()) {
        return ReportError(Status::InvalidArgument("--args must be a YAML mapping"));
      }
      int i = 0;
      for (const auto& entry : args) {
        const std::string name = fmt::format("strata_operation_arg{}", i++);
        extra[name] = project::YamlToJinja(entry.second);
        call += fmt::format("{}{}={}", i == 1 ? "" : ", ", entry.first.as<std::string>(), name);
      }
    }
    call += ")";
    Result<std::unique_ptr<engine::Engine>> engine =
        engine::OpenEngine(dbt::ConnectionOf(manifest.target()));
    if (!engine.ok()) {
      return ReportError(engine.status());
    }
    Result<std::unique_ptr<engine::EngineAdapter>> db = (*engine)->Connect();
    if (!db.ok()) {
      return ReportError(db.status());
    }
    dbt::WarehouseAccess& warehouse = manifest.compile_context().warehouse();
    dbt::ConnectWarehouse(warehouse, db->get());
    struct Disconnect {
      dbt::WarehouseAccess& access;
      ~Disconnect() { dbt::ConnectWarehouse(access, nullptr); }
    } disconnect{warehouse};
    fmt::print("{}  Running with strata={}\n", Now(), kStrataVersion);
    const auto start = std::chrono::steady_clock::now();
    Result<std::string> output = manifest.RenderProjectHook("{{ " + call + " }}", extra);
    // run_results.json records the operation as dbt does: one result, `macro.<package>.<name>`.
    dbt::RunSummary summary;
    dbt::NodeResult result;
    const size_t dot = operation_macro_.find('.');
    result.unique_id = dot == std::string::npos
                           ? fmt::format("macro.{}.{}", manifest.project().name, operation_macro_)
                           : "macro." + operation_macro_;
    result.status = output.ok() ? "success" : "error";
    result.error = output.ok() ? "" : output.status().ToString();
    result.rows_affected = -1;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.elapsed_seconds = result.seconds;
    summary.results.push_back(result);
    const dbt::DbtProject& project = manifest.project();
    (void)dbt::WriteRunResults(project.root / project.target_path / "run_results.json", summary,
                               "run-operation");
    if (!output.ok()) {
      fmt::print("{}  Encountered an error while running operation: {}\n", Now(),
                 output.status().message());
      return ReportError(output.status());
    }
    return kExitOk;
  }

  // `dbt debug`: the project file, the profile and a connection, each reported; exit 1 when one
  // fails.
  int Debug(const GlobalOptions& global) const {
    const fs::path dir =
        flags_.project_dir.empty() ? fs::path(global.project_dir) : fs::path(flags_.project_dir);
    fmt::print("{}  Running with strata={}\n", Now(), kStrataVersion);
    int failed = 0;
    auto check = [&](std::string_view what, const Status& status) {
      fmt::print("{}    {} [{}]\n", Now(), what,
                 status.ok() ? "OK found and valid" : "ERROR invalid");
      if (!status.ok()) {
        fmt::print("{}  {}\n", Now(), status.ToString());
        ++failed;
      }
    };
    Result<dbt::DbtProject> project = dbt::LoadDbtProject(dir);
    dbt::ProfileOptions profile_options;
    profile_options.project_dir = dir;
    profile_options.profiles_dir = flags_.profiles_dir;
    profile_options.target = flags_.target;
    Result<fs::path> profiles = dbt::FindProfilesFile(profile_options);
    if (profiles.ok()) {
      fmt::print("{}  Using profiles.yml file at {}\n", Now(), profiles->string());
    }
    fmt::print("{}  Using dbt_project.yml file at {}\n", Now(), (dir / "dbt_project.yml").string());
    fmt::print("{}  Configuration:\n", Now());
    Result<dbt::Target> target = Status::NotFound("no profile");
    if (profiles.ok() && project.ok()) {
      target = dbt::LoadTarget(project->profile, profile_options);
    }
    check("profiles.yml file", !profiles.ok() ? profiles.status() : target.status());
    check("dbt_project.yml file", project.status());
    if (!target.ok()) {
      fmt::print("{}  {} check{} failed\n", Now(), failed, failed == 1 ? "" : "s");
      return kExitFailure;
    }
    fmt::print("{}  Connection:\n", Now());
    fmt::print("{}    type: {}\n", Now(), target->type);
    fmt::print("{}    database: {}\n", Now(), target->database);
    fmt::print("{}    schema: {}\n", Now(), target->schema);
    if (target->type == "duckdb") {
      fmt::print("{}    path: {}\n", Now(), target->path);
    } else {
      fmt::print("{}    host: {}\n{}    port: {}\n{}    user: {}\n", Now(), target->host, Now(),
                 target->port, Now(), target->user);
    }
    Status connection = Status::OK();
    Result<std::unique_ptr<engine::Engine>> engine = engine::OpenEngine(dbt::ConnectionOf(*target));
    if (!engine.ok()) {
      connection = engine.status();
    } else if (Result<std::unique_ptr<engine::EngineAdapter>> db = (*engine)->Connect(); !db.ok()) {
      connection = db.status();
    } else {
      connection = (*db)->Query("select 1").status();
    }
    fmt::print("{}    Connection test: [{}]\n", Now(),
               connection.ok() ? "OK connection ok" : "ERROR");
    if (!connection.ok()) {
      fmt::print("{}  {}\n", Now(), connection.ToString());
      ++failed;
    }
    if (failed == 0) {
      fmt::print("{}  All checks passed!\n", Now());
      return kExitOk;
    }
    fmt::print("{}  {} check{} failed\n", Now(), failed, failed == 1 ? "" : "s");
    return kExitFailure;
  }

  int Execute(const dbt::Manifest& manifest, dbt::RunCommand command,
              std::optional<std::set<std::string>> only = std::nullopt) const {
    Result<std::set<std::string>> selected =
        only ? Result<std::set<std::string>>(*only) : Selected(manifest);
    if (!selected.ok()) {
      return ReportError(selected.status());
    }
    engine::LockWait wait;
    wait.timeout_seconds = flags_.lock_timeout;
    wait.on_wait = [](const std::string& message) { fmt::print(stderr, "{}\n", message); };
    Result<std::unique_ptr<engine::Engine>> engine =
        engine::OpenEngine(dbt::ConnectionOf(manifest.target()), wait);
    if (!engine.ok()) {
      return ReportError(engine.status());
    }
    fmt::print("{}  Running with strata={}\n", Now(), kStrataVersion);
    fmt::print("{}  Found {}\n", Now(), Summary(manifest));
    fmt::print("{}  \n", Now());
    const int threads =
        flags_.threads > 0 ? flags_.threads : std::max(1, manifest.target().threads);
    fmt::print("{}  Concurrency: {} threads (target='{}')\n", Now(), threads,
               manifest.target().name);
    fmt::print("{}  \n", Now());
    dbt::RunnerOptions options;
    options.threads = threads;
    options.command = command;
    options.selected = *selected;
    options.full_refresh = flags_.full_refresh;
    options.empty = flags_.empty;
    options.fail_fast = flags_.fail_fast;
    for (const auto& [flag, text, out] :
         {std::tuple{"--event-time-start", &flags_.event_time_start, &options.event_time_start},
          std::tuple{"--event-time-end", &flags_.event_time_end, &options.event_time_end}}) {
      if (text->empty()) {
        continue;
      }
      Result<int64_t> at = ParseTimestamp(*text);
      if (!at.ok()) {
        return ReportError(
            Status::InvalidArgument(fmt::format("{} {}: {}", flag, *text, at.status().message())));
      }
      *out = *at;
    }
    options.print = [](const std::string& line) {
      fmt::print("{}  {}\n", Now(), line);
      std::fflush(stdout);
    };
    Result<dbt::RunSummary> summary = dbt::RunNodes(manifest, **engine, options);
    if (!summary.ok()) {
      return ReportError(summary.status());
    }
    const dbt::DbtProject& project = manifest.project();
    if (Status status = dbt::WriteRunResults(
            project.root / project.target_path / "run_results.json", *summary, subcommand_);
        !status.ok()) {
      return ReportError(status);
    }
    return summary->exit_code;
  }

  Result<dbt::Manifest> Load(const GlobalOptions& global) const {
    const fs::path dir =
        flags_.project_dir.empty() ? fs::path(global.project_dir) : fs::path(flags_.project_dir);
    STRATA_ASSIGN_OR_RETURN(dbt::DbtProject project, dbt::LoadDbtProject(dir));
    dbt::ProfileOptions profile_options;
    profile_options.project_dir = dir;
    profile_options.profiles_dir = flags_.profiles_dir;
    profile_options.target = flags_.target;
    if (project.profile.empty()) {
      return Status::ProjectError("dbt_project.yml names no 'profile'")
          .WithLocation({(dir / "dbt_project.yml").string(), 1, 1, ""})
          .WithHint("add `profile: <name of a profile in profiles.yml>`");
    }
    STRATA_ASSIGN_OR_RETURN(dbt::Target target, dbt::LoadTarget(project.profile, profile_options));
    dbt::ManifestOptions options;
    options.project_dir = dir;
    if (!flags_.vars.empty()) {
      try {
        options.cli_vars = YAML::Load(flags_.vars);
      } catch (const YAML::Exception& e) {
        return Status::InvalidArgument(fmt::format("--vars is not valid YAML: {}", e.what()));
      }
      if (!options.cli_vars.IsMap()) {
        return Status::InvalidArgument("--vars must be a YAML mapping, e.g. '{key: value}'");
      }
    }
    return dbt::Manifest::Parse(project, target, options);
  }

  static std::string Summary(const dbt::Manifest& manifest) {
    const size_t snapshots = manifest.Count(dbt::ResourceType::kSnapshot);
    const size_t unit_tests = manifest.Count(dbt::ResourceType::kUnitTest);
    return fmt::format("{}, {}{}, {}, {}, {}{}",
                       Plural(manifest.Count(dbt::ResourceType::kModel), "model"),
                       snapshots ? Plural(snapshots, "snapshot") + ", " : std::string(),
                       Plural(manifest.Count(dbt::ResourceType::kTest), "data test"),
                       Plural(manifest.Count(dbt::ResourceType::kSeed), "seed"),
                       Plural(manifest.Count(dbt::ResourceType::kSource), "source"),
                       Plural(manifest.macro_count(), "macro"),
                       unit_tests ? ", " + Plural(unit_tests, "unit test") : std::string());
  }

  int List(const dbt::Manifest& manifest) const {
    Result<std::set<std::string>> selected = Selected(manifest);
    if (!selected.ok()) {
      return ReportError(selected.status());
    }
    for (const std::string& id : *selected) {
      const dbt::Node& node = *manifest.Find(id);
      std::string name;
      for (const std::string& part : node.fqn) {
        name += (name.empty() ? "" : ".") + part;
      }
      fmt::print("{}{}\n",
                 node.type == dbt::ResourceType::kSource     ? "source:"
                 : node.type == dbt::ResourceType::kUnitTest ? "unit_test:"
                                                             : "",
                 name);
    }
    return kExitOk;
  }

  int Compile(const dbt::Manifest& manifest) const {
    Result<std::set<std::string>> selected = Selected(manifest);
    if (!selected.ok()) {
      return ReportError(selected.status());
    }
    const dbt::DbtProject& project = manifest.project();
    // As dbt, compile connects: run_query and statement may read the warehouse.
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<engine::EngineAdapter> db;
    if (Result<std::unique_ptr<engine::Engine>> opened =
            engine::OpenEngine(dbt::ConnectionOf(manifest.target()));
        opened.ok()) {
      engine = std::move(*opened);
      if (Result<std::unique_ptr<engine::EngineAdapter>> connected = engine->Connect();
          connected.ok()) {
        db = std::move(*connected);
      }
    }
    dbt::WarehouseAccess& warehouse = manifest.compile_context().warehouse();
    dbt::ConnectWarehouse(warehouse, db.get());
    struct Disconnect {
      dbt::WarehouseAccess& access;
      ~Disconnect() { dbt::ConnectWarehouse(access, nullptr); }
    } disconnect{warehouse};
    fmt::print("{}  Found {}\n", Now(), Summary(manifest));
    fmt::print("{}  \n", Now());
    fmt::print("{}  Concurrency: {} threads (target='{}')\n", Now(),
               flags_.threads > 0 ? flags_.threads : std::max(1, manifest.target().threads),
               manifest.target().name);
    fmt::print("{}  \n", Now());
    std::vector<Status> errors;
    for (const std::string& id : *selected) {
      const dbt::Node& node = *manifest.Find(id);
      if (node.type != dbt::ResourceType::kModel) {
        continue;  // seeds and sources have no SQL; data tests compile with materializations
      }
      dbt::CompileOptions compile;
      compile.empty = flags_.empty;
      Result<std::string> sql = manifest.Compile(node, compile);
      if (!sql.ok()) {
        errors.push_back(sql.status());
        continue;
      }
      const fs::path out =
          project.root / project.target_path / "compiled" / node.package / node.original_file_path;
      std::error_code ec;
      fs::create_directories(out.parent_path(), ec);
      std::ofstream file(out, std::ios::binary | std::ios::trunc);
      file << *sql;
      if (!file) {
        errors.push_back(Status::IoError(fmt::format("cannot write {}", out.string())));
        continue;
      }
      if (!flags_.select.empty()) {
        fmt::print("{}  Compiled node '{}' is:\n{}\n", Now(), node.name, *sql);
      }
    }
    if (!errors.empty()) {
      return ReportError(Status::Combine(std::move(errors)));
    }
    return kExitOk;
  }

  DbtFlags flags_;
  std::string operation_macro_;
  std::string operation_args_;
  Action action_ = Action::kParse;
  std::string subcommand_;
};

}  // namespace

std::unique_ptr<Command> MakeDbtCommand() { return std::make_unique<DbtCommand>(); }

}  // namespace strata::cli
