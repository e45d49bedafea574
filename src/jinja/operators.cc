// Arithmetic, comparison, membership, iteration and subscripts with Python's semantics.
#include "jinja/operators.h"

#include <cmath>
#include <limits>

#include "jinja/python_format.h"
#include "jinja/utf8.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

constexpr size_t kMaxResultSize = 64 * 1024 * 1024;

Status TypeError(std::string message) { return Status::InvalidArgument(std::move(message)); }

std::string OperandTypes(std::string_view op, const Value& a, const Value& b) {
  return std::string("unsupported operand type(s) for ") + std::string(op) + ": '" + a.TypeName() +
         "' and '" + b.TypeName() + "'";
}

Status Overflow() {
  return Status::InvalidArgument("integer overflow (strata's Jinja computes with 64-bit integers)");
}

Status TooLarge() { return Status::InvalidArgument("result too large"); }

// Python's float floor division and modulo (Objects/floatobject.c's float_divmod).
void FloatDivMod(double vx, double wx, double* floordiv, double* mod) {
  double m = std::fmod(vx, wx);
  double div = (vx - m) / wx;
  if (m != 0) {
    if ((wx < 0) != (m < 0)) {
      m += wx;
      div -= 1.0;
    }
  } else {
    m = std::copysign(0.0, wx);
  }
  double fd;
  if (div != 0) {
    fd = std::floor(div);
    if (div - fd > 0.5) {
      fd += 1.0;
    }
  } else {
    fd = std::copysign(0.0, vx / wx);
  }
  *floordiv = fd;
  *mod = m;
}

Result<Value> Repeat(const Value& seq, int64_t times) {
  if (times < 0) {
    times = 0;
  }
  if (seq.is_string()) {
    const std::string& s = seq.as_string();
    if (!s.empty() && static_cast<uint64_t>(times) > kMaxResultSize / s.size()) {
      return TooLarge();
    }
    std::string out;
    out.reserve(s.size() * static_cast<size_t>(times));
    for (int64_t i = 0; i < times; ++i) {
      out += s;
    }
    return Value::String(std::move(out));
  }
  const auto& items = seq.items();
  if (!items.empty() && static_cast<uint64_t>(times) > kMaxResultSize / 16 / items.size()) {
    return TooLarge();
  }
  std::vector<Value> out;
  for (int64_t i = 0; i < times; ++i) {
    out.insert(out.end(), items.begin(), items.end());
  }
  return seq.is_list() ? Value::List(std::move(out)) : Value::Tuple(std::move(out));
}

Result<Value> IntPow(int64_t base, int64_t exp) {
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, base, &result)) {
        return Overflow();
      }
    }
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) {
      return Overflow();
    }
  }
  return Value::Int(result);
}

// `a op b` as an object operand defines it (Object::Arithmetic), else nullopt.
std::optional<Result<Value>> ObjectArithmetic(char op, const Value& a, const Value& b) {
  if (a.is_object()) {
    if (std::optional<Result<Value>> r = a.as_object()->Arithmetic(op, b, false)) {
      return r;
    }
  }
  if (b.is_object()) {
    return b.as_object()->Arithmetic(op, a, true);
  }
  return std::nullopt;
}

}  // namespace

