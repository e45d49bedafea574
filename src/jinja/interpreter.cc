// The interpreter: executes statements into an output string and evaluates expressions, with
// Jinja2's scoping (loops, macros, with, filter and set blocks open a scope; if does not).
#include "jinja/interpreter.h"

#include <map>

#include "base/text.h"
#include "jinja/objects.h"
#include "jinja/operators.h"
#include "jinja/value_format.h"

namespace strata::jinja {

const Value* Scope::Find(std::string_view name) const {
  for (const auto& [key, value] : vars) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

void Scope::Set(std::string_view name, Value value) {
  for (auto& [key, existing] : vars) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  vars.emplace_back(std::string(name), std::move(value));
}

namespace {

constexpr std::string_view kReturnMarker = "return() outside of a macro";
constexpr size_t kMaxCallDepth = 200;

std::shared_ptr<Scope> ChildScope(const std::shared_ptr<Scope>& parent) {
  auto scope = std::make_shared<Scope>();
  scope->parent = parent;
  return scope;
}

enum class Flow { kNormal, kBreak, kContinue };

class Interpreter final : public CallContext {
 public:
  explicit Interpreter(const Environment& env) : env_(env) {}
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // A macro holds the scope it was defined in, and that scope holds the macro: the cycle is
  // broken here, when the render is over (values of a render do not outlive it).
  ~Interpreter() override {
    for (const std::shared_ptr<Scope>& scope : closures_) {
      scope->vars.clear();
      scope->parent.reset();
    }
  }

  Status Run(const std::shared_ptr<const Template>& tmpl, const Variables& variables,
             std::string* out) {
    auto root = std::make_shared<Scope>();
    root->variables = &variables;
    root_variables_ = &variables;
    Status status = ExecTemplate(tmpl, root, out);
    if (!status.ok() && pending_return_) {
      pending_return_.reset();
      return Status::ProjectError("return() was called outside of a macro")
          .WithLocation(return_location_);
    }
    return status;
  }

  // --- CallContext ---

  const Environment& environment() const override { return env_; }

  Status Error(std::string message) const override {
    return ErrorAt(current_offset_, std::move(message));
  }

  Result<Value> Call(const Value& callable, Arguments& args) override {
    return CallValue(callable, args, current_offset_);
  }

  Result<Value> ApplyFilter(std::string_view name, const Value& value, Arguments& args) override {
    return FilterAt(name, value, args, current_offset_);
  }

  Result<bool> ApplyTest(std::string_view name, const Value& value, Arguments& args) override {
    return TestAt(name, value, args, current_offset_);
  }

  Result<Value> GetAttribute(const Value& value, std::string_view name) override {
    return GetAttr(value, name, current_offset_);
  }

  Result<Value> GetItem(const Value& value, const Value& key) override {
    return GetItemValue(value, key, current_offset_);
  }

  Result<Value> Lookup(std::string_view name) override {
    return LookupName(name, current_scope_ != nullptr ? *current_scope_ : empty_scope_);
  }

  Result<Value> Import(std::string_view name) override {
    if (auto it = modules_.find(name); it != modules_.end()) {
      return it->second;
    }
    STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Template> tmpl, env_.Load(name));
    auto module_scope = std::make_shared<Scope>();
    module_scope->variables = root_variables_;
    std::string discarded;
    frames_.push_back({"template '" + tmpl->name() + "'", "imported",
                       current_template_ != nullptr ? current_template_ : tmpl.get(),
                       current_offset_});
    Status status = ExecTemplate(tmpl, module_scope, &discarded);
    frames_.pop_back();
    STRATA_RETURN_IF_ERROR(status);
    Value module = Value::FromObject(std::make_shared<ModuleObject>(tmpl->name(), module_scope));
    modules_.emplace(std::string(name), module);
    return module;
  }

  Status ReturnFromMacro(Value value) override {
    pending_return_ = std::move(value);
    return_location_ = current_template_->source().Locate(current_offset_);
    return Status::Internal(std::string(kReturnMarker));
  }

  Status UndefinedError(const Value& undefined) const override {
    return ErrorAt(current_offset_, undefined.undefined_info().Message());
  }

  UndefinedBehavior undefined_behavior() const override { return env_.options().undefined; }

 private:
  struct Frame {
    std::string what;  // "macro 'name'", "template 'name'"
    std::string verb;  // "called", "included", "imported"
    const Template* call_template;
    uint32_t call_offset;
  };

  // --- errors ---

  Status ErrorAt(uint32_t offset, std::string message, std::string hint = "") const {
    Status status = Status::ProjectError(std::move(message));
    if (current_template_ != nullptr) {
      status = std::move(status).WithLocation(current_template_->source().Locate(offset));
    }
    std::string chain;
    for (size_t i = frames_.size(); i > 0; --i) {
      const Frame& frame = frames_[i - 1];
      SourceLocation at = frame.call_template->source().Locate(frame.call_offset);
      chain += std::string("\n  in ") + frame.what + ", " + frame.verb + " at " + at.file + ":" +
               std::to_string(at.line) + ":" + std::to_string(at.column);
    }
    if (!chain.empty()) {
      hint = hint.empty() ? std::string("call chain:") + chain : hint + "\ncall chain:" + chain;
    }
    if (!hint.empty()) {
      status = std::move(status).WithHint(std::move(hint));
    }
    return status;
  }

  // A status from a callee: located errors and the return() signal pass through; others get
  // the location of the call.
  Status Located(Status status, uint32_t offset) const {
    if (status.ok() || pending_return_ || status.has_location()) {
      return status;
    }
    return ErrorAt(offset, status.message(), status.hint());
  }

  Status UndefinedAt(const Value& undefined, uint32_t offset) const {
    return ErrorAt(offset, undefined.undefined_info().Message(),
                   "define the variable, or guard the use with `is defined` or the default filter");
  }

  void RememberClosure(const std::shared_ptr<Scope>& scope) {
    if (closures_.empty() || closures_.back() != scope) {
      closures_.push_back(scope);
    }
  }

  // Counts one loop iteration or macro call against Options::max_steps.
  Status Step(uint32_t offset) {
    uint64_t limit = env_.options().max_steps;
    if (limit != 0 && ++steps_ > limit) {
      return ErrorAt(offset, "the render exceeded its limit of " + std::to_string(limit) +
                                 " loop iterations and macro calls");
    }
    return Status::OK();
  }

  bool Strict() const { return env_.options().undefined == UndefinedBehavior::kStrict; }
  bool Lenient() const { return env_.options().undefined == UndefinedBehavior::kLenient; }

  Result<bool> Truth(const Value& value, uint32_t offset) const {
    if (value.is_undefined() && Strict()) {
      return UndefinedAt(value, offset);
    }
    return value.Truthy();
  }

  // --- names ---

  Result<Value> LookupName(std::string_view name, const Scope& scope) {
    const Scope* s = &scope;
    const Scope* root = s;
    for (; s != nullptr; s = s->parent.get()) {
      if (const Value* found = s->Find(name)) {
        return *found;
      }
      root = s;
    }
    if (root->variables != nullptr) {
      auto it = root->variables->find(name);
      if (it != root->variables->end()) {
        return it->second;
      }
    }
    if (auto it = lazy_cache_.find(name); it != lazy_cache_.end()) {
      return it->second;
    }
    if (const LazyValue* lazy = env_.FindLazy(name)) {
      Result<Value> value = (*lazy)(*this);
      if (!value.ok()) {
        return value.status();
      }
      lazy_cache_.emplace(std::string(name), *value);
      return *value;
    }
    if (const Value* global = env_.FindGlobal(name)) {
      return *global;
    }
    if (env_.resolver()) {
      STRATA_ASSIGN_OR_RETURN(std::optional<Value> resolved, env_.resolver()(*this, name));
      if (resolved) {
        return *resolved;
      }
    }
    return Value::Undefined(std::string(name));
  }

  // --- attribute and item access ---

  Result<Value> GetAttr(const Value& obj, std::string_view name, uint32_t offset) {
    if (obj.is_undefined()) {
      if (Lenient()) {
        return Value::Undefined(std::string(name));
      }
      return UndefinedAt(obj, offset);
    }
    // The sandbox refuses attributes that start with an underscore; the items of a dict or of
    // a mapping object stay reachable (Jinja2 falls back to the item when the attribute lookup
    // fails: dbt's `package._private_macro` is such an item).
    if (!name.empty() && name[0] == '_') {
      if (obj.is_dict()) {
        if (const Value* found = obj.as_dict()->FindString(name)) {
          return *found;
        }
        return Value::Undefined(std::string(name), obj.ObjectTypeRepr());
      }
      if (obj.is_object()) {
        if (auto item = obj.as_object()->GetItem(Value::String(std::string(name)))) {
          return *item;
        }
      }
      return Value::UndefinedWithHint(std::string("access to attribute '") + std::string(name) +
                                      "' of '" + obj.TypeName() + "' object is unsafe.");
    }
    if (obj.is_object()) {
      if (auto attr = obj.as_object()->GetAttribute(name)) {
        return *attr;
      }
      if (auto item = obj.as_object()->GetItem(Value::String(std::string(name)))) {
        return *item;
      }
    } else {
      if (auto method = GetMethod(obj, name)) {
        return *method;
      }
      if (obj.is_dict()) {
        if (const Value* found = obj.as_dict()->FindString(name)) {
          return *found;
        }
      }
    }
    return Value::Undefined(std::string(name), obj.ObjectTypeRepr());
  }

  Result<Value> GetItemValue(const Value& obj, const Value& key, uint32_t offset) {
    if (obj.is_undefined()) {
      if (Lenient()) {
        return obj;
      }
      return UndefinedAt(obj, offset);
    }
    if (std::optional<Value> item = Subscript(obj, key)) {
      return *item;
    }
    if (key.is_string()) {
      const std::string& name = key.as_string();
      if (!name.empty() && name[0] == '_') {
        return Value::UndefinedWithHint(std::string("access to attribute '") + name + "' of '" +
                                        obj.TypeName() + "' object is unsafe.");
      }
      if (obj.is_object()) {
        if (auto attr = obj.as_object()->GetAttribute(name)) {
          return *attr;
        }
      } else if (auto method = GetMethod(obj, name)) {
        return *method;
      }
      return Value::Undefined(name, obj.ObjectTypeRepr());
    }
    return Value::Undefined(Repr(key), obj.ObjectTypeRepr(), true);
  }

  // --- calls ---

  Result<Value> CallValue(const Value& callee, Arguments& args, uint32_t offset) {
    if (callee.is_undefined()) {
      if (Lenient()) {
        return callee;
      }
      return UndefinedAt(callee, offset);
    }
    if (!callee.is_object() || !callee.as_object()->IsCallable()) {
      return ErrorAt(offset, std::string("'") + callee.TypeName() + "' object is not callable");
    }
    uint32_t saved = current_offset_;
    current_offset_ = offset;
    Result<Value> result = callee.as_object()->Call(*this, args);
    current_offset_ = saved;
    if (!result.ok()) {
      return Located(result.status(), offset);
    }
    return result;
  }

  Result<Arguments> EvalArgs(const CallArgs* call_args, Scope& scope) {
    Arguments args;
    if (call_args == nullptr) {
      return args;
    }
    args.positional.reserve(call_args->positional.size());
    for (const auto& e : call_args->positional) {
      STRATA_ASSIGN_OR_RETURN(Value v, Eval(*e, scope));
      args.positional.push_back(std::move(v));
    }
    for (const auto& [name, e] : call_args->keyword) {
      STRATA_ASSIGN_OR_RETURN(Value v, Eval(*e, scope));
      args.keyword.emplace_back(name, std::move(v));
    }
    if (call_args->star_args) {
      STRATA_ASSIGN_OR_RETURN(Value v, Eval(*call_args->star_args, scope));
      Result<std::vector<Value>> items = Iterate(v);
      if (!items.ok()) {
        return ErrorAt(call_args->star_args->offset, items.status().message());
      }
      for (Value& item : *items) {
        args.positional.push_back(std::move(item));
      }
    }
    if (call_args->star_kwargs) {
      STRATA_ASSIGN_OR_RETURN(Value v, Eval(*call_args->star_kwargs, scope));
      if (!v.is_dict()) {
        if (!v.is_undefined()) {
          return ErrorAt(call_args->star_kwargs->offset,
                         "argument after ** must be a mapping, not " + v.TypeName());
        }
      } else {
        for (const auto& [key, value] : v.as_dict()->entries()) {
          if (!key.is_string()) {
            return ErrorAt(call_args->star_kwargs->offset, "keywords must be strings");
          }
          args.keyword.emplace_back(key.as_string(), value);
        }
      }
    }
    return args;
  }

  Result<Value> FilterAt(std::string_view name, const Value& input, Arguments& args,
                         uint32_t offset) {
    const FilterFunction* filter = env_.FindFilter(name);
    if (filter == nullptr) {
      std::string nearest = NearestName(name, env_.FilterNames());
      return ErrorAt(offset, std::string("no filter named '") + std::string(name) + "'",
                     nearest.empty() ? "" : std::string("did you mean '") + nearest + "'?");
    }
    if (input.is_undefined() && Strict() && name != "default" && name != "d") {
      return UndefinedAt(input, offset);
    }
    uint32_t saved = current_offset_;
    current_offset_ = offset;
    Result<Value> result = (*filter)(*this, input, args);
    current_offset_ = saved;
    if (!result.ok()) {
      return Located(result.status(), offset);
    }
    return result;
  }

  Result<bool> TestAt(std::string_view name, const Value& input, Arguments& args, uint32_t offset) {
    const TestFunction* test = env_.FindTest(name);
    if (test == nullptr) {
      std::string nearest = NearestName(name, env_.TestNames());
      return ErrorAt(offset, std::string("no test named '") + std::string(name) + "'",
                     nearest.empty() ? "" : std::string("did you mean '") + nearest + "'?");
    }
    uint32_t saved = current_offset_;
    current_offset_ = offset;
    Result<bool> result = (*test)(*this, input, args);
    current_offset_ = saved;
    if (!result.ok()) {
      return Located(result.status(), offset);
    }
    return result;
  }

 public:
  Result<Value> CallMacro(const MacroObject& macro, Arguments& args) {
    const MacroDecl& decl = macro.decl();
    STRATA_RETURN_IF_ERROR(Step(current_offset_));
    if (frames_.size() >= kMaxCallDepth) {
      return ErrorAt(current_offset_,
                     std::string("maximum recursion depth exceeded in macro '") + decl.name + "'");
    }
    size_t arg_count = decl.params.size();
    auto scope = ChildScope(macro.closure());
    std::vector<std::optional<Value>> values(arg_count);
    size_t given = std::min(args.positional.size(), arg_count);
    for (size_t i = 0; i < given; ++i) {
      values[i] = args.positional[i];
    }
    std::vector<std::pair<std::string, Value>> extra = args.keyword;
    auto take_keyword = [&](std::string_view name) -> std::optional<Value> {
      for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it->first == name) {
          Value v = std::move(it->second);
          extra.erase(it);
          return v;
        }
      }
      return std::nullopt;
    };
    bool found_caller = false;
    if (given != arg_count) {
      for (size_t i = given; i < arg_count; ++i) {
        values[i] = take_keyword(decl.params[i]);
        if (decl.params[i] == "caller") {
          found_caller = true;
        }
      }
    } else {
      for (const std::string& p : decl.params) {
        found_caller = found_caller || p == "caller";
      }
    }
    if (decl.uses_caller && !found_caller) {
      std::optional<Value> caller = take_keyword("caller");
      scope->Set("caller", caller ? *caller : Value::UndefinedWithHint("No caller defined"));
    }
    if (decl.uses_kwargs) {
      Value kwargs = Value::Dict();
      for (auto& [key, value] : extra) {
        kwargs.as_dict()->SetString(key, value);
      }
      scope->Set("kwargs", std::move(kwargs));
    } else if (!extra.empty()) {
      for (const auto& [key, value] : extra) {
        if (key == "caller") {
          return ErrorAt(current_offset_, std::string("macro '") + decl.name +
                                              "' was invoked with two values for the special "
                                              "caller argument");
        }
      }
      return ErrorAt(current_offset_, "macro '" + decl.name + "' takes no keyword argument '" +
                                          extra[0].first + "'");
    }
    if (decl.uses_varargs) {
      std::vector<Value> rest;
      for (size_t i = arg_count; i < args.positional.size(); ++i) {
        rest.push_back(args.positional[i]);
      }
      scope->Set("varargs", Value::Tuple(std::move(rest)));
    } else if (args.positional.size() > arg_count) {
      return ErrorAt(current_offset_, std::string("macro '") + decl.name +
                                          "' takes not more than " + std::to_string(arg_count) +
                                          " argument(s)");
    }
    for (size_t i = 0; i < arg_count; ++i) {
      if (values[i]) {
        scope->Set(decl.params[i], *values[i]);
      }
    }
    frames_.push_back({"macro '" + decl.name + "'", "called", current_template_, current_offset_});
    const Template* saved_template = current_template_;
    current_template_ = macro.tmpl().get();
    size_t first_default = arg_count - decl.defaults.size();
    Status status;
    for (size_t i = 0; i < arg_count && status.ok(); ++i) {
      if (values[i]) {
        continue;
      }
      if (i >= first_default) {
        Result<Value> v = Eval(*decl.defaults[i - first_default], *scope);
        if (!v.ok()) {
          status = v.status();
          break;
        }
        scope->Set(decl.params[i], *v);
      } else {
        scope->Set(decl.params[i], Value::UndefinedWithHint(std::string("parameter '") +
                                                            decl.params[i] + "' was not provided"));
      }
    }
    std::string out;
    if (status.ok()) {
      Result<Flow> flow = ExecBody(decl.body, scope, &out);
      if (!flow.ok()) {
        status = flow.status();
      }
    }
    current_template_ = saved_template;
    frames_.pop_back();
    if (!status.ok()) {
      if (pending_return_ && status.code() == StatusCode::kInternal &&
          status.message() == kReturnMarker) {
        Value value = std::move(*pending_return_);
        pending_return_.reset();
        return value;
      }
      return status;
    }
    return Value::String(std::move(out));
  }

