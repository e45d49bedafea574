// Aligned table output: compute every cell's text and width first, then pad.
#include "cli/table_writer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/display_width.h"

namespace strata::cli {

namespace {

std::string Printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

struct Cell {
  std::string text;
  size_t width = 0;
};

Cell MakeCell(std::string text) {
  Cell cell{Printable(text), 0};
  cell.width = DisplayWidth(cell.text);
  return cell;
}

void Pad(std::string& line, const Cell& cell, size_t width, bool right) {
  const std::string padding(width - cell.width, ' ');
  line += right ? padding + cell.text : cell.text + padding;
}

void TrimRight(std::string& line) { line.erase(line.find_last_not_of(' ') + 1); }

}  // namespace

void WriteTable(const engine::QueryResult& result, std::ostream& out) {
  const size_t columns = result.columns.size();
  std::vector<Cell> header;
  std::vector<size_t> widths;
  std::vector<bool> right;
  for (const auto& column : result.columns) {
    header.push_back(MakeCell(column.name));
    widths.push_back(header.back().width);
    right.push_back(engine::IsNumeric(column.type.id));
  }
  std::vector<std::vector<Cell>> cells;
  cells.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    std::vector<Cell>& line = cells.emplace_back();
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      line.push_back(MakeCell(row[c].ToString()));
      widths[c] = std::max(widths[c], line.back().width);
    }
  }

  std::string line;
  auto write_row = [&](const std::vector<Cell>& row) {
    line.clear();
    for (size_t c = 0; c < row.size(); ++c) {
      line += c == 0 ? " " : " | ";
      Pad(line, row[c], widths[c], right[c]);
    }
    TrimRight(line);
    out << line << '\n';
  };
  if (columns > 0) {
    write_row(header);
    line.clear();
    for (size_t c = 0; c < columns; ++c) {
      line += c == 0 ? "-" : "-+-";
      line += std::string(widths[c], '-');
    }
    out << line << "-\n";
    for (const auto& row : cells) {
      write_row(row);
    }
  }
  out << fmt::format("({} row{})\n", result.rows.size(), result.rows.size() == 1 ? "" : "s");
}

void WriteExpanded(const engine::QueryResult& result, std::ostream& out) {
  size_t name_width = 0;
  for (const auto& column : result.columns) {
    name_width = std::max(name_width, DisplayWidth(column.name));
  }
  for (size_t r = 0; r < result.rows.size(); ++r) {
    const std::string title = "-[ RECORD " + std::to_string(r + 1) + " ]";
    out << title
        << std::string(title.size() < name_width + 3 ? name_width + 3 - title.size() : 1, '-')
        << "\n";
    const auto& row = result.rows[r];
    for (size_t c = 0; c < result.columns.size() && c < row.size(); ++c) {
      const std::string& name = result.columns[c].name;
      out << name << std::string(name_width - DisplayWidth(name), ' ') << " | "
          << (row[c].is_null() ? std::string("NULL") : row[c].ToString()) << "\n";
    }
  }
  out << "(" << result.rows.size() << " row" << (result.rows.size() == 1 ? "" : "s") << ")\n";
}

void WriteFitting(const engine::QueryResult& result, size_t width, std::ostream& out) {
  std::ostringstream table;
  WriteTable(result, table);
  const std::string text = table.str();
  size_t widest = 0;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) {
      end = text.size();
    }
    widest = std::max(widest, DisplayWidth(std::string_view(text).substr(begin, end - begin)));
    begin = end + 1;
  }
  if (widest <= width) {
    out << text;
  } else {
    WriteExpanded(result, out);
  }
}

size_t TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long value = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && value > 0) {
      return static_cast<size_t>(value);
    }
  }
  return 120;
}

}  // namespace strata::cli
