// Model selection patterns over the project's DAG.
#include "core/model_selector.h"

#include <fmt/format.h>

#include "base/text.h"

namespace strata {

namespace {

// Marks everything reachable from the marked nodes through `next` (parents or children).
void Spread(const std::vector<std::vector<int>>& next, std::vector<bool>& marked) {
  std::vector<int> stack;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i]) {
      stack.push_back(static_cast<int>(i));
    }
  }
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    for (int other : next[i]) {
      if (!marked[other]) {
        marked[other] = true;
        stack.push_back(other);
      }
    }
  }
}

SelectionGraph GraphOf(const project::Project& project) {
  SelectionGraph graph;
  const size_t n = project.models.size();
  graph.names.reserve(n);
  graph.parents.resize(n);
  graph.children.resize(n);
  for (size_t i = 0; i < n; ++i) {
    graph.names.push_back(project.models[i].name);
    graph.parents[i] = project.dag.parents(static_cast<int>(i));
    graph.children[i] = project.dag.children(static_cast<int>(i));
  }
  return graph;
}

}  // namespace

bool NameMatches(std::string_view pattern, std::string_view name) {
  // Iterative glob match with backtracking to the last `*`.
  size_t p = 0;
  size_t n = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  auto same = [](char a, char b) { return ToLowerAscii(a) == ToLowerAscii(b); };
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && same(pattern[p], name[n])) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

Result<std::vector<bool>> SelectNodes(const SelectionGraph& graph,
                                      const std::vector<std::string>& patterns) {
  const size_t n = graph.names.size();
  std::vector<bool> selected(n, false);
  for (const std::string& written : patterns) {
    std::string_view pattern = Trim(written);
    const bool upstream = !pattern.empty() && pattern.front() == '+';
    if (upstream) {
      pattern.remove_prefix(1);
    }
    const bool downstream = !pattern.empty() && pattern.back() == '+';
    if (downstream) {
      pattern.remove_suffix(1);
    }
    std::vector<bool> matched(n, false);
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
      if (NameMatches(pattern, graph.names[i])) {
        matched[i] = true;
        any = true;
      }
    }
    if (!any) {
      return Status::NotFound(fmt::format("no model matches '{}'", written))
          .WithHint("`*` matches any characters; `strata info --models` lists the models");
    }
    std::vector<bool> up = matched;
    if (upstream) {
      Spread(graph.parents, up);
    }
    if (downstream) {
      Spread(graph.children, matched);
    }
    for (size_t i = 0; i < n; ++i) {
      selected[i] = selected[i] || matched[i] || up[i];
    }
  }
  return selected;
}

Result<std::vector<bool>> SelectModels(const project::Project& project,
                                       const std::vector<std::string>& patterns) {
  return SelectNodes(GraphOf(project), patterns);
}

std::vector<bool> WithAncestors(const SelectionGraph& graph, std::vector<bool> selected) {
  Spread(graph.parents, selected);
  return selected;
}

std::vector<bool> WithAncestors(const project::Project& project, std::vector<bool> selected) {
  return WithAncestors(GraphOf(project), std::move(selected));
}

std::vector<bool> WithDescendants(const project::Project& project, std::vector<bool> selected) {
  std::vector<std::vector<int>> children(project.models.size());
  for (size_t i = 0; i < children.size(); ++i) {
    children[i] = project.dag.children(static_cast<int>(i));
  }
  Spread(children, selected);
  return selected;
}

}  // namespace strata
