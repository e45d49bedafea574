#include "dbt/runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "base/text.h"
#include "dbt/data_test.h"
#include "dbt/existing_relation.h"
#include "dbt/materialization.h"
#include "dbt/microbatch.h"
#include "dbt/recording_adapter.h"
#include "dbt/seed_loader.h"
#include "dbt/snapshot.h"
#include "dbt/unit_test.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool Executes(const Node& node, RunCommand command) {
  const bool model = node.type == ResourceType::kModel && !Manifest::IsEphemeral(node);
  switch (command) {
    case RunCommand::kRun:
      return model;
    case RunCommand::kSeed:
      return node.type == ResourceType::kSeed;
    case RunCommand::kTest:
      return node.type == ResourceType::kTest || node.type == ResourceType::kUnitTest;
    case RunCommand::kSnapshot:
      return node.type == ResourceType::kSnapshot;
    case RunCommand::kBuild:
      return model || node.type == ResourceType::kSeed || node.type == ResourceType::kTest ||
             node.type == ResourceType::kSnapshot || node.type == ResourceType::kUnitTest;
  }
  return false;
}

std::string IsoNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:06d}Z", buffer, micros);
}

// `message` padded with dots to dbt's column, then `status`.
std::string Justify(const std::string& message, const std::string& status) {
  std::string line = message + " ";
  if (line.size() < 80) {
    line.append(80 - line.size(), '.');
  }
  return line + " " + status;
}

std::string ShortRelation(const Node& node) {
  return node.relation.schema + "." + node.relation.identifier;
}

bool IsTest(const Node& node) {
  return node.type == ResourceType::kTest || node.type == ResourceType::kUnitTest;
}

// What dbt prints for a test: its name; a unit test's is `<model>::<name>`.
std::string TestLabel(const Node& node) {
  if (node.unit_test) {
    return node.unit_test->model + "::" + node.name;
  }
  return node.name;
}

// "sql view model main.stg_orders", "seed file main.raw_orders", "test unique_orders_id".
std::string Description(const Node& node) {
  switch (node.type) {
    case ResourceType::kSeed:
      return "seed file " + ShortRelation(node);
    case ResourceType::kTest:
      return "test " + node.name;
    case ResourceType::kUnitTest:
      return "unit_test " + TestLabel(node);
    case ResourceType::kSnapshot:
      return "snapshot " + ShortRelation(node);
    default: {
      std::string materialized = node.config.Materialized("view");
      if (materialized == "incremental" &&
          node.config.String("incremental_strategy").value_or("") == "microbatch") {
        materialized = "microbatch";
      }
      return fmt::format("sql {} model {}", materialized, ShortRelation(node));
    }
  }
}

// The hook statements of `key` (`pre-hook`/`post-hook`, or with an underscore): a string, a
// `{sql: …}` mapping, or a list of either.
std::vector<std::string> HookTexts(const NodeConfig& config, std::string_view key) {
  std::vector<std::string> out;
  std::string underscored(key);
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  for (const std::string& name : {std::string(key), underscored}) {
    const jinja::Value* value = config.Find(name);
    if (value == nullptr) {
      continue;
    }
    std::vector<jinja::Value> items =
        value->is_list() ? value->items() : std::vector<jinja::Value>{*value};
    for (const jinja::Value& item : items) {
      if (item.is_string()) {
        out.push_back(item.as_string());
      } else if (item.is_dict()) {
        if (const jinja::Value* sql = item.as_dict()->FindString("sql"); sql && sql->is_string()) {
          out.push_back(sql->as_string());
        }
      }
    }
  }
  return out;
}

// What the workers of one command share.
struct SharedRun {
  // Every render: the compile context (its template caches, the warehouse its introspective
  // queries read) serves one render at a time.
  std::mutex render;
  // Schemas created by this command (creating one is serialized: two CREATE SCHEMA IF NOT
  // EXISTS at once collide on PostgreSQL).
  std::mutex schemas_mutex;
  std::set<std::string> schemas;
};

class Execution {
 public:
  Execution(const Manifest& manifest, engine::EngineAdapter& connection,
            const RunnerOptions& options, SharedRun& shared)
      : manifest_(manifest), db_(connection), options_(options), shared_(shared) {}

