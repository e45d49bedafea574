// Tasks on a dbt project's folder:
//  - `deps`: the packages of packages.yml (or dependencies.yml) into packages-install-path. A
//    `local:` package is copied there (under the name its dbt_project.yml gives); a hub
//    (`package:`) or `git:` package must already be installed there (strata fetches nothing from
//    the network) and is reported as such, else an error names it and says how to install it.
//  - `clean`: deletes the clean-targets (default: the target path), each of which must lie inside
//    the project folder.
#pragma once

#include <functional>
#include <string>

#include "base/result.h"
#include "dbt/dbt_project.h"

namespace strata::dbt {

using LogLine = std::function<void(const std::string& line)>;

Status InstallPackages(const DbtProject& project, const LogLine& log);

Status CleanProject(const DbtProject& project, const LogLine& log);

}  // namespace strata::dbt
