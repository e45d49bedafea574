#include "dbt/seed_loader.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "project/csv.h"

namespace strata::dbt {
namespace {

// Rows per INSERT statement.
constexpr size_t kRowsPerInsert = 500;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsAsciiDigit);
}

// A number as agate reads one in the en_US locale: a sign, digits (optionally grouped by
// commas in threes), a fractional part, an exponent. Sets `decimals` to the digits after the
// point (an exponent counts as one: such a number is not an integer literal).
bool ParseNumber(std::string_view s, int* decimals) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    s.remove_prefix(1);
  }
  std::string_view exponent;
  if (size_t e = s.find_first_of("eE"); e != std::string_view::npos) {
    exponent = s.substr(e + 1);
    s = s.substr(0, e);
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
      exponent.remove_prefix(1);
    }
    if (!AllDigits(exponent)) {
      return false;
    }
  }
  std::string_view whole = s;
  std::string_view fraction;
  if (size_t dot = s.find('.'); dot != std::string_view::npos) {
    whole = s.substr(0, dot);
    fraction = s.substr(dot + 1);
    if (!fraction.empty() && !AllDigits(fraction)) {
      return false;
    }
  }
  if (whole.empty() && fraction.empty()) {
    return false;
  }
  if (!whole.empty()) {
    std::vector<std::string_view> groups = Split(whole, ',');
    if (groups.size() == 1) {
      if (!AllDigits(whole)) {
        return false;
      }
    } else {
      if (!AllDigits(groups[0]) || groups[0].size() > 3) {
        return false;
      }
      for (size_t i = 1; i < groups.size(); ++i) {
        if (groups[i].size() != 3 || !AllDigits(groups[i])) {
          return false;
        }
      }
    }
  }
  *decimals = static_cast<int>(fraction.size()) + (exponent.empty() ? 0 : 1);
  return true;
}

// `s` holds a number of 1..`max_digits` digits at [at, at + n) in [min, max]; advances `at`.
bool TakeNumber(std::string_view s, size_t* at, size_t min_digits, size_t max_digits, int min,
                int max) {
  size_t n = 0;
  int value = 0;
  while (*at + n < s.size() && n < max_digits && IsAsciiDigit(s[*at + n])) {
    value = value * 10 + (s[*at + n] - '0');
    ++n;
  }
  if (n < min_digits || value < min || value > max) {
    return false;
  }
  *at += n;
  return true;
}

bool TakeChar(std::string_view s, size_t* at, char c) {
  if (*at < s.size() && s[*at] == c) {
    ++*at;
    return true;
  }
  return false;
}

bool DaysFit(int year, int month, int day) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// `%Y-%m-%d` as Python's strptime reads it (one- or two-digit month and day).
bool TakeDate(std::string_view s, size_t* at) {
  const size_t start = *at;
  if (!TakeNumber(s, at, 4, 4, 1, 9999) || !TakeChar(s, at, '-')) {
    return false;
  }
  const size_t month_at = *at;
  if (!TakeNumber(s, at, 1, 2, 1, 12) || !TakeChar(s, at, '-')) {
    return false;
  }
  const size_t day_at = *at;
  if (!TakeNumber(s, at, 1, 2, 1, 31)) {
    return false;
  }
  const int year = std::stoi(std::string(s.substr(start, 4)));
  const int month = std::stoi(std::string(s.substr(month_at, day_at - month_at - 1)));
  const int day = std::stoi(std::string(s.substr(day_at, *at - day_at)));
  return DaysFit(year, month, day);
}

bool TakeTime(std::string_view s, size_t* at) {
  return TakeNumber(s, at, 1, 2, 0, 23) && TakeChar(s, at, ':') && TakeNumber(s, at, 1, 2, 0, 59) &&
         TakeChar(s, at, ':') && TakeNumber(s, at, 1, 2, 0, 61);
}

bool IsDate(std::string_view s) {
  size_t at = 0;
  return TakeDate(s, &at) && at == s.size();
}

bool IsDateTime(std::string_view s) {
  size_t at = 0;
  return TakeDate(s, &at) && TakeChar(s, &at, ' ') && TakeTime(s, &at) && at == s.size();
}

// An ISO 8601 date-time: date `T` hh:mm[:ss[.fraction]] and an optional `Z` or ±hh[:mm] offset.
bool IsIsoDateTime(std::string_view s) {
  size_t at = 0;
  if (!TakeDate(s, &at) || !TakeChar(s, &at, 'T') || !TakeNumber(s, &at, 2, 2, 0, 23) ||
      !TakeChar(s, &at, ':') || !TakeNumber(s, &at, 2, 2, 0, 59)) {
    return false;
  }
  if (TakeChar(s, &at, ':')) {
    if (!TakeNumber(s, &at, 2, 2, 0, 60)) {
      return false;
    }
    if (TakeChar(s, &at, '.') || TakeChar(s, &at, ',')) {
      if (!TakeNumber(s, &at, 1, 9, 0, 999999999)) {
        return false;
      }
    }
  }
  if (TakeChar(s, &at, 'Z')) {
    return at == s.size();
  }
  if (TakeChar(s, &at, '+') || TakeChar(s, &at, '-')) {
    if (!TakeNumber(s, &at, 2, 2, 0, 23)) {
      return false;
    }
    TakeChar(s, &at, ':');
    if (at < s.size() && !TakeNumber(s, &at, 2, 2, 0, 59)) {
      return false;
    }
  }
  return at == s.size();
}

bool IsBoolean(std::string_view s) {
  const std::string lower = ToLower(Trim(s));
  return lower == "true" || lower == "false";
}

