// SQL keywords known to the tokenizer and parser. Each word token carries its Keyword id (kNone
// for plain identifiers), so the parser compares small integers instead of strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace strata::sql {

// clang-format off
// X(name): the keyword's upper-case spelling is #name.
#define STRATA_SQL_KEYWORDS(X) \
  X(ADD) X(ALL) X(ALTER) X(ANALYZE) X(AND) X(ANTI) X(ANY) X(ARRAY) X(AS) X(ASC) X(ASOF) X(AT) \
  X(BETWEEN) X(BOTH) X(BY) X(CASCADE) X(CASE) X(CAST) X(CHECK) X(COLLATE) X(COLUMN) X(COLUMNS) \
  X(CONFLICT) X(CONSTRAINT) X(CREATE) X(CROSS) X(CUBE) X(CURRENT) X(DATA) X(DEFAULT) X(DELETE) \
  X(DESC) X(DESCRIBE) X(DISTINCT) X(DO) X(DROP) X(ELSE) X(END) X(ESCAPE) X(EXCEPT) X(EXCLUDE) \
  X(EXISTS) X(EXTRACT) X(FALSE) X(FETCH) X(FILTER) X(FIRST) X(FOLLOWING) X(FOR) X(FOREIGN) \
  X(FROM) X(FULL) X(GLOB) X(GROUP) X(GROUPING) X(GROUPS) X(HAVING) X(IF) X(IGNORE) X(ILIKE) \
  X(IN) X(INCLUDE) X(INNER) X(INSERT) X(INTERSECT) X(INTERVAL) X(INTO) X(IS) X(ISNULL) X(JOIN) \
  X(KEY) X(LAMBDA) X(LAST) X(LATERAL) X(LEADING) X(LEFT) X(LIKE) X(LIMIT) X(MAP) X(MATCHED) \
  X(MATERIALIZED) X(MERGE) X(NAME) X(NATURAL) X(NEXT) X(NO) X(NOT) X(NOTHING) X(NOTNULL) \
  X(NULL) X(NULLS) X(OFFSET) X(ON) X(ONLY) X(OR) X(ORDER) X(OTHERS) X(OUTER) X(OVER) \
  X(PARTITION) X(PERCENT) X(PIVOT) X(POSITION) X(POSITIONAL) X(PRECEDING) X(PRIMARY) \
  X(QUALIFY) X(RANGE) X(RECURSIVE) X(REFERENCES) X(RENAME) X(REPLACE) X(RESPECT) X(RESTRICT) \
  X(RETURNING) X(RIGHT) X(ROLLUP) X(ROW) X(ROWS) X(SAMPLE) X(SCHEMA) X(SELECT) X(SEMI) X(SET) \
  X(SETS) X(SHOW) X(SIMILAR) X(SOME) X(SOURCE) X(STRUCT) X(SUBSTRING) X(SUMMARIZE) \
  X(SYMMETRIC) X(TABLE) X(TABLESAMPLE) X(TARGET) X(TEMP) X(TEMPORARY) X(THEN) X(TIES) X(TIME) \
  X(TO) X(TRAILING) X(TRIM) X(TRUE) X(TRY_CAST) X(TYPE) X(UNBOUNDED) X(UNION) X(UNIQUE) \
  X(UNPIVOT) X(UPDATE) X(USING) X(VALUES) X(VARIADIC) X(VIEW) X(WHEN) X(WHERE) X(WINDOW) \
  X(WITH) X(WITHIN) X(WITHOUT) X(ZONE) X(OVERLAPS)
// clang-format on

enum class Keyword : uint16_t {
  kNone,
#define STRATA_SQL_KEYWORD_ENUM(name) k##name,
  STRATA_SQL_KEYWORDS(STRATA_SQL_KEYWORD_ENUM)
#undef STRATA_SQL_KEYWORD_ENUM
      kCount,
};

// The keyword spelled by `word` (any case), or Keyword::kNone.
Keyword LookupKeyword(std::string_view word);

// The upper-case spelling of `keyword`; "" for kNone.
std::string_view KeywordText(Keyword keyword);

// True when `keyword` is reserved in DuckDB and PostgreSQL: it cannot be a column or table
// name or an alias without double quotes.
bool IsReservedKeyword(Keyword keyword);

// True when `keyword` cannot be a bare table, column or alias name (reserved words and the
// words that name join kinds or operators: LEFT, JOIN, LIKE, IS, ...). The parser rejects such
// bare names and the generator quotes them; after AS or a dot any word is a name.
bool CannotBeBareName(Keyword keyword);

// True when a bare `keyword` cannot start an implicit alias (`SELECT a b`, `FROM t x`) because
// it continues or ends the surrounding clause (JOIN, LIKE, WINDOW, ...).
bool BlocksImplicitAlias(Keyword keyword);

// ASCII case-insensitive comparison.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace strata::sql
