// The model DAG (DESIGN.md §2): a model depends on every model its query reads (found by the SQL
// front-end's table references, never by regular expressions) and on those named in
// `depends_on`. Pre- and post-statements do not add edges (they often touch tables that are not
// inputs, such as audit logs); list such a dependency in depends_on. A model reading its own
// table is self-referencing, not a cycle. References to tables that are not models are allowed
// (external data) and recorded.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "project/model.h"
#include "sql/ast.h"

namespace strata::project {

class Dag {
 public:
  Dag() = default;

  // Builds the DAG of `models` (node i is models[i]). Appends to `errors` a problem per
  // depends_on entry that names no model and per cycle (printed as `a.x -> b.y -> a.x`, where
  // each arrow points from a model to a model it reads); on a cycle, order() is empty.
  static Dag Build(const std::vector<Model>& models, std::vector<Status>* errors);

  size_t size() const { return parents_.size(); }
  // Direct parents (models node `i` reads) and children (models reading it), ascending.
  const std::vector<int>& parents(int i) const { return parents_[i]; }
  const std::vector<int>& children(int i) const { return children_[i]; }
  // Names read by node `i` that are no model (normalized), in first-use order.
  const std::vector<std::string>& unknown_references(int i) const { return unknown_[i]; }
  // Whether node `i`'s query reads its own table.
  bool self_referencing(int i) const { return self_[i]; }
  // Every node, parents before children; among ready nodes the lowest index first. Empty when
  // the graph has a cycle.
  const std::vector<int>& order() const { return order_; }

  // Every node `i` depends on directly or indirectly (not `i`), ascending.
  std::vector<int> Upstream(int i) const;
  // Every node that depends on `i` directly or indirectly (not `i`), ascending.
  std::vector<int> Downstream(int i) const;

  // The normalized names `model` reads in its query (tables that are not CTEs), in order.
  static std::vector<std::string> QueryReferences(const Model& model);

 private:
  std::vector<std::vector<int>> parents_;
  std::vector<std::vector<int>> children_;
  std::vector<std::vector<std::string>> unknown_;
  std::vector<bool> self_;
  std::vector<int> order_;
};

}  // namespace strata::project
