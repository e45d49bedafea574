// Loading a whole project: finding its files, parsing model files in parallel, then the checks
// that need every model (duplicates, audits, the DAG, unit tests).
#include "project/project.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "base/parallel.h"
#include "base/text.h"
#include "project/audit_render.h"
#include "project/external_models.h"
#include "project/model_file.h"
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

  ModelContext context;
  context.defaults = &project.defaults;
  context.project_dir = dir;
  context.now = options.now != 0 ? options.now
                                 : std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();

  // ---- model files
  const std::vector<fs::path> model_files = FindFiles(dir, "models", {".sql"});
  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::min(8u, std::max(1u, std::thread::hardware_concurrency())));
  }
  if (model_files.size() < 64) {
    threads = 1;
  }
  std::vector<ModelFileResult> results = LoadModelFiles(dir, model_files, context, threads);
  project.files_read = model_files.size();
  std::vector<Model> models;
  models.reserve(model_files.size());
  for (ModelFileResult& result : results) {
    for (Status& error : result.errors) {
      AppendErrors(std::move(error), &errors);
    }
    if (result.model && !result.model->name.empty()) {
      models.push_back(std::move(*result.model));
    }
  }
  results.clear();

  // ---- external models
  std::vector<fs::path> external_files;
  for (std::string_view name : {"external_models.yaml", "external_models.yml", "schema.yaml"}) {
    if (fs::is_regular_file(dir / name, ec)) {
      external_files.emplace_back(name);
    }
  }
  for (const fs::path& file : FindFiles(dir, "external_models", {".yaml", ".yml"})) {
    external_files.push_back(file);
  }
  for (const fs::path& file : external_files) {
    ++project.files_read;
    Result<YamlFile> yaml = YamlFile::Load(dir, file);
    if (!yaml.ok()) {
      AppendErrors(yaml.status(), &errors);
      continue;
    }
    for (Model& model : ReadExternalModels(*yaml, &errors)) {
      models.push_back(std::move(model));
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
  project.models = std::move(models);
  project.name_index.reserve(project.models.size());
  for (size_t i = 0; i < project.models.size(); ++i) {
    project.name_index.emplace(project.models[i].name, static_cast<int>(i));
  }

  // ---- audits
  auto audit_arena = std::make_shared<sql::Arena>();
  for (const fs::path& file : FindFiles(dir, "audits", {".sql"})) {
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
      project.audits.push_back(std::move(audit));
    }
  }
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
  for (const fs::path& file : FindFiles(dir, "tests", {".yaml", ".yml"})) {
    ++project.files_read;
    Result<YamlFile> yaml = YamlFile::Load(dir, file);
    if (!yaml.ok()) {
      AppendErrors(yaml.status(), &errors);
      continue;
    }
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
