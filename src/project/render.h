// Rendering a model for one interval (DESIGN.md §3, §6): its statements with every macro
// expanded (time variables of the interval, config variables, @this_model, @DEF, …), EMBEDDED
// models inlined as subqueries, and, when the caller maps them, references to other models
// pointed at their physical tables. `strata render` prints the result; plan and run execute it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"
#include "project/model.h"
#include "project/project.h"
#include "sql/analysis/rewrite_tables.h"
#include "sql/ast.h"

namespace strata::project {

struct RenderOptions {
  int64_t start = 0;  // the interval [start, end), UTC micros. REQUIRES: start < end.
  int64_t end = 0;
  int64_t execution_time = 0;
  // The SQL text @this_model renders as (the physical table being written); empty: the model's
  // own name.
  std::string this_model;
  // Maps a table reference's name parts to the parts to use instead (upstream models to their
  // physical tables); empty: references stay as written.
  sql::TableMapping table_mapping;
  // Column names of a table, for @STAR and @UNION; empty: taken from what the project declares
  // (declared columns, external models, seeds).
  std::function<Result<std::vector<std::string>>(const std::string& table)> columns_of;
  // Values replacing (or adding to) the config `variables`, by lower-case name (unit tests'
  // `vars`).
  std::map<std::string, YAML::Node> variables;
};

struct RenderedModel {
  std::shared_ptr<sql::Arena> arena;  // owns every node below
  std::vector<sql::Node*> pre_statements;
  sql::Node* query = nullptr;  // nullptr for SEED and EXTERNAL models
  std::vector<sql::Node*> post_statements;
  // The kind's SQL parameters with their macros expanded (INCREMENTAL_BY_UNIQUE_KEY and SCD
  // type 2): unique_key expressions, when_matched clauses, merge_filter (nullptr when absent).
  std::vector<sql::Node*> unique_key;
  std::vector<sql::Node*> when_matched;
  sql::Node* merge_filter = nullptr;
};

// Renders `model` of `project` for `options`. Fails with the macro error (located at the macro
// call in the model file) when expansion fails. Thread-safe for distinct calls.
Result<RenderedModel> RenderModel(const Project& project, const Model& model,
                                  const RenderOptions& options);

// Expands the macros of every SQL model of `project` once, for the day starting at
// `execution_time`'s day, so that macro errors (an unknown variable or macro, a wrong argument, a
// condition that does not fold, …) are reported when the project loads, each located at the
// macro call. Models without any '@' in their file are skipped. Appends one error per failing
// model to `errors`; runs on up to `threads` threads.
void CheckModelMacros(const Project& project, int64_t execution_time, int threads,
                      std::vector<Status>* errors);

// The rendered statements as SQL text in `dialect` (pretty: one clause per line), each ending in
// ";". Fails with Unsupported when the dialect cannot express a construct.
Result<std::string> RenderedSql(const RenderedModel& rendered, sql::DialectKind dialect,
                                bool pretty);

}  // namespace strata::project
