// Jinja2's built-in filters, each with the semantics of jinja2/filters.py in 3.1 (generators
// such as map and select yield lists here; they print differently only when printed raw).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "base/text.h"
#include "jinja/arguments.h"
#include "jinja/environment.h"
#include "jinja/objects.h"
#include "jinja/operators.h"
#include "jinja/python_format.h"
#include "jinja/utf8.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

using Filter = FilterFunction;

Status TypeError(std::string message) { return Status::InvalidArgument(std::move(message)); }

// A one-argument filter of a string (`soft_str(value)`).
Filter StringFilter(std::function<std::string(const std::string&)> fn) {
  return [fn](CallContext&, const Value& value, Arguments& args) -> Result<Value> {
    STRATA_RETURN_IF_ERROR(BindArguments("filter", args, {}).status());
    return Value::String(fn(Str(value)));
  };
}

// make_attrgetter: "a.b.0" looked up with item-then-attribute access on each part.
Result<Value> GetPath(CallContext& context, const Value& item, const Value& attribute) {
  if (!attribute.is_string()) {
    return context.GetItem(item, attribute);
  }
  Value current = item;
  for (std::string_view part : Split(attribute.as_string(), '.')) {
    bool digits = !part.empty() && std::all_of(part.begin(), part.end(), IsAsciiDigit);
    Value key = digits ? Value::Int(std::atoll(std::string(part).c_str()))
                       : Value::String(std::string(part));
    STRATA_ASSIGN_OR_RETURN(current, context.GetItem(current, key));
  }
  return current;
}

Value IgnoreCase(const Value& v) {
  return v.is_string() ? Value::String(UnicodeLower(v.as_string())) : v;
}

Result<std::vector<Value>> SortedValues(CallContext& context, std::vector<Value> items,
                                        bool reverse, bool case_sensitive,
                                        const std::optional<Value>& attribute) {
  std::vector<std::pair<std::vector<Value>, Value>> keyed;
  for (Value& item : items) {
    std::vector<Value> key;
    if (attribute && !attribute->is_none()) {
      std::vector<std::string_view> parts;
      if (attribute->is_string()) {
        parts = Split(attribute->as_string(), ',');
      }
      if (parts.size() <= 1) {
        STRATA_ASSIGN_OR_RETURN(Value k, GetPath(context, item, *attribute));
        key.push_back(std::move(k));
      } else {
        for (std::string_view part : parts) {
          STRATA_ASSIGN_OR_RETURN(Value k,
                                  GetPath(context, item, Value::String(std::string(Trim(part)))));
          key.push_back(std::move(k));
        }
      }
    } else {
      key.push_back(item);
    }
    if (!case_sensitive) {
      for (Value& k : key) {
        k = IgnoreCase(k);
      }
    }
    keyed.emplace_back(std::move(key), std::move(item));
  }
  Status error;
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
    const auto& a = reverse ? y.first : x.first;
    const auto& b = reverse ? x.first : y.first;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].is_undefined() || b[i].is_undefined()) {
        error = TypeError(std::string("'<' not supported between instances of '") +
                          a[i].TypeName() + "' and '" + b[i].TypeName() + "'");
        return false;
      }
      Result<int> c = Compare(a[i], b[i]);
      if (!c.ok()) {
        error = c.status();
        return false;
      }
      if (*c != 0) {
        return *c < 0;
      }
    }
    return false;
  });
  STRATA_RETURN_IF_ERROR(error);
  std::vector<Value> out;
  out.reserve(keyed.size());
  for (auto& [key, item] : keyed) {
    out.push_back(std::move(item));
  }
  return out;
}

// select/reject/selectattr/rejectattr.
Filter SelectFilter(bool with_attribute, bool keep) {
  return [with_attribute, keep](CallContext& context, const Value& value,
                                Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(value));
    size_t next = 0;
    std::optional<Value> attribute;
    if (with_attribute) {
      if (args.positional.empty()) {
        return TypeError("missing parameter for attribute name");
      }
      attribute = args.positional[next++];
    }
    std::optional<std::string> test;
    if (next < args.positional.size()) {
      if (!args.positional[next].is_string()) {
        return TypeError("the test name must be a string");
      }
      test = args.positional[next++].as_string();
    }
    Arguments test_args;
    test_args.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(next),
                                args.positional.end());
    test_args.keyword = args.keyword;
    std::vector<Value> out;
    for (const Value& item : items) {
      Value subject = item;
      if (attribute) {
        STRATA_ASSIGN_OR_RETURN(subject, GetPath(context, item, *attribute));
      }
      bool passed;
      if (test) {
        Arguments call = test_args;
        STRATA_ASSIGN_OR_RETURN(passed, context.ApplyTest(*test, subject, call));
      } else {
        passed = subject.Truthy();
      }
      if (passed == keep) {
        out.push_back(item);
      }
    }
    return Value::List(std::move(out));
  };
}