  NodeResult Run(const Node& node) {
    NodeResult result;
    result.unique_id = node.unique_id;
    result.relation_name = IsTest(node) ? "" : node.relation.Render();
    result.started_at = IsoNow();
    const auto start = Clock::now();
    Status status;
    switch (node.type) {
      case ResourceType::kSeed:
        status = RunSeed(node, &result);
        break;
      case ResourceType::kModel:
        status = RunModel(node, &result);
        break;
      case ResourceType::kTest:
        status = RunTest(node, &result);
        break;
      case ResourceType::kSnapshot:
        status = RunSnapshotNode(node, &result);
        break;
      case ResourceType::kUnitTest:
        status = RunUnit(node, &result);
        break;
      case ResourceType::kSource:
        break;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.completed_at = IsoNow();
    if (std::vector<std::string> ran = db_.TakeStatements(); !ran.empty() && status.ok()) {
      WriteTarget(node, "run", Join(ran, ";\n\n") + ";\n", RunFileName(node));
    }
    if (!status.ok()) {
      result.status = "error";
      result.error = status.ToString();
      result.message = status.message();
      result.rows_affected = -1;
    }
    return result;
  }

 private:
  // `render()` under the render lock, its introspective queries reading this worker's
  // connection.
  template <typename Render>
  auto Rendered(Render&& render) {
    std::lock_guard lock(shared_.render);
    ConnectWarehouse(manifest_.compile_context().warehouse(), &db_);
    return render();
  }

  Status EnsureSchema(const Node& node) {
    std::lock_guard lock(shared_.schemas_mutex);
    if (shared_.schemas.count(node.relation.schema)) {
      return Status::OK();
    }
    STRATA_RETURN_IF_ERROR(
        db_.Execute(fmt::format("CREATE SCHEMA IF NOT EXISTS {}",
                                RelationName{"", node.relation.schema, ""}.Render()))
            .status());
    shared_.schemas.insert(node.relation.schema);
    return Status::OK();
  }

  // A generic test's file is `<properties file>/<test name>.sql`, a unit test's
  // `<properties file>/<model>/<test name>.sql`, as dbt names them.
  static std::string RunFileName(const Node& node) {
    if (node.unit_test) {
      return (fs::path(node.original_file_path) / node.unit_test->model / (node.name + ".sql"))
          .string();
    }
    if (node.test) {
      return (fs::path(node.original_file_path) / (node.name + ".sql")).string();
    }
    return "";
  }

  void WriteCompiled(const Node& node, const std::string& sql, const std::string& file_name) {
    WriteTarget(node, "compiled", sql, file_name);
  }

  // `<target-path>/<folder>/<package>/<file>` (`file_name`, else the node's file).
  void WriteTarget(const Node& node, std::string_view folder, const std::string& sql,
                   const std::string& file_name) {
    const DbtProject& project = manifest_.project();
    fs::path out = project.root / project.target_path / folder / node.package;
    out /= file_name.empty() ? fs::path(node.original_file_path) : fs::path(file_name);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << sql;
  }

  Status RunSeed(const Node& node, NodeResult* result) {
    STRATA_ASSIGN_OR_RETURN(SeedTable table,
                            ReadSeed(node.package_root / node.original_file_path, node.config));
    STRATA_RETURN_IF_ERROR(EnsureSchema(node));
    STRATA_ASSIGN_OR_RETURN(Existing existing, FindRelation(db_, node.relation));
    STRATA_ASSIGN_OR_RETURN(SeedLoad load, LoadSeed(db_, node.relation, table, node.config,
                                                    FullRefresh(node), existing));
    result->status = "success";
    result->rows_affected = load.inserted;
    result->message = fmt::format("INSERT {}", load.inserted);
    return Status::OK();
  }

  bool FullRefresh(const Node& node) const {
    if (const jinja::Value* value = node.config.Find("full_refresh"); value && value->is_bool()) {
      return value->as_bool();
    }
    return options_.full_refresh;
  }

  Result<Hooks> RenderHooks(const Node& node) {
    Hooks hooks;
    for (const auto& [key, out] : {std::pair{"pre-hook", &hooks.pre}, {"post-hook", &hooks.post}}) {
      for (const std::string& text : HookTexts(node.config, key)) {
        STRATA_ASSIGN_OR_RETURN(std::string sql,
                                Rendered([&] { return manifest_.RenderForNode(node, text); }));
        if (!Trim(sql).empty()) {
          out->push_back(std::move(sql));
        }
      }
    }
    return hooks;
  }

  Status RunModel(const Node& node, NodeResult* result) {
    const std::string materialized = node.config.Materialized("view");
    if (materialized != "view" && materialized != "table" && materialized != "incremental") {
      return Status::Unsupported(
                 fmt::format("the materialization '{}' of model {} is not supported by "
                             "strata dbt yet",
                             materialized, node.name))
          .WithHint("use view, table, incremental or ephemeral");
    }
    STRATA_RETURN_IF_ERROR(EnsureSchema(node));
    STRATA_ASSIGN_OR_RETURN(Existing existing, FindRelation(db_, node.relation));
    STRATA_ASSIGN_OR_RETURN(Hooks hooks, RenderHooks(node));
    if (materialized == "incremental" &&
        node.config.String("incremental_strategy").value_or("") == "microbatch") {
      return RunMicrobatch(node, existing, result);
    }
    const bool incremental =
        materialized == "incremental" && existing == Existing::kTable && !FullRefresh(node);
    STRATA_ASSIGN_OR_RETURN(std::string sql, Rendered([&] {
                              CompileOptions compile;
                              compile.is_incremental = incremental;
                              compile.empty = options_.empty;
                              return manifest_.Compile(node, compile);
                            }));
    result->compiled_code = sql;
    WriteCompiled(node, sql, "");
    ModelWrite write;
    if (incremental) {
      STRATA_ASSIGN_OR_RETURN(write, ApplyIncremental(db_, node.relation, sql, node.config, hooks));
      result->message = fmt::format("INSERT {}, UPDATE {}, DELETE {}", write.inserted,
                                    write.updated, write.deleted);
      result->rows_affected = write.inserted + write.updated + write.deleted;
    } else if (materialized == "view") {
      STRATA_ASSIGN_OR_RETURN(write, BuildView(db_, node.relation, sql, existing, hooks));
      result->message = "OK";
      result->rows_affected = -1;
    } else {
      STRATA_ASSIGN_OR_RETURN(write, BuildTable(db_, node.relation, sql, existing, hooks));
      result->message = fmt::format("OK {} row{}", write.rows, write.rows == 1 ? "" : "s");
      result->rows_affected = write.rows;
      full_refreshed_ = materialized == "incremental";
    }
    result->status = "success";
    return Status::OK();
  }

  // A microbatch model: its batches one by one, each in a transaction of its own with its record
  // in the state; a failed batch does not stop the others (the next run fills it).
  Status RunMicrobatch(const Node& node, Existing existing, NodeResult* result) {
    STRATA_ASSIGN_OR_RETURN(MicrobatchConfig config, ReadMicrobatchConfig(node.config));
    // The adapters disagree, and strata follows each: dbt-postgres merges on a unique_key it
    // requires, dbt-duckdb replaces the batch's time range and refuses one.
    STRATA_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                            ConfigStringList(node.config, "unique_key"));
    if (db_.type() == engine::EngineType::kPostgres && keys.empty()) {
      return Status::ProjectError("dbt-postgres 'microbatch' requires a `unique_key` config")
          .WithHint("set unique_key on the model, as dbt-postgres requires");
    }
    if (db_.type() == engine::EngineType::kDuckDb && !keys.empty()) {
      return Status::ProjectError(
                 "microbatch on DuckDB does not support 'unique_key': each batch "
                 "replaces the rows of its time range")
          .WithHint("remove unique_key, or use incremental_strategy='merge'");
    }
    const bool rebuild = existing != Existing::kTable || FullRefresh(node);
    BatchRequest request;
    request.now = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    request.rebuild = rebuild;
    request.event_time_start = options_.event_time_start;
    request.event_time_end = options_.event_time_end;
    if (!rebuild) {
      STRATA_ASSIGN_OR_RETURN(request.recorded, RecordedBatches(db_, node.unique_id));
    }
    const std::vector<Batch> batches = PlanBatches(config, request);
    bool table_exists = !rebuild;
    Existing at_relation = existing;
    int64_t inserted = 0;
    size_t failed = 0;
    std::string first_error;
    for (size_t i = 0; i < batches.size(); ++i) {
      const Batch& batch = batches[i];
      const std::string label =
          fmt::format("batch {} of {}", BatchTime(batch.start).substr(0, 10), ShortRelation(node));
      const std::string prefix = fmt::format("Batch {} of {} ", i + 1, batches.size());
      options_.print(Justify(prefix + "START " + label, "[RUN]"));
      const auto start = Clock::now();
      CompileOptions compile;
      compile.is_incremental = table_exists;
      compile.batch = std::pair{batch.start, batch.end};
      compile.empty = options_.empty;
      int64_t rows = 0;
      Status status = [&]() -> Status {
        STRATA_ASSIGN_OR_RETURN(std::string sql,
                                Rendered([&] { return manifest_.Compile(node, compile); }));
        result->compiled_code = sql;
        const bool first = !table_exists;
        STRATA_ASSIGN_OR_RETURN(
            ModelWrite ignored,
            InWriteTransaction(db_, node.relation, {}, [&]() -> Result<ModelWrite> {
              if (first) {
                if (at_relation != Existing::kNone) {
                  STRATA_RETURN_IF_ERROR(
                      db_
                          .Execute(fmt::format(
                              "DROP {} {}{}", at_relation == Existing::kView ? "VIEW" : "TABLE",
                              node.relation.Render(),
                              db_.type() == engine::EngineType::kPostgres ? " CASCADE" : ""))
                          .status());
                }
                STRATA_ASSIGN_OR_RETURN(rows,
                                        db_.Execute(fmt::format("CREATE TABLE {} AS (\n{}\n)",
                                                                node.relation.Render(), sql)));
              } else {
                // The batch's rows, then dbt's write: on DuckDB the batch's time range replaced;
                // on PostgreSQL (dbt-postgres merges on unique_key within the range) the rows of
                // the range whose key comes again replaced.
                const std::string staged =
                    QuoteSqlIdentifier(node.relation.identifier + "__dbt_batch");
                STRATA_RETURN_IF_ERROR(
                    db_.Execute(fmt::format("CREATE TEMPORARY TABLE {} AS (\n{}\n)", staged, sql))
                        .status());
                std::string same_key;
                if (!keys.empty()) {
                  same_key =
                      fmt::format(" AND ({0}) IN (SELECT {0} FROM {1})", Join(keys, ", "), staged);
                }
                STRATA_RETURN_IF_ERROR(
                    db_.Execute(fmt::format("DELETE FROM {0} WHERE {1} >= cast('{2}' as "
                                            "timestamp) AND {1} < cast('{3}' as timestamp){4}",
                                            node.relation.Render(), config.event_time,
                                            BatchTime(batch.start), BatchTime(batch.end), same_key))
                        .status());
                STRATA_ASSIGN_OR_RETURN(
                    std::vector<engine::Column> columns,
                    db_.DescribeTable(node.relation.schema, node.relation.identifier));
                std::vector<std::string> names;
                for (const engine::Column& column : columns) {
                  names.push_back(QuoteSqlIdentifier(column.name));
                }
                STRATA_ASSIGN_OR_RETURN(
                    rows,
                    db_.Execute(fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM {2}",
                                            node.relation.Render(), Join(names, ", "), staged)));
                STRATA_RETURN_IF_ERROR(db_.Execute("DROP TABLE " + staged).status());
              }
              for (const std::string& statement :
                   RecordBatchStatements(node.unique_id, batch, first && rebuild)) {
                STRATA_RETURN_IF_ERROR(db_.Execute(statement).status());
              }
              return ModelWrite{};
            }));
        (void)ignored;
        return Status::OK();
      }();
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (status.ok()) {
        table_exists = true;
        at_relation = Existing::kTable;
        inserted += rows;
        options_.print(Justify(prefix + "OK created " + label,
                               fmt::format("[INSERT {} in {:.2f}s]", rows, seconds)));
      } else {
        ++failed;
        if (first_error.empty()) {
          first_error = status.ToString();
        }
        options_.print(Justify(prefix + "ERROR creating " + label,
                               fmt::format("[ERROR in {:.2f}s]", seconds)));
      }
    }
    full_refreshed_ = rebuild;
    if (failed > 0) {
      return Status::EngineError(
          fmt::format("{} of {} batches failed (the next run processes "
                      "them again): {}",
                      failed, batches.size(), first_error));
    }
    result->status = "success";
    result->message = fmt::format("SUCCESS {} batch{}, INSERT {}", batches.size(),
                                  batches.size() == 1 ? "" : "es", inserted);
    result->rows_affected = inserted;
    return Status::OK();
  }

  Status RunSnapshotNode(const Node& node, NodeResult* result) {
    STRATA_RETURN_IF_ERROR(EnsureSchema(node));
    STRATA_ASSIGN_OR_RETURN(Existing existing, FindRelation(db_, node.relation));
    STRATA_ASSIGN_OR_RETURN(std::string sql, Rendered([&] { return manifest_.Compile(node); }));
    result->compiled_code = sql;
    WriteCompiled(node, sql, "");
    STRATA_ASSIGN_OR_RETURN(SnapshotWrite write,
                            RunSnapshot(db_, node.relation, sql, node.config, existing));
    if (write.created) {
      result->message = fmt::format("OK {} row{}", write.rows, write.rows == 1 ? "" : "s");
      result->rows_affected = write.rows;
    } else {
      result->message = fmt::format("INSERT {}, UPDATE {}, DELETE {}", write.inserted,
                                    write.updated, write.deleted);
      result->rows_affected = write.inserted + write.updated + write.deleted;
    }
    result->status = "success";
    return Status::OK();
  }

  Status RunTest(const Node& node, NodeResult* result) {
    STRATA_ASSIGN_OR_RETURN(std::string main_sql,
                            Rendered([&] { return manifest_.CompileTest(node); }));
    STRATA_ASSIGN_OR_RETURN(std::string sql, WrapTestSql(main_sql, node.config));
    result->compiled_code = main_sql;
    WriteCompiled(node, main_sql, RunFileName(node));
    STRATA_ASSIGN_OR_RETURN(TestVerdict verdict, RunDataTest(db_, main_sql, node.config));
    result->status = std::string(TestStatusName(verdict.status));
    result->failures = verdict.failures;
    result->rows_affected = -1;
    if (verdict.status != TestStatus::kPass) {
      result->message = fmt::format(
          "Got {} result{}, configured to {} if {}", verdict.failures,
          verdict.failures == 1 ? "" : "s", verdict.status == TestStatus::kFail ? "fail" : "warn",
          verdict.status == TestStatus::kFail ? node.config.String("error_if").value_or("!= 0")
                                              : node.config.String("warn_if").value_or("!= 0"));
    }
    return Status::OK();
  }

  Status RunUnit(const Node& node, NodeResult* result) {
    // Held whole: the unit test renders its model between its queries.
    STRATA_ASSIGN_OR_RETURN(UnitTestOutcome outcome,
                            Rendered([&] { return RunUnitTest(manifest_, node, db_); }));
    result->compiled_code = outcome.sql;
    WriteCompiled(node, outcome.sql, RunFileName(node));
    result->status = outcome.passed ? "pass" : "fail";
    result->failures = outcome.passed ? 0 : 1;
    result->rows_affected = -1;
    result->message = outcome.diff;
    return Status::OK();
  }

 public:
  bool TakeFullRefreshed() { return std::exchange(full_refreshed_, false); }

 private:
  const Manifest& manifest_;
  RecordingAdapter db_;
  const RunnerOptions& options_;
  SharedRun& shared_;
  bool full_refreshed_ = false;
};

