// Reading CSV files for SEED models: RFC 4180 records with a header row, the `csv_settings` of a
// seed (delimiter, quote character, escape character, header), and the column-type inference used
// when a seed declares no `columns`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace strata::project {

struct CsvSettings {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';  // the character that escapes a quote inside a quoted field
  bool header = true;
  // Spaces at the start of a field are not part of it (SQLMesh reads seeds with pandas'
  // skipinitialspace on), so indented rows and whitespace-only lines read as SQLMesh reads them.
  bool skip_initial_space = true;
};

// One field: nullopt for an empty unquoted field (NULL); "" for a quoted empty field.
using CsvField = std::optional<std::string>;

struct CsvTable {
  std::vector<std::string> columns;         // from the header, or column_1.. without one
  std::vector<std::vector<CsvField>> rows;  // rows[i].size() == columns.size()
  std::vector<int> row_lines;               // the 1-based line each row starts on
};

// Parses `text` (a whole file; `file` names it in errors). Fails with kParseError naming the line
// and column of: invalid UTF-8, an unterminated quoted field, text after a closing quote, a row
// with a different number of fields than the header, an empty or duplicate header name.
Result<CsvTable> ParseCsv(const std::string& text, const std::filesystem::path& file,
                          const CsvSettings& settings = {});

// Reads and parses a CSV file.
Result<CsvTable> ReadCsvFile(const std::filesystem::path& file, const CsvSettings& settings = {});

// The type of column `column` as SQLMesh gives it (pandas' read_csv dtype, then SQLMesh's mapping
// of dtypes to SQL): BOOLEAN when every value is true/false (True, TRUE, …) and none is missing;
// BIGINT when every value is an integer and none is missing; DOUBLE for numbers (integers with a
// missing value too) and for a column of only NULLs; otherwise VARCHAR — dates and timestamps
// included, which pandas leaves as text (declare `columns` to type them).
std::string InferCsvColumnType(const CsvTable& table, size_t column);

}  // namespace strata::project
