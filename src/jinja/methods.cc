// The Python methods of str, list, tuple and dict values that dbt macros call
// (`name.lower()`, `cols.append(c)`, `config.get('x', 'y')`, `'{}_{}'.format(a, b)`).
#include <algorithm>
#include <array>

#include "base/text.h"
#include "jinja/arguments.h"
#include "jinja/objects.h"
#include "jinja/operators.h"
#include "jinja/python_format.h"
#include "jinja/utf8.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

constexpr std::array kStringMethods = {
    "lower",        "upper",        "strip",      "lstrip",     "rstrip",   "split",
    "rsplit",       "splitlines",   "replace",    "startswith", "endswith", "format",
    "join",         "title",        "capitalize", "find",       "rfind",    "index",
    "rindex",       "count",        "isdigit",    "isalpha",    "isalnum",  "isspace",
    "islower",      "isupper",      "isnumeric",  "isdecimal",  "zfill",    "center",
    "ljust",        "rjust",        "partition",  "rpartition", "swapcase", "casefold",
    "removeprefix", "removesuffix", "istitle"};
constexpr std::array kListMethods = {"append", "extend",  "insert", "pop",  "remove", "index",
                                     "count",  "reverse", "sort",   "copy", "clear"};
constexpr std::array kTupleMethods = {"index", "count"};
constexpr std::array kDictMethods = {"get", "items",      "keys", "values", "update",
                                     "pop", "setdefault", "copy", "clear",  "popitem"};

template <typename Names>
bool Has(const Names& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Status TypeError(std::string message) { return Status::InvalidArgument(std::move(message)); }

class BoundMethod : public Object {
 public:
  BoundMethod(Value receiver, std::string name)
      : receiver_(std::move(receiver)), name_(std::move(name)) {}
  std::string TypeName() const override { return "builtin_function_or_method"; }
  bool IsCallable() const override { return true; }
  Result<Value> Call(CallContext& context, Arguments& args) override;
  std::string Repr() const override {
    return std::string("<built-in method ") + name_ + " of " + receiver_.TypeName() + " object>";
  }

 private:
  Value receiver_;
  std::string name_;
};

// Code points of a string (for strip's character sets).
std::vector<uint32_t> CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t pos = 0; pos < s.size();) {
    out.push_back(DecodeUtf8(s, &pos));
  }
  return out;
}

std::string Strip(const std::string& s, const std::optional<Value>& chars, bool left, bool right) {
  std::vector<size_t> offsets = CodePointOffsets(s);
  std::vector<uint32_t> cps = CodePoints(s);
  std::vector<uint32_t> set;
  bool whitespace = !chars || chars->is_none();
  if (!whitespace) {
    set = CodePoints(chars->as_string());
  }
  auto strip = [&](uint32_t cp) {
    if (whitespace) {
      return cp < 0x80 ? IsAsciiSpace(static_cast<char>(cp)) || (cp >= 0x1c && cp <= 0x1f)
                       : cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0x3000 ||
                             (cp >= 0x2000 && cp <= 0x200A);
    }
    return std::find(set.begin(), set.end(), cp) != set.end();
  };
  size_t begin = 0, end = cps.size();
  if (left) {
    while (begin < end && strip(cps[begin])) {
      ++begin;
    }
  }
  if (right) {
    while (end > begin && strip(cps[end - 1])) {
      --end;
    }
  }
  return s.substr(offsets[begin], offsets[end] - offsets[begin]);
}

bool IsPySpace(char c) { return IsAsciiSpace(c) || (c >= 0x1c && c <= 0x1f); }

