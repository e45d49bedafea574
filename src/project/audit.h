// Audits (DESIGN.md §7): `audits/*.sql` files holding one or more `AUDIT (name x, ...); query;`
// pairs, whose query returns the bad rows (with `@this_model` and argument macros such as
// `@column` left for the macro engine), and the names of the built-in audits.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "sql/tokenizer.h"

namespace strata::project {

struct Audit {
  std::string name;  // lower-case
  std::filesystem::path file;
  int line = 0;
  bool blocking = true;
  bool standalone = false;
  bool skip = false;  // `skip true`: defined, but never run
  std::string dialect = "duckdb";
  std::string description;
  std::vector<std::pair<std::string, const sql::Node*>> defaults;  // `defaults (k = v, ...)`
  const sql::Node* query = nullptr;
  std::string_view source;      // the whole file
  std::string_view definition;  // this audit's text in it: `AUDIT (...);` through its query
  std::shared_ptr<const sql::Arena> arena;
};

// Reads the audits of one file. Appends every problem (syntax, unknown or mistyped properties,
// a header without a name or query) to `errors`.
std::vector<Audit> LoadAuditFile(std::string_view text, const std::filesystem::path& relative_path,
                                 const std::shared_ptr<sql::Arena>& arena,
                                 std::vector<Status>* errors);

// Reads `AUDIT (...); query;` pairs from the parser's position to the end of `tokens` (the
// tokens of `source`, the whole text of `relative_path`): the audits of an audit file, or those a
// model file defines after its query. Appends every problem to `errors`.
std::vector<Audit> ParseAudits(sql::Parser& parser, const sql::TokenStream& tokens,
                               std::string_view source, const std::filesystem::path& relative_path,
                               const std::shared_ptr<sql::Arena>& arena,
                               std::vector<Status>* errors);

// The built-in audit names (without the `_non_blocking` suffix every one also has).
const std::vector<std::string_view>& BuiltInAuditNames();

// Whether `name` is a built-in audit, with or without `_non_blocking`.
bool IsBuiltInAudit(std::string_view name);

}  // namespace strata::project
