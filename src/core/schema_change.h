// Schema changes of forward-only models (DESIGN.md §4): the difference between the columns of an
// existing table and those of a model's new query, each change classified as additive (a new
// column, a type that holds every value of the old one) or destructive (a dropped column, a type
// that may not), and the policy (on_additive_change / on_destructive_change) that decides what
// happens to it. Types are compared by their spelling as DuckDB 1.4 and PostgreSQL 15 report
// them (`INTEGER`, `DECIMAL(10,2)`, `character varying(10)`, `timestamp without time zone`, …),
// normalized to one vocabulary first. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "project/model_kind.h"

namespace strata {

// A column as an engine describes it.
struct TypedColumn {
  std::string name;
  std::string type;  // the engine's spelling
  bool operator==(const TypedColumn&) const = default;
};

// `type` in one vocabulary for both engines: upper case, PostgreSQL names mapped to DuckDB's
// (`character varying(10)` → `VARCHAR(10)`, `numeric(10,2)` → `DECIMAL(10,2)`, `int4` →
// `INTEGER`, `double precision` → `DOUBLE`, `timestamp with time zone` → `TIMESTAMPTZ`), no
// spaces after commas.
std::string NormalizeType(std::string_view type);

// Whether every value of type `from` fits type `to` unchanged: integers into wider integers,
// DECIMAL or DOUBLE wide enough; FLOAT into DOUBLE; DECIMAL into a DECIMAL with as many integer
// and fraction digits; VARCHAR(n) into VARCHAR(m >= n) or VARCHAR; anything into VARCHAR/TEXT;
// DATE into TIMESTAMP. False when the types are equal (no change) or for anything else.
bool IsWidening(std::string_view from, std::string_view to);

enum class ColumnChangeKind { kAdded, kDropped, kTypeChanged };

struct ColumnChange {
  ColumnChangeKind kind = ColumnChangeKind::kAdded;
  std::string column;
  std::string from_type;  // empty for kAdded (engine spelling)
  std::string to_type;    // empty for kDropped (engine spelling)
  bool additive = false;  // kAdded, or kTypeChanged by a widening
  // A description for messages: `added column c INTEGER`, `dropped column d`,
  // `column e: INTEGER -> SMALLINT (narrowing)`.
  std::string Describe() const;
};

// The changes that turn `table` into `query` (columns matched by name, ignoring ASCII case),
// in the table's column order then the query's new columns. Columns in `ignored` (names) are
// left out on both sides (the validity columns an SCD type 2 table adds).
std::vector<ColumnChange> DiffColumns(const std::vector<TypedColumn>& table,
                                      const std::vector<TypedColumn>& query,
                                      const std::vector<std::string>& ignored = {});

// The policy that governs `change` for a model with these settings.
project::SchemaChangePolicy PolicyFor(const ColumnChange& change,
                                      project::SchemaChangePolicy on_additive,
                                      project::SchemaChangePolicy on_destructive);

}  // namespace strata
