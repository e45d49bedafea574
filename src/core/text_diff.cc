// Line diff: common prefix and suffix trimmed, then a longest common subsequence by dynamic
// programming over the changed middle (model files are small).
#include "core/text_diff.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace strata {

namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

constexpr size_t kMaxTable = 4000;

}  // namespace

std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after) {
  const std::vector<std::string_view> a = SplitLines(before);
  const std::vector<std::string_view> b = SplitLines(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<DiffLine> out;
  for (size_t i = 0; i < prefix; ++i) {
    out.push_back({DiffLine::Op::kKeep, a[i]});
  }
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  if (n > kMaxTable || m > kMaxTable) {
    for (size_t i = 0; i < n; ++i) {
      out.push_back({DiffLine::Op::kRemove, a[prefix + i]});
    }
    for (size_t j = 0; j < m; ++j) {
      out.push_back({DiffLine::Op::kAdd, b[prefix + j]});
    }
  } else {
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
    std::vector<uint16_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint16_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? static_cast<uint16_t>(at(i + 1, j + 1) + 1)
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0;
    size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        out.push_back({DiffLine::Op::kKeep, a[prefix + i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({DiffLine::Op::kRemove, a[prefix + i]});
        ++i;
      } else {
        out.push_back({DiffLine::Op::kAdd, b[prefix + j]});
        ++j;
      }
    }
  }
  for (size_t k = a.size() - suffix; k < a.size(); ++k) {
    out.push_back({DiffLine::Op::kKeep, a[k]});
  }
  return out;
}

std::string UnifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_label, std::string_view after_label, int context) {
  const std::vector<DiffLine> lines = DiffLines(before, after);
  const size_t count = lines.size();
  const size_t reach = static_cast<size_t>(std::max(context, 0));
  std::string out;
  size_t k = 0;
  // Line numbers (1-based) of the next line of each side.
  size_t old_line = 1;
  size_t new_line = 1;
  while (k < count) {
    if (lines[k].op == DiffLine::Op::kKeep) {
      ++old_line;
      ++new_line;
      ++k;
      continue;
    }
    // A hunk: from `reach` kept lines before this change to `reach` kept lines after the last
    // change that is at most 2 * reach kept lines from the next.
    size_t begin = k;
    size_t back = 0;
    while (begin > 0 && back < reach && lines[begin - 1].op == DiffLine::Op::kKeep) {
      --begin;
      ++back;
    }
    size_t end = k;
    size_t kept_run = 0;
    while (end < count) {
      if (lines[end].op == DiffLine::Op::kKeep) {
        ++kept_run;
        if (kept_run > 2 * reach) {
          break;
        }
      } else {
        kept_run = 0;
      }
      ++end;
    }
    // Trailing context: at most `reach` kept lines after the last change.
    size_t last_change = end;
    while (last_change > k && lines[last_change - 1].op == DiffLine::Op::kKeep) {
      --last_change;
    }
    end = std::min(last_change + reach, count);
    size_t old_count = 0;
    size_t new_count = 0;
    for (size_t x = begin; x < end; ++x) {
      old_count += lines[x].op != DiffLine::Op::kAdd ? 1 : 0;
      new_count += lines[x].op != DiffLine::Op::kRemove ? 1 : 0;
    }
    const size_t old_start = old_line - back;
    const size_t new_start = new_line - back;
    if (out.empty()) {
      out += fmt::format("--- {}\n+++ {}\n", before_label, after_label);
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count == 0 ? old_start - 1 : old_start,
                       old_count, new_count == 0 ? new_start - 1 : new_start, new_count);
    for (size_t x = begin; x < end; ++x) {
      const char mark = lines[x].op == DiffLine::Op::kKeep     ? ' '
                        : lines[x].op == DiffLine::Op::kRemove ? '-'
                                                               : '+';
      out += mark;
      out += lines[x].text;
      out += '\n';
    }
    for (size_t x = k; x < end; ++x) {
      old_line += lines[x].op != DiffLine::Op::kAdd ? 1 : 0;
      new_line += lines[x].op != DiffLine::Op::kRemove ? 1 : 0;
    }
    k = end;
  }
  return out;
}

}  // namespace strata
