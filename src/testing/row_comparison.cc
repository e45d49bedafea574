// CompareRows: canonical cells, multiset matching, and the table of differences.
#include "testing/row_comparison.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"

namespace strata {

namespace {

using engine::TypeId;

// Marks NULL in canonical rows (no text can hold a NUL byte from YAML or the engines' text).
const std::string kNull("\0NULL", 5);

std::string CanonicalNumber(const std::string& text) {
  const std::string trimmed(Trim(text));
  if (trimmed.empty()) {
    return text;
  }
  // Integers keep every digit (no rounding through a double).
  bool integer = true;
  for (size_t i = 0; i < trimmed.size(); ++i) {
    const char c = trimmed[i];
    if (!(IsAsciiDigit(c) || (i == 0 && (c == '-' || c == '+')))) {
      integer = false;
      break;
    }
  }
  if (integer && trimmed.size() < 19) {
    return std::to_string(std::strtoll(trimmed.c_str(), nullptr, 10));
  }
  errno = 0;
  char* end = nullptr;
  const long double value = std::strtold(trimmed.c_str(), &end);
  if (end == trimmed.c_str() || *end != '\0' || errno == ERANGE) {
    return text;
  }
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15L) {
    return std::to_string(static_cast<int64_t>(value));
  }
  // 12 significant digits: a FLOAT column's 0.1 and the test's 0.1 agree.
  return fmt::format("{:.12g}", static_cast<double>(value));
}

std::string CanonicalTime(TypeId id, const std::string& text) {
  std::string trimmed(Trim(text));
  if (trimmed.ends_with("+00")) {
    trimmed.resize(trimmed.size() - 3);
  }
  Result<int64_t> micros = ParseTimePoint(trimmed, 0, TimeRole::kStart);
  if (!micros.ok() || trimmed.empty() || !IsAsciiDigit(trimmed[0])) {
    return text;
  }
  if (id == TypeId::kDate) {
    return *micros % kMicrosPerDay == 0 ? FormatDate(DayOf(*micros)) : FormatTimestamp(*micros);
  }
  return FormatTimestamp(*micros);
}

// Counts code points, for aligning columns.
size_t Width(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return width;
}

std::string Shown(const std::string& cell) {
  if (cell == kNull) {
    return "NULL";
  }
  std::string out;
  for (char c : cell) {
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out;
}

// An aligned text table, two spaces of indent.
std::string TextTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    widths[c] = Width(header[c]);
    for (const auto& row : rows) {
      widths[c] = std::max(widths[c], Width(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = "  ";
    for (size_t c = 0; c < cells.size(); ++c) {
      out += c == 0 ? " " : " | ";
      out += cells[c];
      if (c + 1 < cells.size()) {
        out += std::string(widths[c] - Width(cells[c]), ' ');
      }
    }
    return out + "\n";
  };
  std::string out = line(header);
  out += "  ";
  for (size_t c = 0; c < header.size(); ++c) {
    if (c > 0) {
      out += '+';
    }
    out.append(widths[c] + 2, '-');
  }
  out += "\n";
  for (const auto& row : rows) {
    out += line(row);
  }
  return out;
}

using Row = std::vector<std::string>;

}  // namespace

std::string CanonicalCell(const engine::LogicalType& type, const std::string& text) {
  if (engine::IsNumeric(type.id)) {
    return CanonicalNumber(text);
  }
  switch (type.id) {
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return CanonicalTime(type.id, text);
    case TypeId::kBoolean:
      return ToLower(Trim(text));
    default:
      return text;
  }
}

ExpectedRows ExpectedFromResult(const engine::QueryResult& result) {
  ExpectedRows out;
  for (const engine::Column& column : result.columns) {
    out.columns.push_back(column.name);
  }
  for (const auto& row : result.rows) {
    std::vector<ExpectedCell> cells;
    for (const engine::Value& value : row) {
      cells.push_back(value.is_null() ? ExpectedCell() : ExpectedCell(value.ToString()));
    }
    out.rows.push_back(std::move(cells));
  }
  return out;
}

std::optional<std::string> CompareRows(const engine::QueryResult& actual,
                                       const ExpectedRows& expected,
                                       const CompareOptions& options) {
  std::vector<std::string> actual_names;
  for (const engine::Column& column : actual.columns) {
    actual_names.push_back(column.name);
  }
  // The compared columns: the expected ones (all of the output's unless partial), by position in
  // the output.
  std::vector<size_t> positions;
  std::vector<std::string> names;
  std::vector<std::string> missing;
  for (const std::string& name : expected.columns) {
    auto it = std::find_if(actual_names.begin(), actual_names.end(),
                           [&](const std::string& a) { return EqualsIgnoreCase(a, name); });
    if (it == actual_names.end()) {
      missing.push_back(name);
    } else {
      positions.push_back(static_cast<size_t>(it - actual_names.begin()));
      names.push_back(*it);
    }
  }
  if (!missing.empty()) {
    return fmt::format("the output has no column {}; its columns are: {}", Join(missing, ", "),
                       Join(actual_names, ", "));
  }
  if (!options.partial && !expected.columns.empty()) {
    std::vector<std::string> extra;
    for (const std::string& name : actual_names) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        extra.push_back(name);
      }
    }
    if (!extra.empty()) {
      return fmt::format(
          "the output has columns the test does not list: {} (list them, or set `partial: true` "
          "to compare only the listed columns)",
          Join(extra, ", "));
    }
  }
  if (expected.columns.empty() && !options.partial) {
    for (size_t i = 0; i < actual_names.size(); ++i) {
      positions.push_back(i);
      names.push_back(actual_names[i]);
    }
  }

