// Fingerprints (DESIGN.md §4, docs/plan_and_run.md "Snapshots and fingerprints"): the hashes that
// identify one version of one model. A model's own data hash covers everything that changes its
// rows, its own metadata hash everything else; each is combined with its parents' to give the
// data and metadata fingerprints, and the two together give the snapshot's fingerprint. The exact
// contents are written down in docs/plan_and_run.md; changing them changes every fingerprint.
#pragma once

#include <string>
#include <vector>

#include "base/hash.h"
#include "base/result.h"
#include "project/model.h"
#include "project/project.h"

namespace strata {

// The hashes of a model alone, without its parents.
struct ModelHashes {
  Digest128 data;
  Digest128 metadata;
};

// A model's hashes combined with its parents'.
struct Fingerprint {
  Digest128 data;
  Digest128 metadata;
  Digest128 combined;  // H(data, metadata)

  // 32 hex digits of `combined`: the snapshot's fingerprint.
  std::string Hex() const { return combined.ToHex(); }
  // The first 16 hex digits of `data`: the physical version of a new snapshot.
  std::string Version() const { return data.ToHex().substr(0, 16); }
};

// The names of `project`'s config variables the model may read: those whose name appears, as a
// whole word in any case, in the model file's text. A superset of what it reads (a mention in a
// comment counts), so a variable change never goes unnoticed. Sorted.
std::vector<std::string> VariablesUsedBy(const project::Project& project,
                                         const project::Model& model);

// The own hashes of `model`: the data hash (canonical query and pre/post statements, kind and
// its data parameters, declared columns, dialect, declared interval unit, partitioning and
// physical properties, the seed file's bytes, the variables it uses, its name) and the metadata
// hash (description, owner, cron, tags, audits, grains, start/end, batch and lookback options,
// ...). Fails with the project error when the seed file cannot be read. Thread-safe.
Result<ModelHashes> HashModel(const project::Project& project, const project::Model& model);

// Combines own hashes with the parents' fingerprints, given in DAG order (ascending name).
Fingerprint CombineFingerprint(const ModelHashes& own,
                               const std::vector<const Fingerprint*>& parents);

}  // namespace strata
