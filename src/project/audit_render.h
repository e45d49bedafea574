// Rendering one audit call of a model (`not_null(columns := (a, b))`, a custom audit of
// `audits/*.sql`) into the query that returns the offending rows: the built-in template or the
// custom query, with the call's arguments (over the custom audit's `defaults` and the built-in's
// optional defaults) and the project's variables as macro variables, `@this_model` the table being
// audited, and the time variables of the interval. Whether the audit blocks is decided here too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "macro/time_variables.h"
#include "project/model.h"
#include "project/project.h"
#include "sql/analysis/rewrite_tables.h"
#include "sql/ast.h"
#include "sql/dialect.h"

namespace strata::project {

struct AuditRenderOptions {
  // The interval the time variables describe [start, end), and the execution time (UTC micros).
  // REQUIRES: start < end.
  int64_t start = 0;
  int64_t end = 0;
  int64_t execution_time = 0;
  std::string this_model;  // the SQL name @this_model renders as (the physical table)
  sql::DialectKind dialect = sql::DialectKind::kDuckDb;  // picks the built-in template
  sql::TableMapping table_mapping;  // custom audits reading other models: their tables
  // The time variables of [start, end) at execution_time when the caller has them already
  // (the load-time check renders every audit call for the same day); null: built here.
  const TimeVariables* time_variables = nullptr;
};

struct RenderedAudit {
  std::string name;   // as called, lower-case ("not_null_non_blocking")
  std::string shown;  // the call as written in the model: "not_null(columns := (a, b))"
  bool blocking = true;
  std::shared_ptr<sql::Arena> arena;  // owns the nodes below
  sql::Node* query = nullptr;         // the offending-rows query, no macro left
  sql::Node* condition = nullptr;     // the `condition := expr` argument, or nullptr
};

// Renders `call` (one of `model.audits`). Fails with a ProjectError located at the call in the
// model file: an unknown audit, a missing required argument, an argument a built-in audit does
// not take, `blocking` not true/false, or a macro error in the template or custom query.
Result<RenderedAudit> RenderAudit(const Project& project, const Model& model, const AuditCall& call,
                                  const AuditRenderOptions& options);

// Checks the arguments of every built-in audit call of `model` (required ones given, no unknown
// ones, `blocking` a boolean) without rendering; appends one error per problem to `errors`.
void CheckAuditArguments(const Project& project, const Model& model, std::vector<Status>* errors);

}  // namespace strata::project
