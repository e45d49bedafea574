// Model selection patterns over the project's DAG.
#include "core/model_selector.h"

#include <fmt/format.h>

#include "base/text.h"

namespace strata {

namespace {

// Marks everything reachable from the marked models through `next` (parents or children).
template <typename Next>
void Spread(const project::Project& project, std::vector<bool>& marked, Next next) {
  std::vector<int> stack;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i]) {
      stack.push_back(static_cast<int>(i));
    }
  }
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    for (int other : next(project.dag, i)) {
      if (!marked[other]) {
        marked[other] = true;
        stack.push_back(other);
      }
    }
  }
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

Result<std::vector<bool>> SelectModels(const project::Project& project,
                                       const std::vector<std::string>& patterns) {
  const size_t n = project.models.size();
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
      if (NameMatches(pattern, project.models[i].name)) {
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
      Spread(project, up, [](const project::Dag& dag, int i) { return dag.parents(i); });
    }
    if (downstream) {
      matched = WithDescendants(project, matched);
    }
    for (size_t i = 0; i < n; ++i) {
      selected[i] = selected[i] || matched[i] || up[i];
    }
  }
  return selected;
}

std::vector<bool> WithDescendants(const project::Project& project, std::vector<bool> selected) {
  Spread(project, selected, [](const project::Dag& dag, int i) { return dag.children(i); });
  return selected;
}

}  // namespace strata
