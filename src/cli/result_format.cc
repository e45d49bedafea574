// Dispatch from a ResultFormat to its writer.
#include "cli/result_format.h"

#include "cli/csv_writer.h"
#include "cli/json_writer.h"
#include "cli/table_writer.h"

namespace strata::cli {

std::optional<ResultFormat> ParseResultFormat(std::string_view name) {
  if (name == "table") {
    return ResultFormat::kTable;
  }
  if (name == "csv") {
    return ResultFormat::kCsv;
  }
  if (name == "json") {
    return ResultFormat::kJson;
  }
  return std::nullopt;
}

void WriteResult(const engine::QueryResult& result, ResultFormat format, std::ostream& out) {
  switch (format) {
    case ResultFormat::kTable:
      WriteTable(result, out);
      return;
    case ResultFormat::kCsv:
      WriteCsv(result, out);
      return;
    case ResultFormat::kJson:
      WriteJson(result, out);
      return;
  }
}

}  // namespace strata::cli
