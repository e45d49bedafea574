// Generation of statements: CREATE TABLE/VIEW/SCHEMA, INSERT (ON CONFLICT), DELETE, UPDATE,
// MERGE, ALTER TABLE and DROP.
#include "sql/generator_internal.h"

#include "sql/keywords.h"

namespace strata::sql::internal {

Status Generator::GenStatement(const Node* node) {
  const Node* const* s = node->slots;
  switch (node->kind) {
    case NodeKind::kCreateTable:
      if (node->Has(flag::kOrReplace)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "CREATE OR REPLACE TABLE"));
      }
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE " : "CREATE ");
      if (node->Has(flag::kTemporary)) {
        Put("TEMPORARY ");
      }
      Put("TABLE ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      if (s[1] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" AS");
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kColumnDef:
      Ident(node->text, node->flags);
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (s[i] == nullptr) {
          continue;
        }
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kConstraint:
      Put(node->text);
      if (node->text == "DEFAULT") {
        Put(" ");
        return Expr(s[0], kPrecAdditive);
      }
      if (node->text == "CHECK" || node->text == "COLLATE") {
        Put(" ");
        return Gen(s[0]);
      }
      if (node->text == "REFERENCES") {
        Put(" ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        if (node->slot_count > 1) {
          STRATA_RETURN_IF_ERROR(IdentifierList(node, 1));
        }
      }
      return Status::OK();
    case NodeKind::kCreateView:
      if (node->Has(flag::kMaterialized) && duckdb()) {
        return Unsupported("CREATE MATERIALIZED VIEW");
      }
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE " : "CREATE ");
      if (node->Has(flag::kTemporary)) {
        Put("TEMPORARY ");
      }
      if (node->Has(flag::kMaterialized)) {
        Put("MATERIALIZED ");
      }
      Put("VIEW ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      if (s[1] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
      }
      Put(" AS");
      Break();
      return Gen(s[2]);
    case NodeKind::kCreateSchema:
      Put(node->Has(flag::kOrReplace) ? "CREATE OR REPLACE SCHEMA " : "CREATE SCHEMA ");
      if (node->Has(flag::kIfNotExists)) {
        Put("IF NOT EXISTS ");
      }
      return CreatedName(s[0]);
    case NodeKind::kInsert:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[6]));
      Put("INSERT ");
      if (node->Has(flag::kOrReplace) || node->Has(flag::kOrIgnore) || node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "INSERT OR REPLACE/OR IGNORE/BY NAME"));
      }
      if (node->Has(flag::kOrReplace)) {
        Put("OR REPLACE ");
      }
      if (node->Has(flag::kOrIgnore)) {
        Put("OR IGNORE ");
      }
      Put("INTO ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        Put(" ");
        STRATA_RETURN_IF_ERROR(IdentifierList(s[2]));
      }
      if (node->Has(flag::kByName)) {
        Put(" BY NAME");
      }
      if (node->Has(flag::kDefaultValues)) {
        Put(" DEFAULT VALUES");
      } else {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[3]));
      }
      if (s[4] != nullptr) {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[4]));
      }
      if (s[5] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[5]));
      }
      return Status::OK();
    case NodeKind::kOnConflict:
      Put("ON CONFLICT ");
      if (s[0] != nullptr) {
        STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
        Put(" ");
      }
      if (s[1] == nullptr) {
        Put("DO NOTHING");
        return Status::OK();
      }
      Put("DO UPDATE ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      if (s[2] != nullptr) {
        Put(" WHERE ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      return Status::OK();
    case NodeKind::kDelete:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[4]));
      Put("DELETE FROM ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (s[1] != nullptr) {
        Break();
        Put("USING ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
      }
      if (s[2] != nullptr) {
        STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[2]));
      }
      if (s[3] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[3]));
      }
      return Status::OK();
    case NodeKind::kUpdate:
      STRATA_RETURN_IF_ERROR(OptionalWith(s[5]));
      Put("UPDATE ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Break();
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      if (s[2] != nullptr) {
        Break();
        Put("FROM ");
        STRATA_RETURN_IF_ERROR(Gen(s[2]));
      }
      if (s[3] != nullptr) {
        STRATA_RETURN_IF_ERROR(ClauseExpr("WHERE", s[3]));
      }
      if (s[4] != nullptr) {
        Break();
        Put("RETURNING ");
        STRATA_RETURN_IF_ERROR(Items(s[4]));
      }
      return Status::OK();
    case NodeKind::kUpdateSet:
      Put("SET ");
      return Items(node);
    case NodeKind::kAssign:
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Put(" = ");
      return Gen(s[1]);
    case NodeKind::kMerge:
      Put("MERGE INTO ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      Break();
      Put("USING ");
      STRATA_RETURN_IF_ERROR(Gen(s[1]));
      Break();
      Put("ON ");
      STRATA_RETURN_IF_ERROR(Gen(s[2]));
      for (uint32_t i = 3; i < node->slot_count; ++i) {
        Break();
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kMergeWhen:
      Put(node->Has(flag::kNot) ? "WHEN NOT MATCHED" : "WHEN MATCHED");
      if (node->Has(flag::kBySource)) {
        Put(" BY SOURCE");
      }
      if (node->Has(flag::kByTarget)) {
        Put(" BY TARGET");
      }
      if (s[0] != nullptr) {
        Put(" AND ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
      }
      Put(" THEN ");
      return Gen(s[1]);
    case NodeKind::kMergeAction:
      Put(node->text);
      if (node->Has(flag::kStarAction) || node->Has(flag::kByName)) {
        STRATA_RETURN_IF_ERROR(Require(duckdb(), "MERGE ... SET * / INSERT * / BY NAME"));
      }
      if (node->text == "UPDATE") {
        if (node->Has(flag::kStarAction)) {
          Put(" SET *");
        } else if (node->Has(flag::kByName)) {
          Put(" BY NAME");
        } else if (s[0] != nullptr) {
          Put(" ");
          STRATA_RETURN_IF_ERROR(Gen(s[0]));
        }
      } else if (node->text == "INSERT") {
        if (node->Has(flag::kStarAction)) {
          Put(" *");
        } else if (node->Has(flag::kByName)) {
          Put(" BY NAME");
        } else if (node->Has(flag::kDefaultValues)) {
          Put(" DEFAULT VALUES");
        } else {
          if (s[0] != nullptr) {
            Put(" ");
            STRATA_RETURN_IF_ERROR(IdentifierList(s[0]));
          }
          Put(" VALUES ");
          STRATA_RETURN_IF_ERROR(IdentifierList(s[1]));
        }
      }
      return Status::OK();
    case NodeKind::kAlterTable:
      Put(node->Has(flag::kIfExists) ? "ALTER TABLE IF EXISTS " : "ALTER TABLE ");
      STRATA_RETURN_IF_ERROR(CreatedName(s[0]));
      for (uint32_t i = 1; i < node->slot_count; ++i) {
        Put(i > 1 ? ", " : " ");
        STRATA_RETURN_IF_ERROR(Gen(s[i]));
      }
      return Status::OK();
    case NodeKind::kAlterAction: {
      std::string_view action = node->text;
      if (action == "ADD COLUMN") {
        Put(node->Has(flag::kIfNotExists) ? "ADD COLUMN IF NOT EXISTS " : "ADD COLUMN ");
        return Gen(s[0]);
      }
      if (action == "DROP COLUMN") {
        Put(node->Has(flag::kIfExists) ? "DROP COLUMN IF EXISTS " : "DROP COLUMN ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        if (node->Has(flag::kCascade)) {
          Put(" CASCADE");
        }
        return Status::OK();
      }
      if (action == "RENAME TO") {
        Put("RENAME TO ");
        return Gen(s[0]);
      }
      if (action == "RENAME COLUMN") {
        Put("RENAME COLUMN ");
        STRATA_RETURN_IF_ERROR(Gen(s[0]));
        Put(" TO ");
        return Gen(s[1]);
      }
      Put("ALTER COLUMN ");
      STRATA_RETURN_IF_ERROR(Gen(s[0]));
      if (action == "ALTER COLUMN TYPE") {
        Put(" TYPE ");
        STRATA_RETURN_IF_ERROR(Gen(s[1]));
        if (node->slot_count > 2 && s[2] != nullptr) {
          Put(" USING ");
          STRATA_RETURN_IF_ERROR(Gen(s[2]));
        }
        return Status::OK();
      }
      if (action == "ALTER COLUMN SET DEFAULT") {
        Put(" SET DEFAULT ");
        return Gen(s[1]);
      }
      Put(action.substr(std::string_view("ALTER COLUMN").size()));
      return Status::OK();
    }
    case NodeKind::kDrop:
      Put("DROP ");
      Put(node->text);
      if (node->Has(flag::kIfExists)) {
        Put(" IF EXISTS");
      }
      Put(" ");
      for (uint32_t i = 0; i < node->slot_count; ++i) {
        if (i > 0) {
          Put(", ");
        }
        STRATA_RETURN_IF_ERROR(CreatedName(s[i]));
      }
      if (node->Has(flag::kCascade)) {
        Put(" CASCADE");
      }
      if (node->Has(flag::kRestrict)) {
        Put(" RESTRICT");
      }
      return Status::OK();
    default:
      break;
  }
  return Status::Internal("GenStatement: not a statement node");
}

}  // namespace strata::sql::internal
