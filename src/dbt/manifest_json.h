// `<target-path>/manifest.json`, in the shape orchestrators and dbt tooling read from dbt-core
// (schema v12): `metadata` (dbt_schema_version, dbt_version, generated_at, invocation_id,
// project_name, adapter_type), `nodes` (models, seeds, data tests, snapshots: unique_id,
// resource_type, name, package_name, path, original_file_path, fqn, database, schema, alias,
// relation_name, config, tags, depends_on.nodes, raw_code, test_metadata for generic tests),
// `sources`, `parent_map`, `child_map`, and the empty `macros`, `exposures`, `metrics`, `groups`,
// `selectors`, `disabled`, `docs`, `semantic_models`, `saved_queries`, `unit_tests`.
#pragma once

#include <filesystem>

#include "base/result.h"
#include "dbt/manifest.h"

namespace strata::dbt {

Status WriteManifestJson(const std::filesystem::path& file, const Manifest& manifest);

}  // namespace strata::dbt
