// A single-pass CSV reader that tracks line and column for errors, and type inference over the
// parsed fields.
#include "project/csv.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::project {

namespace {

std::string LineText(const std::string& text, size_t line_start) {
  size_t end = text.find('\n', line_start);
  std::string line = text.substr(line_start, end == std::string::npos ? end : end - line_start);
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

bool IsInteger(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 18) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

bool IsDouble(std::string_view s) {
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return false;
  }
  // from_chars accepts "inf"/"nan"; a seed column of those is text.
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+') {
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

Result<CsvTable> ParseCsv(const std::string& text, const std::filesystem::path& file,
                          const CsvSettings& settings) {
  auto error = [&](int line, int column, size_t line_start, std::string message,
                   std::string hint = "") {
    Status s = Status::ParseError(std::move(message))
                   .WithLocation({file.string(), line, column, LineText(text, line_start)});
    return hint.empty() ? s : std::move(s).WithHint(std::move(hint));
  };
  if (size_t bad = FindInvalidUtf8(text); bad != std::string::npos) {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return error(line, static_cast<int>(bad - line_start) + 1, line_start,
                 "the file is not valid UTF-8", "save the seed as UTF-8");
  }

  std::vector<std::vector<CsvField>> records;
  std::vector<int> record_lines;
  size_t i = 0;
  int line = 1;
  size_t line_start = 0;
  size_t skip = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a UTF-8 byte-order mark
  i = skip;
  while (i < text.size()) {
    std::vector<CsvField> record;
    const int record_line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      if (settings.skip_initial_space) {
        while (i < text.size() && text[i] == ' ' && settings.delimiter != ' ') {
          ++i;
        }
      }
      if (i < text.size() && text[i] == settings.quote) {
        const int open_line = line;
        const size_t open_start = line_start;
        const int open_column = static_cast<int>(i - line_start) + 1;
        std::string value;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == settings.escape && settings.escape != settings.quote && i + 1 < text.size() &&
              (text[i + 1] == settings.quote || text[i + 1] == settings.escape)) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          if (c == settings.quote) {
            if (settings.escape == settings.quote && i + 1 < text.size() &&
                text[i + 1] == settings.quote) {
              value += settings.quote;
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            line_start = i + 1;
          }
          value += c;
          ++i;
        }
        if (!closed) {
          return error(open_line, open_column, open_start, "unterminated quoted field",
                       fmt::format("close the field with {}", settings.quote));
        }
        record.emplace_back(std::move(value));
      } else {
        size_t start = i;
        while (i < text.size() && text[i] != settings.delimiter && text[i] != '\n' &&
               !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
          if (text[i] == settings.quote) {
            return error(line, static_cast<int>(i - line_start) + 1, line_start,
                         "a quote inside an unquoted field",
                         "quote the whole field and double the quotes inside it");
          }
          ++i;
        }
        size_t end = i;
        if (end > start && text[end - 1] == '\r' && end == text.size()) {
          --end;
        }
        if (end == start) {
          record.emplace_back(std::nullopt);
        } else {
          record.emplace_back(text.substr(start, end - start));
        }
      }
      // After a field: a delimiter, a line end, or the end of the text.
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == settings.delimiter) {
        ++i;
      } else if (text[i] == '\n' || text[i] == '\r') {
        i += text[i] == '\r' ? 2 : 1;
        ++line;
        line_start = i;
        end_of_record = true;
      } else {
        return error(line, static_cast<int>(i - line_start) + 1, line_start,
                     "text after the closing quote of a field",
                     fmt::format("put a '{}' after the closing quote", settings.delimiter));
      }
    }
    const bool blank = record.size() == 1 && !record[0].has_value();
    if (!blank) {
      records.push_back(std::move(record));
      record_lines.push_back(record_line);
    }
  }

  CsvTable table;
  size_t first_row = 0;
  if (settings.header) {
    if (records.empty()) {
      return Status::ParseError("the file is empty; a seed needs a header row")
          .WithLocation({file.string(), 1, 1, ""});
    }
    std::set<std::string> seen;
    for (size_t c = 0; c < records[0].size(); ++c) {
      const CsvField& name = records[0][c];
      std::string trimmed = name ? std::string(Trim(*name)) : "";
      if (trimmed.empty()) {
        return error(record_lines[0], 1, 0, fmt::format("header column {} has no name", c + 1),
                     "give every column a name in the first line");
      }
      if (!seen.insert(trimmed).second) {
        return error(record_lines[0], 1, 0, fmt::format("duplicate column name '{}'", trimmed));
      }
      table.columns.push_back(trimmed);
    }
    first_row = 1;
  } else if (!records.empty()) {
    for (size_t c = 0; c < records[0].size(); ++c) {
      table.columns.push_back(fmt::format("column_{}", c + 1));
    }
  }
  size_t offset = 0;
  for (size_t r = first_row; r < records.size(); ++r) {
    if (records[r].size() != table.columns.size()) {
      // Find where the row starts for the caret line.
      offset = 0;
      for (int l = 1; l < record_lines[r] && offset != std::string::npos; ++l) {
        offset = text.find('\n', offset);
        if (offset != std::string::npos) {
          ++offset;
        }
      }
      return error(record_lines[r], 1, offset == std::string::npos ? 0 : offset,
                   fmt::format("row has {} fields but the header has {}", records[r].size(),
                               table.columns.size()),
                   "quote fields that contain the delimiter");
    }
    table.rows.push_back(std::move(records[r]));
    table.row_lines.push_back(record_lines[r]);
  }
  return table;
}

Result<CsvTable> ReadCsvFile(const std::filesystem::path& file, const CsvSettings& settings) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::IoError(fmt::format("cannot read {}", file.string()))
        .WithHint("check the seed's path; it is relative to the project folder");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCsv(text.str(), file, settings);
}

std::string InferCsvColumnType(const CsvTable& table, size_t column) {
  bool missing = false, any = false, boolean = true, integer = true, number = true;
  for (const auto& row : table.rows) {
    const CsvField& field = row[column];
    if (!field) {
      missing = true;
      continue;
    }
    any = true;
    const std::string& value = *field;
    boolean = boolean && (value == "true" || value == "True" || value == "TRUE" ||
                          value == "false" || value == "False" || value == "FALSE");
    integer = integer && IsInteger(value);
    number = number && IsDouble(value);
  }
  // pandas' dtypes, as SQLMesh maps them: a column with a missing value cannot be int64 or bool
  // (float64 holds NaN; bool becomes object).
  if (!any) {
    return "DOUBLE";
  }
  if (boolean) {
    return missing ? "VARCHAR" : "BOOLEAN";
  }
  if (integer) {
    return missing ? "DOUBLE" : "BIGINT";
  }
  if (number) {
    return "DOUBLE";
  }
  return "VARCHAR";
}

}  // namespace strata::project
