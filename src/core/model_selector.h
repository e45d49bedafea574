// Model selection (`plan --select-model`, `plan --restate-model`): patterns that name models of a
// project, with `*` matching any run of characters, a leading `+` adding every model upstream and
// a trailing `+` every model downstream (`+sales.daily_sales`, `sales.*+`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "project/project.h"

namespace strata {

// Whether `name` matches `pattern` (`*` any run of characters, case-insensitive).
bool NameMatches(std::string_view pattern, std::string_view name);

// A graph of named models to select from: the project's DAG (plan), or the snapshots of an
// environment (run). Node i is names[i]; parents[i] and children[i] are indices.
struct SelectionGraph {
  std::vector<std::string_view> names;
  std::vector<std::vector<int>> parents;
  std::vector<std::vector<int>> children;
};

// The models `patterns` select, as a flag per node of `graph`. Fails with kNotFound, naming the
// pattern, when one matches no model.
Result<std::vector<bool>> SelectNodes(const SelectionGraph& graph,
                                      const std::vector<std::string>& patterns);

// The models `patterns` select, as a flag per model of `project` (indexed like project.models).
// Fails with kNotFound, naming the pattern, when one matches no model.
Result<std::vector<bool>> SelectModels(const project::Project& project,
                                       const std::vector<std::string>& patterns);

// The nodes that `selected` reaches going up the graph (`selected` included).
std::vector<bool> WithAncestors(const SelectionGraph& graph, std::vector<bool> selected);

// The models that `selected` reaches going up the project's DAG (`selected` included).
std::vector<bool> WithAncestors(const project::Project& project, std::vector<bool> selected);

// The models that `selected` reaches going down the DAG (`selected` included).
std::vector<bool> WithDescendants(const project::Project& project, std::vector<bool> selected);

}  // namespace strata
