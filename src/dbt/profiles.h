// `profiles.yml`: where it is found (--profiles-dir, then DBT_PROFILES_DIR, then the project's
// folder, then ~/.dbt), the profile the project names, and its target (--target, else the
// profile's `target`), with `{{ env_var(…) }}` rendered in every value. Outputs of `type: duckdb`
// and `type: postgres` are understood; others are an error naming the type.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "dbt/env_var.h"
#include "engine/connection_config.h"
#include "jinja/value.h"

namespace strata::dbt {

struct Target {
  std::string profile_name;
  std::string name;  // the target's name (`dev`)
  std::string type;  // duckdb | postgres
  std::string database;
  std::string schema;
  int threads = 1;
  // duckdb
  std::string path;
  std::vector<std::string> extensions;
  std::map<std::string, std::string> settings;
  // postgres
  std::string host;
  int port = 5432;
  std::string user;
  std::string password;

  // `target` as templates see it: name, type, profile_name, database, schema, threads, and the
  // adapter's own keys (path or host, port, user, dbname; never the password).
  jinja::Value ToJinja() const;
};

// How strata reaches the target's warehouse: DuckDB at `path` (relative to the working folder,
// as dbt-duckdb opens it) with its extensions and settings; PostgreSQL at host:port/dbname.
engine::ConnectionConfig ConnectionOf(const Target& target);

struct ProfileOptions {
  std::filesystem::path project_dir;
  std::string profiles_dir;  // --profiles-dir; empty when not given
  std::string target;        // --target; empty when not given
  EnvLookup env = ProcessEnvironment();
};

// The profiles.yml to read: the first of --profiles-dir, $DBT_PROFILES_DIR, the project folder,
// $HOME/.dbt that holds one. Fails naming every place looked when none does (an explicit
// --profiles-dir without the file fails naming it).
Result<std::filesystem::path> FindProfilesFile(const ProfileOptions& options);

// The target `options.target` (else the profile's `target`, else "default") of the profile
// `profile_name`. Fails with a located error for an unknown profile or target (listing the known
// ones), a missing required key, an unsupported `type`, or an env_var without value or default.
Result<Target> LoadTarget(const std::string& profile_name, const ProfileOptions& options);

}  // namespace strata::dbt
