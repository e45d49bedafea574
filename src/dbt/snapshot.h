// dbt snapshots (type 2 slowly changing dimensions), with dbt-core's semantics and meta columns:
// every source row gets `dbt_scd_id` (md5 of its unique key and its updated_at, each cast to
// varchar and joined by '|'), `dbt_updated_at`, `dbt_valid_from`, `dbt_valid_to` (NULL while
// current); with `hard_deletes: new_record`, `dbt_is_deleted` ('True'/'False').
//  - strategy `timestamp`: a row changed when its `updated_at` is later than the current
//    version's dbt_valid_from; the new version is valid from its updated_at, which closes the old
//    one;
//  - strategy `check`: a row changed when one of `check_cols` (or every column, `all`) is
//    distinct from the current version's; versions open and close at the snapshot's time.
//  - `hard_deletes` (or the older `invalidate_hard_deletes: true`): `ignore` (the default) keeps
//    the current version of a key gone from the source; `invalidate` closes it at the snapshot's
//    time; `new_record` also adds a version with dbt_is_deleted 'True'.
// The first run creates the table; each later run closes changed versions and inserts new ones,
// in one transaction.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/existing_relation.h"
#include "dbt/jinja_objects.h"
#include "dbt/materialization.h"
#include "dbt/node_config.h"
#include "engine/engine_adapter.h"

namespace strata::dbt {

struct SnapshotWrite {
  bool created = false;  // the first run: the table was created
  int64_t rows = 0;      // created: the rows written
  int64_t inserted = 0;  // new keys and new versions
  int64_t updated = 0;   // versions closed because a newer one arrived
  int64_t deleted = 0;   // versions closed because their key left the source
};

// Snapshots the rows `sql` returns into `relation` as `config` says. Fails with a located-free
// error naming the missing or bad config (unique_key, strategy, updated_at, check_cols).
Result<SnapshotWrite> RunSnapshot(engine::EngineAdapter& db, const RelationName& relation,
                                  const std::string& sql, const NodeConfig& config,
                                  Existing existing);

}  // namespace strata::dbt