Value SplitString(const std::string& s, const std::optional<Value>& sep_value, int64_t maxsplit,
                  bool from_right) {
  std::vector<std::string> parts;
  if (!sep_value || sep_value->is_none()) {
    // Runs of whitespace separate; leading and trailing whitespace is dropped.
    if (!from_right) {
      size_t i = 0;
      int64_t splits = 0;
      while (i < s.size()) {
        while (i < s.size() && IsPySpace(s[i])) {
          ++i;
        }
        if (i >= s.size()) {
          break;
        }
        if (maxsplit >= 0 && splits >= maxsplit) {
          size_t end = s.size();
          while (end > i && IsPySpace(s[end - 1])) {
            --end;
          }
          parts.push_back(s.substr(i, end - i));
          break;
        }
        size_t j = i;
        while (j < s.size() && !IsPySpace(s[j])) {
          ++j;
        }
        parts.push_back(s.substr(i, j - i));
        ++splits;
        i = j;
      }
    } else {
      size_t i = s.size();
      int64_t splits = 0;
      while (i > 0) {
        while (i > 0 && IsPySpace(s[i - 1])) {
          --i;
        }
        if (i == 0) {
          break;
        }
        if (maxsplit >= 0 && splits >= maxsplit) {
          size_t begin = 0;
          while (begin < i && IsPySpace(s[begin])) {
            ++begin;
          }
          parts.insert(parts.begin(), s.substr(begin, i - begin));
          break;
        }
        size_t j = i;
        while (j > 0 && !IsPySpace(s[j - 1])) {
          --j;
        }
        parts.insert(parts.begin(), s.substr(j, i - j));
        ++splits;
        i = j;
      }
    }
  } else {
    const std::string& sep = sep_value->as_string();
    if (!from_right) {
      size_t start = 0;
      int64_t splits = 0;
      for (;;) {
        size_t found =
            (maxsplit >= 0 && splits >= maxsplit) ? std::string::npos : s.find(sep, start);
        if (found == std::string::npos) {
          parts.push_back(s.substr(start));
          break;
        }
        parts.push_back(s.substr(start, found - start));
        start = found + sep.size();
        ++splits;
      }
    } else {
      size_t end = s.size();
      int64_t splits = 0;
      for (;;) {
        size_t found = std::string::npos;
        if (!(maxsplit >= 0 && splits >= maxsplit) && end >= sep.size()) {
          found = s.rfind(sep, end - sep.size());
        }
        if (found == std::string::npos) {
          parts.insert(parts.begin(), s.substr(0, end));
          break;
        }
        parts.insert(parts.begin(), s.substr(found + sep.size(), end - found - sep.size()));
        end = found;
        ++splits;
      }
    }
  }
  std::vector<Value> values;
  values.reserve(parts.size());
  for (std::string& p : parts) {
    values.push_back(Value::String(std::move(p)));
  }
  return Value::List(std::move(values));
}

// Character-class predicate over a whole string (false for "").
template <typename Pred>
Value AllChars(const std::string& s, Pred pred) {
  if (s.empty()) {
    return Value::Bool(false);
  }
  for (char c : s) {
    if (!pred(c)) {
      return Value::Bool(false);
    }
  }
  return Value::Bool(true);
}

Result<std::string> Justify(const std::string& s, const Arguments& args, std::string_view name,
                            char align) {
  STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"width", "fillchar"}, 1));
  STRATA_ASSIGN_OR_RETURN(int64_t width, IntArgument(*a[0], "width"));
  std::string fill = " ";
  if (a[1]) {
    STRATA_ASSIGN_OR_RETURN(fill, StringArgument(*a[1], "fillchar"));
    if (CodePointCount(fill) != 1) {
      return TypeError("The fill character must be exactly one character long");
    }
  }
  int64_t length = static_cast<int64_t>(CodePointCount(s));
  if (width <= length) {
    return s;
  }
  int64_t padding = std::min<int64_t>(width - length, 1 << 24);
  auto repeat = [&](int64_t n) {
    std::string out;
    for (int64_t i = 0; i < n; ++i) {
      out += fill;
    }
    return out;
  };
  if (align == '<') {
    return s + repeat(padding);
  }
  if (align == '>') {
    return repeat(padding) + s;
  }
  // Python's center puts the extra space on the right when both lengths are even.
  int64_t left = padding / 2 + (padding & width & 1);
  return repeat(left) + s + repeat(padding - left);
}

