// Schema lookups.
#include "sql/analysis/schema.h"

#include "sql/analysis/scope.h"

namespace strata::sql {

void Schema::AddTable(const std::string& table, std::vector<std::string> columns) {
  tables_[FoldCase(table)] = std::move(columns);
}

const std::vector<std::string>* Schema::Find(const std::vector<std::string>& parts) const {
  for (size_t first = 0; first < parts.size(); ++first) {
    std::string name;
    for (size_t i = first; i < parts.size(); ++i) {
      if (!name.empty()) {
        name.push_back('.');
      }
      name += FoldCase(parts[i]);
    }
    auto it = tables_.find(name);
    if (it != tables_.end()) {
      return &it->second;
    }
  }
  // A declared "schema.name" found through a bare "name" when only one table has that name.
  const std::vector<std::string>* match = nullptr;
  std::string suffix(1, '.');
  suffix.append(FoldCase(parts.back()));
  for (const auto& [name, columns] : tables_) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      if (match != nullptr) {
        return nullptr;
      }
      match = &columns;
    }
  }
  return match;
}

}  // namespace strata::sql
