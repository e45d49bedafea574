// The FROM sources of a SELECT and the CTEs in scope: what star expansion, qualification and
// output-column analysis resolve names against. Internal to the analysis passes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "sql/analysis/schema.h"
#include "sql/ast.h"

namespace strata::sql {

// One FROM source: the name columns are qualified with and its columns, when known.
struct Source {
  std::string name;  // alias, or the table's last name part; may be empty (unaliased subquery)
  bool quoted = false;
  std::optional<std::vector<std::string>> columns;
  const Node* node = nullptr;
};

// CTEs visible at a point, innermost last.
struct CteScope {
  struct Entry {
    std::string folded_name;
    std::optional<std::vector<std::string>> columns;
  };
  std::vector<Entry> entries;

  // The columns of the innermost CTE named `name`; nullptr when no CTE has that name;
  // a disengaged optional when the CTE's columns are unknown.
  const std::optional<std::vector<std::string>>* Find(std::string_view name) const;
};

// Pushes the CTEs of `with` (nullptr: none) onto `ctes`, computing their columns.
void PushCtes(const Node* with, const Schema* schema, CteScope* ctes);

// The sources of a FROM tree, in order.
std::vector<Source> FromSources(const Node* from, const Schema* schema, const CteScope& ctes);

// Output names of a query with CTEs `ctes` in scope (see OutputColumns).
Result<std::vector<std::string>> QueryColumns(const Node* query, const Schema* schema,
                                              CteScope* ctes);

}  // namespace strata::sql