Result<Value> MapFilter(CallContext& context, const Value& value, Arguments& args) {
  STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(value));
  std::vector<Value> out;
  if (args.positional.empty()) {
    const Value* attribute = args.Keyword("attribute");
    if (attribute == nullptr) {
      return TypeError("map() requires a filter name or attribute=");
    }
    const Value* fallback = args.Keyword("default");
    for (const auto& [key, v] : args.keyword) {
      if (key != "attribute" && key != "default") {
        return TypeError(std::string("Unexpected keyword argument '") + key + "'");
      }
    }
    for (const Value& item : items) {
      STRATA_ASSIGN_OR_RETURN(Value v, GetPath(context, item, *attribute));
      if (v.is_undefined() && fallback != nullptr) {
        v = *fallback;
      }
      out.push_back(std::move(v));
    }
    return Value::List(std::move(out));
  }
  if (!args.positional[0].is_string()) {
    return TypeError("map() filter name must be a string");
  }
  std::string name = args.positional[0].as_string();
  Arguments filter_args;
  filter_args.positional.assign(args.positional.begin() + 1, args.positional.end());
  filter_args.keyword = args.keyword;
  for (const Value& item : items) {
    Arguments call = filter_args;
    STRATA_ASSIGN_OR_RETURN(Value v, context.ApplyFilter(name, item, call));
    out.push_back(std::move(v));
  }
  return Value::List(std::move(out));
}

// --- JSON (tojson: json.dumps with sort_keys=True, then HTML-safe escapes) ---

void JsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (size_t pos = 0; pos < s.size();) {
    uint32_t cp = DecodeUtf8(s, &pos);
    char buffer[16];
    switch (cp) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (cp < 0x20 || cp >= 0x7F) {
          if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            std::snprintf(buffer, sizeof(buffer), "\\u%04x\\u%04x", 0xD800 + (v >> 10),
                          0xDC00 + (v & 0x3FF));
          } else {
            std::snprintf(buffer, sizeof(buffer), "\\u%04x", cp);
          }
          out->append(buffer);
        } else {
          out->push_back(static_cast<char>(cp));
        }
    }
  }
  out->push_back('"');
}

Status JsonDump(const Value& v, const std::optional<int64_t>& indent, int depth, std::string* out);

std::string JsonNewline(const std::optional<int64_t>& indent, int depth) {
  std::string out(1, '\n');
  out.append(static_cast<size_t>(*indent * depth), ' ');
  return out;
}

Result<std::string> JsonKey(const Value& k) {
  switch (k.kind()) {
    case Value::Kind::kString:
      return k.as_string();
    case Value::Kind::kBool:
      return std::string(k.as_bool() ? "true" : "false");
    case Value::Kind::kNone:
      return std::string("null");
    case Value::Kind::kInt:
    case Value::Kind::kFloat:
      return Str(k);
    default:
      return TypeError(std::string("keys must be str, int, float, bool or None, not ") +
                       k.TypeName());
  }
}

