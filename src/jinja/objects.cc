// Attributes and representations of the built-in objects.
#include "jinja/objects.h"

#include "jinja/interpreter.h"
#include "jinja/value_format.h"

namespace strata::jinja {

std::optional<Value> MacroObject::GetAttribute(std::string_view name) const {
  if (name == "name") {
    return Value::String(decl_->name);
  }
  if (name == "arguments") {
    std::vector<Value> params;
    for (const std::string& p : decl_->params) {
      params.push_back(Value::String(p));
    }
    return Value::Tuple(std::move(params));
  }
  if (name == "catch_kwargs") {
    return Value::Bool(decl_->uses_kwargs);
  }
  if (name == "catch_varargs") {
    return Value::Bool(decl_->uses_varargs);
  }
  if (name == "caller") {
    return Value::Bool(decl_->uses_caller);
  }
  return std::nullopt;
}

std::optional<Value> NamespaceObject::GetAttribute(std::string_view name) const {
  const Value* found = attributes_->FindString(name);
  if (found == nullptr) {
    return std::nullopt;
  }
  return *found;
}

std::optional<Value> NamespaceObject::GetItem(const Value& key) const {
  if (!key.is_string()) {
    return std::nullopt;
  }
  return GetAttribute(key.as_string());
}

Status NamespaceObject::SetAttribute(std::string_view name, Value value) {
  STRATA_RETURN_IF_ERROR(CheckNoCycle(attributes_.get(), value));
  attributes_->SetString(std::string(name), std::move(value));
  return Status::OK();
}

std::string NamespaceObject::Repr() const {
  return std::string("<Namespace ") + jinja::Repr(Value::DictOf(attributes_)) + ">";
}

std::optional<Value> LoopObject::GetAttribute(std::string_view name) const {
  int64_t length = static_cast<int64_t>(items_->size());
  int64_t index = static_cast<int64_t>(index_);
  if (name == "index") {
    return Value::Int(index + 1);
  }
  if (name == "index0") {
    return Value::Int(index);
  }
  if (name == "revindex") {
    return Value::Int(length - index);
  }
  if (name == "revindex0") {
    return Value::Int(length - index - 1);
  }
  if (name == "first") {
    return Value::Bool(index == 0);
  }
  if (name == "last") {
    return Value::Bool(index == length - 1);
  }
  if (name == "length") {
    return Value::Int(length);
  }
  if (name == "depth") {
    return Value::Int(1);
  }
  if (name == "depth0") {
    return Value::Int(0);
  }
  if (name == "previtem") {
    if (index == 0) {
      return Value::UndefinedWithHint("there is no previous item");
    }
    return (*items_)[index_ - 1];
  }
  if (name == "nextitem") {
    if (index + 1 >= length) {
      return Value::UndefinedWithHint("there is no next item");
    }
    return (*items_)[index_ + 1];
  }
  if (name == "cycle") {
    size_t current = index_;
    return Value::FromObject(std::make_shared<FunctionObject>(
        "cycle", [current](CallContext& context, Arguments& args) -> Result<Value> {
          if (args.positional.empty()) {
            return context.Error("no items for cycling given");
          }
          return args.positional[current % args.positional.size()];
        }));
  }
  if (name == "changed") {
    auto last = last_changed_;
    return Value::FromObject(std::make_shared<FunctionObject>(
        "changed", [last](CallContext&, Arguments& args) -> Result<Value> {
          Value current = Value::Tuple(args.positional);
          if (last->has_value() && Equals(**last, current)) {
            return Value::Bool(false);
          }
          *last = current;
          return Value::Bool(true);
        }));
  }
  return std::nullopt;
}

std::string LoopObject::Repr() const {
  return std::string("<LoopContext ") + std::to_string(index_ + 1) + "/" +
         std::to_string(items_->size()) + ">";
}

std::optional<Value> ModuleObject::GetAttribute(std::string_view name) const {
  if (!name.empty() && name[0] == '_') {
    return std::nullopt;
  }
  return Member(name);
}

std::optional<Value> ModuleObject::Member(std::string_view name) const {
  for (const auto& [key, value] : scope_->vars) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace strata::jinja
