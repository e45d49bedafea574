// Loading a whole project: finding its files, parsing model files in parallel, then the checks
// that need every model (duplicates, audits, the DAG, unit tests).
#include "project/project.h"

#include <fnmatch.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "base/parallel.h"
#include "base/text.h"
#include "project/audit_render.h"
#include "project/external_models.h"
#include "project/model_file.h"
#include "project/model_jinja.h"
#include "project/render.h"
#include "project/yaml_file.h"

namespace strata::project {

namespace {

namespace fs = std::filesystem;

// Files under `root / folder` whose extension is one of `extensions`, relative to root, sorted.
std::vector<fs::path> FindFiles(const fs::path& root, const fs::path& folder,
                                std::initializer_list<std::string_view> extensions) {
  std::vector<fs::path> files;
  std::error_code ec;
  const fs::path base = root / folder;
  if (!fs::is_directory(base, ec)) {
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(
           base, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) {
      continue;
    }
    const std::string extension = ToLower(it->path().extension().string());
    if (std::find(extensions.begin(), extensions.end(), extension) != extensions.end()) {
      files.push_back(it->path().lexically_relative(root));
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Whether `file` (relative to the project) matches one of config.yaml's `ignore_patterns`.
bool Ignored(const fs::path& file, const std::vector<std::string>& patterns) {
  const std::string text = file.generic_string();
  for (const std::string& pattern : patterns) {
    if (fnmatch(pattern.c_str(), text.c_str(), 0) == 0 ||
        fnmatch((pattern + "/*").c_str(), text.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

// Drops the files `ignore_patterns` names.
std::vector<fs::path> WithoutIgnored(std::vector<fs::path> files,
                                     const std::vector<std::string>& patterns) {
  if (!patterns.empty()) {
    files.erase(std::remove_if(files.begin(), files.end(),
                               [&](const fs::path& f) { return Ignored(f, patterns); }),
                files.end());
  }
  return files;
}

// Whether a Python file holds code (not only blank lines and comments, as the `__init__.py`
// files SQLMesh's templates write).
bool HasPythonCode(const fs::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') {
      return true;
    }
  }
  return false;
}

// Python models and Python macros: strata runs SQL only. A Python model is an error naming its
// file (its table would be missing); a Python macro file a warning (the models that call its
// macros fail with the macro's name).
void CheckPythonFiles(const fs::path& dir, const std::vector<std::string>& ignore,
                      std::vector<Status>* errors, std::vector<std::string>* warnings) {
  for (const fs::path& file : WithoutIgnored(FindFiles(dir, "models", {".py"}), ignore)) {
    if (HasPythonCode(dir / file)) {
      errors->push_back(
          Status::ProjectError(
              fmt::format("{} is a Python model: strata runs SQL models only", file.string()))
              .WithLocation(SourceLocation{file.string(), 1, 1, ""})
              .WithHint("write the model in SQL, or declare its table in external_models.yaml "
                        "and load it outside strata"));
    }
  }
  std::vector<std::string> macro_files;
  for (const fs::path& file : WithoutIgnored(FindFiles(dir, "macros", {".py"}), ignore)) {
    if (HasPythonCode(dir / file)) {
      macro_files.push_back(file.string());
    }
  }
  if (!macro_files.empty()) {
    warnings->push_back(fmt::format(
        "Python macros are not supported, so these files are not read: {} (models calling their "
        "macros fail to load; write them with @DEF in SQL)",
        Join(macro_files, ", ")));
  }
}

// Reads a whole file into `out` (reusing its capacity: loading reads thousands of small files).
bool ReadText(const fs::path& file, std::string* out) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) {
    return false;
  }
  out->clear();
  char buffer[16384];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) {
    out->append(buffer, n);
  }
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

struct ModelFileResult {
  std::optional<Model> model;
  std::vector<Status> errors;
};

// Parses model files on `threads` threads; results are indexed like `files`.
std::vector<ModelFileResult> LoadModelFiles(const fs::path& root,
                                            const std::vector<fs::path>& files,
                                            const ModelContext& context, int threads) {
  std::vector<ModelFileResult> results(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    auto arena = std::make_shared<sql::Arena>();
    std::string text;
    while (true) {
      const size_t i = next.fetch_add(1);
      if (i >= files.size()) {
        break;
      }
      if (!ReadText(root / files[i], &text)) {
        results[i].errors.push_back(
            Status::ProjectError(fmt::format("cannot read {}", files[i].string())));
        continue;
      }
      results[i].model = LoadModelFile(text, files[i], context, arena, &results[i].errors);
    }
  };
  RunInParallel(static_cast<size_t>(std::max(threads, 1)), [&](size_t) { work(); });
  return results;
}

// Checks that every audit a model calls exists.
void CheckAuditCalls(const Project& project, std::vector<Status>* errors) {
  std::vector<std::string_view> names(BuiltInAuditNames().begin(), BuiltInAuditNames().end());
  for (const Audit& audit : project.audits) {
    names.push_back(audit.name);
  }
  for (const Model& model : project.models) {
    std::vector<Status> found;  // this model's problems, reported in the order of its file
    for (const AuditCall& call : model.audits) {
      if (IsBuiltInAudit(call.name) || project.FindAudit(model, call.name) != nullptr) {
        continue;
      }
      std::string nearest = NearestName(call.name, names);
      found.push_back(ErrorAtSpan(
          model.source, model.origin.file.string(), call.span,
          fmt::format("unknown audit {}", call.name),
          nearest.empty() ? "use a built-in audit (not_null, unique_values, accepted_values, ...) "
                            "or define it in audits/"
                          : fmt::format("did you mean {}?", nearest)));
    }
    CheckAuditArguments(project, model, &found);
    const std::string file = model.origin.file.string();
    std::stable_sort(found.begin(), found.end(), [&](const Status& a, const Status& b) {
      // Errors in the model file first, by line and column; those located elsewhere (a custom
      // audit's query) after them, in the order found.
      const bool a_here = a.location().file == file;
      const bool b_here = b.location().file == file;
      if (a_here != b_here || !a_here) {
        return a_here && !b_here;
      }
      return std::pair(a.location().line, a.location().column) <
             std::pair(b.location().line, b.location().column);
    });
    for (Status& error : found) {
      errors->push_back(std::move(error));
    }
  }
}

// Removes from `file` the tests of a model that is no SQL model of the project (an external
// model, often the stand-in of a Python model, or a disabled model), each with a warning: there
// is no query to test.
void SkipTestsOfNonSqlModels(const Project& project, const YamlFile& file,
                             std::vector<std::string>* warnings) {
  YAML::Node root = file.root();  // shares the tree
  if (!root.IsMap()) {
    return;
  }
  std::vector<std::string> skipped;
  for (const auto& entry : root) {
    if (!entry.first.IsScalar() || !entry.second.IsMap() || !entry.second["model"] ||
        !entry.second["model"].IsScalar()) {
      continue;
    }
    Result<std::string> name = NormalizeNameText(entry.second["model"].Scalar());
    if (!name.ok()) {
      continue;
    }
    const Model* model = project.FindModel(*name);
    const bool disabled = std::any_of(project.disabled.begin(), project.disabled.end(),
                                      [&](const Model& m) { return m.name == *name; });
    if ((model != nullptr && model->kind.name == ModelKindName::kExternal) ||
        (model == nullptr && disabled)) {
      skipped.push_back(entry.first.Scalar());
      warnings->push_back(fmt::format("{}: test {} skipped: {} is {}, not a SQL model",
                                      file.path().string(), entry.first.Scalar(), *name,
                                      disabled ? "a disabled model" : "an external model"));
    }
  }
  for (const std::string& key : skipped) {
    root.remove(key);
  }
}

}  // namespace

void AppendErrors(Status status, std::vector<Status>* errors) {
  if (status.ok()) {
    return;
  }
  if (!status.errors().empty()) {
    for (const Status& error : status.errors()) {
      AppendErrors(error, errors);
    }
    return;
  }
  errors->push_back(std::move(status));
}

const Model* Project::FindModel(std::string_view name) const {
  const int index = IndexOf(name);
  return index >= 0 ? &models[index] : nullptr;
}

int Project::IndexOf(std::string_view name) const {
  auto it = name_index.find(std::string(name));
  return it == name_index.end() ? -1 : it->second;
}

const Audit* Project::FindAudit(std::string_view name) const {
  for (const Audit& audit : audits) {
    if (audit.name == name) {
      return &audit;
    }
  }
  return nullptr;
}

const Audit* Project::FindAudit(const Model& model, std::string_view name) const {
  for (const Audit& audit : model.inline_audits) {
    if (audit.name == name) {
      return &audit;
    }
  }
  return FindAudit(name);
}

std::vector<std::string> TestInputNames(const Project& project, const Model& model) {
  std::vector<std::string> names;
  std::vector<std::string> inlined;  // EMBEDDED models already expanded (guards cycles)
  auto add = [&](const std::string& name, auto& self) -> void {
    const Model* upstream = project.FindModel(name);
    if (upstream != nullptr && upstream->kind.name == ModelKindName::kEmbedded) {
      if (std::find(inlined.begin(), inlined.end(), name) != inlined.end()) {
        return;
      }
      inlined.push_back(name);
      for (const std::string& read : Dag::QueryReferences(*upstream)) {
        self(read, self);
      }
      return;
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  for (const std::string& read : Dag::QueryReferences(model)) {
    add(read, add);
  }
  for (const std::string& name : model.depends_on) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

Result<Project> LoadProject(const fs::path& dir, const LoadOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound(fmt::format("project folder {} does not exist", dir.string()))
        .WithHint("pass the project folder with -p DIR");
  }
  Project project;
  project.root = dir;
  std::vector<Status> errors;

  Result<Config> config = LoadConfig(dir);
  if (config.ok()) {
    project.config = std::move(config).value();
  } else {
    AppendErrors(config.status(), &errors);
  }
  project.defaults = ParseModelDefaults(project.config, &errors);
  project.config.variables = project.config.VariablesFor(options.gateway);
  project.warnings = project.config.warnings;
  const Result<const GatewayConfig*> gateway = project.config.Gateway(options.gateway);
  const std::string gateway_name = gateway.ok() ? (*gateway)->name : ToLower(options.gateway);
  const int64_t now = options.now != 0 ? options.now
                                       : std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();

  // The projects whose files are read: the project folder, then those of a multi-repo setup,
  // each with its folder relative to the project folder, its config and its model defaults.
  struct Repo {
    fs::path prefix;
    Config config;
    ModelDefaults defaults;
  };
  std::vector<Repo> repos(1);
  repos[0].prefix = "";
  repos[0].config = project.config;
  repos[0].defaults = project.defaults;
  for (const fs::path& other : options.more_dirs) {
    if (!fs::is_directory(other, ec)) {
      errors.push_back(
          Status::NotFound(fmt::format("project folder {} does not exist", other.string()))
              .WithHint("pass each project folder of a multi-repo setup with -p DIR"));
      continue;
    }
    Repo repo;
    repo.prefix = fs::absolute(other).lexically_normal().lexically_relative(
        fs::absolute(dir).lexically_normal());
    Result<Config> other_config = LoadConfig(other);
    if (!other_config.ok()) {
      AppendErrors(other_config.status(), &errors);
      continue;
    }
    repo.config = std::move(other_config).value();
    repo.defaults = ParseModelDefaults(repo.config, &errors);
    for (const std::string& warning : repo.config.warnings) {
      project.warnings.push_back(warning);
    }
    repos.push_back(std::move(repo));
  }
  // The folder `name` of every project, relative to the project folder.
  auto find_all = [&](const Repo& repo, std::string_view name,
                      std::initializer_list<std::string_view> extensions) {
    return WithoutIgnored(FindFiles(dir, repo.prefix / name, extensions),
                          repo.config.ignore_patterns);
  };

  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::min(8u, std::max(1u, std::thread::hardware_concurrency())));
  }
  std::vector<Model> models;
  for (const Repo& repo : repos) {
    CheckPythonFiles(dir / repo.prefix, repo.config.ignore_patterns, &errors, &project.warnings);
    ModelContext context;
    context.defaults = &repo.defaults;
    context.project_dir = dir;
    context.repo_prefix = repo.prefix;
    context.infer_names = repo.config.infer_names;
    context.now = now;
    // Jinja: the macros of macros/**/*.sql, the variables and gateway of this project.
    const ModelJinja jinja(dir, find_all(repo, "macros", {".sql"}),
                           repo.config.VariablesFor(options.gateway), gateway_name);
    context.jinja = &jinja;

    // ---- model files
    const std::vector<fs::path> model_files = find_all(repo, "models", {".sql"});
    std::vector<ModelFileResult> results =
        LoadModelFiles(dir, model_files, context, model_files.size() < 64 ? 1 : threads);
    project.files_read += model_files.size();
    models.reserve(models.size() + model_files.size());
    for (ModelFileResult& result : results) {
      for (Status& error : result.errors) {
        AppendErrors(std::move(error), &errors);
      }
      if (result.model) {
        for (std::string& warning : result.model->load_warnings) {
          project.warnings.push_back(std::move(warning));
        }
        result.model->load_warnings.clear();
      }
      if (result.model && !result.model->name.empty()) {
        models.push_back(std::move(*result.model));
      }
    }
    results.clear();

    // ---- external models
    std::vector<fs::path> external_files;
    for (std::string_view name : {"external_models.yaml", "external_models.yml", "schema.yaml"}) {
      if (fs::is_regular_file(dir / repo.prefix / name, ec)) {
        external_files.push_back((repo.prefix / name).lexically_normal());
      }
    }
    for (const fs::path& file :
         FindFiles(dir, repo.prefix / "external_models", {".yaml", ".yml"})) {
      external_files.push_back(file);
    }
    external_files = WithoutIgnored(std::move(external_files), repo.config.ignore_patterns);
    for (const fs::path& file : external_files) {
      ++project.files_read;
      Result<YamlFile> yaml = YamlFile::Load(dir, file);
      if (!yaml.ok()) {
        AppendErrors(yaml.status(), &errors);
        continue;
      }
      for (Model& model : ReadExternalModels(*yaml, &errors)) {
        // As SQLMesh: an external model of another gateway does not exist for this one.
        if (!model.gateway.empty() && ToLower(model.gateway) != gateway_name) {
          continue;
        }
        models.push_back(std::move(model));
      }
    }
  }
  if (project.files_read < 64) {
    threads = 1;
  }
  ModelContext context;
  context.defaults = &project.defaults;
  context.project_dir = dir;
  context.now = now;

  // ---- physical_schema_mapping: each pattern compiled once; the first to match the start of
  // a model's schema (Python's re.match, as SQLMesh) names the schema of its tables.
  if (!project.config.physical_schema_mapping.empty()) {
    std::vector<std::pair<std::regex, std::string>> mapping;
    for (const auto& [pattern, schema] : project.config.physical_schema_mapping) {
      mapping.emplace_back(std::regex(pattern), schema);  // checked by the config loader
    }
    for (Model& model : models) {
      if (model.kind.name == ModelKindName::kExternal || model.name_parts.size() < 2) {
        continue;
      }
      const std::string& schema = model.name_parts[model.name_parts.size() - 2];
      for (const auto& [regex, physical] : mapping) {
        if (std::regex_search(schema, regex, std::regex_constants::match_continuous)) {
          model.physical_schema = physical;
          break;
        }
      }
    }
  }

  // ---- names: sort, and report duplicates
  {
    // Sort indices, then move each model once (a Model is large).
    std::vector<size_t> order(models.size());
    for (size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return models[a].name < models[b].name; });
    std::vector<Model> sorted;
    sorted.reserve(models.size());
    for (size_t i : order) {
      sorted.push_back(std::move(models[i]));
    }
    models = std::move(sorted);
  }
  for (size_t i = 0; i < models.size(); ++i) {
    if (i > 0 && models[i].name == models[i - 1].name) {
      const Model& first = models[i - 1];
      const Model& second = models[i];
      errors.push_back(
          Status::ProjectError(fmt::format("model {} is defined twice: in {} and in {}",
                                           second.name, first.origin.file.string(),
                                           second.origin.file.string()))
              .WithLocation(SourceLocation{second.origin.file.string(), second.origin.line, 0, ""})
              .WithHint("model names must be unique; rename or remove one of them"));
    }
  }
  models.erase(std::unique(models.begin(), models.end(),
                           [](const Model& a, const Model& b) { return a.name == b.name; }),
               models.end());
  // Disabled models are checked like any other, then set aside: nothing plans or builds them.
  for (Model& model : models) {
    (model.enabled ? project.models : project.disabled).push_back(std::move(model));
  }
  models.clear();
  project.name_index.reserve(project.models.size());
  for (size_t i = 0; i < project.models.size(); ++i) {
    project.name_index.emplace(project.models[i].name, static_cast<int>(i));
  }

  // ---- audits
  auto audit_arena = std::make_shared<sql::Arena>();
  std::vector<fs::path> audit_files;
  std::vector<fs::path> test_files;
  for (const Repo& repo : repos) {
    for (fs::path& file : find_all(repo, "audits", {".sql"})) {
      audit_files.push_back(std::move(file));
    }
    for (fs::path& file : find_all(repo, "tests", {".yaml", ".yml"})) {
      test_files.push_back(std::move(file));
    }
  }
  for (const fs::path& file : audit_files) {
    ++project.files_read;
    std::string text;
    if (!ReadText(dir / file, &text)) {
      errors.push_back(Status::ProjectError(fmt::format("cannot read {}", file.string())));
      continue;
    }
    for (Audit& audit : LoadAuditFile(text, file, audit_arena, &errors)) {
      if (const Audit* other = project.FindAudit(audit.name)) {
        errors.push_back(
            Status::ProjectError(fmt::format("audit {} is defined twice: in {} and in {}",
                                             audit.name, other->file.string(), audit.file.string()))
                .WithLocation(SourceLocation{audit.file.string(), audit.line, 0, ""}));
        continue;
      }
      (audit.standalone ? project.standalone_audits : project.audits).push_back(std::move(audit));
    }
  }
  std::sort(project.standalone_audits.begin(), project.standalone_audits.end(),
            [](const Audit& a, const Audit& b) { return a.name < b.name; });
  std::sort(project.audits.begin(), project.audits.end(),
            [](const Audit& a, const Audit& b) { return a.name < b.name; });
  CheckAuditCalls(project, &errors);

  // ---- the DAG
  project.dag = Dag::Build(project.models, &errors);

  // ---- unit tests
  auto model_exists = [&project](const std::string& name) {
    return project.FindModel(name) != nullptr;
  };
  auto references_of = [&project](const std::string& name) {
    const Model* model = project.FindModel(name);
    return model != nullptr ? TestInputNames(project, *model) : std::vector<std::string>{};
  };
  for (const fs::path& file : test_files) {
    ++project.files_read;
    Result<YamlFile> yaml = YamlFile::Load(dir, file);
    if (!yaml.ok()) {
      AppendErrors(yaml.status(), &errors);
      continue;
    }
    SkipTestsOfNonSqlModels(project, *yaml, &project.warnings);
    for (UnitTest& test : ReadUnitTests(*yaml, model_exists, references_of, &errors)) {
      auto same = std::find_if(project.tests.begin(), project.tests.end(),
                               [&](const UnitTest& other) { return other.name == test.name; });
      if (same != project.tests.end()) {
        errors.push_back(
            Status::ProjectError(fmt::format("unit test {} is defined twice: in {}:{} and in {}:{}",
                                             test.name, same->file.string(), same->line,
                                             test.file.string(), test.line))
                .WithLocation(SourceLocation{test.file.string(), test.line, 1, ""})
                .WithHint("test names must be unique across tests/; rename one of them"));
        continue;
      }
      project.tests.push_back(std::move(test));
    }
  }

  // ---- macros: expanded once, so their errors show when the project loads
  if (errors.empty()) {
    CheckModelMacros(project, context.now, threads, &errors);
  }

  if (!errors.empty()) {
    return Status::Combine(std::move(errors));
  }
  project.load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return project;
}

}  // namespace strata::project
