#include "dbt/existing_relation.h"

#include <fmt/format.h>

#include "base/text.h"

namespace strata::dbt {

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
                           QuoteSqlString(relation.database), QuoteSqlString(relation.schema),
                           QuoteSqlString(relation.identifier))));
  if (result.rows.empty()) {
    return Existing::kNone;
  }
  return result.rows[0][0].ToString() == "VIEW" ? Existing::kView : Existing::kTable;
}

}  // namespace strata::dbt
