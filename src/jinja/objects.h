// The built-in objects of the runtime: macros, host functions, namespaces, the loop variable,
// imported template modules, and bound methods of str/list/dict values.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jinja/ast.h"
#include "jinja/environment.h"
#include "jinja/value.h"

namespace strata::jinja {

struct Scope;

// A macro (or the caller of a call block): the declaration, the template that holds it, and the
// scope it was defined in (names it does not bind are looked up there when it runs).
class MacroObject : public Object {
 public:
  MacroObject(std::shared_ptr<const MacroDecl> decl, std::shared_ptr<const Template> tmpl,
              std::shared_ptr<Scope> closure)
      : decl_(std::move(decl)), template_(std::move(tmpl)), closure_(std::move(closure)) {}
  std::string TypeName() const override { return "Macro"; }
  std::optional<Value> GetAttribute(std::string_view name) const override;
  bool IsCallable() const override { return true; }
  Result<Value> Call(CallContext& context, Arguments& args) override;
  std::string Repr() const override { return "<Macro '" + decl_->name + "'>"; }

  const MacroDecl& decl() const { return *decl_; }
  const std::shared_ptr<const Template>& tmpl() const { return template_; }
  const std::shared_ptr<Scope>& closure() const { return closure_; }

 private:
  std::shared_ptr<const MacroDecl> decl_;
  std::shared_ptr<const Template> template_;
  std::shared_ptr<Scope> closure_;
};

// A host or built-in function.
class FunctionObject : public Object {
 public:
  FunctionObject(std::string name, Function function)
      : name_(std::move(name)), function_(std::move(function)) {}
  std::string TypeName() const override { return "function"; }
  bool IsCallable() const override { return true; }
  Result<Value> Call(CallContext& context, Arguments& args) override {
    return function_(context, args);
  }
  std::string Repr() const override { return "<function " + name_ + ">"; }

 private:
  std::string name_;
  Function function_;
};

// namespace(): the one object whose attributes templates may set.
class NamespaceObject : public Object {
 public:
  NamespaceObject() : attributes_(std::make_shared<DictData>()) {}
  std::string TypeName() const override { return "Namespace"; }
  std::optional<Value> GetAttribute(std::string_view name) const override;
  std::optional<Value> GetItem(const Value& key) const override;
  Status SetAttribute(std::string_view name, Value value) override;
  std::string Repr() const override;
  const DictData* MutableContents() const override { return attributes_.get(); }

 private:
  DictPtr attributes_;
};

// The `loop` variable of a for loop.
class LoopObject : public Object {
 public:
  explicit LoopObject(std::shared_ptr<const std::vector<Value>> items) : items_(std::move(items)) {}
  std::string TypeName() const override { return "LoopContext"; }
  std::optional<Value> GetAttribute(std::string_view name) const override;
  std::string Repr() const override;
  void set_index(size_t index) { index_ = index; }

 private:
  std::shared_ptr<const std::vector<Value>> items_;
  size_t index_ = 0;
  std::shared_ptr<std::optional<Value>> last_changed_ = std::make_shared<std::optional<Value>>();
};

// An imported template: its top-level macros and variables.
class ModuleObject : public Object {
 public:
  ModuleObject(std::string name, std::shared_ptr<Scope> scope)
      : name_(std::move(name)), scope_(std::move(scope)) {}
  std::string TypeName() const override { return "TemplateModule"; }
  // Exported names: those not starting with an underscore (Jinja2 keeps `_x` private).
  std::optional<Value> GetAttribute(std::string_view name) const override;
  // Any top-level name, private ones included: for a host that resolves macros by name itself
  // (dbt calls a package's `_helper` macros).
  std::optional<Value> Member(std::string_view name) const;
  std::string Repr() const override { return "<TemplateModule '" + name_ + "'>"; }

 private:
  std::string name_;
  std::shared_ptr<Scope> scope_;
};

// `receiver.name` for a Python method of str, list or dict (`xs.append`, `s.split`), or nullopt
// when the type has no such method.
std::optional<Value> GetMethod(const Value& receiver, std::string_view name);

}  // namespace strata::jinja
