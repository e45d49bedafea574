// The model of a stored snapshot, rebuilt from its payload (the model file's text, the model
// defaults and variables it was planned with), without the project files: what `run` executes
// and what a plan compares a changed model with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "base/result.h"
#include "core/snapshot.h"
#include "project/model.h"
#include "sql/ast.h"

namespace strata {

// Rebuilds the model of `snapshot` with its nodes in `arena`. `project_dir` is where SEED files
// are read from; `execution_time` resolves relative starts. Fails with kProjectError (naming the
// model) when the stored text no longer loads.
Result<project::Model> ModelFromPayload(const Snapshot& snapshot,
                                        const std::filesystem::path& project_dir,
                                        int64_t execution_time,
                                        const std::shared_ptr<sql::Arena>& arena);

}  // namespace strata
