// Generation of queries: SELECT, set operations, VALUES, WITH, ORDER BY / GROUP BY / LIMIT,
// and FROM items (tables, table functions, subqueries, joins, PIVOT, samples).
#include "sql/generator_internal.h"
#include "sql/pivot_statement.h"

#include "sql/keywords.h"

namespace strata::sql::internal {

Status Generator::GenSelect(const Node* node) {
  const Node* const* s = node->slots;
  STRATA_RETURN_IF_ERROR(OptionalWith(s[kSelectWith]));
  if (node->Has(flag::kFromFirst)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "FROM-first SELECT"));
    Put("FROM ");
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectFrom]));
    const Node* items = s[kSelectItems];
    bool star_only = items->slot_count == 1 && items->slots[0]->kind == NodeKind::kStar &&
                     items->slots[0]->slot_count == 0 && !node->Has(flag::kDistinct);
    if (!star_only) {
      Break();
      Put("SELECT");
      if (node->Has(flag::kDistinct)) {
        Put(" DISTINCT");
      }
      STRATA_RETURN_IF_ERROR(ClauseItems(items));
    }
  } else {
    Put("SELECT");
    if (node->Has(flag::kDistinct)) {
      Put(" DISTINCT");
      if (s[kSelectDistinctOn] != nullptr) {
        Put(" ON (");
        STRATA_RETURN_IF_ERROR(Items(s[kSelectDistinctOn]));
        Put(")");
      }
    }
    STRATA_RETURN_IF_ERROR(ClauseItems(s[kSelectItems]));
    if (s[kSelectFrom] != nullptr) {
      Break();
      LeadingComments(s[kSelectFrom]);
      Put("FROM ");
      STRATA_RETURN_IF_ERROR(Gen(s[kSelectFrom]));
    }
  }
  if (IsClauseMacro(s[kSelectWhere])) {
    Break();
    LeadingComments(s[kSelectWhere]);
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectWhere]));
  } else if (s[kSelectWhere] != nullptr) {
    STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[kSelectWhere]));
  }
  if (s[kSelectGroupBy] != nullptr) {
    Break();
    LeadingComments(s[kSelectGroupBy]);
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectGroupBy]));
  }
  if (IsClauseMacro(s[kSelectHaving])) {
    Break();
    LeadingComments(s[kSelectHaving]);
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectHaving]));
  } else if (s[kSelectHaving] != nullptr) {
    STRATA_RETURN_IF_ERROR(ClauseExpr("HAVING", s[kSelectHaving]));
  }
  if (s[kSelectWindows] != nullptr) {
    Break();
    Put("WINDOW");
    STRATA_RETURN_IF_ERROR(ClauseItems(s[kSelectWindows]));
  }
  if (s[kSelectQualify] != nullptr) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "QUALIFY"));
    STRATA_RETURN_IF_ERROR(ClauseExpr("QUALIFY", s[kSelectQualify]));
  }
  if (s[kSelectSample] != nullptr) {
    Break();
    STRATA_RETURN_IF_ERROR(Gen(s[kSelectSample]));
  }
  return Modifiers(s[kSelectOrderBy], s[kSelectLimit], s[kSelectOffset]);
}

Status Generator::GenClauseMacro(const Node* node) {
  const Node* body = node->slots[1];
  if (body->kind == NodeKind::kJoin) {
    return GenJoin(body, node);
  }
  Put(node->text);
  Put("(");
  STRATA_RETURN_IF_ERROR(Gen(node->slots[0]));
  Put(")");
  switch (body->kind) {
    case NodeKind::kGroupBy:
    case NodeKind::kList:
      return ClauseItems(body);
    case NodeKind::kLimit:
      Put(" ");
      return Gen(body->slots[0]);
    default:
      Put(" ");
      return Gen(body);
  }
}

Status Generator::GenJoin(const Node* node, const Node* clause_macro) {
  STRATA_RETURN_IF_ERROR(Gen(node->slots[0]));
  if (node->text == ",") {
    Put(", ");
    return Gen(node->slots[1]);
  }
  Break();
  if (node->Has(flag::kNatural)) {
    Put("NATURAL ");
  }
  if (node->Has(flag::kAsof)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "ASOF JOIN"));
    Put("ASOF ");
  }
  if (node->Has(flag::kPositional)) {
    STRATA_RETURN_IF_ERROR(Require(duckdb(), "POSITIONAL JOIN"));
    Put("POSITIONAL ");
  }
  if (!node->text.empty()) {
    if (node->text == "SEMI" || node->text == "ANTI") {
      STRATA_RETURN_IF_ERROR(Require(duckdb(), std::string(node->text) + " JOIN"));
    }
    Put(node->text);
    Put(node->Has(flag::kOuter) ? " OUTER " : " ");
  }
  if (clause_macro != nullptr) {
    Put(clause_macro->text);
    Put("(");
    STRATA_RETURN_IF_ERROR(Gen(clause_macro->slots[0]));
    Put(") ");
  } else {
    Put("JOIN ");
  }
  STRATA_RETURN_IF_ERROR(Gen(node->slots[1]));
  const Node* condition = node->slots[2];
  if (condition == nullptr) {
    return Status::OK();
  }
  if (options_.pretty) {
    ++indent_;
    Break();
    --indent_;
  } else {
    Put(" ");
  }
  if (condition->kind == NodeKind::kUsing) {
    return Gen(condition);
  }
  Put("ON ");
  return Gen(condition);
}