Result<Value> StringMethod(CallContext& context, const std::string& s, std::string_view name,
                           Arguments& args) {
  (void)context;
  if (name == "lower" || name == "casefold") {
    STRATA_RETURN_IF_ERROR(BindArguments(name, args, {}).status());
    std::string out = UnicodeLower(s);
    if (name == "casefold") {
      for (size_t pos = out.find("\xc3\x9f"); pos != std::string::npos;
           pos = out.find("\xc3\x9f")) {
        out.replace(pos, 2, "ss");
      }
    }
    return Value::String(std::move(out));
  }
  if (name == "upper") {
    STRATA_RETURN_IF_ERROR(BindArguments(name, args, {}).status());
    return Value::String(UnicodeUpper(s));
  }
  if (name == "swapcase") {
    return Value::String(UnicodeSwapCase(s));
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"chars"}));
    if (a[0] && !a[0]->is_none() && !a[0]->is_string()) {
      return TypeError(std::string(name) + " arg must be None or str");
    }
    return Value::String(Strip(s, a[0], name != "rstrip", name != "lstrip"));
  }
  if (name == "split" || name == "rsplit") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"sep", "maxsplit"}));
    if (a[0] && !a[0]->is_none()) {
      if (!a[0]->is_string()) {
        return TypeError(std::string("must be str or None, not ") + a[0]->TypeName());
      }
      if (a[0]->as_string().empty()) {
        return Status::InvalidArgument("empty separator");
      }
    }
    int64_t maxsplit = -1;
    if (a[1]) {
      STRATA_ASSIGN_OR_RETURN(maxsplit, IntArgument(*a[1], "maxsplit"));
    }
    return SplitString(s, a[0], maxsplit, name == "rsplit");
  }
  if (name == "splitlines") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"keepends"}));
    bool keep = a[0] && a[0]->Truthy();
    std::vector<Value> lines;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) {
        size_t end = i;
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
          ++i;
        }
        lines.push_back(Value::String(s.substr(start, (keep ? i + 1 : end) - start)));
        start = i + 1;
      }
    }
    if (start < s.size()) {
      lines.push_back(Value::String(s.substr(start)));
    }
    return Value::List(std::move(lines));
  }
  if (name == "replace") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"old", "new", "count"}, 2));
    STRATA_ASSIGN_OR_RETURN(std::string old_text, StringArgument(*a[0], "replace() argument 1"));
    STRATA_ASSIGN_OR_RETURN(std::string new_text, StringArgument(*a[1], "replace() argument 2"));
    int64_t count = -1;
    if (a[2]) {
      STRATA_ASSIGN_OR_RETURN(count, IntArgument(*a[2], "count"));
    }
    std::string out;
    if (old_text.empty()) {
      // Python inserts `new` between every character and at both ends.
      std::vector<size_t> offsets = CodePointOffsets(s);
      int64_t done = 0;
      for (size_t i = 0; i + 1 < offsets.size() || i == 0; ++i) {
        if (count < 0 || done < count) {
          out += new_text;
          ++done;
        }
        if (i + 1 >= offsets.size()) {
          break;
        }
        out.append(s, offsets[i], offsets[i + 1] - offsets[i]);
      }
      if (offsets.size() > 1 && (count < 0 || done < count)) {
        out += new_text;
      }
      return Value::String(std::move(out));
    }
    size_t start = 0;
    int64_t done = 0;
    for (;;) {
      size_t found = (count >= 0 && done >= count) ? std::string::npos : s.find(old_text, start);
      if (found == std::string::npos) {
        out.append(s, start, std::string::npos);
        break;
      }
      out.append(s, start, found - start);
      out += new_text;
      start = found + old_text.size();
      ++done;
    }
    return Value::String(std::move(out));
  }
  if (name == "startswith" || name == "endswith") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"prefix"}, 1));
    std::vector<Value> candidates;
    if (a[0]->is_tuple()) {
      candidates = a[0]->items();
    } else {
      candidates.push_back(*a[0]);
    }
    for (const Value& candidate : candidates) {
      if (!candidate.is_string()) {
        return TypeError(std::string(name) + " first arg must be str or a tuple of str, not " +
                         candidate.TypeName());
      }
      const std::string& c = candidate.as_string();
      bool match = c.size() <= s.size() &&
                   (name == "startswith" ? s.compare(0, c.size(), c) == 0
                                         : s.compare(s.size() - c.size(), c.size(), c) == 0);
      if (match) {
        return Value::Bool(true);
      }
    }
    return Value::Bool(false);
  }
  if (name == "removeprefix" || name == "removesuffix") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"affix"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::string affix,
                            StringArgument(*a[0], std::string(name) + "() argument"));
    if (name == "removeprefix" && s.compare(0, affix.size(), affix) == 0) {
      return Value::String(s.substr(affix.size()));
    }
    if (name == "removesuffix" && !affix.empty() && affix.size() <= s.size() &&
        s.compare(s.size() - affix.size(), affix.size(), affix) == 0) {
      return Value::String(s.substr(0, s.size() - affix.size()));
    }
    return Value::String(s);
  }
  if (name == "format") {
    return StrFormat(s, args);
  }
  if (name == "join") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"iterable"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> items, Iterate(*a[0]));
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_string()) {
        return TypeError(std::string("sequence item ") + std::to_string(i) +
                         ": expected str instance, " + items[i].TypeName() + " found");
      }
      if (i > 0) {
        out += s;
      }
      out += items[i].as_string();
    }
    return Value::String(std::move(out));
  }
  if (name == "title") {
    return Value::String(UnicodeTitle(s));
  }
  if (name == "istitle") {
    bool any = false, previous_cased = false;
    for (char c : s) {
      if (c >= 'A' && c <= 'Z') {
        if (previous_cased) {
          return Value::Bool(false);
        }
        previous_cased = any = true;
      } else if (c >= 'a' && c <= 'z') {
        if (!previous_cased) {
          return Value::Bool(false);
        }
        previous_cased = any = true;
      } else {
        previous_cased = false;
      }
    }
    return Value::Bool(any);
  }
  if (name == "capitalize") {
    return Value::String(UnicodeCapitalize(s));
  }
  if (name == "find" || name == "rfind" || name == "index" || name == "rindex" || name == "count") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"sub", "start", "end"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::string sub,
                            StringArgument(*a[0], std::string(name) + "() argument"));
    if (a[1] || a[2]) {
      return Status::Unsupported(std::string(name) + "() with start/end is not supported");
    }
    if (name == "count") {
      if (sub.empty()) {
        return Value::Int(static_cast<int64_t>(CodePointCount(s)) + 1);
      }
      int64_t count = 0;
      for (size_t pos = s.find(sub); pos != std::string::npos;
           pos = s.find(sub, pos + sub.size())) {
        ++count;
      }
      return Value::Int(count);
    }
    size_t found = (name == "find" || name == "index") ? s.find(sub) : s.rfind(sub);
    if (found == std::string::npos) {
      if (name == "index" || name == "rindex") {
        return Status::InvalidArgument("substring not found");
      }
      return Value::Int(-1);
    }
    return Value::Int(static_cast<int64_t>(CodePointCount(std::string_view(s).substr(0, found))));
  }
  if (name == "isdigit" || name == "isnumeric" || name == "isdecimal") {
    return AllChars(s, [](char c) { return IsAsciiDigit(c); });
  }
  if (name == "isalpha") {
    return AllChars(s, [](char c) { return IsAsciiAlpha(c); });
  }
  if (name == "isalnum") {
    return AllChars(s, [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); });
  }
  if (name == "isspace") {
    return AllChars(s, [](char c) { return IsPySpace(c); });
  }
  if (name == "islower" || name == "isupper") {
    return Value::Bool(name == "islower" ? UnicodeIsLower(s) : UnicodeIsUpper(s));
  }
  if (name == "zfill") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"width"}, 1));
    STRATA_ASSIGN_OR_RETURN(int64_t width, IntArgument(*a[0], "width"));
    int64_t length = static_cast<int64_t>(CodePointCount(s));
    if (width <= length) {
      return Value::String(s);
    }
    size_t sign = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
    std::string out = s;
    out.insert(sign, static_cast<size_t>(std::min<int64_t>(width - length, 1 << 24)), '0');
    return Value::String(std::move(out));
  }
  if (name == "center" || name == "ljust" || name == "rjust") {
    STRATA_ASSIGN_OR_RETURN(std::string out, Justify(s, args, name,
                                                     name == "center"  ? '^'
                                                     : name == "ljust" ? '<'
                                                                       : '>'));
    return Value::String(std::move(out));
  }
  if (name == "partition" || name == "rpartition") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"sep"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::string sep, StringArgument(*a[0], "sep"));
    if (sep.empty()) {
      return Status::InvalidArgument("empty separator");
    }
    size_t found = name == "partition" ? s.find(sep) : s.rfind(sep);
    if (found == std::string::npos) {
      if (name == "partition") {
        return Value::Tuple({Value::String(s), Value::String(""), Value::String("")});
      }
      return Value::Tuple({Value::String(""), Value::String(""), Value::String(s)});
    }
    return Value::Tuple({Value::String(s.substr(0, found)), Value::String(sep),
                         Value::String(s.substr(found + sep.size()))});
  }
  return TypeError(std::string("'str' object has no attribute '") + std::string(name) + "'");
}