Result<Value> BinaryOperation(BinaryOp op, const Value& a, const Value& b) {
  bool numbers = a.is_number() && b.is_number();
  bool ints = a.is_integral() && b.is_integral();
  switch (op) {
    case BinaryOp::kAdd:
      if (ints) {
        int64_t r;
        if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) {
          return Overflow();
        }
        return Value::Int(r);
      }
      if (numbers) {
        return Value::Float(a.as_double() + b.as_double());
      }
      if (a.is_string() && b.is_string()) {
        if (a.as_string().size() + b.as_string().size() > kMaxResultSize) {
          return TooLarge();
        }
        return Value::String(a.as_string() + b.as_string());
      }
      if ((a.is_list() && b.is_list()) || (a.is_tuple() && b.is_tuple())) {
        std::vector<Value> items = a.items();
        items.insert(items.end(), b.items().begin(), b.items().end());
        return a.is_list() ? Value::List(std::move(items)) : Value::Tuple(std::move(items));
      }
      if (a.is_string()) {
        return TypeError(std::string("can only concatenate str (not \"") + b.TypeName() +
                         "\") to str");
      }
      if (a.is_list() || a.is_tuple()) {
        return TypeError(std::string("can only concatenate ") + a.TypeName() + " (not \"" +
                         b.TypeName() + "\") to " + a.TypeName());
      }
      if (std::optional<Result<Value>> r = ObjectArithmetic('+', a, b)) {
        return std::move(*r);
      }
      return TypeError(OperandTypes("+", a, b));
    case BinaryOp::kSub:
      if (ints) {
        int64_t r;
        if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) {
          return Overflow();
        }
        return Value::Int(r);
      }
      if (numbers) {
        return Value::Float(a.as_double() - b.as_double());
      }
      if (std::optional<Result<Value>> r = ObjectArithmetic('-', a, b)) {
        return std::move(*r);
      }
      return TypeError(OperandTypes("-", a, b));
    case BinaryOp::kMul:
      if (ints) {
        int64_t r;
        if (__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) {
          return Overflow();
        }
        return Value::Int(r);
      }
      if (numbers) {
        return Value::Float(a.as_double() * b.as_double());
      }
      if ((a.is_string() || a.is_sequence()) && b.is_integral()) {
        return Repeat(a, b.as_int());
      }
      if (a.is_integral() && (b.is_string() || b.is_sequence())) {
        return Repeat(b, a.as_int());
      }
      if ((a.is_string() || a.is_sequence()) && b.is_float()) {
        return TypeError("can't multiply sequence by non-int of type 'float'");
      }
      return TypeError(OperandTypes("*", a, b));
    case BinaryOp::kDiv:
      if (numbers) {
        if (b.as_double() == 0) {
          return Status::InvalidArgument("division by zero");
        }
        return Value::Float(a.as_double() / b.as_double());
      }
      return TypeError(OperandTypes("/", a, b));
    case BinaryOp::kFloorDiv:
    case BinaryOp::kMod:
      if (op == BinaryOp::kMod && a.is_string()) {
        return PercentFormat(a.as_string(), b);
      }
      if (ints) {
        int64_t x = a.as_int(), y = b.as_int();
        if (y == 0) {
          return Status::InvalidArgument(op == BinaryOp::kMod ? "integer modulo by zero"
                                                              : "integer division by zero");
        }
        if (x == std::numeric_limits<int64_t>::min() && y == -1) {
          return op == BinaryOp::kMod ? Result<Value>(Value::Int(0)) : Result<Value>(Overflow());
        }
        int64_t q = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) {
          q -= 1;
          r += y;
        }
        return Value::Int(op == BinaryOp::kMod ? r : q);
      }
      if (numbers) {
        if (b.as_double() == 0) {
          return Status::InvalidArgument(op == BinaryOp::kMod ? "float modulo"
                                                              : "float floor division by zero");
        }
        double fd, m;
        FloatDivMod(a.as_double(), b.as_double(), &fd, &m);
        return Value::Float(op == BinaryOp::kMod ? m : fd);
      }
      return TypeError(OperandTypes(op == BinaryOp::kMod ? "%" : "//", a, b));
    case BinaryOp::kPow:
      if (ints && b.as_int() >= 0) {
        return IntPow(a.as_int(), b.as_int());
      }
      if (numbers) {
        double x = a.as_double(), y = b.as_double();
        if (x == 0 && y < 0) {
          return Status::InvalidArgument("0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != std::floor(y)) {
          return Status::Unsupported("complex results of ** are not supported");
        }
        return Value::Float(std::pow(x, y));
      }
      return TypeError(OperandTypes("** or pow()", a, b));
  }
  return TypeError("unknown operator");
}

Result<Value> Negate(const Value& a) {
  if (a.is_integral()) {
    if (a.as_int() == std::numeric_limits<int64_t>::min()) {
      return Overflow();
    }
    return Value::Int(-a.as_int());
  }
  if (a.is_float()) {
    return Value::Float(-a.as_double());
  }
  return TypeError(std::string("bad operand type for unary -: '") + a.TypeName() + "'");
}