Status Generator::GenQuery(const Node* node) {
  const Node* const* s = node->slots;
  switch (node->kind) {
    case NodeKind::kSelect:
      return GenSelect(node);
    case NodeKind::kSetOp:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[0]));
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Break();
      Put(node->text);
      if (node->Has(flag::kAll)) {
        Put(" ALL");
      }
      if (node->Has(flag::kDistinct)) {
        Put(" DISTINCT");
      }
      if (node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "UNION BY NAME"));
        Put(" BY NAME");
      }
      Break();
      STRATA_RETURN_IF_ERROR(Gen(s[2]));
      return Modifiers(s[3], s[4], s[5]);
    case NodeKind::kValues:
      Put("VALUES ");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(", ");
        }
        Put("(");
        STRATA_RETURN_IF_ERROR(Items(s[i]));
        Put(")");
      }
      return Status::OK();
    case NodeKind::kQueryParen:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[0]));
      STRATA_RETURN_IF_ERROR(Bracketed(s[1]));
      return Modifiers(s[2], s[3], s[4]);
    case NodeKind::kWith:
      Put(node->Has(flag::kRecursive) ? "WITH RECURSIVE" : "WITH");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(",");
        }
        if (i == 0 && (!options_.pretty || s[i]->comments.empty())) {
          Put(" ");
        } else {
          Break();
        }
        LeadingComments(s[i]);
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kCte:
      Ident(node->text, node->flags);
      if (s[0] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
      }
      Put(" AS ");
      if (node->Has(flag::kMaterialized)) {
        Put("MATERIALIZED ");
      }
      if (node->Has(flag::kNotMaterialized)) {
        Put("NOT MATERIALIZED ");
      }
      return Bracketed(s[1]);
    case NodeKind::kOrdered:
      if (node->Has(flag::kAll)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "ORDER BY ALL"));
        Put("ALL");
      } else {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      if (node->Has(flag::kDesc)) {
        Put(" DESC");
      }
      if (node->Has(flag::kAsc)) {
        Put(" ASC");
      }
      if (node->Has(flag::kNullsFirst)) {
        Put(" NULLS FIRST");
      }
      if (node->Has(flag::kNullsLast)) {
        Put(" NULLS LAST");
      }
      return Status::OK();
    case NodeKind::kGroupBy:
      Put("GROUP BY");
      if (node->Has(flag::kAll)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "GROUP BY ALL"));
        Put(" ALL");
        return Status::OK();
      }
      return ClauseItems(node);
    case NodeKind::kGroupingSets:
      Put("GROUPING SETS (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kRollup:
      Put("ROLLUP (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kCube:
      Put("CUBE (");
      STRATA_RETURN_IF_ERROR(Items(node));
      Put(")");
      return Status::OK();
    case NodeKind::kNamedWindow:
      Ident(node->text, node->flags);
      Put(" AS ");
      return Gen(s[0]);
    case NodeKind::kLimit:
      if (node->Has(flag::kFetch)) {
        Put("FETCH FIRST ");
        if (s[0] != nullptr) {
          STRATA_RETURN_IF_ERROR(Gen(s[0]));
          Put(" ");
        }
        Put("ROWS ONLY");
        return Status::OK();
      }
      Put("LIMIT ");
      if (node->Has(flag::kLimitAll)) {
        Put("ALL");
        return Status::OK();
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kPercent)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "LIMIT with a percentage"));
        Put("%");
      }
      return Status::OK();
    case NodeKind::kTable:
      if (s[0]->kind == NodeKind::kLiteral) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "a file name as a table"));
      }
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kTableFunction:
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kWithOrdinality)) {
        Put(" WITH ORDINALITY");
      }
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      return Status::OK();
    case NodeKind::kDerivedTable:
      if (node->Has(flag::kLateral)) {
        Put("LATERAL ");
      }
      STRATA_RETURN_IF_ERROR(Bracketed(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      return Status::OK();
    case NodeKind::kTableAlias:
      Put(" AS ");
      Ident(node->text, node->flags);
      if (node->slot_count > 0) {
        STRATA_RETURN_IF_ERROR(IdentifierList(node));
      }
      return Status::OK();
    case NodeKind::kJoin:
      return GenJoin(node);
    case NodeKind::kUsing:
      Put("USING ");
      return IdentifierList(node);
    case NodeKind::kPivot:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "PIVOT/UNPIVOT"));
      if (node->Has(kPivotStatement)) {
        Put(node->Has(flag::kUnpivot) ? "UNPIVOT " : "PIVOT ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(" ");
        return Gen(s[1]);
      }
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (node->Has(flag::kUnpivot)) {
        Put(node->Has(flag::kIncludeNulls) ? " UNPIVOT INCLUDE NULLS (" : " UNPIVOT (");
        if (s[1]->slot_count == 1 && s[1]->slots[0]->kind == NodeKind::kColumn) {
          STRATA_RETURN_IF_ERROR(Gen(s[1]));
        } else {
          STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
        }
      } else {
        Put(" PIVOT (");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      for (uint32_t i = 4; i < node->slot_count; ++i) {
        Put(" FOR ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      if (s[2] != nullptr) {
        Put(" GROUP BY ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      Put(")");
      if (s[3] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[3]));
      }
      return Status::OK();
    case NodeKind::kPivotOn:
      if (s[0]->slot_count == 1 && s[0]->slots[0]->kind == NodeKind::kColumn) {
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      } else {
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
      }
      Put(" IN ");
      return IdentifierList(s[1]);
    case NodeKind::kSample:
      STRATA_RETURN_IF_ERROR(Require(duckdb(), "SAMPLE"));
      Put(node->text);
      return Status::OK();
    default:
      break;
  }
  return Status::Internal("GenQuery: not a query node");
}

}  // namespace strata::sql::internal
