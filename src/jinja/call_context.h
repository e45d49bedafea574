// What a host function, filter or test sees of the render that calls it: where the call is (for
// errors), how to call other callables, filters and tests, and dbt's `return()` mechanism.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "jinja/value.h"

namespace strata::jinja {

enum class UndefinedBehavior : uint8_t {
  // Jinja2's Undefined, as dbt renders: prints as "", iterates as empty, is false; attribute
  // access, calls and arithmetic on it are errors.
  kDefault,
  // Jinja2's StrictUndefined: every use but `is defined` and `default` is an error.
  kStrict,
  // dbt's parse-time undefined: attribute access, subscripts and calls give undefined again.
  kLenient,
};

class Environment;

class CallContext {
 public:
  virtual ~CallContext() = default;
  virtual const Environment& environment() const = 0;
  // An error at the call being made, with the template location and the macro call chain.
  virtual Status Error(std::string message) const = 0;
  // Calls `callable` (a macro, function or bound method).
  virtual Result<Value> Call(const Value& callable, Arguments& args) = 0;
  // Applies the filter or test `name` as `value | name(args)` / `value is name(args)`.
  virtual Result<Value> ApplyFilter(std::string_view name, const Value& value, Arguments& args) = 0;
  virtual Result<bool> ApplyTest(std::string_view name, const Value& value, Arguments& args) = 0;
  // `value.name` with Jinja's rules (attribute, then item); undefined when absent.
  virtual Result<Value> GetAttribute(const Value& value, std::string_view name) = 0;
  // `value[key]` with Jinja's rules (item, then attribute); undefined when absent.
  virtual Result<Value> GetItem(const Value& value, const Value& key) = 0;
  // The value `name` has at the call site (locals, then the render's variables and globals).
  virtual Result<Value> Lookup(std::string_view name) = 0;
  // The template `name` (from the environment's loader) run as a module with the render's
  // variables, as `{% import name as m with context %}` at the top level would: its macros and
  // top-level variables are the module's attributes. Run once per render, then cached. This is
  // how a host exposes a project's macro files to every template (e.g. from a NameResolver).
  virtual Result<Value> Import(std::string_view name) = 0;
  // Ends the innermost running macro with `value` as its result (dbt's `return()`): returns a
  // status that the host function must return; the macro call then yields `value`. Outside a
  // macro, the render fails.
  virtual Status ReturnFromMacro(Value value) = 0;
  // An error for using an undefined value (its message names what was undefined).
  virtual Status UndefinedError(const Value& undefined) const = 0;
  virtual UndefinedBehavior undefined_behavior() const = 0;
};

}  // namespace strata::jinja
