#include "materialize/engine_error.h"

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"

namespace strata {
namespace {

// A physical table as an engine prints it: [schema.]<schema>__<table>__<version>, each part
// possibly double-quoted (DESIGN.md §4).
const std::regex& PhysicalName() {
  static const std::regex kName(
      R"re((?:"?[A-Za-z0-9_]+"?\.)?"?([A-Za-z0-9_]+?)__([A-Za-z0-9_]+?)__[0-9a-f]{8,}(?:__[a-z]+)?"?)re");
  return kName;
}

// The table an engine says does not exist: DuckDB's `Table with name X does not exist`,
// PostgreSQL's `relation "x" does not exist`.
std::string MissingTable(const std::string& message) {
  static const std::regex kDuckDb(R"(Table with name ([^ ]+) does not exist)");
  static const std::regex kPostgres(R"re(relation "([^"]+)" does not exist)re");
  std::smatch match;
  if (std::regex_search(message, match, kDuckDb) || std::regex_search(message, match, kPostgres)) {
    return match[1].str();
  }
  return "";
}

}  // namespace

Status WithModelNames(const Status& status, const project::Project& project) {
  if (status.ok() || status.code() != StatusCode::kEngineError) {
    return status;
  }
  const std::string message = std::regex_replace(status.message(), PhysicalName(), "$1.$2");
  Status out(status.code(), message);
  if (status.has_location()) {
    out = std::move(out).WithLocation(status.location());
  }
  std::string hint = status.hint();
  if (const std::string missing = MissingTable(message); !missing.empty() && hint.empty()) {
    // The engine names the table qualified (raw.raw_order) or alone (raw_order).
    const bool qualified = missing.find('.') != std::string::npos;
    std::vector<std::string> names;
    std::vector<std::string> candidates;
    for (const project::Model& model : project.models) {
      names.push_back(model.name);
      candidates.push_back(qualified ? model.name : model.name.substr(model.name.rfind('.') + 1));
    }
    std::string nearest;
    if (const std::string found = NearestName(missing, candidates); !found.empty()) {
      nearest = names[std::find(candidates.begin(), candidates.end(), found) - candidates.begin()];
    }
    hint = nearest.empty()
               ? fmt::format(
                     "{} is neither a model of the project nor a table of the warehouse; "
                     "a table made outside strata can be declared in "
                     "external_models.yaml",
                     missing)
               : fmt::format("did you mean the model {}?", nearest);
  }
  if (!hint.empty()) {
    out = std::move(out).WithHint(hint);
  }
  return out;
}

}  // namespace strata