Status JsonDump(const Value& v, const std::optional<int64_t>& indent, int depth, std::string* out) {
  if (depth > 200) {
    return TypeError("Circular reference detected");
  }
  switch (v.kind()) {
    case Value::Kind::kNone:
      out->append("null");
      return Status::OK();
    case Value::Kind::kBool:
      out->append(v.as_bool() ? "true" : "false");
      return Status::OK();
    case Value::Kind::kInt:
      out->append(Str(v));
      return Status::OK();
    case Value::Kind::kFloat: {
      double d = v.as_double();
      out->append(std::isnan(d)   ? "NaN"
                  : std::isinf(d) ? (d < 0 ? "-Infinity" : "Infinity")
                                  : FloatRepr(d));
      return Status::OK();
    }
    case Value::Kind::kString:
      JsonString(v.as_string(), out);
      return Status::OK();
    case Value::Kind::kList:
    case Value::Kind::kTuple: {
      const auto& items = v.items();
      if (items.empty()) {
        out->append("[]");
        return Status::OK();
      }
      out->push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
          out->append(indent ? "," : ", ");
        }
        if (indent) {
          out->append(JsonNewline(indent, depth + 1));
        }
        STRATA_RETURN_IF_ERROR(JsonDump(items[i], indent, depth + 1, out));
      }
      if (indent) {
        out->append(JsonNewline(indent, depth));
      }
      out->push_back(']');
      return Status::OK();
    }
    case Value::Kind::kDict: {
      const auto& entries = v.as_dict()->entries();
      if (entries.empty()) {
        out->append("{}");
        return Status::OK();
      }
      std::vector<std::pair<Value, const Value*>> sorted;
      for (const auto& [k, value] : entries) {
        sorted.emplace_back(k, &value);
      }
      Status error;
      std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
        Result<int> c = Compare(a.first, b.first);
        if (!c.ok()) {
          error = c.status();
          return false;
        }
        return *c < 0;
      });
      STRATA_RETURN_IF_ERROR(error);
      out->push_back('{');
      for (size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0) {
          out->append(indent ? "," : ", ");
        }
        if (indent) {
          out->append(JsonNewline(indent, depth + 1));
        }
        STRATA_ASSIGN_OR_RETURN(std::string key, JsonKey(sorted[i].first));
        JsonString(key, out);
        out->append(": ");
        STRATA_RETURN_IF_ERROR(JsonDump(*sorted[i].second, indent, depth + 1, out));
      }
      if (indent) {
        out->append(JsonNewline(indent, depth));
      }
      out->push_back('}');
      return Status::OK();
    }
    default:
      return TypeError(std::string("Object of type ") + v.TypeName() + " is not JSON serializable");
  }
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) {
      lines.push_back(s.substr(start, i - start));
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
        ++i;
      }
      start = i + 1;
    }
  }
  if (start < s.size()) {
    lines.push_back(s.substr(start));
  }
  return lines;
}

Result<Value> ToInt(const Value& value, const Value& fallback, int base) {
  if (value.is_integral()) {
    return Value::Int(value.as_int());
  }
  if (value.is_float()) {
    double d = value.as_double();
    if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) {
      return fallback;
    }
    return Value::Int(static_cast<int64_t>(d));
  }
  if (value.is_string()) {
    std::string text(Trim(value.as_string()));
    std::string digits;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '_' && i > 0 && i + 1 < text.size() &&
          std::isalnum(static_cast<unsigned char>(text[i - 1])) &&
          std::isalnum(static_cast<unsigned char>(text[i + 1]))) {
        continue;
      }
      digits.push_back(text[i]);
    }
    size_t pos = 0;
    bool negative = false;
    if (pos < digits.size() && (digits[pos] == '+' || digits[pos] == '-')) {
      negative = digits[pos] == '-';
      ++pos;
    }
    int b = base;
    if (digits.size() > pos + 1 && digits[pos] == '0') {
      char p = ToLowerAscii(digits[pos + 1]);
      int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (prefixed != 0 && (base == prefixed || base == 0)) {
        b = prefixed;
        pos += 2;
      }
    }
    if (b == 0) {
      b = 10;
    }
    bool ok = pos < digits.size() && b >= 2 && b <= 36;
    uint64_t magnitude = 0;
    for (size_t i = pos; ok && i < digits.size(); ++i) {
      char c = ToLowerAscii(digits[i]);
      int d = IsAsciiDigit(c) ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : 99;
      if (d >= b || magnitude > (static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(d)) /
                                    static_cast<uint64_t>(b)) {
        ok = false;
        break;
      }
      magnitude = magnitude * static_cast<uint64_t>(b) + static_cast<uint64_t>(d);
    }
    if (ok) {
      int64_t v = static_cast<int64_t>(magnitude);
      return Value::Int(negative ? -v : v);
    }
    // int(float(value))
    char* end = nullptr;
    std::string cleaned = text;
    cleaned.erase(std::remove(cleaned.begin(), cleaned.end(), '_'), cleaned.end());
    double d = std::strtod(cleaned.c_str(), &end);
    if (!cleaned.empty() && end == cleaned.c_str() + cleaned.size() && std::isfinite(d) &&
        std::fabs(d) < 9.2e18 && ToLower(cleaned).find("x") == std::string::npos) {
      return Value::Int(static_cast<int64_t>(d));
    }
  }
  return fallback;
}

Value ToFloat(const Value& value, const Value& fallback) {
  if (value.is_number()) {
    return Value::Float(value.as_double());
  }
  if (value.is_string()) {
    std::string text(Trim(value.as_string()));
    text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
    std::string lower = ToLower(text);
    if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
      return Value::Float(INFINITY);
    }
    if (lower == "-inf" || lower == "-infinity") {
      return Value::Float(-INFINITY);
    }
    if (lower == "nan" || lower == "+nan" || lower == "-nan") {
      return Value::Float(NAN);
    }
    if (lower.find_first_of("xp") != std::string::npos || text.empty()) {
      return fallback;
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size()) {
      return Value::Float(d);
    }
  }
  return fallback;
}

