// The templates of the built-in audits. Each returns the offending rows of `@this_model` (for
// incremental models, the rows of the batch's interval: the caller points @this_model at them).
// Columns strata adds to show why a row fails are named strata_*.
#include "project/builtin_audits.h"

#include <algorithm>

namespace strata::project {

namespace {

constexpr std::string_view kSuffix = "_non_blocking";

// `@column` matches none of `@patterns` (regular expressions).
constexpr std::string_view kMatchRegex =
    "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
    "(@REDUCE(@EACH(@patterns, p -> REGEXP_MATCHES(@column, p)), (l, r) -> l OR r))";
constexpr std::string_view kMatchRegexPostgres =
    "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
    "(@REDUCE(@EACH(@patterns, p -> CAST(@column AS TEXT) ~ p), (l, r) -> l OR r))";

std::vector<BuiltInAudit> MakeAudits() {
  std::vector<BuiltInAudit> audits = {
      {"not_null",
       {"columns"},
       {},
       "SELECT * FROM @this_model WHERE @REDUCE(@EACH(@columns, c -> c IS NULL), (l, r) -> l OR r)",
       "",
       "no listed column is NULL"},
      {"unique_values",
       {"columns"},
       {},
       "SELECT * FROM (SELECT *, @EACH(@columns, c -> COUNT(*) OVER (PARTITION BY c) AS "
       "strata_rows_with_@c) FROM @this_model) AS strata_audit WHERE "
       "@REDUCE(@EACH(@columns, c -> strata_rows_with_@c > 1), (l, r) -> l OR r)",
       "",
       "each listed column holds no value twice (NULL counts as a value)"},
      {"unique_values_non_null",
       {"columns"},
       {},
       "SELECT * FROM (SELECT *, @EACH(@columns, c -> COUNT(c) OVER (PARTITION BY c) AS "
       "strata_rows_with_@c) FROM @this_model) AS strata_audit WHERE "
       "@REDUCE(@EACH(@columns, c -> strata_rows_with_@c > 1), (l, r) -> l OR r)",
       "",
       "each listed column holds no non-NULL value twice"},
      {"unique_combination_of_columns",
       {"columns"},
       {},
       "SELECT * FROM (SELECT *, COUNT(*) OVER (PARTITION BY @columns) AS strata_rows_with_key "
       "FROM @this_model) AS strata_audit WHERE strata_rows_with_key > 1",
       "",
       "no two rows share the same values in all listed columns"},
      {"accepted_values",
       {"column", "is_in"},
       {},
       "SELECT * FROM @this_model WHERE @column NOT IN (@EACH(@is_in, v -> v))",
       "",
       "the column holds only the listed values (or NULL)"},
      {"not_accepted_values",
       {"column", "is_in"},
       {},
       "SELECT * FROM @this_model WHERE @column IN (@EACH(@is_in, v -> v))",
       "",
       "the column holds none of the listed values"},
      {"number_of_rows",
       {"threshold"},
       {},
       "SELECT COUNT(*) AS strata_row_count FROM @this_model HAVING COUNT(*) <= @threshold",
       "",
       "the table (for incremental models: the batch) has more than `threshold` rows"},
      {"forall",
       {"criteria"},
       {},
       "SELECT * FROM @this_model WHERE @REDUCE(@EACH(@criteria, c -> NOT (c)), (l, r) -> l OR r)",
       "",
       "every row satisfies every listed boolean expression"},
      {"accepted_range",
       {"column"},
       {{"min_v", "NULL"}, {"max_v", "NULL"}, {"inclusive", "TRUE"}},
       "SELECT * FROM @this_model WHERE @OR("
       "@IF(@min_v IS NOT NULL, @IF(@inclusive, @column < @min_v, @column <= @min_v)), "
       "@IF(@max_v IS NOT NULL, @IF(@inclusive, @column > @max_v, @column >= @max_v)))",
       "",
       "the column lies between min_v and max_v (either may be left out)"},
      {"not_null_proportion",
       {"column", "threshold"},
       {},
       "SELECT COUNT(*) - COUNT(@column) AS strata_null_rows, COUNT(*) AS strata_rows FROM "
       "@this_model HAVING COUNT(*) - COUNT(@column) > @threshold * COUNT(*)",
       "",
       "at most the proportion `threshold` (0 to 1) of the rows has a NULL in the column"},
      {"mutually_exclusive_ranges",
       {"lower_bound_column", "upper_bound_column"},
       {},
       "SELECT * FROM (SELECT *, LEAD(@lower_bound_column) OVER (ORDER BY @lower_bound_column, "
       "@upper_bound_column) AS strata_next_lower_bound FROM @this_model) AS strata_audit WHERE "
       "@lower_bound_column > @upper_bound_column OR strata_next_lower_bound < "
       "@upper_bound_column",
       "",
       "no two rows' ranges [lower_bound_column, upper_bound_column] overlap"},
      {"at_least_one",
       {"column"},
       {},
       "SELECT COUNT(@column) AS strata_non_null_values FROM @this_model "
       "HAVING COUNT(@column) = 0",
       "",
       "the column holds at least one non-NULL value"},
      {"not_constant",
       {"column"},
       {},
       "SELECT COUNT(DISTINCT @column) AS strata_distinct_values FROM @this_model "
       "HAVING COUNT(DISTINCT @column) < 2",
       "",
       "the column holds at least two distinct non-NULL values"},
      {"positive_values",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column <= 0",
       "",
       "the column is greater than 0 (or NULL)"},
      {"non_negative_values",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column < 0",
       "",
       "the column is 0 or more (or NULL)"},
      {"not_negative_values",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column < 0",
       "",
       "the same as non_negative_values"},
      {"not_empty_string",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column = ''",
       "",
       "the column is never the empty string"},
      {"sequential_values",
       {"column"},
       {{"interval", "1"}},
       "SELECT * FROM (SELECT *, LAG(@column) OVER (ORDER BY @column) AS strata_previous_value "
       "FROM @this_model) AS strata_audit WHERE @column - strata_previous_value <> @interval",
       "",
       "sorted, consecutive values of the column differ by `interval` (default 1)"},
      {"match_regex_pattern_list",
       {"column", "patterns"},
       {},
       kMatchRegex,
       kMatchRegexPostgres,
       "every non-NULL value matches at least one of the regular expressions"},
      {"not_match_regex_pattern_list",
       {"column", "patterns"},
       {},
       "SELECT * FROM @this_model WHERE "
       "@REDUCE(@EACH(@patterns, p -> REGEXP_MATCHES(@column, p)), (l, r) -> l OR r)",
       "SELECT * FROM @this_model WHERE "
       "@REDUCE(@EACH(@patterns, p -> CAST(@column AS TEXT) ~ p), (l, r) -> l OR r)",
       "no value matches any of the regular expressions"},
      {"match_like_pattern_list",
       {"column", "patterns"},
       {},
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
       "(@REDUCE(@EACH(@patterns, p -> @column LIKE p), (l, r) -> l OR r))",
       "",
       "every non-NULL value matches at least one of the LIKE patterns"},
      {"not_match_like_pattern_list",
       {"column", "patterns"},
       {},
       "SELECT * FROM @this_model WHERE "
       "@REDUCE(@EACH(@patterns, p -> @column LIKE p), (l, r) -> l OR r)",
       "",
       "no value matches any of the LIKE patterns"},
      {"valid_uuid",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT REGEXP_MATCHES(CAST(@column "
       "AS TEXT), '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')",
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT (CAST(@column AS TEXT) ~ "
       "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')",
       "every non-NULL value is a UUID (8-4-4-4-12 hexadecimal digits)"},
      {"valid_email",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
       "REGEXP_MATCHES(@column, '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}$')",
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
       "(@column ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}$')",
       "every non-NULL value looks like an e-mail address"},
      {"valid_url",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
       "REGEXP_MATCHES(@column, '^(https?|ftp)://[^\\s/$.?#][^\\s]*$')",
       "SELECT * FROM @this_model WHERE @column IS NOT NULL AND NOT "
       "(@column ~ '^(https?|ftp)://[^\\s/$.?#][^\\s]*$')",
       "every non-NULL value is an http, https or ftp URL"},
      {"valid_http_method",
       {"column"},
       {},
       "SELECT * FROM @this_model WHERE @column NOT IN "
       "('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT')",
       "",
       "every non-NULL value is an HTTP method in upper case"},
      {"string_length_between",
       {"column"},
       {{"min_v", "NULL"}, {"max_v", "NULL"}, {"inclusive", "TRUE"}},
       "SELECT * FROM @this_model WHERE @OR("
       "@IF(@min_v IS NOT NULL, @IF(@inclusive, LENGTH(CAST(@column AS TEXT)) < @min_v, "
       "LENGTH(CAST(@column AS TEXT)) <= @min_v)), "
       "@IF(@max_v IS NOT NULL, @IF(@inclusive, LENGTH(CAST(@column AS TEXT)) > @max_v, "
       "LENGTH(CAST(@column AS TEXT)) >= @max_v)))",
       "",
       "the length of every value lies between min_v and max_v"},
      {"string_length_equal",
       {"column", "v"},
       {},
       "SELECT * FROM @this_model WHERE LENGTH(CAST(@column AS TEXT)) <> @v",
       "",
       "every value is exactly `v` characters long"},
      {"mean_in_range",
       {"column"},
       {{"min_v", "NULL"}, {"max_v", "NULL"}, {"inclusive", "TRUE"}},
       "SELECT AVG(@column) AS strata_mean FROM @this_model HAVING @OR("
       "@IF(@min_v IS NOT NULL, @IF(@inclusive, AVG(@column) < @min_v, AVG(@column) <= @min_v)), "
       "@IF(@max_v IS NOT NULL, @IF(@inclusive, AVG(@column) > @max_v, AVG(@column) >= @max_v)))",
       "",
       "the column's mean lies between min_v and max_v"},
      {"stddev_in_range",
       {"column"},
       {{"min_v", "NULL"}, {"max_v", "NULL"}, {"inclusive", "TRUE"}},
       "SELECT STDDEV_SAMP(@column) AS strata_stddev FROM @this_model HAVING @OR("
       "@IF(@min_v IS NOT NULL, @IF(@inclusive, STDDEV_SAMP(@column) < @min_v, "
       "STDDEV_SAMP(@column) <= @min_v)), "
       "@IF(@max_v IS NOT NULL, @IF(@inclusive, STDDEV_SAMP(@column) > @max_v, "
       "STDDEV_SAMP(@column) >= @max_v)))",
       "",
       "the column's sample standard deviation lies between min_v and max_v"},
      {"z_score",
       {"column", "threshold"},
       {},
       "SELECT * FROM (SELECT *, (@column - AVG(@column) OVER ()) / "
       "NULLIF(STDDEV_SAMP(@column) OVER (), 0) AS strata_z_score FROM @this_model) AS "
       "strata_audit WHERE ABS(strata_z_score) > @threshold",
       "",
       "no value lies more than `threshold` standard deviations from the mean"},
  };
  std::sort(audits.begin(), audits.end(),
            [](const BuiltInAudit& a, const BuiltInAudit& b) { return a.name < b.name; });
  return audits;
}

}  // namespace

const std::vector<BuiltInAudit>& BuiltInAudits() {
  static const std::vector<BuiltInAudit> audits = MakeAudits();
  return audits;
}

std::string_view StripNonBlocking(std::string_view name, bool* non_blocking) {
  const bool has = name.size() > kSuffix.size() && name.ends_with(kSuffix);
  if (non_blocking != nullptr) {
    *non_blocking = has;
  }
  return has ? name.substr(0, name.size() - kSuffix.size()) : name;
}

const BuiltInAudit* FindBuiltInAudit(std::string_view name) {
  const std::string_view base = StripNonBlocking(name, nullptr);
  for (const BuiltInAudit& audit : BuiltInAudits()) {
    if (audit.name == base) {
      return &audit;
    }
  }
  return nullptr;
}

}  // namespace strata::project