 private:
  // --- expressions ---

  Result<Value> Eval(const Expr& e, Scope& scope) {
    switch (e.kind) {
      case ExprKind::kConst:
        return e.constant;
      case ExprKind::kName:
        return LookupName(e.name, scope);
      case ExprKind::kGetAttr: {
        STRATA_ASSIGN_OR_RETURN(Value obj, Eval(*e.children[0], scope));
        return GetAttr(obj, e.name, e.offset);
      }
      case ExprKind::kGetItem: {
        STRATA_ASSIGN_OR_RETURN(Value obj, Eval(*e.children[0], scope));
        const Expr& index = *e.children[1];
        if (index.kind == ExprKind::kSlice) {
          if (obj.is_undefined()) {
            if (Lenient()) {
              return obj;
            }
            return UndefinedAt(obj, e.offset);
          }
          Value bounds[3];
          const Value* pointers[3] = {nullptr, nullptr, nullptr};
          for (int i = 0; i < 3; ++i) {
            if (index.children[static_cast<size_t>(i)]) {
              STRATA_ASSIGN_OR_RETURN(bounds[i],
                                      Eval(*index.children[static_cast<size_t>(i)], scope));
              pointers[i] = &bounds[i];
            }
          }
          Result<std::optional<Value>> sliced =
              SliceValue(obj, pointers[0], pointers[1], pointers[2]);
          if (!sliced.ok()) {
            return ErrorAt(e.offset, sliced.status().message());
          }
          if (!*sliced) {
            return Value::Undefined("slice", obj.ObjectTypeRepr(), true);
          }
          return **sliced;
        }
        STRATA_ASSIGN_OR_RETURN(Value key, Eval(index, scope));
        return GetItemValue(obj, key, e.offset);
      }
      case ExprKind::kSlice:
        return ErrorAt(e.offset, "a slice is only allowed inside []");
      case ExprKind::kCall: {
        STRATA_ASSIGN_OR_RETURN(Value callee, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args.get(), scope));
        return CallValue(callee, args, e.offset);
      }
      case ExprKind::kFilter: {
        Value input;
        if (e.children[0]) {
          STRATA_ASSIGN_OR_RETURN(input, Eval(*e.children[0], scope));
        } else if (filter_input_ != nullptr) {
          input = *filter_input_;
        }
        STRATA_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args.get(), scope));
        return FilterAt(e.name, input, args, e.offset);
      }
      case ExprKind::kTest: {
        STRATA_ASSIGN_OR_RETURN(Value input, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args.get(), scope));
        STRATA_ASSIGN_OR_RETURN(bool result, TestAt(e.name, input, args, e.offset));
        return Value::Bool(result);
      }
      case ExprKind::kNot: {
        STRATA_ASSIGN_OR_RETURN(Value v, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(bool truth, Truth(v, e.offset));
        return Value::Bool(!truth);
      }
      case ExprKind::kNeg:
      case ExprKind::kPos: {
        STRATA_ASSIGN_OR_RETURN(Value v, Eval(*e.children[0], scope));
        if (v.is_undefined()) {
          return UndefinedAt(v, e.offset);
        }
        if (e.kind == ExprKind::kPos) {
          if (!v.is_number()) {
            return ErrorAt(e.offset,
                           std::string("bad operand type for unary +: '") + v.TypeName() + "'");
          }
          return v.is_bool() ? Value::Int(v.as_int()) : v;
        }
        Result<Value> r = Negate(v);
        if (!r.ok()) {
          return ErrorAt(e.offset, r.status().message());
        }
        return r;
      }
      case ExprKind::kBinary: {
        STRATA_ASSIGN_OR_RETURN(Value a, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(Value b, Eval(*e.children[1], scope));
        if (a.is_undefined()) {
          return UndefinedAt(a, e.offset);
        }
        if (b.is_undefined()) {
          return UndefinedAt(b, e.offset);
        }
        Result<Value> r = BinaryOperation(e.binary_op, a, b);
        if (!r.ok()) {
          return ErrorAt(e.offset, r.status().message());
        }
        return r;
      }
      case ExprKind::kAnd:
      case ExprKind::kOr: {
        STRATA_ASSIGN_OR_RETURN(Value a, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(bool truth, Truth(a, e.offset));
        if ((e.kind == ExprKind::kAnd) != truth) {
          return a;
        }
        return Eval(*e.children[1], scope);
      }
      case ExprKind::kCompare:
        return EvalCompare(e, scope);
      case ExprKind::kConcat: {
        std::string out;
        for (const auto& child : e.children) {
          STRATA_ASSIGN_OR_RETURN(Value v, Eval(*child, scope));
          if (v.is_undefined() && Strict()) {
            return UndefinedAt(v, child->offset);
          }
          AppendStr(v, &out);
        }
        return Value::String(std::move(out));
      }
      case ExprKind::kCondition: {
        STRATA_ASSIGN_OR_RETURN(Value test, Eval(*e.children[0], scope));
        STRATA_ASSIGN_OR_RETURN(bool truth, Truth(test, e.offset));
        if (truth) {
          return Eval(*e.children[1], scope);
        }
        if (e.children[2]) {
          return Eval(*e.children[2], scope);
        }
        return Value::UndefinedWithHint(
            "the inline if-expression on line " +
            std::to_string(current_template_->source().Locate(e.offset).line) +
            " evaluated to false and no else section was defined.");
      }
      case ExprKind::kList:
      case ExprKind::kTuple: {
        std::vector<Value> items;
        items.reserve(e.children.size());
        for (const auto& child : e.children) {
          STRATA_ASSIGN_OR_RETURN(Value v, Eval(*child, scope));
          items.push_back(std::move(v));
        }
        return e.kind == ExprKind::kList ? Value::List(std::move(items))
                                         : Value::Tuple(std::move(items));
      }
      case ExprKind::kDict: {
        Value dict = Value::Dict();
        for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
          STRATA_ASSIGN_OR_RETURN(Value key, Eval(*e.children[i], scope));
          STRATA_ASSIGN_OR_RETURN(Value value, Eval(*e.children[i + 1], scope));
          Status set = dict.as_dict()->Set(std::move(key), std::move(value));
          if (!set.ok()) {
            return ErrorAt(e.children[i]->offset, set.message());
          }
        }
        return dict;
      }
    }
    return ErrorAt(e.offset, "unknown expression");
  }

  Result<Value> EvalCompare(const Expr& e, Scope& scope) {
    STRATA_ASSIGN_OR_RETURN(Value left, Eval(*e.children[0], scope));
    for (size_t i = 0; i < e.compare_ops.size(); ++i) {
      STRATA_ASSIGN_OR_RETURN(Value right, Eval(*e.children[i + 1], scope));
      CompareOp op = e.compare_ops[i];
      bool result = false;
      bool either_undefined = left.is_undefined() || right.is_undefined();
      if (either_undefined && Strict()) {
        return UndefinedAt(left.is_undefined() ? left : right, e.offset);
      }
      switch (op) {
        case CompareOp::kEq:
          result = Equals(left, right);
          break;
        case CompareOp::kNe:
          result = !Equals(left, right);
          break;
        case CompareOp::kIn:
        case CompareOp::kNotIn: {
          Result<bool> in = Contains(right, left);
          if (!in.ok()) {
            return ErrorAt(e.offset, in.status().message());
          }
          result = op == CompareOp::kIn ? *in : !*in;
          break;
        }
        default: {
          if (either_undefined) {
            return UndefinedAt(left.is_undefined() ? left : right, e.offset);
          }
          Result<int> c = Compare(left, right);
          if (!c.ok()) {
            std::string symbol = op == CompareOp::kLt   ? "<"
                                 : op == CompareOp::kLe ? "<="
                                 : op == CompareOp::kGt ? ">"
                                                        : ">=";
            return ErrorAt(e.offset, std::string("'") + symbol +
                                         "' not supported between instances of '" +
                                         left.TypeName() + "' and '" + right.TypeName() + "'");
          }
          result = op == CompareOp::kLt   ? *c < 0
                   : op == CompareOp::kLe ? *c <= 0
                   : op == CompareOp::kGt ? *c > 0
                                          : *c >= 0;
        }
      }
      if (!result) {
        return Value::Bool(false);
      }
      left = std::move(right);
    }
    return Value::Bool(true);
  }

  // --- assignment ---

  Status Assign(const Target& target, const Value& value, Scope& scope) {
    switch (target.kind) {
      case Target::Kind::kName:
        scope.Set(target.name, value);
        return Status::OK();
      case Target::Kind::kAttribute: {
        STRATA_ASSIGN_OR_RETURN(Value ns, LookupName(target.object, scope));
        if (!ns.is_object() || ns.as_object()->TypeName() != "Namespace") {
          return ErrorAt(target.offset, "can only set attributes on namespace objects",
                         "create one with {% set ns = namespace(" + target.name + "=…) %}");
        }
        return ns.as_object()->SetAttribute(target.name, value);
      }
      case Target::Kind::kTuple: {
        if (value.is_undefined() && !Strict()) {
          // Jinja2 iterates an undefined value as empty.
        }
        Result<std::vector<Value>> items = Iterate(value);
        if (!items.ok()) {
          return ErrorAt(target.offset,
                         std::string("cannot unpack non-iterable ") + value.TypeName() + " object");
        }
        if (items->size() != target.items.size()) {
          if (items->size() > target.items.size()) {
            return ErrorAt(target.offset, "too many values to unpack (expected " +
                                              std::to_string(target.items.size()) + ")");
          }
          return ErrorAt(target.offset, "not enough values to unpack (expected " +
                                            std::to_string(target.items.size()) + ", got " +
                                            std::to_string(items->size()) + ")");
        }
        for (size_t i = 0; i < items->size(); ++i) {
          STRATA_RETURN_IF_ERROR(Assign(target.items[i], (*items)[i], scope));
        }
        return Status::OK();
      }
    }
    return Status::OK();
  }

  // --- statements ---

  Status ExecTemplate(const std::shared_ptr<const Template>& tmpl,
                      const std::shared_ptr<Scope>& scope, std::string* out) {
    if (frames_.size() >= kMaxCallDepth) {
      return ErrorAt(current_offset_,
                     std::string("maximum include depth exceeded in '") + tmpl->name() + "'");
    }
    const Template* saved_template = current_template_;
    std::shared_ptr<const Template> saved_owner = current_owner_;
    current_template_ = tmpl.get();
    current_owner_ = tmpl;
    Result<Flow> flow = ExecBody(tmpl->body(), scope, out);
    current_template_ = saved_template;
    current_owner_ = std::move(saved_owner);
    return flow.ok() ? Status::OK() : flow.status();
  }

  Result<Flow> ExecBody(const Body& body, const std::shared_ptr<Scope>& scope, std::string* out) {
    for (const auto& stmt : body) {
      STRATA_ASSIGN_OR_RETURN(Flow flow, Exec(*stmt, scope, out));
      if (flow != Flow::kNormal) {
        return flow;
      }
    }
    return Flow::kNormal;
  }

  Result<std::string> RenderBlock(const Body& body, const std::shared_ptr<Scope>& parent) {
    std::string text;
    auto scope = ChildScope(parent);
    STRATA_ASSIGN_OR_RETURN(Flow flow, ExecBody(body, scope, &text));
    (void)flow;
    return text;
  }

  Result<Value> ApplyFilterChain(const Expr& filter, Value input, Scope& scope) {
    const Value* saved = filter_input_;
    filter_input_ = &input;
    Result<Value> result = Eval(filter, scope);
    filter_input_ = saved;
    return result;
  }

  Result<Flow> Exec(const Stmt& s, const std::shared_ptr<Scope>& scope, std::string* out) {
    Scope* saved_scope = current_scope_;
    current_scope_ = scope.get();
    Result<Flow> result = ExecInner(s, scope, out);
    current_scope_ = saved_scope;
    return result;
  }

  Result<Flow> ExecInner(const Stmt& s, const std::shared_ptr<Scope>& scope, std::string* out) {
    switch (s.kind) {
      case StmtKind::kData:
        out->append(s.text);
        return Flow::kNormal;
      case StmtKind::kOutput: {
        STRATA_ASSIGN_OR_RETURN(Value v, Eval(*s.expr, *scope));
        if (v.is_undefined() && Strict()) {
          return UndefinedAt(v, s.expr->offset);
        }
        AppendStr(v, out);
        return Flow::kNormal;
      }
      case StmtKind::kIf:
        for (size_t i = 0; i < s.conditions.size(); ++i) {
          STRATA_ASSIGN_OR_RETURN(Value test, Eval(*s.conditions[i], *scope));
          STRATA_ASSIGN_OR_RETURN(bool truth, Truth(test, s.conditions[i]->offset));
          if (truth) {
            return ExecBody(s.bodies[i], scope, out);
          }
        }
        return ExecBody(s.else_body, scope, out);
      case StmtKind::kFor:
        return ExecFor(s, scope, out);
      case StmtKind::kSet: {
        STRATA_ASSIGN_OR_RETURN(Value v, Eval(*s.expr, *scope));
        STRATA_RETURN_IF_ERROR(Assign(s.target, v, *scope));
        return Flow::kNormal;
      }
      case StmtKind::kSetBlock: {
        STRATA_ASSIGN_OR_RETURN(std::string text, RenderBlock(s.body, scope));
        Value v = Value::String(std::move(text));
        if (s.filter) {
          STRATA_ASSIGN_OR_RETURN(v, ApplyFilterChain(*s.filter, std::move(v), *scope));
        }
        STRATA_RETURN_IF_ERROR(Assign(s.target, v, *scope));
        return Flow::kNormal;
      }
      case StmtKind::kMacro:
        RememberClosure(scope);
        scope->Set(s.macro->name, Value::FromObject(std::make_shared<MacroObject>(
                                      s.macro, current_owner_, scope)));
        return Flow::kNormal;
      case StmtKind::kCallBlock: {
        const Expr& call = *s.expr;
        STRATA_ASSIGN_OR_RETURN(Value callee, Eval(*call.children[0], *scope));
        STRATA_ASSIGN_OR_RETURN(Arguments args, EvalArgs(call.args.get(), *scope));
        RememberClosure(scope);
        args.keyword.emplace_back("caller", Value::FromObject(std::make_shared<MacroObject>(
                                                s.macro, current_owner_, scope)));
        STRATA_ASSIGN_OR_RETURN(Value v, CallValue(callee, args, call.offset));
        AppendStr(v, out);
        return Flow::kNormal;
      }
      case StmtKind::kFilterBlock: {
        STRATA_ASSIGN_OR_RETURN(std::string text, RenderBlock(s.body, scope));
        STRATA_ASSIGN_OR_RETURN(
            Value v, ApplyFilterChain(*s.filter, Value::String(std::move(text)), *scope));
        AppendStr(v, out);
        return Flow::kNormal;
      }
      case StmtKind::kWith: {
        auto inner = ChildScope(scope);
        for (const auto& [target, expr] : s.assignments) {
          STRATA_ASSIGN_OR_RETURN(Value v, Eval(*expr, *scope));
          STRATA_RETURN_IF_ERROR(Assign(target, v, *inner));
        }
        STRATA_ASSIGN_OR_RETURN(Flow flow, ExecBody(s.body, inner, out));
        return flow;
      }
      case StmtKind::kDo: {
        STRATA_ASSIGN_OR_RETURN(Value v, Eval(*s.expr, *scope));
        (void)v;
        return Flow::kNormal;
      }
      case StmtKind::kBreak:
        return Flow::kBreak;
      case StmtKind::kContinue:
        return Flow::kContinue;
      case StmtKind::kInclude:
        STRATA_RETURN_IF_ERROR(ExecInclude(s, scope, out));
        return Flow::kNormal;
      case StmtKind::kImport:
      case StmtKind::kFromImport:
        STRATA_RETURN_IF_ERROR(ExecImport(s, scope));
        return Flow::kNormal;
    }
    return Flow::kNormal;
  }

  Result<Flow> ExecFor(const Stmt& s, const std::shared_ptr<Scope>& scope, std::string* out) {
    STRATA_ASSIGN_OR_RETURN(Value iterable, Eval(*s.expr, *scope));
    if (iterable.is_undefined() && Strict()) {
      return UndefinedAt(iterable, s.expr->offset);
    }
    Result<std::vector<Value>> items = Iterate(iterable);
    if (!items.ok()) {
      return ErrorAt(s.expr->offset, items.status().message());
    }
    if (s.condition) {
      std::vector<Value> kept;
      for (Value& item : *items) {
        auto test_scope = ChildScope(scope);
        STRATA_RETURN_IF_ERROR(Assign(s.target, item, *test_scope));
        STRATA_ASSIGN_OR_RETURN(Value test, Eval(*s.condition, *test_scope));
        STRATA_ASSIGN_OR_RETURN(bool truth, Truth(test, s.condition->offset));
        if (truth) {
          kept.push_back(std::move(item));
        }
      }
      *items = std::move(kept);
    }
    auto shared_items = std::make_shared<const std::vector<Value>>(std::move(*items));
    auto loop = std::make_shared<LoopObject>(shared_items);
    Value loop_value = Value::FromObject(loop);
    for (size_t i = 0; i < shared_items->size(); ++i) {
      STRATA_RETURN_IF_ERROR(Step(s.offset));
      loop->set_index(i);
      auto iteration = ChildScope(scope);
      iteration->vars.reserve(3);
      iteration->Set("loop", loop_value);
      STRATA_RETURN_IF_ERROR(Assign(s.target, (*shared_items)[i], *iteration));
      STRATA_ASSIGN_OR_RETURN(Flow flow, ExecBody(s.body, iteration, out));
      if (flow == Flow::kBreak) {
        break;
      }
    }
    if (shared_items->empty() && s.has_else) {
      STRATA_ASSIGN_OR_RETURN(Flow flow, ExecBody(s.else_body, ChildScope(scope), out));
      (void)flow;
    }
    return Flow::kNormal;
  }

  Result<std::shared_ptr<const Template>> LoadTemplate(const Value& name, uint32_t offset,
                                                       bool ignore_missing, bool* missing) {
    std::vector<Value> names;
    if (name.is_sequence()) {
      names = name.items();
    } else {
      names.push_back(name);
    }
    Status last;
    for (const Value& n : names) {
      if (n.is_undefined()) {
        return UndefinedAt(n, offset);
      }
      if (!n.is_string()) {
        return ErrorAt(offset,
                       std::string("a template name must be a string, not ") + n.TypeName());
      }
      Result<std::shared_ptr<const Template>> loaded = env_.Load(n.as_string());
      if (loaded.ok()) {
        return loaded;
      }
      if (loaded.status().code() != StatusCode::kNotFound) {
        return loaded.status();
      }
      last = loaded.status();
    }
    if (ignore_missing) {
      *missing = true;
      return std::shared_ptr<const Template>();
    }
    std::string message = last.ok() ? "no template names were given" : last.message();
    return ErrorAt(offset, message, "check the template name and the loader's search path");
  }

  Status ExecInclude(const Stmt& s, const std::shared_ptr<Scope>& scope, std::string* out) {
    const char* verb = "included";
    STRATA_ASSIGN_OR_RETURN(Value name, Eval(*s.expr, *scope));
    bool missing = false;
    STRATA_ASSIGN_OR_RETURN(auto tmpl,
                            LoadTemplate(name, s.expr->offset, s.ignore_missing, &missing));
    if (missing) {
      return Status::OK();
    }
    auto root = std::make_shared<Scope>();
    if (s.with_context) {
      root->parent = scope;
    }
    current_offset_ = s.offset;
    frames_.push_back({"template '" + tmpl->name() + "'", verb, current_template_, s.offset});
    Status status = ExecTemplate(tmpl, root, out);
    frames_.pop_back();
    return status;
  }

  Status ExecImport(const Stmt& s, const std::shared_ptr<Scope>& scope) {
    const char* verb = "imported";
    STRATA_ASSIGN_OR_RETURN(Value name, Eval(*s.expr, *scope));
    bool missing = false;
    STRATA_ASSIGN_OR_RETURN(auto tmpl, LoadTemplate(name, s.expr->offset, false, &missing));
    auto module_scope = std::make_shared<Scope>();
    if (s.with_context) {
      module_scope->parent = scope;
    }
    std::string discarded;
    current_offset_ = s.offset;
    frames_.push_back({"template '" + tmpl->name() + "'", verb, current_template_, s.offset});
    Status status = ExecTemplate(tmpl, module_scope, &discarded);
    frames_.pop_back();
    STRATA_RETURN_IF_ERROR(status);
    if (s.kind == StmtKind::kImport) {
      scope->Set(s.alias,
                 Value::FromObject(std::make_shared<ModuleObject>(tmpl->name(), module_scope)));
      return Status::OK();
    }
    for (const auto& [export_name, alias] : s.imports) {
      const Value* found = module_scope->Find(export_name);
      if (found != nullptr) {
        scope->Set(alias, *found);
      } else {
        scope->Set(alias, Value::UndefinedWithHint(
                              "the template '" + tmpl->name() + "' (imported on line " +
                              std::to_string(current_template_->source().Locate(s.offset).line) +
                              ") does not export the requested name '" + export_name + "'"));
      }
    }
    return Status::OK();
  }

  const Environment& env_;
  const Template* current_template_ = nullptr;
  std::shared_ptr<const Template> current_owner_;
  uint32_t current_offset_ = 0;
  Scope* current_scope_ = nullptr;
  Scope empty_scope_;
  std::vector<Frame> frames_;
  std::optional<Value> pending_return_;
  SourceLocation return_location_;
  Variables lazy_cache_;
  const Value* filter_input_ = nullptr;
  uint64_t steps_ = 0;
  std::vector<std::shared_ptr<Scope>> closures_;
  const Variables* root_variables_ = nullptr;
  std::map<std::string, Value, std::less<>> modules_;
};

}  // namespace

Result<Value> MacroObject::Call(CallContext& context, Arguments& args) {
  auto* interpreter = dynamic_cast<Interpreter*>(&context);
  if (interpreter == nullptr) {
    return Status::InvalidArgument(std::string("macro '") + decl_->name +
                                   "' can only be called while a template renders");
  }
  return interpreter->CallMacro(*this, args);
}

Status RenderTemplate(const Environment& env, const std::shared_ptr<const Template>& tmpl,
                      const Variables& variables, std::string* out) {
  Interpreter interpreter(env);
  return interpreter.Run(tmpl, variables, out);
}

}  // namespace strata::jinja
