// A loaded project (DESIGN.md §2): config.yaml, every model (SQL files under models/, SEED
// models with their CSV data, external models), audits, unit tests, and the DAG. LoadProject
// reports every problem of the project at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "project/audit.h"
#include "project/config.h"
#include "project/dag.h"
#include "project/model.h"
#include "project/model_defaults.h"
#include "project/unit_test.h"

namespace strata::project {

struct LoadOptions {
  int threads = 0;  // threads parsing model files; 0: as many as the machine has (at most 8)
  int64_t now = 0;  // UTC microseconds for relative times; 0: the current time
  // The gateway the project is loaded for (empty: the default): its variables override the
  // top-level ones, and external models of other gateways are left out.
  std::string gateway;
  // The other projects of a SQLMesh multi-repo setup (`-p A -p B`): their models, audits and
  // tests join those of the project folder into one project (one DAG, one state), each model
  // with its own project's model_defaults. Connections, gateways and settings are the project
  // folder's; file paths are shown relative to it.
  std::vector<std::filesystem::path> more_dirs;
};

struct Project {
  std::filesystem::path root;
  Config config;
  ModelDefaults defaults;
  std::vector<Model> models;  // sorted by name; node i of `dag` is models[i]
  std::vector<Audit> audits;  // sorted by name
  std::vector<UnitTest> tests;
  // Models with `enabled false`: loaded and checked, but neither planned nor built (not in
  // `models`); sorted by name.
  std::vector<Model> disabled;
  // Standalone audits (`standalone true`) of audits/, run after a plan or run; sorted by name.
  std::vector<Audit> standalone_audits;
  // Problems that do not stop the project (settings strata ignores, tests it skips), one line
  // each, for the commands to print.
  std::vector<std::string> warnings;
  Dag dag;
  double load_seconds = 0;
  size_t files_read = 0;

  // The model with normalized name `name` ("sales.daily_sales"), or nullptr.
  const Model* FindModel(std::string_view name) const;
  // Its index in `models`, or -1.
  int IndexOf(std::string_view name) const;
  // The audit named `name` (lower-case) of audits/, or nullptr.
  const Audit* FindAudit(std::string_view name) const;
  // The audit `model` calls `name`: one its file defines, else FindAudit(name).
  const Audit* FindAudit(const Model& model, std::string_view name) const;

  std::unordered_map<std::string, int> name_index;  // normalized name -> index in models
};

// Loads the project in `dir`. Fails with every problem found, combined (Status::Combine), each
// with file, line, column, caret and hint: config errors, model header and SQL errors, unknown
// audits, bad seeds and YAML files, duplicate model names (naming both files), cycles.
// Model files are parsed on several threads; the result does not depend on their number.
Result<Project> LoadProject(const std::filesystem::path& dir, const LoadOptions& options = {});

// The tables a unit test of `model` gives rows for: what its query reads, with each EMBEDDED model
// (inlined when the query runs) replaced by what it reads in turn, and its `depends_on`.
std::vector<std::string> TestInputNames(const Project& project, const Model& model);

// Appends `status` to `errors`: each error of a combined status separately; nothing when OK.
void AppendErrors(Status status, std::vector<Status>* errors);

}  // namespace strata::project
