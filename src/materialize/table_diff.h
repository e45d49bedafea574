// Table diff (`strata table-diff SRC:DST MODEL`, docs/environments.md): compares the tables one
// model has in two environments — row counts, schema differences, and rows matched by key
// (the model's grain or unique key, or columns given) into same, changed, added and removed, with
// the number of differing values per column and a sample of the differing rows. Everything is
// computed by the engine with portable SQL (a FULL OUTER JOIN on the key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "engine/engine_adapter.h"
#include "materialize/materializer.h"

namespace strata {

struct TableDiffRequest {
  PhysicalTable source;
  PhysicalTable target;
  std::vector<std::string> key;  // columns rows are matched on; not empty
  std::string where;             // a filter applied to both sides (SQL); empty: none
  int limit = 20;                // rows in the sample
};

struct TableDiffColumn {
  std::string name;
  std::string source_type;  // empty: the source has no such column
  std::string target_type;  // empty: the target has no such column
};

struct TableDiffResult {
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::vector<TableDiffColumn> columns;  // every column of either side, target's order first
  int64_t matched = 0;                   // keys in both
  int64_t changed = 0;                   // of the matched, those with a differing value
  int64_t added = 0;                     // keys only in the target
  int64_t removed = 0;                   // keys only in the source
  int64_t source_duplicate_keys = 0;     // keys held by more than one row
  int64_t target_duplicate_keys = 0;
  std::vector<std::pair<std::string, int64_t>> changed_by_column;  // compared columns, in order
  engine::QueryResult sample;  // `diff` (added/removed/changed), the key, then source/target
                               // values of each compared column
};

// Diffs `request.source` and `request.target` on `connection`. Fails with kNotFound when a table
// does not exist, InvalidArgument when a key column is missing on either side, and with the
// engine's errors (a bad `where`).
Result<TableDiffResult> DiffTables(engine::EngineAdapter& connection,
                                   const TableDiffRequest& request);

}  // namespace strata