Result<Value> Aggregate(CallContext& context, const Value& value, Arguments& args, bool max) {
  STRATA_ASSIGN_OR_RETURN(
      auto a, BindArguments(max ? "max" : "min", args, {"case_sensitive", "attribute"}));
  STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(value));
  bool case_sensitive = a[0] && a[0]->Truthy();
  if (items.empty()) {
    return Value::UndefinedWithHint("No aggregated item, sequence was empty.");
  }
  size_t best = 0;
  Value best_key;
  for (size_t i = 0; i < items.size(); ++i) {
    Value key = items[i];
    if (a[1] && !a[1]->is_none()) {
      STRATA_ASSIGN_OR_RETURN(key, GetPath(context, items[i], *a[1]));
    }
    if (!case_sensitive) {
      key = IgnoreCase(key);
    }
    if (i == 0) {
      best_key = key;
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(int c, Compare(key, best_key));
    if (max ? c > 0 : c < 0) {
      best = i;
      best_key = key;
    }
  }
  return items[best];
}

class GroupObject : public Object {
 public:
  GroupObject(Value grouper, Value list) : grouper_(std::move(grouper)), list_(std::move(list)) {}
  std::string TypeName() const override { return "_GroupTuple"; }
  std::optional<Value> GetAttribute(std::string_view name) const override {
    if (name == "grouper") {
      return grouper_;
    }
    if (name == "list") {
      return list_;
    }
    return std::nullopt;
  }
  std::optional<Value> GetItem(const Value& key) const override {
    return Subscript(Value::Tuple({grouper_, list_}), key);
  }
  std::optional<std::vector<Value>> Iterate() const override {
    return std::vector<Value>{grouper_, list_};
  }
  std::string Repr() const override { return jinja::Repr(Value::Tuple({grouper_, list_})); }

 private:
  Value grouper_;
  Value list_;
};

Result<Value> GroupBy(CallContext& context, const Value& value, Arguments& args) {
  STRATA_ASSIGN_OR_RETURN(
      auto a, BindArguments("groupby", args, {"attribute", "default", "case_sensitive"}, 1));
  bool case_sensitive = a[2] && a[2]->Truthy();
  STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(value));
  auto key_of = [&](const Value& item, bool fold) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(Value k, GetPath(context, item, *a[0]));
    if (k.is_undefined() && a[1]) {
      k = *a[1];
    }
    return fold ? IgnoreCase(k) : k;
  };
  std::vector<std::pair<Value, Value>> keyed;
  for (const Value& item : items) {
    STRATA_ASSIGN_OR_RETURN(Value k, key_of(item, !case_sensitive));
    keyed.emplace_back(std::move(k), item);
  }
  Status error;
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
    Result<int> c = Compare(x.first, y.first);
    if (!c.ok()) {
      error = c.status();
      return false;
    }
    return *c < 0;
  });
  STRATA_RETURN_IF_ERROR(error);
  std::vector<Value> groups;
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i;
    std::vector<Value> members;
    while (j < keyed.size() && Equals(keyed[j].first, keyed[i].first)) {
      members.push_back(keyed[j].second);
      ++j;
    }
    Value grouper = keyed[i].first;
    if (!case_sensitive) {
      STRATA_ASSIGN_OR_RETURN(grouper, key_of(members[0], false));
    }
    groups.push_back(Value::FromObject(
        std::make_shared<GroupObject>(std::move(grouper), Value::List(std::move(members)))));
    i = j;
  }
  return Value::List(std::move(groups));
}

// Jinja's title filter starts a word after '-', whitespace or an opening bracket.
bool TitleWordBreak(uint32_t cp) {
  return cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' ||
         (cp < 0x80 && IsAsciiSpace(static_cast<char>(cp)));
}

std::string Title(const std::string& s) { return UnicodeTitle(s, TitleWordBreak); }

}  // namespace

