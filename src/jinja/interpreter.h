// The tree-walking interpreter of one render: scopes, statement execution, expression
// evaluation, macro calls, and the CallContext that host functions see.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jinja/environment.h"

namespace strata::jinja {

// A variable scope: the template's top level, a loop iteration, a macro call, a with block.
// Lookups walk up to the root, whose `variables` are the render's (nullptr: globals only).
struct Scope {
  std::shared_ptr<Scope> parent;
  std::vector<std::pair<std::string, Value>> vars;
  const Variables* variables = nullptr;      // root only
  std::shared_ptr<Variables> own_variables;  // keeps a module's or copied context alive

  const Value* Find(std::string_view name) const;
  void Set(std::string_view name, Value value);
};

// Renders `tmpl` into `out` with `variables`. The entry point behind Environment::Render.
Status RenderTemplate(const Environment& env, const std::shared_ptr<const Template>& tmpl,
                      const Variables& variables, std::string* out);

}  // namespace strata::jinja