Result<Value> ListMethod(CallContext& context, const Value& receiver, std::string_view name,
                         Arguments& args) {
  ListData& list = *receiver.as_list();
  auto& items = list.items;
  if (name == "append") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"object"}, 1));
    STRATA_RETURN_IF_ERROR(CheckNoCycle(&list, *a[0]));
    items.push_back(*a[0]);
    return Value::None();
  }
  if (name == "extend") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"iterable"}, 1));
    STRATA_ASSIGN_OR_RETURN(std::vector<Value> more, Iterate(*a[0]));
    for (const Value& item : more) {
      STRATA_RETURN_IF_ERROR(CheckNoCycle(&list, item));
    }
    items.insert(items.end(), more.begin(), more.end());
    return Value::None();
  }
  if (name == "insert") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"index", "object"}, 2));
    STRATA_ASSIGN_OR_RETURN(int64_t index, IntArgument(*a[0], "index"));
    int64_t size = static_cast<int64_t>(items.size());
    if (index < 0) {
      index = std::max<int64_t>(0, index + size);
    }
    index = std::min(index, size);
    STRATA_RETURN_IF_ERROR(CheckNoCycle(&list, *a[1]));
    items.insert(items.begin() + index, *a[1]);
    return Value::None();
  }
  if (name == "pop") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"index"}));
    if (items.empty()) {
      return Status::InvalidArgument("pop from empty list");
    }
    int64_t size = static_cast<int64_t>(items.size());
    int64_t index = size - 1;
    if (a[0]) {
      STRATA_ASSIGN_OR_RETURN(index, IntArgument(*a[0], "index"));
      if (index < 0) {
        index += size;
      }
      if (index < 0 || index >= size) {
        return Status::InvalidArgument("pop index out of range");
      }
    }
    Value v = items[static_cast<size_t>(index)];
    items.erase(items.begin() + index);
    return v;
  }
  if (name == "remove") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"value"}, 1));
    for (auto it = items.begin(); it != items.end(); ++it) {
      if (Equals(*it, *a[0])) {
        items.erase(it);
        return Value::None();
      }
    }
    return Status::InvalidArgument("list.remove(x): x not in list");
  }
  if (name == "reverse") {
    std::reverse(items.begin(), items.end());
    return Value::None();
  }
  if (name == "sort") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"key", "reverse"}));
    if (a[0] && !a[0]->is_none()) {
      return Status::Unsupported("list.sort(key=…) is not supported; use the sort filter");
    }
    bool reverse = a[1] && a[1]->Truthy();
    Status error;
    std::vector<Value> sorted = items;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Value& x, const Value& y) {
      Result<int> c = reverse ? Compare(y, x) : Compare(x, y);
      if (!c.ok()) {
        error = c.status();
        return false;
      }
      return *c < 0;
    });
    STRATA_RETURN_IF_ERROR(error);
    items = std::move(sorted);
    return Value::None();
  }
  if (name == "copy") {
    return Value::List(items);
  }
  if (name == "clear") {
    items.clear();
    return Value::None();
  }
  (void)context;
  return TypeError(std::string("'list' object has no attribute '") + std::string(name) + "'");
}

