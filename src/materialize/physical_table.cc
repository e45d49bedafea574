// Physical table names of snapshots (DESIGN.md §4):
// `strata__<schema>.<schema>__<table>__<version>`, in the model's catalog when its name has one.
#include <string>
#include <string_view>
#include <vector>

#include "materialize/materializer.h"
#include "sql/generator.h"

namespace strata {
namespace {

// The parts of a normalized model name: `a.b`, `"A".b`, `cat.s."T.x"`. Quoted parts lose their
// quotes ("" inside becomes ").
std::vector<std::string> NameParts(std::string_view name) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (quoted) {
      if (c == '"' && i + 1 < name.size() && name[i + 1] == '"') {
        parts.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

}  // namespace

std::string PhysicalTable::Sql() const {
  std::string out;
  if (!catalog.empty()) {
    out = sql::FormatIdentifier(catalog, /*case_sensitive=*/true) + ".";
  }
  return out + sql::FormatIdentifier(schema, /*case_sensitive=*/true) + "." +
         sql::FormatIdentifier(name, /*case_sensitive=*/true);
}

PhysicalTable PhysicalTableOf(const std::string& model_name, const std::string& version,
                              const std::string& physical_schema) {
  std::vector<std::string> parts = NameParts(model_name);
  // A name without a schema is in SQLMesh's default schema.
  const std::string table = parts.back();
  const std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "default";
  PhysicalTable physical;
  physical.schema = physical_schema.empty() ? "strata__" + schema : physical_schema;
  physical.name = schema + "__" + table + "__" + version;
  if (parts.size() >= 3) {
    physical.catalog = parts[parts.size() - 3];
  }
  return physical;
}

}  // namespace strata
