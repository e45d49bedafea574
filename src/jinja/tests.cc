// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, …), with Python's notion of
// each type (bool is a number but not an integer; an undefined value is iterable and callable).
#include "jinja/arguments.h"
#include "jinja/environment.h"
#include "jinja/operators.h"
#include "jinja/utf8.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

using Test = std::function<Result<bool>(CallContext&, const Value&, Arguments&)>;

Test Simple(std::function<bool(const Value&)> predicate) {
  return [predicate](CallContext&, const Value& value, Arguments& args) -> Result<bool> {
    STRATA_RETURN_IF_ERROR(BindArguments("test", args, {}).status());
    return predicate(value);
  };
}

Result<Value> ModuloOf(CallContext& context, const Value& value, const Value& divisor) {
  if (value.is_undefined()) {
    return context.UndefinedError(value);
  }
  return BinaryOperation(BinaryOp::kMod, value, divisor);
}

Test Comparison(CompareOp op) {
  return [op](CallContext& context, const Value& value, Arguments& args) -> Result<bool> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("comparison", args, {"other"}, 1));
    const Value& other = *a[0];
    if (op == CompareOp::kEq) {
      return Equals(value, other);
    }
    if (op == CompareOp::kNe) {
      return !Equals(value, other);
    }
    if (value.is_undefined()) {
      return context.UndefinedError(value);
    }
    STRATA_ASSIGN_OR_RETURN(int c, Compare(value, other));
    switch (op) {
      case CompareOp::kLt:
        return c < 0;
      case CompareOp::kLe:
        return c <= 0;
      case CompareOp::kGt:
        return c > 0;
      default:
        return c >= 0;
    }
  };
}

bool IsCallable(const Value& v) {
  return v.is_undefined() || (v.is_object() && v.as_object()->IsCallable());
}

}  // namespace

void RegisterBuiltinTests(Environment* env) {
  env->AddTest("defined", Simple([](const Value& v) { return !v.is_undefined(); }));
  env->AddTest("undefined", Simple([](const Value& v) { return v.is_undefined(); }));
  env->AddTest("none", Simple([](const Value& v) { return v.is_none(); }));
  env->AddTest("boolean", Simple([](const Value& v) { return v.is_bool(); }));
  env->AddTest("true", Simple([](const Value& v) { return v.is_bool() && v.as_bool(); }));
  env->AddTest("false", Simple([](const Value& v) { return v.is_bool() && !v.as_bool(); }));
  env->AddTest("integer", Simple([](const Value& v) { return v.is_int(); }));
  env->AddTest("float", Simple([](const Value& v) { return v.is_float(); }));
  env->AddTest("number", Simple([](const Value& v) { return v.is_number(); }));
  env->AddTest("string", Simple([](const Value& v) { return v.is_string(); }));
  env->AddTest("mapping", Simple([](const Value& v) {
                 return v.is_dict() || (v.is_object() && v.as_object()->IsMapping());
               }));
  env->AddTest("iterable", Simple([](const Value& v) { return Iterate(v).ok(); }));
  env->AddTest("sequence", Simple([](const Value& v) {
                 return v.is_string() || v.is_sequence() || v.is_dict() || v.is_undefined();
               }));
  env->AddTest("callable", Simple(IsCallable));
  env->AddTest("escaped", Simple([](const Value&) { return false; }));
  env->AddTest("lower", Simple([](const Value& v) { return UnicodeIsLower(Str(v)); }));
  env->AddTest("upper", Simple([](const Value& v) { return UnicodeIsUpper(Str(v)); }));
  env->AddTest("odd", [](CallContext& context, const Value& v, Arguments& args) -> Result<bool> {
    STRATA_RETURN_IF_ERROR(BindArguments("odd", args, {}).status());
    STRATA_ASSIGN_OR_RETURN(Value m, ModuloOf(context, v, Value::Int(2)));
    return Equals(m, Value::Int(1));
  });
  env->AddTest("even", [](CallContext& context, const Value& v, Arguments& args) -> Result<bool> {
    STRATA_RETURN_IF_ERROR(BindArguments("even", args, {}).status());
    STRATA_ASSIGN_OR_RETURN(Value m, ModuloOf(context, v, Value::Int(2)));
    return Equals(m, Value::Int(0));
  });
  env->AddTest("divisibleby",
               [](CallContext& context, const Value& v, Arguments& args) -> Result<bool> {
                 STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("divisibleby", args, {"num"}, 1));
                 STRATA_ASSIGN_OR_RETURN(Value m, ModuloOf(context, v, *a[0]));
                 return Equals(m, Value::Int(0));
               });
  env->AddTest("sameas", [](CallContext&, const Value& v, Arguments& args) -> Result<bool> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("sameas", args, {"other"}, 1));
    const Value& o = *a[0];
    if (v.kind() != o.kind()) {
      return false;
    }
    switch (v.kind()) {
      case Value::Kind::kList:
      case Value::Kind::kTuple:
        return v.as_list() == o.as_list();
      case Value::Kind::kDict:
        return v.as_dict() == o.as_dict();
      case Value::Kind::kObject:
        return v.as_object() == o.as_object();
      case Value::Kind::kFloat:
        return false;  // Python floats are distinct objects
      default:
        return Equals(v, o);
    }
  });
  env->AddTest("in", [](CallContext&, const Value& v, Arguments& args) -> Result<bool> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("in", args, {"seq"}, 1));
    return Contains(*a[0], v);
  });
  env->AddTest("filter", [](CallContext& context, const Value& v, Arguments&) -> Result<bool> {
    return v.is_string() && context.environment().FindFilter(v.as_string()) != nullptr;
  });
  env->AddTest("test", [](CallContext& context, const Value& v, Arguments&) -> Result<bool> {
    return v.is_string() && context.environment().FindTest(v.as_string()) != nullptr;
  });
  struct Named {
    const char* name;
    CompareOp op;
  };
  for (Named n :
       {Named{"eq", CompareOp::kEq}, Named{"equalto", CompareOp::kEq}, Named{"==", CompareOp::kEq},
        Named{"ne", CompareOp::kNe}, Named{"!=", CompareOp::kNe}, Named{"lt", CompareOp::kLt},
        Named{"lessthan", CompareOp::kLt}, Named{"<", CompareOp::kLt}, Named{"le", CompareOp::kLe},
        Named{"<=", CompareOp::kLe}, Named{"gt", CompareOp::kGt},
        Named{"greaterthan", CompareOp::kGt}, Named{">", CompareOp::kGt},
        Named{"ge", CompareOp::kGe}, Named{">=", CompareOp::kGe}}) {
    env->AddTest(n.name, Comparison(n.op));
  }
}

}  // namespace strata::jinja