  const size_t n = positions.size();
  std::vector<Row> want;
  for (const auto& row : expected.rows) {
    Row cells;
    for (size_t c = 0; c < n; ++c) {
      const ExpectedCell& cell = c < row.size() ? row[c] : ExpectedCell();
      cells.push_back(cell ? CanonicalCell(actual.columns[positions[c]].type, *cell) : kNull);
    }
    want.push_back(std::move(cells));
  }
  std::vector<Row> got;
  for (const auto& row : actual.rows) {
    Row cells;
    for (size_t c = 0; c < n; ++c) {
      const engine::Value& value = row[positions[c]];
      cells.push_back(value.is_null() ? kNull : CanonicalCell(value.type(), value.ToString()));
    }
    got.push_back(std::move(cells));
  }

  // Pairs of (expected, actual) rows that differ; unpaired ones are missing or extra.
  std::vector<std::pair<std::optional<Row>, std::optional<Row>>> differences;
  size_t matching = 0;
  if (options.ordered) {
    for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
      std::optional<Row> w = i < want.size() ? std::optional<Row>(want[i]) : std::nullopt;
      std::optional<Row> g = i < got.size() ? std::optional<Row>(got[i]) : std::nullopt;
      if (w && g && *w == *g) {
        ++matching;
      } else {
        differences.emplace_back(std::move(w), std::move(g));
      }
    }
  } else {
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    std::vector<Row> only_want;
    std::vector<Row> only_got;
    size_t i = 0;
    size_t j = 0;
    while (i < want.size() || j < got.size()) {
      if (i < want.size() && j < got.size() && want[i] == got[j]) {
        ++matching;
        ++i;
        ++j;
      } else if (j >= got.size() || (i < want.size() && want[i] < got[j])) {
        only_want.push_back(want[i++]);
      } else {
        only_got.push_back(got[j++]);
      }
    }
    for (size_t k = 0; k < std::max(only_want.size(), only_got.size()); ++k) {
      differences.emplace_back(
          k < only_want.size() ? std::optional<Row>(only_want[k]) : std::nullopt,
          k < only_got.size() ? std::optional<Row>(only_got[k]) : std::nullopt);
    }
  }
  if (differences.empty()) {
    return std::nullopt;
  }

  std::vector<std::string> header = {"row", "side"};
  header.insert(header.end(), names.begin(), names.end());
  std::vector<std::vector<std::string>> lines;
  int number = 0;
  for (const auto& [w, g] : differences) {
    ++number;
    if (w && g) {
      std::vector<std::string> expected_line = {std::to_string(number), "expected"};
      std::vector<std::string> actual_line = {"", "actual"};
      for (size_t c = 0; c < n; ++c) {
        const bool differs = (*w)[c] != (*g)[c];
        expected_line.push_back(Shown((*w)[c]) + (differs ? " ✘" : ""));
        actual_line.push_back(Shown((*g)[c]) + (differs ? " ✘" : ""));
      }
      lines.push_back(std::move(expected_line));
      lines.push_back(std::move(actual_line));
    } else {
      const Row& row = w ? *w : *g;
      std::vector<std::string> line = {std::to_string(number), w ? "missing" : "extra"};
      for (const std::string& cell : row) {
        line.push_back(Shown(cell));
      }
      lines.push_back(std::move(line));
    }
  }
  std::string text = fmt::format(
      "expected {} row{}, got {}; {} match{}{} (missing: expected but not in the output; extra: "
      "in the output but not expected)\n",
      want.size(), want.size() == 1 ? "" : "s", got.size(), matching, matching == 1 ? "es" : "",
      options.ordered ? ", compared in order" : "");
  text += TextTable(header, lines);
  text.pop_back();  // the caller ends the line
  return text;
}

}  // namespace strata