Result<Value> SequenceMethod(const Value& receiver, std::string_view name, Arguments& args) {
  const auto& items = receiver.items();
  STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"value"}, 1));
  if (name == "count") {
    int64_t count = 0;
    for (const Value& v : items) {
      count += Equals(v, *a[0]) ? 1 : 0;
    }
    return Value::Int(count);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (Equals(items[i], *a[0])) {
      return Value::Int(static_cast<int64_t>(i));
    }
  }
  if (receiver.is_tuple()) {
    return Status::InvalidArgument("tuple.index(x): x not in tuple");
  }
  return Status::InvalidArgument(Repr(*a[0]) + " is not in list");
}

Result<Value> DictMethod(CallContext& context, const Value& receiver, std::string_view name,
                         Arguments& args) {
  DictData& dict = *receiver.as_dict();
  auto view = [&](Flavor flavor) {
    auto list = std::make_shared<ListData>();
    list->flavor = flavor;
    for (const auto& [k, v] : dict.entries()) {
      if (flavor == Flavor::kDictKeys) {
        list->items.push_back(k);
      } else if (flavor == Flavor::kDictValues) {
        list->items.push_back(v);
      } else {
        list->items.push_back(Value::Tuple({k, v}));
      }
    }
    return Value::ListOf(std::move(list));
  };
  if (name == "items" || name == "keys" || name == "values") {
    STRATA_RETURN_IF_ERROR(BindArguments(name, args, {}).status());
    return view(name == "items"  ? Flavor::kDictItems
                : name == "keys" ? Flavor::kDictKeys
                                 : Flavor::kDictValues);
  }
  if (name == "get") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"key", "default"}, 1));
    if (a[0]->is_list() || a[0]->is_dict()) {
      return TypeError(std::string("unhashable type: '") + a[0]->TypeName() + "'");
    }
    const Value* found = dict.Find(*a[0]);
    if (found != nullptr) {
      return *found;
    }
    return a[1] ? *a[1] : Value::None();
  }
  if (name == "update") {
    if (args.positional.size() > 1) {
      return TypeError("update expected at most 1 argument, got " +
                       std::to_string(args.positional.size()));
    }
    if (!args.positional.empty()) {
      const Value& other = args.positional[0];
      if (other.is_dict()) {
        std::vector<std::pair<Value, Value>> entries = other.as_dict()->entries();
        for (auto& [k, v] : entries) {
          STRATA_RETURN_IF_ERROR(CheckNoCycle(&dict, v));
          STRATA_RETURN_IF_ERROR(dict.Set(k, v));
        }
      } else {
        STRATA_ASSIGN_OR_RETURN(std::vector<Value> pairs, Iterate(other));
        for (const Value& pair : pairs) {
          STRATA_ASSIGN_OR_RETURN(std::vector<Value> kv, Iterate(pair));
          if (kv.size() != 2) {
            return Status::InvalidArgument("dictionary update sequence element has length " +
                                           std::to_string(kv.size()) + "; 2 is required");
          }
          STRATA_RETURN_IF_ERROR(CheckNoCycle(&dict, kv[1]));
          STRATA_RETURN_IF_ERROR(dict.Set(kv[0], kv[1]));
        }
      }
    }
    for (const auto& [k, v] : args.keyword) {
      STRATA_RETURN_IF_ERROR(CheckNoCycle(&dict, v));
      dict.SetString(k, v);
    }
    return Value::None();
  }
  if (name == "pop") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"key", "default"}, 1));
    std::optional<Value> removed = dict.Erase(*a[0]);
    if (removed) {
      return *removed;
    }
    if (a[1]) {
      return *a[1];
    }
    return Status::InvalidArgument(std::string("KeyError: ") + Repr(*a[0]));
  }
  if (name == "setdefault") {
    STRATA_ASSIGN_OR_RETURN(auto a, BindArguments(name, args, {"key", "default"}, 1));
    const Value* found = dict.Find(*a[0]);
    if (found != nullptr) {
      return *found;
    }
    Value v = a[1] ? *a[1] : Value::None();
    STRATA_RETURN_IF_ERROR(CheckNoCycle(&dict, v));
    STRATA_RETURN_IF_ERROR(dict.Set(*a[0], v));
    return v;
  }
  if (name == "copy") {
    auto copy = std::make_shared<DictData>(dict);
    return Value::DictOf(std::move(copy));
  }
  if (name == "clear") {
    dict.Clear();
    return Value::None();
  }
  if (name == "popitem") {
    if (dict.empty()) {
      return Status::InvalidArgument("popitem(): dictionary is empty");
    }
    auto [k, v] = dict.entries().back();
    dict.Erase(k);
    return Value::Tuple({k, v});
  }
  (void)context;
  return TypeError(std::string("'dict' object has no attribute '") + std::string(name) + "'");
}

