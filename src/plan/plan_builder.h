// PlanBuilder (internal to core): BuildPlan's steps and what they share. Each rule of a plan sits
// in one step, in a file of its own:
//   ReadEnvironments     plan_builder.cc     the environment, prod, the snapshots compared with
//   ApplySelection       plan_selection.cc   --select-model: what is planned, what is kept
//   FindExisting         plan_builder.cc     snapshots the state has, reusable versions
//   DecideVersions       plan_versions.cc    categories, versions, forward-only (and its dev
//                                            tables: isolation), the difference
//   DecideViews          plan_views.cc       which models have views in the environment
//   DecideRestatement    plan_restatement.cc --restate-model and --full-refresh
//   ComputeWork          plan_work.cc        missing intervals, complete inputs, isolation of
//                                            prod's tables, full-refresh emptying
// Not thread-safe; one builder builds one plan.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"
#include "core/snapshot.h"
#include "plan/plan.h"
#include "project/project.h"
#include "state/state_store.h"

namespace strata {

// Appended to the fingerprint of a forward-only change's snapshot outside prod, which has a
// table of its own (docs/plan_and_run.md "Forward-only changes outside prod").
inline constexpr char kDevTableSuffix[] = "~dev";

struct PlanBuilder {
  PlanBuilder(const project::Project& project_in, state::StateStore& state_in,
              const PlanOptions& options_in);

  // Runs every step in order and returns the plan (BuildPlan's contract, plan/plan.h).
  Result<Plan> Build();

  Status ReadEnvironments();
  Status ApplySelection();
  Status FindExisting();
  Status DecideVersions();
  void DecideViews();
  Status DecideRestatement();
  Status ComputeWork();

  // A new table's version: an existing snapshot's with the same data fingerprint, else its own.
  std::string FreshVersion(const Snapshot& snapshot) const;
  // Whether the snapshot planned for model `i` writes the table prod reads (same version as
  // prod's snapshot of that model) while the plan is for another environment.
  bool WritesProdsTable(size_t i) const;

  const project::Project& project;
  state::StateStore& state;
  const PlanOptions& options;
  const bool is_prod;
  const size_t n;  // models in the project
  Plan plan;

  // ReadEnvironments: the environment compared with (its own, or prod for a new one) and prod.
  std::optional<state::EnvironmentRecord> prod;
  std::unordered_map<std::string, Snapshot> old_by_name;
  std::unordered_map<std::string, Snapshot> prod_storage;  // when prod is not the compared one
  const std::unordered_map<std::string, Snapshot>* prod_by_name = nullptr;

  // ApplySelection: per model, the environment's snapshot it keeps (not selected), whether it is
  // in the plan at all, whether it is upstream of the selection, whether a kept snapshot is what
  // the project defines; and every model's snapshot as the project (and `keep`) defines it.
  std::vector<const Snapshot*> keep;
  std::vector<bool> included;
  std::vector<bool> upstream_of_selection;
  std::vector<bool> kept_as_defined;
  std::vector<Snapshot> snapshots;

  // FindExisting: snapshots the state has (pointers into old_by_name or read_back), and the
  // versions of stored snapshots by (name, data fingerprint).
  std::map<state::SnapshotId, const Snapshot*> existing;
  std::vector<Snapshot> read_back;
  std::map<std::pair<std::string, std::string>, std::string> reusable;

  // DecideRestatement: per model, whether it is restated, and whether over its whole history.
  std::vector<bool> restate;
  std::vector<bool> whole_history;
};

}  // namespace strata