Result<int> Compare(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_float() || b.is_float()) {
      double x = a.as_double(), y = b.as_double();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    int64_t x = a.as_int(), y = b.as_int();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if ((a.is_list() && b.is_list()) || (a.is_tuple() && b.is_tuple())) {
    const auto& x = a.items();
    const auto& y = b.items();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (Equals(x[i], y[i])) {
        continue;
      }
      return Compare(x[i], y[i]);
    }
    return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
  }
  if (a.is_object()) {
    if (std::optional<int> c = a.as_object()->CompareTo(b)) {
      return *c;
    }
  }
  if (b.is_object()) {
    if (std::optional<int> c = b.as_object()->CompareTo(a)) {
      return -*c;
    }
  }
  return TypeError(std::string("'<' not supported between instances of '") + a.TypeName() +
                   "' and '" + b.TypeName() + "'");
}

Result<bool> LessThan(const Value& a, const Value& b) {
  STRATA_ASSIGN_OR_RETURN(int c, Compare(a, b));
  return c < 0;
}

Result<bool> Contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Value::Kind::kString:
      if (!item.is_string()) {
        return TypeError(std::string("'in <string>' requires string as left operand, not ") +
                         item.TypeName());
      }
      return container.as_string().find(item.as_string()) != std::string::npos;
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      for (const Value& v : container.items()) {
        if (Equals(v, item)) {
          return true;
        }
      }
      return false;
    case Value::Kind::kDict: {
      if (item.is_list() || item.is_dict()) {
        return TypeError(std::string("unhashable type: '") + item.TypeName() + "'");
      }
      return container.as_dict()->Find(item) != nullptr;
    }
    case Value::Kind::kUndefined:
      return false;
    case Value::Kind::kObject: {
      auto items = container.as_object()->Iterate();
      if (items) {
        for (const Value& v : *items) {
          if (Equals(v, item)) {
            return true;
          }
        }
        return false;
      }
      break;
    }
    default:
      break;
  }
  return TypeError(std::string("argument of type '") + container.TypeName() + "' is not iterable");
}

Result<std::vector<Value>> Iterate(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      return value.items();
    case Value::Kind::kDict: {
      std::vector<Value> keys;
      keys.reserve(value.as_dict()->size());
      for (const auto& entry : value.as_dict()->entries()) {
        keys.push_back(entry.first);
      }
      return keys;
    }
    case Value::Kind::kString: {
      std::vector<Value> chars;
      const std::string& s = value.as_string();
      for (size_t pos = 0; pos < s.size();) {
        size_t start = pos;
        DecodeUtf8(s, &pos);
        chars.push_back(Value::String(s.substr(start, pos - start)));
      }
      return chars;
    }
    case Value::Kind::kUndefined:
      return std::vector<Value>{};
    case Value::Kind::kObject: {
      auto items = value.as_object()->Iterate();
      if (items) {
        return std::move(*items);
      }
      break;
    }
    default:
      break;
  }
  return TypeError(std::string("'") + value.TypeName() + "' object is not iterable");
}