// The line printed when a node finished.
std::string ResultLine(const std::string& prefix, const Node& node, const NodeResult& result,
                       bool full_refreshed) {
  const std::string seconds = fmt::format("in {:.2f}s", result.seconds);
  const std::string description = Description(node);
  if (result.status == "error") {
    const char* verb = node.type == ResourceType::kSeed ? "loading "
                       : IsTest(node)                   ? ""
                                                        : "creating ";
    return Justify(
        fmt::format("{}ERROR {}{}", prefix, verb, IsTest(node) ? TestLabel(node) : description),
        "[ERROR " + seconds + "]");
  }
  switch (node.type) {
    case ResourceType::kSeed:
      return Justify(prefix + "OK loaded " + description,
                     fmt::format("[{} {}]", result.message, seconds));
    case ResourceType::kTest:
    case ResourceType::kUnitTest: {
      const std::string upper = ToUpper(result.status);
      if (result.status == "pass") {
        return Justify(prefix + "PASS " + TestLabel(node), "[PASS " + seconds + "]");
      }
      return Justify(fmt::format("{}{} {} {}", prefix, upper, result.failures, TestLabel(node)),
                     fmt::format("[{} {} {}]", upper, result.failures, seconds));
    }
    default:
      return Justify(fmt::format("{}OK created {}{}", prefix, description,
                                 full_refreshed ? " (full refresh)" : ""),
                     fmt::format("[{} {}]", result.message, seconds));
  }
}

