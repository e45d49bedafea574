// Inlining EMBEDDED models into the queries that read them.
#include "project/embedded.h"

#include <vector>

#include "project/model.h"
#include "project/project.h"
#include "sql/analysis/scope.h"

namespace strata::project {

namespace {

int Inline(sql::Node* statement, const EmbeddedLookup& lookup, sql::Arena* arena, int depth) {
  std::vector<sql::Node*> tables;
  sql::VisitTables(statement, [&](sql::Node* table, bool is_cte) {
    if (!is_cte) {
      tables.push_back(table);
    }
  });
  int count = 0;
  for (sql::Node* table : tables) {
    const sql::Node* name = table->SlotOrNull(0);
    if (name == nullptr || name->kind != sql::NodeKind::kName || name->slot_count == 0) {
      continue;
    }
    const sql::Node* query = lookup(NormalizeNameNode(name));
    if (query == nullptr) {
      continue;
    }
    sql::Node* copy = sql::Clone(query, arena);
    if (depth < 64) {
      count += Inline(copy, lookup, arena, depth + 1);
    }
    sql::Node* alias = table->SlotOrNull(1);
    if (alias == nullptr) {
      const sql::Node* last = name->slot(name->slot_count - 1);
      alias = arena->New(sql::NodeKind::kTableAlias, 0, table->span);
      alias->text = arena->Store(last->text);
      alias->flags = last->flags & sql::flag::kQuoted;
    }
    // The kTable node becomes a kDerivedTable in place, so its parent needs no change.
    sql::Node* derived = arena->New(sql::NodeKind::kDerivedTable, {copy, alias}, table->span);
    *table = *derived;
    ++count;
  }
  return count;
}

}  // namespace

int InlineEmbedded(sql::Node* statement, const EmbeddedLookup& lookup, sql::Arena* arena) {
  return Inline(statement, lookup, arena, 0);
}

EmbeddedLookup EmbeddedModelsOf(const Project& project) {
  return [&project](const std::string& name) -> const sql::Node* {
    const Model* model = project.FindModel(name);
    if (model == nullptr || model->kind.name != ModelKindName::kEmbedded) {
      return nullptr;
    }
    return model->query;
  };
}

}  // namespace strata::project