Result<Value> BoundMethod::Call(CallContext& context, Arguments& args) {
  switch (receiver_.kind()) {
    case Value::Kind::kString:
      return StringMethod(context, receiver_.as_string(), name_, args);
    case Value::Kind::kList:
      if (name_ == "index" || name_ == "count") {
        return SequenceMethod(receiver_, name_, args);
      }
      return ListMethod(context, receiver_, name_, args);
    case Value::Kind::kTuple:
      return SequenceMethod(receiver_, name_, args);
    case Value::Kind::kDict:
      return DictMethod(context, receiver_, name_, args);
    default:
      return TypeError(std::string("no method ") + name_);
  }
}

}  // namespace

std::optional<Value> GetMethod(const Value& receiver, std::string_view name) {
  bool found = false;
  switch (receiver.kind()) {
    case Value::Kind::kString:
      found = Has(kStringMethods, name);
      break;
    case Value::Kind::kList:
      found = receiver.as_list()->flavor == Flavor::kList ? Has(kListMethods, name)
                                                          : Has(kTupleMethods, name);
      break;
    case Value::Kind::kTuple:
      found = Has(kTupleMethods, name);
      break;
    case Value::Kind::kDict:
      found = Has(kDictMethods, name);
      break;
    default:
      break;
  }
  if (!found) {
    return std::nullopt;
  }
  return Value::FromObject(std::make_shared<BoundMethod>(receiver, std::string(name)));
}

}  // namespace strata::jinja