std::optional<int64_t> Length(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kString:
      return static_cast<int64_t>(CodePointCount(value.as_string()));
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      return static_cast<int64_t>(value.items().size());
    case Value::Kind::kDict:
      return static_cast<int64_t>(value.as_dict()->size());
    case Value::Kind::kUndefined:
      return 0;
    case Value::Kind::kObject: {
      auto items = value.as_object()->Iterate();
      if (items) {
        return static_cast<int64_t>(items->size());
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Value> Subscript(const Value& obj, const Value& key) {
  if (obj.is_dict()) {
    const Value* found = obj.as_dict()->Find(key);
    if (found != nullptr) {
      return *found;
    }
    return std::nullopt;
  }
  if (obj.is_object()) {
    return obj.as_object()->GetItem(key);
  }
  if (!key.is_integral()) {
    return std::nullopt;
  }
  int64_t index = key.as_int();
  if (obj.is_sequence()) {
    const auto& items = obj.items();
    int64_t size = static_cast<int64_t>(items.size());
    if (index < 0) {
      index += size;
    }
    if (index < 0 || index >= size) {
      return std::nullopt;
    }
    return items[static_cast<size_t>(index)];
  }
  if (obj.is_string()) {
    const std::string& s = obj.as_string();
    if (IsAscii(s)) {
      int64_t size = static_cast<int64_t>(s.size());
      if (index < 0) {
        index += size;
      }
      if (index < 0 || index >= size) {
        return std::nullopt;
      }
      return Value::String(std::string(1, s[static_cast<size_t>(index)]));
    }
    std::vector<size_t> offsets = CodePointOffsets(s);
    int64_t size = static_cast<int64_t>(offsets.size()) - 1;
    if (index < 0) {
      index += size;
    }
    if (index < 0 || index >= size) {
      return std::nullopt;
    }
    size_t begin = offsets[static_cast<size_t>(index)];
    return Value::String(s.substr(begin, offsets[static_cast<size_t>(index) + 1] - begin));
  }
  return std::nullopt;
}

Result<std::optional<Value>> SliceValue(const Value& obj, const Value* start_value,
                                        const Value* stop_value, const Value* step_value) {
  if (!obj.is_string() && !obj.is_sequence()) {
    return std::optional<Value>();
  }
  auto bound = [](const Value* v, std::optional<int64_t>* out) {
    if (v == nullptr || v->is_none()) {
      return true;
    }
    if (!v->is_integral()) {
      return false;
    }
    *out = v->as_int();
    return true;
  };
  std::optional<int64_t> start, stop, step_opt;
  if (!bound(start_value, &start) || !bound(stop_value, &stop) || !bound(step_value, &step_opt)) {
    return std::optional<Value>();
  }
  int64_t step = step_opt.value_or(1);
  if (step == 0) {
    return Status::InvalidArgument("slice step cannot be zero");
  }
  std::vector<size_t> offsets;
  int64_t length;
  bool ascii = obj.is_string() && IsAscii(obj.as_string());
  if (obj.is_string() && !ascii) {
    offsets = CodePointOffsets(obj.as_string());
    length = static_cast<int64_t>(offsets.size()) - 1;
  } else {
    length = obj.is_string() ? static_cast<int64_t>(obj.as_string().size())
                             : static_cast<int64_t>(obj.items().size());
  }
  // PySlice_AdjustIndices
  auto adjust = [&](std::optional<int64_t> v, int64_t fallback) {
    if (!v) {
      return fallback;
    }
    int64_t x = *v;
    if (x < 0) {
      x += length;
      if (x < 0) {
        x = step < 0 ? -1 : 0;
      }
    } else if (x >= length) {
      x = step < 0 ? length - 1 : length;
    }
    return x;
  };
  int64_t lo = adjust(start, step < 0 ? length - 1 : 0);
  int64_t hi = adjust(stop, step < 0 ? -1 : length);
  std::vector<int64_t> indexes;
  if (step > 0) {
    for (int64_t i = lo; i < hi; i += step) {
      indexes.push_back(i);
    }
  } else {
    for (int64_t i = lo; i > hi; i += step) {
      indexes.push_back(i);
    }
  }
  if (obj.is_string()) {
    const std::string& s = obj.as_string();
    std::string out;
    for (int64_t i : indexes) {
      if (ascii) {
        out.push_back(s[static_cast<size_t>(i)]);
      } else {
        size_t b = offsets[static_cast<size_t>(i)];
        out.append(s, b, offsets[static_cast<size_t>(i) + 1] - b);
      }
    }
    return std::optional<Value>(Value::String(std::move(out)));
  }
  std::vector<Value> out;
  out.reserve(indexes.size());
  for (int64_t i : indexes) {
    out.push_back(obj.items()[static_cast<size_t>(i)]);
  }
  return std::optional<Value>(obj.is_list() ? Value::List(std::move(out))
                                            : Value::Tuple(std::move(out)));
}

}  // namespace strata::jinja
