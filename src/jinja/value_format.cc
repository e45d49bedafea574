// str() and repr() of values as Python prints them.
#include "jinja/value_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

#include "jinja/utf8.h"

namespace strata::jinja {

namespace {

// Whether Python's str.isprintable() holds for a non-ASCII code point. Covers the categories
// that matter in practice (C1 controls, unusual spaces, format characters, surrogates, private
// use); the rest of Unicode counts as printable.
bool IsPrintableNonAscii(uint32_t cp) {
  if (cp < 0xA0 || cp == 0xA0 || cp == 0xAD) {
    return false;
  }
  if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
      (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF || cp == 0x1680 ||
      (cp >= 0xD800 && cp <= 0xF8FF) || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp > 0x10FFFF) {
    return false;
  }
  return true;
}

void AppendHex(uint32_t value, int digits, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out->push_back(kHex[(value >> shift) & 0xF]);
  }
}

// Guards repr() of containers that hold themselves: Python prints "[...]" / "{...}".
struct ReprState {
  std::vector<const void*> active;
};

void AppendRepr(const Value& value, ReprState* state, std::string* out);

void AppendItems(const std::vector<Value>& items, ReprState* state, std::string* out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out->append(", ");
    }
    AppendRepr(items[i], state, out);
  }
}

void AppendRepr(const Value& value, ReprState* state, std::string* out) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kString:
      out->append(StringRepr(value.as_string()));
      return;
    case Kind::kUndefined:
      out->append("Undefined");
      return;
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict: {
      const void* id = value.is_dict() ? static_cast<const void*>(value.as_dict().get())
                                       : static_cast<const void*>(value.as_list().get());
      for (const void* active : state->active) {
        if (active == id) {
          out->append(value.is_dict() ? "{...}" : value.is_list() ? "[...]" : "(...)");
          return;
        }
      }
      // Python gives up past its recursion limit; a bound keeps a deep structure from
      // exhausting the stack.
      if (state->active.size() > 200) {
        out->append("...");
        return;
      }
      state->active.push_back(id);
      if (value.is_dict()) {
        out->push_back('{');
        bool first = true;
        for (const auto& [k, v] : value.as_dict()->entries()) {
          if (!first) {
            out->append(", ");
          }
          first = false;
          AppendRepr(k, state, out);
          out->append(": ");
          AppendRepr(v, state, out);
        }
        out->push_back('}');
      } else if (value.is_tuple()) {
        out->push_back('(');
        AppendItems(value.items(), state, out);
        if (value.items().size() == 1) {
          out->push_back(',');
        }
        out->push_back(')');
      } else {
        const ListData& list = *value.as_list();
        switch (list.flavor) {
          case Flavor::kList:
            out->push_back('[');
            AppendItems(list.items, state, out);
            out->push_back(']');
            break;
          case Flavor::kRange:
            out->append(std::string("range(") + std::to_string(list.range_start) + ", " +
                        std::to_string(list.range_stop));
            if (list.range_step != 1) {
              out->append(std::string(", ") + std::to_string(list.range_step));
            }
            out->push_back(')');
            break;
          case Flavor::kDictKeys:
          case Flavor::kDictValues:
          case Flavor::kDictItems:
            out->append(list.flavor == Flavor::kDictKeys     ? "dict_keys(["
                        : list.flavor == Flavor::kDictValues ? "dict_values(["
                                                             : "dict_items([");
            AppendItems(list.items, state, out);
            out->append("])");
            break;
        }
      }
      state->active.pop_back();
      return;
    }
    case Kind::kObject:
      out->append(value.as_object()->Repr());
      return;
    default:
      AppendStr(value, out);
      return;
  }
}

}  // namespace

std::string FloatRepr(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  if (std::isinf(value)) {
    return value < 0 ? "-inf" : "inf";
  }
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string_view sci(buffer, static_cast<size_t>(result.ptr - buffer));
  bool negative = !sci.empty() && sci[0] == '-';
  if (negative) {
    sci.remove_prefix(1);
  }
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') {
      digits.push_back(c);
    }
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e_pos + 1);
  bool exp_negative = exp_text[0] == '-';
  std::from_chars(exp_text.data() + 1, exp_text.data() + exp_text.size(), exponent);
  if (exp_negative) {
    exponent = -exponent;
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out.push_back(digits[0]);
    if (digits.size() > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) {
      out.push_back('0');
    }
    out.append(std::to_string(magnitude));
    return out;
  }
  if (exponent < 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out.append(digits);
    return out;
  }
  size_t int_digits = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_digits) {
    out.append(digits);
    out.append(int_digits - digits.size(), '0');
    out.append(".0");
  } else {
    out.append(digits, 0, int_digits);
    out.push_back('.');
    out.append(digits, int_digits, std::string::npos);
  }
  return out;
}

std::string StringRepr(std::string_view text) {
  char quote = '\'';
  if (text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos) {
    quote = '"';
  }
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back(quote);
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = DecodeUtf8(text, &pos);
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == '\t') {
      out.append("\\t");
    } else if (cp == '\n') {
      out.append("\\n");
    } else if (cp == '\r') {
      out.append("\\r");
    } else if (cp < 0x20 || cp == 0x7F) {
      out.append("\\x");
      AppendHex(cp, 2, &out);
    } else if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (IsPrintableNonAscii(cp)) {
      AppendUtf8(cp, &out);
    } else if (cp < 0x100) {
      out.append("\\x");
      AppendHex(cp, 2, &out);
    } else if (cp < 0x10000) {
      out.append("\\u");
      AppendHex(cp, 4, &out);
    } else {
      out.append("\\U");
      AppendHex(cp, 8, &out);
    }
  }
  out.push_back(quote);
  return out;
}

void AppendStr(const Value& value, std::string* out) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kUndefined:
      return;
    case Kind::kNone:
      out->append("None");
      return;
    case Kind::kBool:
      out->append(value.as_bool() ? "True" : "False");
      return;
    case Kind::kInt: {
      char buffer[24];
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.as_int());
      out->append(buffer, result.ptr);
      return;
    }
    case Kind::kFloat:
      out->append(FloatRepr(value.as_double()));
      return;
    case Kind::kString:
      out->append(value.as_string());
      return;
    case Kind::kObject:
      out->append(value.as_object()->Str());
      return;
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict: {
      ReprState state;
      AppendRepr(value, &state, out);
      return;
    }
  }
}

std::string Str(const Value& value) {
  if (value.is_string()) {
    return value.as_string();
  }
  std::string out;
  AppendStr(value, &out);
  return out;
}

std::string Repr(const Value& value) {
  std::string out;
  ReprState state;
  AppendRepr(value, &state, &out);
  return out;
}

}  // namespace strata::jinja
