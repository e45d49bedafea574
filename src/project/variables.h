// The config `variables` as SQL values, for the macro language's @VAR('x') and @x.
#pragma once

#include <map>
#include <string>

#include "project/config.h"
#include "sql/ast.h"

namespace strata::project {

// Each variable of `config` as an AST value made in `arena`: YAML scalars become integer,
// decimal, boolean, NULL (`~`, `null`) or string literals; sequences become arrays; mappings
// become structs. Keys are the lower-case variable names.
std::map<std::string, sql::Node*> VariableNodes(const Config& config, sql::Arena* arena);

}  // namespace strata::project
