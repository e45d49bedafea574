// Building the model DAG: resolving references, finding cycles, ordering.
#include "project/dag.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::project {

namespace {

struct Edge {
  int parent;
  const sql::Node* table;  // the reference in the child's query; nullptr for depends_on
};

}  // namespace

std::vector<std::string> Dag::QueryReferences(const Model& model) {
  std::vector<std::string> names;
  for (const Model::TableRead& read : model.reads) {
    names.push_back(read.name);
  }
  return names;
}

Dag Dag::Build(const std::vector<Model>& models, std::vector<Status>* errors) {
  Dag dag;
  const int n = static_cast<int>(models.size());
  dag.parents_.resize(n);
  dag.children_.resize(n);
  dag.unknown_.resize(n);
  dag.self_.assign(n, false);
  std::unordered_map<std::string, int> by_name;
  std::unordered_map<std::string, int> by_short_name;  // schema.table of 3-part names
  by_name.reserve(models.size() * 2);
  for (int i = 0; i < n; ++i) {
    by_name.emplace(models[i].name, i);
    const auto& parts = models[i].name_parts;
    if (parts.size() == 3) {
      std::string short_name = NormalizeName({{parts[1], true}, {parts[2], true}});
      auto [it, inserted] = by_short_name.emplace(short_name, i);
      if (!inserted) {
        it->second = -1;  // ambiguous
      }
    }
  }
  auto resolve = [&](const std::string& name, const std::vector<std::string>* parts) -> int {
    if (auto it = by_name.find(name); it != by_name.end()) {
      return it->second;
    }
    if (parts != nullptr && parts->size() == 3) {
      // catalog.schema.table naming a model declared as schema.table
      std::string short_name = NormalizeName({{(*parts)[1], true}, {(*parts)[2], true}});
      if (auto it = by_name.find(short_name); it != by_name.end()) {
        return it->second;
      }
    }
    if (parts != nullptr && parts->size() == 2) {
      if (auto it = by_short_name.find(name); it != by_short_name.end() && it->second >= 0) {
        return it->second;
      }
    }
    return -1;
  };

  std::vector<std::vector<Edge>> edges(n);
  for (int i = 0; i < n; ++i) {
    const Model& model = models[i];
    for (const Model::TableRead& read : model.reads) {
      const int parent = resolve(read.name, &read.parts);
      if (parent == i) {
        dag.self_[i] = true;
      } else if (parent >= 0) {
        edges[i].push_back({parent, read.table});
      } else {
        dag.unknown_[i].push_back(read.name);
      }
    }
    for (const std::string& name : model.depends_on) {
      std::vector<std::string> parts;
      for (std::string_view part : Split(name, '.')) {
        parts.emplace_back(part);
      }
      const int parent = resolve(name, &parts);
      if (parent < 0) {
        std::vector<std::string_view> names;
        for (const Model& other : models) {
          names.push_back(other.name);
        }
        std::string nearest = NearestName(name, names);
        SourceLocation location{model.origin.file.string(), model.origin.line, 0, ""};
        errors->push_back(Status::ProjectError(fmt::format("{} depends_on {}, which is not a model",
                                                           model.name, name))
                              .WithLocation(location)
                              .WithHint(nearest.empty()
                                            ? "depends_on lists models of the project"
                                            : fmt::format("did you mean {}?", nearest)));
      } else if (parent != i) {
        edges[i].push_back({parent, nullptr});
      }
    }
    for (const Edge& edge : edges[i]) {
      dag.parents_[i].push_back(edge.parent);
    }
    std::sort(dag.parents_[i].begin(), dag.parents_[i].end());
    dag.parents_[i].erase(std::unique(dag.parents_[i].begin(), dag.parents_[i].end()),
                          dag.parents_[i].end());
    for (int parent : dag.parents_[i]) {
      dag.children_[parent].push_back(i);
    }
  }

  // Kahn's algorithm, lowest index first.
  std::vector<int> pending(n);
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i) {
    pending[i] = static_cast<int>(dag.parents_[i].size());
    if (pending[i] == 0) {
      ready.push(i);
    }
  }
  dag.order_.reserve(n);
  while (!ready.empty()) {
    const int i = ready.top();
    ready.pop();
    dag.order_.push_back(i);
    for (int child : dag.children_[i]) {
      if (--pending[child] == 0) {
        ready.push(child);
      }
    }
  }
  if (static_cast<int>(dag.order_.size()) == n) {
    return dag;
  }

  // Cycles: every node left has a parent left. Walk parents from the lowest such node until a
  // node repeats; that loop is a cycle. Report each cycle once (by its node set).
  std::vector<bool> in_cycle_reported(n, false);
  for (int start = 0; start < n; ++start) {
    if (pending[start] == 0 || in_cycle_reported[start]) {
      continue;
    }
    std::vector<int> path;
    std::vector<int> position(n, -1);
    int node = start;
    while (position[node] < 0) {
      position[node] = static_cast<int>(path.size());
      path.push_back(node);
      int next = -1;
      for (int parent : dag.parents_[node]) {
        if (pending[parent] > 0) {
          next = parent;
          break;
        }
      }
      node = next;
    }
    std::vector<int> cycle(path.begin() + position[node], path.end());
    bool reported = false;
    for (int member : cycle) {
      reported = reported || in_cycle_reported[member];
    }
    if (reported) {
      continue;
    }
    for (int member : cycle) {
      in_cycle_reported[member] = true;
    }
    // Start the printed cycle at its lowest index, for stable messages.
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::vector<std::string> names;
    for (int member : cycle) {
      names.push_back(models[member].name);
    }
    names.push_back(models[cycle.front()].name);
    const Model& first = models[cycle.front()];
    const int second = cycle.size() > 1 ? cycle[1] : cycle[0];
    SourceLocation location{first.origin.file.string(), first.origin.line, 0, ""};
    for (const Edge& edge : edges[cycle.front()]) {
      if (edge.parent == second && edge.table != nullptr) {
        location.line = static_cast<int>(edge.table->span.line);
        location.column = static_cast<int>(edge.table->span.column);
        location.line_text = std::string(sql::LineAt(first.source, edge.table->span.offset));
      }
    }
    errors->push_back(Status::ProjectError(fmt::format("models depend on each other in a cycle: {}",
                                                       Join(names, " -> ")))
                          .WithLocation(location)
                          .WithHint("`a -> b` means a reads b; remove one of these references"));
  }
  dag.order_.clear();
  return dag;
}

std::vector<int> Dag::Upstream(int i) const {
  std::vector<bool> seen(size(), false);
  std::vector<int> stack = parents_[i];
  std::vector<int> out;
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    if (seen[node]) {
      continue;
    }
    seen[node] = true;
    out.push_back(node);
    stack.insert(stack.end(), parents_[node].begin(), parents_[node].end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> Dag::Downstream(int i) const {
  std::vector<bool> seen(size(), false);
  std::vector<int> stack = children_[i];
  std::vector<int> out;
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    if (seen[node]) {
      continue;
    }
    seen[node] = true;
    out.push_back(node);
    stack.insert(stack.end(), children_[node].begin(), children_[node].end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace strata::project