std::string Plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

std::vector<std::string> ExecutionOrder(const Manifest& manifest, RunCommand command,
                                        const std::set<std::string>& selected,
                                        std::map<std::string, std::set<std::string>>* upstream) {
  std::set<std::string> run;
  for (const std::string& id : selected) {
    const Node* node = manifest.Find(id);
    if (node != nullptr && Executes(*node, command)) {
      run.insert(id);
    }
  }
  // The nearest executed ancestors of each node, through nodes that are not executed. A unit
  // test runs before its model, after the model's own ancestors; the model waits for it.
  std::map<std::string, std::set<std::string>>& up = *upstream;
  for (const std::string& id : run) {
    const Node& node = *manifest.Find(id);
    const std::string& from =
        node.type == ResourceType::kUnitTest && !node.depends_on.empty() ? node.depends_on[0] : id;
    if (from != id && run.count(from)) {
      up[from].insert(id);
    }
    std::set<std::string> seen;
    std::vector<std::string> stack(manifest.Parents(from).begin(), manifest.Parents(from).end());
    while (!stack.empty()) {
      std::string parent = stack.back();
      stack.pop_back();
      if (!seen.insert(parent).second) {
        continue;
      }
      if (run.count(parent)) {
        up[id].insert(parent);
      } else {
        for (const std::string& grand : manifest.Parents(parent)) {
          stack.push_back(grand);
        }
      }
    }
  }
  // In build, the children of a tested node wait for its tests.
  if (command == RunCommand::kBuild) {
    for (const std::string& test : run) {
      if (manifest.Find(test)->type != ResourceType::kTest) {
        continue;
      }
      std::set<std::string> ancestors;
      std::vector<std::string> stack(manifest.Parents(test).begin(), manifest.Parents(test).end());
      while (!stack.empty()) {
        std::string id = stack.back();
        stack.pop_back();
        if (ancestors.insert(id).second) {
          for (const std::string& parent : manifest.Parents(id)) {
            stack.push_back(parent);
          }
        }
      }
      for (const std::string& parent : manifest.Parents(test)) {
        for (const std::string& child : manifest.Children(parent)) {
          if (run.count(child) && child != test && !IsTest(*manifest.Find(child)) &&
              !ancestors.count(child)) {
            up[child].insert(test);
          }
        }
      }
    }
  }
  // Generation (longest path from a root), ignoring an edge that would close a cycle.
  std::map<std::string, int> generation;
  std::set<std::string> on_stack;
  std::function<int(const std::string&)> depth = [&](const std::string& id) -> int {
    if (auto it = generation.find(id); it != generation.end()) {
      return it->second;
    }
    on_stack.insert(id);
    int level = 0;
    for (const std::string& parent : up[id]) {
      if (!on_stack.count(parent)) {
        level = std::max(level, depth(parent) + 1);
      }
    }
    on_stack.erase(id);
    generation[id] = level;
    return level;
  };
  std::vector<std::string> order(run.begin(), run.end());
  for (const std::string& id : order) {
    depth(id);
  }
  std::stable_sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return generation[a] < generation[b];
  });
  return order;
}

