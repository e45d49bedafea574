#include "dbt/existing_relation.h"

#include <fmt/format.h>

namespace strata::dbt {

std::string SqlString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

std::string QuotedIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

int64_t SingleCount(const engine::QueryResult& result) {
  if (result.rows.empty() || result.rows[0].empty() || result.rows[0][0].is_null()) {
    return 0;
  }
  return std::stoll(result.rows[0][0].ToString());
}

Result<Existing> FindRelation(engine::EngineAdapter& db, const RelationName& relation) {
  STRATA_ASSIGN_OR_RETURN(
      engine::QueryResult result,
      db.Query(fmt::format("SELECT table_type FROM information_schema.tables WHERE table_catalog = "
                           "{} AND table_schema = {} AND table_name = {}",
                           SqlString(relation.database), SqlString(relation.schema),
                           SqlString(relation.identifier))));
  if (result.rows.empty()) {
    return Existing::kNone;
  }
  return result.rows[0][0].ToString() == "VIEW" ? Existing::kView : Existing::kTable;
}

}  // namespace strata::dbt
