// RFC 4180 CSV with NULL as an empty field and the empty string as "".
#include "cli/csv_writer.h"

#include <string>

namespace strata::cli {

namespace {

void AppendField(std::string& line, const std::string& text, bool force_quotes) {
  if (!force_quotes && text.find_first_of(",\"\r\n") == std::string::npos) {
    line += text;
    return;
  }
  line.push_back('"');
  for (char c : text) {
    if (c == '"') {
      line.push_back('"');
    }
    line.push_back(c);
  }
  line.push_back('"');
}

void AppendValue(std::string& line, const engine::Value& value) {
  if (value.is_null()) {
    return;
  }
  const engine::TypeId id = value.type().id;
  if (id == engine::TypeId::kVarchar || id == engine::TypeId::kEnum) {
    AppendField(line, value.AsString(), value.AsString().empty());
    return;
  }
  AppendField(line, value.ToString(), false);
}

}  // namespace

void WriteCsv(const engine::QueryResult& result, std::ostream& out) {
  std::string line;
  for (size_t c = 0; c < result.columns.size(); ++c) {
    if (c > 0) {
      line.push_back(',');
    }
    AppendField(line, result.columns[c].name, result.columns[c].name.empty());
  }
  line.push_back('\n');
  out << line;
  for (const auto& row : result.rows) {
    line.clear();
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) {
        line.push_back(',');
      }
      AppendValue(line, row[c]);
    }
    line.push_back('\n');
    out << line;
  }
}

}  // namespace strata::cli