Result<RunSummary> RunNodes(const Manifest& manifest, engine::Engine& engine,
                            const RunnerOptions& options) {
  const auto start = Clock::now();
  std::map<std::string, std::set<std::string>> upstream;
  const std::vector<std::string> order =
      ExecutionOrder(manifest, options.command, options.selected, &upstream);
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> db, engine.Connect());
  // Introspective queries (run_query, statement, …) read the warehouse while models compile.
  WarehouseAccess& warehouse = manifest.compile_context().warehouse();
  SharedRun shared;
  ConnectWarehouse(warehouse, db.get());
  struct Disconnect {
    WarehouseAccess& access;
    ~Disconnect() { ConnectWarehouse(access, nullptr); }
  } disconnect{warehouse};
  RunSummary summary;
  // on-run-start hooks, rendered with the project's context; a failing one stops the command.
  const DbtProject& project = manifest.project();
  std::vector<NodeResult> hook_results;  // in run_results.json, not in the PASS/ERROR counts
  auto run_hooks = [&](const std::vector<std::string>& hooks, std::string_view when) -> Status {
    if (hooks.empty()) {
      return Status::OK();
    }
    options.print(
        fmt::format("Running {} {} hook{}", hooks.size(), when, hooks.size() == 1 ? "" : "s"));
    for (size_t i = 0; i < hooks.size(); ++i) {
      const std::string name = fmt::format("{}.{}.{}", project.name, when, i);
      const std::string prefix = fmt::format("{} of {} ", i + 1, hooks.size());
      options.print(Justify(prefix + "START hook: " + name, "[RUN]"));
      const auto hook_start = Clock::now();
      Result<std::string> rendered = [&] {
        std::lock_guard lock(shared.render);
        ConnectWarehouse(warehouse, db.get());
        return manifest.RenderProjectHook(hooks[i]);
      }();
      STRATA_ASSIGN_OR_RETURN(std::string sql, std::move(rendered));
      if (!Trim(sql).empty()) {
        if (Result<int64_t> done = db->Execute(sql); !done.ok()) {
          return Status::ProjectError(fmt::format("{} failed: {}", name, done.status().message()))
              .WithHint("fix the statement under `" + std::string(when) + "` in dbt_project.yml");
        }
      }
      NodeResult hook;
      hook.unique_id = fmt::format("operation.{0}.{0}-{1}-{2}", project.name, when, i);
      hook.status = "success";
      hook.message = "OK";
      hook.rows_affected = -1;
      hook.compiled_code = sql;
      hook.seconds = std::chrono::duration<double>(Clock::now() - hook_start).count();
      options.print(
          Justify(prefix + "OK hook: " + name, fmt::format("[OK in {:.2f}s]", hook.seconds)));
      hook_results.push_back(std::move(hook));
    }
    options.print("");
    return Status::OK();
  };
  if (!order.empty()) {
    STRATA_RETURN_IF_ERROR(run_hooks(project.on_run_start, "on-run-start"));
  }
  const size_t total = order.size();
  // For the closing line: (materialization, label) → count, in dbt's order (by materialization).
  std::map<std::pair<std::string, std::string>, size_t> kinds;
  for (const std::string& id : order) {
    const Node& node = *manifest.Find(id);
    const std::string materialized = node.type == ResourceType::kModel
                                         ? node.config.Materialized("view")
                                     : node.type == ResourceType::kSeed     ? std::string("seed")
                                     : node.type == ResourceType::kUnitTest ? std::string("unit")
                                                                            : std::string("test");
    ++kinds[{materialized, node.type == ResourceType::kModel      ? materialized + " model"
                           : node.type == ResourceType::kSeed     ? std::string("seed")
                           : node.type == ResourceType::kUnitTest ? std::string("unit test")
                                                                  : std::string("data test")}];
  }

  // The nodes run on `threads` workers, each on a connection of its own. A worker takes the
  // first node of `order` not yet taken whose upstream nodes all finished (with one worker, the
  // order itself); a node whose upstream failed, or any node once --fail-fast stops the
  // command, is skipped. Log lines are numbered as nodes start, as dbt numbers them.
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<bool> taken(total, false);
  std::set<std::string> finished;
  std::set<std::string> blocked;  // failed, errored or skipped: their dependents are skipped
  bool stopping = false;
  size_t started = 0;
  auto print = [&](const std::string& line) {
    // REQUIRES: `mutex` held.
    options.print(line);
  };
  // The index of the next node to run, or nullopt when every node is taken; waits while the
  // nodes left wait for running ones. REQUIRES: `lock` holds `mutex`.
  auto next = [&](std::unique_lock<std::mutex>& lock) -> std::optional<size_t> {
    while (true) {
      bool left = false;
      for (size_t i = 0; i < total; ++i) {
        if (taken[i]) {
          continue;
        }
        left = true;
        const std::set<std::string>& up = upstream[order[i]];
        if (std::all_of(up.begin(), up.end(),
                        [&](const std::string& id) { return finished.count(id) > 0; })) {
          taken[i] = true;
          return i;
        }
      }
      if (!left) {
        return std::nullopt;
      }
      changed.wait(lock);
    }
  };
  Status worker_error;
  auto work = [&](engine::EngineAdapter* connection) {
    std::unique_ptr<engine::EngineAdapter> own;
    std::unique_lock lock(mutex);
    while (std::optional<size_t> index = next(lock)) {
      const Node& node = *manifest.Find(order[*index]);
      const std::string prefix = fmt::format("{} of {} ", ++started, total);
      // In build, a unit test that did not pass skips its model and the model's other unit
      // tests (dbt skips every node under the model).
      const bool sibling_failed = options.command == RunCommand::kBuild &&
                                  node.type == ResourceType::kUnitTest &&
                                  !node.depends_on.empty() && blocked.count(node.depends_on[0]) > 0;
      const std::set<std::string>& up = upstream[node.unique_id];
      const bool upstream_failed =
          sibling_failed || std::any_of(up.begin(), up.end(), [&](const std::string& id) {
            return blocked.count(id) > 0;
          });
      if (upstream_failed || stopping || !worker_error.ok()) {
        NodeResult skipped;
        skipped.unique_id = node.unique_id;
        skipped.status = "skipped";
        skipped.rows_affected = -1;
        skipped.relation_name = IsTest(node) ? "" : node.relation.Render();
        blocked.insert(node.unique_id);
        if (!stopping) {
          print(Justify(
              prefix + "SKIP " +
                  (node.type == ResourceType::kTest       ? "test " + node.name
                   : node.type == ResourceType::kUnitTest ? "unit_test " + TestLabel(node)
                                                          : "relation " + ShortRelation(node)),
              "[SKIP]"));
        }
        summary.results.push_back(std::move(skipped));
        finished.insert(node.unique_id);
        changed.notify_all();
        continue;
      }
      print(Justify(prefix + "START " + Description(node), "[RUN]"));
      lock.unlock();
      if (connection == nullptr && own == nullptr) {
        Result<std::unique_ptr<engine::EngineAdapter>> opened = engine.Connect();
        if (!opened.ok()) {
          lock.lock();
          worker_error = opened.status();
          taken[*index] = false;
          --started;
          changed.notify_all();
          return;
        }
        own = std::move(*opened);
      }
      Execution execution(manifest, connection ? *connection : *own, options, shared);
      NodeResult result = execution.Run(node);
      const bool full_refreshed = execution.TakeFullRefreshed();
      lock.lock();
      print(ResultLine(prefix, node, result, full_refreshed));
      if (result.status == "error" || result.status == "fail") {
        blocked.insert(node.unique_id);
        if (node.type == ResourceType::kUnitTest && !node.depends_on.empty()) {
          blocked.insert(node.depends_on[0]);
        }
        summary.exit_code = 1;
        stopping = stopping || options.fail_fast;
      }
      summary.results.push_back(std::move(result));
      finished.insert(node.unique_id);
      changed.notify_all();
    }
  };
  const size_t threads = std::max<size_t>(1, std::min<size_t>(options.threads, total));
  std::vector<std::thread> workers;
  for (size_t i = 1; i < threads; ++i) {
    workers.emplace_back(work, nullptr);
  }
  work(db.get());
  for (std::thread& worker : workers) {
    worker.join();
  }
  if (!worker_error.ok()) {
    return worker_error;
  }
  ConnectWarehouse(warehouse, db.get());
  if (!order.empty()) {
    if (Status status = run_hooks(project.on_run_end, "on-run-end"); !status.ok()) {
      options.print(status.ToString());
      summary.exit_code = 1;
    }
  }
  summary.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // dbt's closing lines.
  std::vector<std::string> parts;
  for (const auto& [kind, count] : kinds) {
    parts.push_back(Plural(count, kind.second));
  }
  const int seconds = static_cast<int>(summary.elapsed_seconds);
  options.print("");
  options.print(fmt::format(
      "Finished running {} in {} hours {} minutes and {:.2f} seconds ({:.2f}s).",
      parts.empty() ? std::string("0 nodes") : Join(parts, ", "), seconds / 3600, seconds / 60 % 60,
      summary.elapsed_seconds - seconds / 60 * 60, summary.elapsed_seconds));
  size_t pass = 0;
  size_t warn = 0;
  size_t error = 0;
  size_t skip = 0;
  for (const NodeResult& result : summary.results) {
    if (result.status == "success" || result.status == "pass") {
      ++pass;
    } else if (result.status == "warn") {
      ++warn;
    } else if (result.status == "skipped") {
      ++skip;
    } else {
      ++error;
    }
  }
  options.print("");
  if (error == 0) {
    options.print("Completed successfully");
  } else {
    options.print(fmt::format("Completed with {} error{}, 0 partial successes, and {} warning{}:",
                              error, error == 1 ? "" : "s", warn, warn == 1 ? "" : "s"));
    for (const NodeResult& result : summary.results) {
      if (result.status != "error" && result.status != "fail") {
        continue;
      }
      const Node& node = *manifest.Find(result.unique_id);
      options.print("");
      if (result.status == "fail" && node.type == ResourceType::kUnitTest) {
        options.print(
            fmt::format("Failure in unit_test {} ({})", node.name, node.original_file_path));
        for (std::string_view line : Split(result.message, '\n')) {
          options.print("  " + std::string(line));
        }
      } else if (result.status == "fail") {
        options.print(fmt::format("Failure in test {} ({})", node.name, node.original_file_path));
        options.print("  " + result.message);
      } else {
        options.print(fmt::format("Runtime Error in {} {} ({})", ResourceTypeName(node.type),
                                  node.name, node.original_file_path));
        for (std::string_view line : Split(result.error, '\n')) {
          options.print("  " + std::string(line));
        }
      }
    }
  }
  options.print("");
  options.print(fmt::format("Done. PASS={} WARN={} ERROR={} SKIP={} NO-OP=0 TOTAL={}", pass, warn,
                            error, skip, summary.results.size()));
  for (NodeResult& hook : hook_results) {
    summary.results.push_back(std::move(hook));
  }
  return summary;
}

}  // namespace strata::dbt
