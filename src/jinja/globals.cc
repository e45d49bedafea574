// Jinja2's global functions: range (limited to 100,000 items, as in the sandbox dbt uses),
// dict, namespace, cycler and joiner.
#include "jinja/arguments.h"
#include "jinja/environment.h"
#include "jinja/objects.h"
#include "jinja/operators.h"

namespace strata::jinja {

namespace {

constexpr int64_t kMaxRange = 100000;

class CyclerObject : public Object, public std::enable_shared_from_this<CyclerObject> {
 public:
  explicit CyclerObject(std::vector<Value> items) : items_(std::move(items)) {}
  std::string TypeName() const override { return "Cycler"; }
  std::optional<Value> GetAttribute(std::string_view name) const override {
    if (name == "current") {
      return items_.empty() ? Value::None() : items_[position_ % items_.size()];
    }
    // The bound methods keep the cycler alive (`{% set next = cycler(1, 2).next %}`).
    auto self = std::const_pointer_cast<CyclerObject>(shared_from_this());
    if (name == "next") {
      return Value::FromObject(std::make_shared<FunctionObject>(
          "next", [self](CallContext& context, Arguments&) -> Result<Value> {
            if (self->items_.empty()) {
              return context.Error("at least one item has to be provided to a cycler");
            }
            Value v = self->items_[self->position_ % self->items_.size()];
            self->position_ = (self->position_ + 1) % self->items_.size();
            return v;
          }));
    }
    if (name == "reset") {
      return Value::FromObject(std::make_shared<FunctionObject>(
          "reset", [self](CallContext&, Arguments&) -> Result<Value> {
            self->position_ = 0;
            return Value::None();
          }));
    }
    return std::nullopt;
  }

 private:
  std::vector<Value> items_;
  size_t position_ = 0;
};

Result<Value> Range(CallContext&, Arguments& args) {
  if (!args.keyword.empty()) {
    return Status::InvalidArgument("range() takes no keyword arguments");
  }
  if (args.positional.empty() || args.positional.size() > 3) {
    return Status::InvalidArgument(std::string("range expected 1 to 3 arguments, got ") +
                                   std::to_string(args.positional.size()));
  }
  int64_t bounds[3] = {0, 0, 1};
  for (size_t i = 0; i < args.positional.size(); ++i) {
    const Value& v = args.positional[i];
    if (!v.is_integral()) {
      return Status::InvalidArgument(std::string("'") + v.TypeName() +
                                     "' object cannot be interpreted as an integer");
    }
  }
  if (args.positional.size() == 1) {
    bounds[1] = args.positional[0].as_int();
  } else {
    bounds[0] = args.positional[0].as_int();
    bounds[1] = args.positional[1].as_int();
    if (args.positional.size() == 3) {
      bounds[2] = args.positional[2].as_int();
    }
  }
  int64_t start = bounds[0], stop = bounds[1], step = bounds[2];
  if (step == 0) {
    return Status::InvalidArgument("range() arg 3 must not be zero");
  }
  uint64_t count = 0;
  if ((step > 0 && stop > start) || (step < 0 && start > stop)) {
    uint64_t span = step > 0 ? static_cast<uint64_t>(stop) - static_cast<uint64_t>(start)
                             : static_cast<uint64_t>(start) - static_cast<uint64_t>(stop);
    uint64_t magnitude = step > 0 ? static_cast<uint64_t>(step) : 0 - static_cast<uint64_t>(step);
    count = span / magnitude + (span % magnitude != 0 ? 1 : 0);
  }
  if (count > static_cast<uint64_t>(kMaxRange)) {
    return Status::InvalidArgument(
        "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
  }
  auto list = std::make_shared<ListData>();
  list->flavor = Flavor::kRange;
  list->range_start = start;
  list->range_stop = stop;
  list->range_step = step;
  list->items.reserve(static_cast<size_t>(count));
  int64_t current = start;
  for (uint64_t i = 0; i < count; ++i) {
    list->items.push_back(Value::Int(current));
    if (__builtin_add_overflow(current, step, &current)) {
      break;
    }
  }
  return Value::ListOf(std::move(list));
}

Result<Value> MakeDict(CallContext&, Arguments& args) {
  Value dict = Value::Dict();
  if (args.positional.size() > 1) {
    return Status::InvalidArgument("dict expected at most 1 argument, got " +
                                   std::to_string(args.positional.size()));
  }
  if (!args.positional.empty()) {
    const Value& source = args.positional[0];
    if (source.is_dict()) {
      for (const auto& [k, v] : source.as_dict()->entries()) {
        STRATA_RETURN_IF_ERROR(dict.as_dict()->Set(k, v));
      }
    } else {
      STRATA_ASSIGN_OR_RETURN(std::vector<Value> pairs, Iterate(source));
      for (const Value& pair : pairs) {
        STRATA_ASSIGN_OR_RETURN(std::vector<Value> kv, Iterate(pair));
        if (kv.size() != 2) {
          return Status::InvalidArgument("dictionary update sequence element has length " +
                                         std::to_string(kv.size()) + "; 2 is required");
        }
        STRATA_RETURN_IF_ERROR(dict.as_dict()->Set(kv[0], kv[1]));
      }
    }
  }
  for (const auto& [k, v] : args.keyword) {
    dict.as_dict()->SetString(k, v);
  }
  return dict;
}

}  // namespace

void RegisterBuiltinGlobals(Environment* env) {
  env->AddFunction("range", Range);
  env->AddFunction("dict", MakeDict);
  env->AddFunction("namespace", [](CallContext& context, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(Value initial, MakeDict(context, args));
    auto ns = std::make_shared<NamespaceObject>();
    for (const auto& [k, v] : initial.as_dict()->entries()) {
      if (k.is_string()) {
        STRATA_RETURN_IF_ERROR(ns->SetAttribute(k.as_string(), v));
      }
    }
    return Value::FromObject(std::move(ns));
  });
  env->AddFunction("cycler", [](CallContext&, Arguments& args) -> Result<Value> {
    return Value::FromObject(std::make_shared<CyclerObject>(args.positional));
  });
  env->AddFunction("joiner", [](CallContext&, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("joiner", args, {"sep"}));
    std::string separator = a[0] ? (a[0]->is_string() ? a[0]->as_string() : "") : ", ";
    auto used = std::make_shared<bool>(false);
    return Value::FromObject(std::make_shared<FunctionObject>(
        "joiner", [separator, used](CallContext&, Arguments&) -> Result<Value> {
          if (!*used) {
            *used = true;
            return Value::String("");
          }
          return Value::String(separator);
        }));
  });
}

}  // namespace strata::jinja
