// Known table schemas for analysis: column names per table, as the caller knows them (from
// model definitions, external_models.yaml or the engine's catalog).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace strata::sql {

class Schema {
 public:
  // Declares `table` ("name", "schema.name" or "catalog.schema.name") with `columns` in order.
  void AddTable(const std::string& table, std::vector<std::string> columns);

  // The columns of the table named by `parts`: tried with all its parts, then with the trailing
  // parts only (so "analytics.orders" also finds a table declared as "orders" and the other way
  // round when unambiguous). nullptr when unknown. Names compare case-insensitively.
  const std::vector<std::string>* Find(const std::vector<std::string>& parts) const;

 private:
  std::map<std::string, std::vector<std::string>> tables_;  // folded dotted name → columns
};

}  // namespace strata::sql