// A value of a column typed `type`, as an SQL literal.
std::string Literal(const std::optional<std::string>& value, std::string_view type) {
  if (!value) {
    return "NULL";
  }
  if (type == "integer" || type == "float8") {
    std::string digits;
    for (char c : Trim(*value)) {
      if (c != ',') {
        digits += c;
      }
    }
    return digits;
  }
  if (type == "boolean") {
    return ToLower(Trim(*value));
  }
  return QuoteSqlString(*value);
}

}  // namespace

std::string InferSeedType(const std::vector<std::optional<std::string>>& values) {
  auto all = [&](auto&& test) {
    return std::all_of(values.begin(), values.end(), [&](const std::optional<std::string>& v) {
      return !v || test(std::string(Trim(*v)));
    });
  };
  int max_decimals = 0;
  if (all([&](const std::string& v) {
        int decimals = 0;
        if (!ParseNumber(v, &decimals)) {
          return false;
        }
        max_decimals = std::max(max_decimals, decimals);
        return true;
      })) {
    return max_decimals > 0 ? "float8" : "integer";
  }
  if (all([](const std::string& v) { return IsDate(v); })) {
    return "date";
  }
  if (all([](const std::string& v) { return IsDateTime(v) || IsIsoDateTime(v); })) {
    return "timestamp without time zone";
  }
  if (all([](const std::string& v) { return IsBoolean(v); })) {
    return "boolean";
  }
  return "text";
}

Result<SeedTable> ReadSeed(const std::filesystem::path& file, const NodeConfig& config) {
  project::CsvSettings settings;
  settings.skip_initial_space = false;
  if (std::optional<std::string> delimiter = config.String("delimiter")) {
    if (delimiter->size() != 1) {
      return Status::ProjectError(
                 fmt::format("the delimiter of seed {} must be one character, not '{}'",
                             file.filename().string(), *delimiter))
          .WithHint("set `delimiter: \";\"` (or another single character) in the seed's config");
    }
    settings.delimiter = (*delimiter)[0];
  }
  STRATA_ASSIGN_OR_RETURN(project::CsvTable csv, project::ReadCsvFile(file, settings));
  const jinja::Value* column_types = config.Find("column_types");
  if (column_types != nullptr && !column_types->is_none() && !column_types->is_dict()) {
    return Status::ProjectError(
               fmt::format("column_types of seed {} must be a mapping", file.filename().string()))
        .WithHint("write `column_types: {column: type}`");
  }
  SeedTable table;
  std::vector<std::vector<std::optional<std::string>>> columns(csv.columns.size());
  for (const auto& row : csv.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      std::optional<std::string> value = row[c];
      if (value && (value->empty() || ToLower(*value) == "null")) {
        value.reset();
      }
      columns[c].push_back(std::move(value));
    }
  }
  for (size_t c = 0; c < csv.columns.size(); ++c) {
    SeedColumn column{csv.columns[c], ""};
    if (column_types != nullptr && column_types->is_dict()) {
      if (const jinja::Value* type = column_types->as_dict()->FindString(column.name)) {
        column.type = type->is_string() ? type->as_string() : "";
      }
    }
    if (column.type.empty()) {
      column.type = InferSeedType(columns[c]);
    }
    table.columns.push_back(std::move(column));
  }
  table.rows.reserve(csv.rows.size());
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    std::vector<std::string> row;
    row.reserve(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
      row.push_back(Literal(columns[c][r], table.columns[c].type));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<SeedLoad> LoadSeed(engine::EngineAdapter& db, const RelationName& relation,
                          const SeedTable& table, const NodeConfig& config, bool full_refresh,
                          Existing existing) {
  bool quote = true;
  if (const jinja::Value* value = config.Find("quote_columns"); value && value->is_bool()) {
    quote = value->as_bool();
  }
  std::vector<std::string> names;
  std::vector<std::string> definitions;
  for (const SeedColumn& column : table.columns) {
    names.push_back(quote ? QuoteSqlIdentifier(column.name) : column.name);
    definitions.push_back(names.back() + " " + column.type);
  }
  const std::string target = relation.Render();
  SeedLoad load;
  STRATA_RETURN_IF_ERROR(db.Begin());
  auto body = [&]() -> Status {
    if (existing == Existing::kTable && !full_refresh) {
      STRATA_RETURN_IF_ERROR(db.Execute("DELETE FROM " + target).status());
    } else {
      if (existing != Existing::kNone) {
        STRATA_RETURN_IF_ERROR(
            db.Execute(fmt::format("DROP {} {}{}", existing == Existing::kTable ? "TABLE" : "VIEW",
                                   target,
                                   db.type() == engine::EngineType::kPostgres ? " CASCADE" : ""))
                .status());
      }
      STRATA_RETURN_IF_ERROR(
          db.Execute(fmt::format("CREATE TABLE {} ({})", target, Join(definitions, ", ")))
              .status());
      load.recreated = true;
    }
    const std::string prefix =
        fmt::format("INSERT INTO {} ({}) VALUES ", target, Join(names, ", "));
    for (size_t begin = 0; begin < table.rows.size(); begin += kRowsPerInsert) {
      std::string sql = prefix;
      const size_t end = std::min(table.rows.size(), begin + kRowsPerInsert);
      for (size_t r = begin; r < end; ++r) {
        sql += fmt::format("{}({})", r == begin ? "" : ", ", Join(table.rows[r], ", "));
      }
      STRATA_ASSIGN_OR_RETURN(int64_t inserted, db.Execute(sql));
      load.inserted += inserted;
    }
    return Status::OK();
  };
  if (Status status = body(); !status.ok()) {
    (void)db.Rollback();
    return status;
  }
  STRATA_RETURN_IF_ERROR(db.Commit());
  return load;
}

}  // namespace strata::dbt