void RegisterBuiltinFilters(Environment* env) {
  env->AddFilter("abs", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    if (v.is_integral()) {
      return Value::Int(v.as_int() < 0 ? -v.as_int() : v.as_int());
    }
    if (v.is_float()) {
      return Value::Float(std::fabs(v.as_double()));
    }
    return TypeError(std::string("bad operand type for abs(): '") + v.TypeName() + "'");
  });
  env->AddFilter("attr",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("attr", args, {"name"}, 1));
                   if (v.is_undefined()) {
                     if (context.undefined_behavior() == UndefinedBehavior::kLenient) {
                       return v;
                     }
                     return context.UndefinedError(v);
                   }
                   if (!a[0]->is_string()) {
                     return Value::Undefined(Str(*a[0]), v.ObjectTypeRepr());
                   }
                   const std::string& name = a[0]->as_string();
                   if (v.is_object()) {
                     if (auto attr = v.as_object()->GetAttribute(name)) {
                       return *attr;
                     }
                   } else if (!v.is_undefined()) {
                     if (auto method = GetMethod(v, name)) {
                       return *method;
                     }
                   }
                   (void)context;
                   return Value::Undefined(name, v.ObjectTypeRepr());
                 });
  env->AddFilter("batch", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("batch", args, {"linecount", "fill_with"}, 1));
    STRATA_ASSIGN_OR_RETURN(int64_t count, IntArgument(*a[0], "linecount"));
    if (count <= 0) {
      return Status::InvalidArgument("batch linecount must be positive");
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    std::vector<Value> out;
    std::vector<Value> row;
    for (Value& item : items) {
      row.push_back(std::move(item));
      if (static_cast<int64_t>(row.size()) == count) {
        out.push_back(Value::List(std::move(row)));
        row.clear();
      }
    }
    if (!row.empty()) {
      if (a[1] && !a[1]->is_none()) {
        while (static_cast<int64_t>(row.size()) < count) {
          row.push_back(*a[1]);
        }
      }
      out.push_back(Value::List(std::move(row)));
    }
    return Value::List(std::move(out));
  });
  env->AddFilter("capitalize",
                 StringFilter([](const std::string& s) { return UnicodeCapitalize(s); }));
  env->AddFilter("center",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("center", args, {"width"}));
                   Arguments call;
                   call.positional.push_back(a[0] ? *a[0] : Value::Int(80));
                   std::optional<Value> method = GetMethod(Value::String(Str(v)), "center");
                   return context.Call(*method, call);
                 });
  Filter length_filter = [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_RETURN_IF_ERROR(BindArguments("length", args, {}).status());
    std::optional<int64_t> n = Length(v);
    if (!n) {
      return TypeError(std::string("object of type '") + v.TypeName() + "' has no len()");
    }
    return Value::Int(*n);
  };
  env->AddFilter("length", length_filter);
  env->AddFilter("count", length_filter);
  Filter fallback = [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("default", args, {"default_value", "boolean"}));
    bool boolean = a[1] && a[1]->Truthy();
    if (v.is_undefined() || (boolean && !v.Truthy())) {
      return a[0] ? *a[0] : Value::String("");
    }
    return v;
  };
  env->AddFilter("default", fallback);
  env->AddFilter("d", fallback);
  env->AddFilter(
      "dictsort", [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, BindArguments("dictsort", args, {"case_sensitive", "by", "reverse"}));
        if (!v.is_dict()) {
          return TypeError(std::string("dictsort expects a mapping, not ") + v.TypeName());
        }
        bool case_sensitive = a[0] && a[0]->Truthy();
        int position = 0;
        if (a[1]) {
          if (!a[1]->is_string() || (a[1]->as_string() != "key" && a[1]->as_string() != "value")) {
            return Status::InvalidArgument("You can only sort by either \"key\" or \"value\"");
          }
          position = a[1]->as_string() == "value" ? 1 : 0;
        }
        std::vector<Value> pairs;
        for (const auto& [k, val] : v.as_dict()->entries()) {
          pairs.push_back(Value::Tuple({k, val}));
        }
        STRATA_ASSIGN_OR_RETURN(std::vector<Value> sorted,
                                SortedValues(context, std::move(pairs), a[2] && a[2]->Truthy(),
                                             case_sensitive, Value::Int(position)));
        return Value::List(std::move(sorted));
      });
  Filter escape = StringFilter(HtmlEscape);
  env->AddFilter("escape", escape);
  env->AddFilter("e", escape);
  env->AddFilter("forceescape", escape);
  env->AddFilter("first", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    if (items.empty()) {
      return Value::UndefinedWithHint("No first item, sequence was empty.");
    }
    return items.front();
  });
  env->AddFilter("last", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    if (items.empty()) {
      return Value::UndefinedWithHint("No last item, sequence was empty.");
    }
    return items.back();
  });
  env->AddFilter("float",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("float", args, {"default"}));
                   if (v.is_undefined()) {
                     return context.UndefinedError(v);  // Jinja2's Undefined refuses float()
                   }
                   return ToFloat(v, a[0] ? *a[0] : Value::Float(0.0));
                 });
  env->AddFilter("int", [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("int", args, {"default", "base"}));
    if (v.is_undefined()) {
      return context.UndefinedError(v);  // Jinja2's Undefined refuses int()
    }
    int base = 10;
    if (a[1]) {
      STRATA_ASSIGN_OR_RETURN(int64_t b, IntArgument(*a[1], "base"));
      base = static_cast<int>(b);
    }
    return ToInt(v, a[0] ? *a[0] : Value::Int(0), base);
  });
  env->AddFilter("format", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    if (!args.positional.empty() && !args.keyword.empty()) {
      return Status::InvalidArgument(
          "can't handle positional and keyword arguments at the same time");
    }
    if (!args.keyword.empty()) {
      Value dict = Value::Dict();
      for (const auto& [k, val] : args.keyword) {
        dict.as_dict()->SetString(k, val);
      }
      return PercentFormat(Str(v), dict);
    }
    return PercentFormat(Str(v), Value::Tuple(args.positional));
  });
  env->AddFilter("groupby", GroupBy);
  env->AddFilter("indent", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("indent", args, {"width", "first", "blank"}));
    std::string indention = "    ";
    if (a[0]) {
      if (a[0]->is_string()) {
        indention = a[0]->as_string();
      } else {
        STRATA_ASSIGN_OR_RETURN(int64_t width, IntArgument(*a[0], "width"));
        indention = std::string(static_cast<size_t>(std::clamp<int64_t>(width, 0, 1 << 20)), ' ');
      }
    }
    bool first = a[1] && a[1]->Truthy();
    bool blank = a[2] && a[2]->Truthy();
    std::string s = Str(v) + "\n";
    std::vector<std::string> lines = SplitLines(s);
    std::string out;
    if (blank) {
      for (size_t i = 0; i < lines.size(); ++i) {
        out += (i > 0 ? std::string("\n") + indention : "") + lines[i];
      }
    } else {
      out = lines.empty() ? "" : lines[0];
      if (lines.size() > 1) {
        out += "\n";
        for (size_t i = 1; i < lines.size(); ++i) {
          if (i > 1) {
            out += '\n';
          }
          if (!lines[i].empty()) {
            out += indention;
          }
          out += lines[i];
        }
      }
    }
    if (first) {
      out = indention + out;
    }
    return Value::String(std::move(out));
  });
  env->AddFilter("items", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    if (v.is_undefined()) {
      return Value::List();
    }
    if (!v.is_dict()) {
      return TypeError("Can only get item pairs from a mapping.");
    }
    std::vector<Value> pairs;
    for (const auto& [k, val] : v.as_dict()->entries()) {
      pairs.push_back(Value::Tuple({k, val}));
    }
    return Value::List(std::move(pairs));
  });
  env->AddFilter("join",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("join", args, {"d", "attribute"}));
                   STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
                   std::string separator = a[0] ? Str(*a[0]) : "";
                   std::string out;
                   for (size_t i = 0; i < items.size(); ++i) {
                     if (i > 0) {
                       out += separator;
                     }
                     if (a[1] && !a[1]->is_none()) {
                       STRATA_ASSIGN_OR_RETURN(Value item, GetPath(context, items[i], *a[1]));
                       AppendStr(item, &out);
                     } else {
                       AppendStr(items[i], &out);
                     }
                   }
                   return Value::String(std::move(out));
                 });
  env->AddFilter("list", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    return Value::List(std::move(items));
  });
  env->AddFilter("lower", StringFilter([](const std::string& s) { return UnicodeLower(s); }));
  env->AddFilter("upper", StringFilter([](const std::string& s) { return UnicodeUpper(s); }));
  env->AddFilter("map", MapFilter);
  env->AddFilter(
      "max", [](CallContext& c, const Value& v, Arguments& a) { return Aggregate(c, v, a, true); });
  env->AddFilter("min", [](CallContext& c, const Value& v, Arguments& a) {
    return Aggregate(c, v, a, false);
  });
  env->AddFilter("select", SelectFilter(false, true));
  env->AddFilter("reject", SelectFilter(false, false));
  env->AddFilter("selectattr", SelectFilter(true, true));
  env->AddFilter("rejectattr", SelectFilter(true, false));
  env->AddFilter(
      "replace", [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("replace", args, {"old", "new", "count"}, 2));
        Arguments call;
        call.positional = {Value::String(Str(*a[0])), Value::String(Str(*a[1]))};
        if (a[2] && !a[2]->is_none()) {
          call.positional.push_back(*a[2]);
        }
        return context.Call(*GetMethod(Value::String(Str(v)), "replace"), call);
      });
  env->AddFilter("reverse", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    if (v.is_string()) {
      std::vector<size_t> offsets = CodePointOffsets(v.as_string());
      std::string out;
      for (size_t i = offsets.size() - 1; i > 0; --i) {
        out.append(v.as_string(), offsets[i - 1], offsets[i] - offsets[i - 1]);
      }
      return Value::String(std::move(out));
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    std::reverse(items.begin(), items.end());
    return Value::List(std::move(items));
  });
  env->AddFilter("round", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("round", args, {"precision", "method"}));
    int64_t precision = 0;
    if (a[0]) {
      STRATA_ASSIGN_OR_RETURN(precision, IntArgument(*a[0], "precision"));
    }
    std::string method = a[1] ? Str(*a[1]) : "common";
    if (method != "common" && method != "ceil" && method != "floor") {
      return TypeError("method must be common, ceil or floor");
    }
    if (!v.is_number()) {
      return TypeError(std::string("type ") + v.TypeName() + " doesn't define __round__ method");
    }
    if (method == "common") {
      if (v.is_integral()) {
        return Value::Int(v.as_int());
      }
      double d = v.as_double();
      if (!std::isfinite(d)) {
        return v;
      }
      char buffer[512];
      int p = static_cast<int>(std::clamp<int64_t>(precision, -300, 300));
      if (p >= 0) {
        std::snprintf(buffer, sizeof(buffer), "%.*f", p, d);
        return Value::Float(std::strtod(buffer, nullptr));
      }
      double scale = std::pow(10.0, -p);
      double scaled = d / scale;
      double rounded = std::nearbyint(scaled);
      return Value::Float(rounded * scale);
    }
    double scale = std::pow(10.0, static_cast<double>(precision));
    double x = v.as_double() * scale;
    return Value::Float((method == "ceil" ? std::ceil(x) : std::floor(x)) / scale);
  });
  env->AddFilter("safe",
                 [](CallContext&, const Value& v, Arguments&) -> Result<Value> { return v; });
  env->AddFilter("slice", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("slice", args, {"slices", "fill_with"}, 1));
    STRATA_ASSIGN_OR_RETURN(int64_t slices, IntArgument(*a[0], "slices"));
    if (slices <= 0) {
      return Status::InvalidArgument("slice count must be positive");
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> seq, Iterate(v));
    int64_t length = static_cast<int64_t>(seq.size());
    int64_t per = length / slices;
    int64_t with_extra = length % slices;
    int64_t offset = 0;
    std::vector<Value> out;
    for (int64_t i = 0; i < slices; ++i) {
      int64_t start = offset + i * per;
      if (i < with_extra) {
        offset += 1;
      }
      int64_t end = offset + (i + 1) * per;
      std::vector<Value> part(seq.begin() + start, seq.begin() + end);
      if (a[1] && !a[1]->is_none() && i >= with_extra) {
        part.push_back(*a[1]);
      }
      out.push_back(Value::List(std::move(part)));
    }
    return Value::List(std::move(out));
  });
  env->AddFilter(
      "sort", [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, BindArguments("sort", args, {"reverse", "case_sensitive", "attribute"}));
        STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
        STRATA_ASSIGN_OR_RETURN(std::vector<Value> sorted,
                                SortedValues(context, std::move(items), a[0] && a[0]->Truthy(),
                                             a[1] && a[1]->Truthy(), a[2]));
        return Value::List(std::move(sorted));
      });
  env->AddFilter("string", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    return Value::String(Str(v));
  });
  env->AddFilter("striptags", StringFilter([](const std::string& s) {
                   std::string text;
                   for (size_t i = 0; i < s.size(); ++i) {
                     if (s.compare(i, 4, "<!--") == 0) {
                       size_t end = s.find("-->", i + 4);
                       if (end != std::string::npos) {
                         i = end + 2;
                         continue;
                       }
                     }
                     if (s[i] == '<') {
                       size_t end = s.find('>', i);
                       if (end != std::string::npos) {
                         i = end;
                         continue;
                       }
                     }
                     text.push_back(s[i]);
                   }
                   std::string joined = Join(SplitWhitespace(text), " ");
                   std::string out;
                   for (size_t i = 0; i < joined.size(); ++i) {
                     static const std::pair<const char*, char> kEntities[] = {
                         {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},   {"&#34;", '"'},
                         {"&#39;", '\''}, {"&quot;", '"'}, {"&apos;", '\''}};
                     bool replaced = false;
                     for (const auto& [entity, c] : kEntities) {
                       size_t n = std::char_traits<char>::length(entity);
                       if (joined.compare(i, n, entity) == 0) {
                         out.push_back(c);
                         i += n - 1;
                         replaced = true;
                         break;
                       }
                     }
                     if (!replaced) {
                       out.push_back(joined[i]);
                     }
                   }
                   return out;
                 }));
  env->AddFilter("sum", [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("sum", args, {"attribute", "start"}));
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
    Value total = a[1] ? *a[1] : Value::Int(0);
    for (const Value& item : items) {
      Value term = item;
      if (a[0] && !a[0]->is_none()) {
        STRATA_ASSIGN_OR_RETURN(term, GetPath(context, item, *a[0]));
      }
      if (term.is_undefined()) {
        return context.UndefinedError(term);
      }
      STRATA_ASSIGN_OR_RETURN(total, BinaryOperation(BinaryOp::kAdd, total, term));
    }
    return total;
  });
  env->AddFilter("title", StringFilter(Title));
  env->AddFilter("tojson", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("tojson", args, {"indent"}));
    std::optional<int64_t> indent;
    if (a[0] && !a[0]->is_none()) {
      STRATA_ASSIGN_OR_RETURN(int64_t n, IntArgument(*a[0], "indent"));
      indent = std::clamp<int64_t>(n, 0, 64);
    }
    std::string json;
    STRATA_RETURN_IF_ERROR(JsonDump(v, indent, 0, &json));
    std::string out;
    for (char c : json) {
      switch (c) {
        case '<':
          out += "\\u003c";
          break;
        case '>':
          out += "\\u003e";
          break;
        case '&':
          out += "\\u0026";
          break;
        case '\'':
          out += "\\u0027";
          break;
        default:
          out.push_back(c);
      }
    }
    return Value::String(std::move(out));
  });
  env->AddFilter("trim",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(auto a, BindArguments("trim", args, {"chars"}));
                   Arguments call;
                   if (a[0]) {
                     call.positional.push_back(*a[0]);
                   }
                   return context.Call(*GetMethod(Value::String(Str(v)), "strip"), call);
                 });
  env->AddFilter("truncate", [](CallContext&, const Value& v, Arguments& args) -> Result<Value> {
    STRATA_ASSIGN_OR_RETURN(
        auto a, BindArguments("truncate", args, {"length", "killwords", "end", "leeway"}));
    int64_t length = 255;
    if (a[0]) {
      STRATA_ASSIGN_OR_RETURN(length, IntArgument(*a[0], "length"));
    }
    bool killwords = a[1] && a[1]->Truthy();
    std::string end = a[2] ? Str(*a[2]) : "...";
    int64_t leeway = 5;
    if (a[3] && !a[3]->is_none()) {
      STRATA_ASSIGN_OR_RETURN(leeway, IntArgument(*a[3], "leeway"));
    }
    int64_t end_length = static_cast<int64_t>(CodePointCount(end));
    if (length < end_length) {
      return Status::InvalidArgument(std::string("expected length >= ") +
                                     std::to_string(end_length) + ", got " +
                                     std::to_string(length));
    }
    if (leeway < 0) {
      return Status::InvalidArgument(std::string("expected leeway >= 0, got ") +
                                     std::to_string(leeway));
    }
    std::string s = Str(v);
    std::vector<size_t> offsets = CodePointOffsets(s);
    int64_t size = static_cast<int64_t>(offsets.size()) - 1;
    if (size <= length + leeway) {
      return Value::String(s);
    }
    std::string head = s.substr(0, offsets[static_cast<size_t>(length - end_length)]);
    if (killwords) {
      return Value::String(head + end);
    }
    size_t space = head.rfind(' ');
    if (space != std::string::npos) {
      head.resize(space);
    }
    return Value::String(head + end);
  });
  env->AddFilter("unique",
                 [](CallContext& context, const Value& v, Arguments& args) -> Result<Value> {
                   STRATA_ASSIGN_OR_RETURN(
                       auto a, BindArguments("unique", args, {"case_sensitive", "attribute"}));
                   bool case_sensitive = a[0] && a[0]->Truthy();
                   STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(v));
                   std::vector<Value> out;
                   DictData seen;
                   for (const Value& item : items) {
                     Value key = item;
                     if (a[1] && !a[1]->is_none()) {
                       STRATA_ASSIGN_OR_RETURN(key, GetPath(context, item, *a[1]));
                     }
                     if (!case_sensitive) {
                       key = IgnoreCase(key);
                     }
                     STRATA_RETURN_IF_ERROR(Hash(key).status());
                     if (seen.Find(key) == nullptr) {
                       STRATA_RETURN_IF_ERROR(seen.Set(key, Value::None()));
                       out.push_back(item);
                     }
                   }
                   return Value::List(std::move(out));
                 });
  env->AddFilter("wordcount", [](CallContext&, const Value& v, Arguments&) -> Result<Value> {
    std::string s = Str(v);
    int64_t count = 0;
    bool in_word = false;
    for (char c : s) {
      bool word =
          IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
      if (word && !in_word) {
        ++count;
      }
      in_word = word;
    }
    return Value::Int(count);
  });
}

}  // namespace strata::jinja
