// printf-style and str.format formatting.
#include "jinja/python_format.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "base/text.h"
#include "jinja/operators.h"
#include "jinja/utf8.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

Status FormatError(std::string message) { return Status::InvalidArgument(std::move(message)); }

std::string CFormat(const std::string& spec, double value) {
  char buffer[512];
  int n = std::snprintf(buffer, sizeof(buffer), spec.c_str(), value);
  if (n < 0) {
    return "";
  }
  if (static_cast<size_t>(n) < sizeof(buffer)) {
    return std::string(buffer, static_cast<size_t>(n));
  }
  std::string big(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), spec.c_str(), value);
  big.resize(static_cast<size_t>(n));
  return big;
}

// A float in C's %e/%f/%g with `precision`, with Python's spelling of inf and nan.
std::string FormatFloat(double value, char type, int precision, bool alternate) {
  if (std::isnan(value)) {
    return std::isupper(static_cast<unsigned char>(type)) ? "NAN" : "nan";
  }
  if (std::isinf(value)) {
    std::string s = std::isupper(static_cast<unsigned char>(type)) ? "INF" : "inf";
    return value < 0 ? std::string("-") + s : s;
  }
  std::string spec = "%";
  if (alternate) {
    spec += '#';
  }
  spec += std::string(".") + std::to_string(precision) + type;
  return CFormat(spec, value);
}

std::string ToBase(uint64_t value, int base, bool upper) {
  if (value == 0) {
    return "0";
  }
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  while (value > 0) {
    out.insert(out.begin(), digits[value % static_cast<uint64_t>(base)]);
    value /= static_cast<uint64_t>(base);
  }
  return out;
}

std::string Pad(std::string body, size_t width, char align, char fill, size_t sign_len = 0) {
  size_t length = CodePointCount(body);
  if (length >= width) {
    return body;
  }
  size_t padding = width - length;
  std::string fill_text;
  for (size_t i = 0; i < padding; ++i) {
    fill_text.push_back(fill);
  }
  switch (align) {
    case '<':
      return body + fill_text;
    case '^': {
      size_t left = padding / 2;
      return fill_text.substr(0, left) + body + fill_text.substr(left);
    }
    case '=':
      return body.substr(0, sign_len) + fill_text + body.substr(sign_len);
    default:
      return fill_text + body;
  }
}

std::string Group(const std::string& digits, char separator, size_t every = 3) {
  std::string out;
  size_t count = 0;
  for (size_t i = digits.size(); i > 0; --i) {
    out.insert(out.begin(), digits[i - 1]);
    if (++count % every == 0 && i > 1) {
      out.insert(out.begin(), separator);
    }
  }
  return out;
}

// --- printf-style ---

Result<Value> ToPercentInt(const Value& arg, char type) {
  if (arg.is_integral()) {
    return Value::Int(arg.as_int());
  }
  if (arg.is_float() && (type == 'd' || type == 'i' || type == 'u')) {
    double d = arg.as_double();
    if (!std::isfinite(d)) {
      return FormatError(std::string("cannot convert float ") + FloatRepr(d) + " to integer");
    }
    return Value::Int(static_cast<int64_t>(d));
  }
  if (type == 'd' || type == 'i' || type == 'u') {
    return FormatError(std::string("%") + type + " format: a real number is required, not " +
                       arg.TypeName());
  }
  return FormatError(std::string("%") + type + " format: an integer is required, not " +
                     arg.TypeName());
}

}  // namespace

Result<Value> PercentFormat(const std::string& format, const Value& args) {
  std::vector<Value> positional;
  const DictData* mapping = nullptr;
  if (args.is_tuple()) {
    positional = args.items();
  } else {
    positional.push_back(args);
    if (args.is_dict()) {
      mapping = args.as_dict().get();
    }
  }
  size_t next = 0;
  bool used_mapping = false;
  std::string out;
  auto take = [&]() -> Result<Value> {
    if (next >= positional.size()) {
      return FormatError("not enough arguments for format string");
    }
    return positional[next++];
  };
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    size_t start = i;
    if (++i >= format.size()) {
      return FormatError("incomplete format");
    }
    std::optional<Value> arg;
    if (format[i] == '(') {
      if (mapping == nullptr) {
        return FormatError("format requires a mapping");
      }
      int depth = 1;
      size_t key_start = ++i;
      while (i < format.size() && depth > 0) {
        if (format[i] == '(') {
          ++depth;
        } else if (format[i] == ')') {
          --depth;
        }
        ++i;
      }
      if (depth > 0) {
        return FormatError("incomplete format key");
      }
      std::string key = format.substr(key_start, i - 1 - key_start);
      const Value* found = mapping->FindString(key);
      if (found == nullptr) {
        return FormatError(StringRepr(key));
      }
      arg = *found;
      used_mapping = true;
    }
    bool left = false, plus = false, space = false, alternate = false, zero = false;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '-') {
        left = true;
      } else if (f == '+') {
        plus = true;
      } else if (f == ' ') {
        space = true;
      } else if (f == '#') {
        alternate = true;
      } else if (f == '0') {
        zero = true;
      } else {
        break;
      }
    }
    size_t width = 0;
    if (i < format.size() && format[i] == '*') {
      STRATA_ASSIGN_OR_RETURN(Value w, take());
      if (!w.is_integral()) {
        return FormatError("* wants int");
      }
      int64_t wv = w.as_int();
      if (wv < 0) {
        left = true;
        wv = -wv;
      }
      width = static_cast<size_t>(std::min<int64_t>(wv, 1 << 20));
      ++i;
    } else {
      while (i < format.size() && IsAsciiDigit(format[i])) {
        width = std::min<size_t>(width * 10 + static_cast<size_t>(format[i] - '0'), 1 << 20);
        ++i;
      }
    }
    std::optional<int> precision;
    if (i < format.size() && format[i] == '.') {
      ++i;
      int p = 0;
      if (i < format.size() && format[i] == '*') {
        STRATA_ASSIGN_OR_RETURN(Value pv, take());
        if (!pv.is_integral()) {
          return FormatError("* wants int");
        }
        p = static_cast<int>(std::clamp<int64_t>(pv.as_int(), 0, 1000));
        ++i;
      } else {
        while (i < format.size() && IsAsciiDigit(format[i])) {
          p = std::min(p * 10 + (format[i] - '0'), 1000);
          ++i;
        }
      }
      precision = p;
    }
    while (i < format.size() && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L')) {
      ++i;
    }
    if (i >= format.size()) {
      return FormatError("incomplete format");
    }
    char type = format[i];
    if (type == '%') {
      out.push_back('%');
      continue;
    }
    if (!arg) {
      STRATA_ASSIGN_OR_RETURN(Value taken, take());
      arg = std::move(taken);
    }
    std::string body;
    bool numeric = false;
    switch (type) {
      case 's':
      case 'r':
      case 'a': {
        body = type == 's' ? Str(*arg) : Repr(*arg);
        if (precision) {
          std::vector<size_t> offsets = CodePointOffsets(body);
          if (static_cast<size_t>(*precision) + 1 < offsets.size()) {
            body.resize(offsets[static_cast<size_t>(*precision)]);
          }
        }
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        STRATA_ASSIGN_OR_RETURN(Value iv, ToPercentInt(*arg, type));
        int64_t v = iv.as_int();
        uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        int base = type == 'x' || type == 'X' ? 16 : type == 'o' ? 8 : 10;
        std::string digits = ToBase(magnitude, base, type == 'X');
        if (precision && digits.size() < static_cast<size_t>(*precision)) {
          digits.insert(0, static_cast<size_t>(*precision) - digits.size(), '0');
        }
        if (alternate && base != 10) {
          digits.insert(0, type == 'o' ? "0o" : type == 'x' ? "0x" : "0X");
        }
        body = (v < 0 ? "-" : plus ? "+" : space ? " " : "") + digits;
        numeric = true;
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!arg->is_number()) {
          return FormatError(std::string("must be real number, not ") + arg->TypeName());
        }
        double d = arg->as_double();
        body = FormatFloat(d, type, precision.value_or(6), alternate);
        if (!body.empty() && body[0] != '-' && (plus || space)) {
          body.insert(body.begin(), plus ? '+' : ' ');
        }
        numeric = true;
        break;
      }
      case 'c': {
        if (arg->is_integral()) {
          int64_t cp = arg->as_int();
          if (cp < 0 || cp > 0x10FFFF) {
            return FormatError("%c arg not in range(0x110000)");
          }
          AppendUtf8(static_cast<uint32_t>(cp), &body);
        } else if (arg->is_string() && CodePointCount(arg->as_string()) == 1) {
          body = arg->as_string();
        } else {
          return FormatError("%c requires int or char");
        }
        break;
      }
      default: {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "%x", static_cast<unsigned char>(type));
        return FormatError(std::string("unsupported format character '") + type + "' (0x" + hex +
                           ") at index " + std::to_string(i));
      }
    }
    (void)start;
    if (left) {
      body = Pad(std::move(body), width, '<', ' ');
    } else if (zero && numeric) {
      size_t sign_len =
          !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ') ? 1 : 0;
      if (alternate && body.size() > sign_len + 1 && body[sign_len] == '0' &&
          (body[sign_len + 1] == 'x' || body[sign_len + 1] == 'X' || body[sign_len + 1] == 'o')) {
        sign_len += 2;
      }
      body = Pad(std::move(body), width, '=', '0', sign_len);
    } else {
      body = Pad(std::move(body), width, '>', ' ');
    }
    out += body;
  }
  if (mapping == nullptr && next < positional.size()) {
    return FormatError("not all arguments converted during string formatting");
  }
  (void)used_mapping;
  return Value::String(std::move(out));
}

Result<std::string> FormatWithSpec(const Value& value, std::string_view spec) {
  if (spec.empty()) {
    return Str(value);
  }
  size_t i = 0;
  char fill = ' ';
  char align = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  // The fill may be any character, so decode one code point.
  {
    size_t pos = 0;
    uint32_t cp = DecodeUtf8(spec, &pos);
    if (pos < spec.size() && is_align(spec[pos])) {
      fill = cp < 0x80 ? static_cast<char>(cp) : ' ';
      align = spec[pos];
      i = pos + 1;
    } else if (is_align(spec[0])) {
      align = spec[0];
      i = 1;
    }
  }
  char sign = '-';
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
    sign = spec[i++];
  }
  bool alternate = false;
  if (i < spec.size() && spec[i] == '#') {
    alternate = true;
    ++i;
  }
  if (i < spec.size() && spec[i] == '0') {
    if (align == 0) {
      fill = '0';
      align = '=';
    }
    ++i;
  }
  size_t width = 0;
  while (i < spec.size() && IsAsciiDigit(spec[i])) {
    width = std::min<size_t>(width * 10 + static_cast<size_t>(spec[i] - '0'), 1 << 20);
    ++i;
  }
  char grouping = 0;
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
    grouping = spec[i++];
  }
  std::optional<int> precision;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    int p = 0;
    bool any = false;
    while (i < spec.size() && IsAsciiDigit(spec[i])) {
      p = std::min(p * 10 + (spec[i] - '0'), 1000);
      ++i;
      any = true;
    }
    if (!any) {
      return FormatError("Format specifier missing precision");
    }
    precision = p;
  }
  char type = 0;
  if (i < spec.size()) {
    type = spec[i++];
  }
  if (i != spec.size()) {
    return FormatError(std::string("Invalid format specifier '") + std::string(spec) +
                       "' for object of type '" + value.TypeName() + "'");
  }
  if (value.is_string()) {
    if (type != 0 && type != 's') {
      return FormatError(std::string("Unknown format code '") + type +
                         "' for object of type 'str'");
    }
    if (align == '=') {
      return FormatError("'=' alignment not allowed in string format specifier");
    }
    std::string body = value.as_string();
    if (precision) {
      std::vector<size_t> offsets = CodePointOffsets(body);
      if (static_cast<size_t>(*precision) + 1 < offsets.size()) {
        body.resize(offsets[static_cast<size_t>(*precision)]);
      }
    }
    return Pad(std::move(body), width, align == 0 ? '<' : align, fill);
  }
  if (value.is_integral() && (type == 0 || type == 'd' || type == 'b' || type == 'o' ||
                              type == 'x' || type == 'X' || type == 'c' || type == 'n')) {
    if (precision) {
      return FormatError("Precision not allowed in integer format specifier");
    }
    int64_t v = value.as_int();
    uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    std::string digits;
    if (type == 'c') {
      AppendUtf8(static_cast<uint32_t>(magnitude), &digits);
    } else {
      int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
      digits = ToBase(magnitude, base, type == 'X');
      if (grouping) {
        digits = Group(digits, grouping, base == 10 ? 3 : 4);
      }
      if (alternate && base != 10) {
        digits.insert(0, base == 2 ? "0b" : base == 8 ? "0o" : type == 'X' ? "0X" : "0x");
      }
    }
    std::string prefix = v < 0 ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
    size_t sign_len =
        prefix.size() + (alternate && type != 0 && type != 'd' && type != 'n' ? 2 : 0);
    return Pad(prefix + digits, width, align == 0 ? '>' : align, fill, sign_len);
  }
  if (value.is_number()) {
    double d = value.as_double();
    std::string body;
    bool negative = std::signbit(d) && !std::isnan(d);
    double magnitude = std::fabs(d);
    switch (type) {
      case 0:
        if (!precision) {
          body = FloatRepr(magnitude);
          if (value.is_integral()) {
            body = std::to_string(value.as_int() < 0 ? -value.as_int() : value.as_int());
          }
        } else {
          body = FormatFloat(magnitude, 'g', *precision == 0 ? 1 : *precision, alternate);
          if (std::isfinite(magnitude) && body.find_first_of(".e") == std::string::npos) {
            body += ".0";
          }
        }
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
        body = FormatFloat(magnitude, type, precision.value_or(6), alternate);
        break;
      case '%':
        body = FormatFloat(magnitude * 100, 'f', precision.value_or(6), alternate) + "%";
        break;
      default:
        return FormatError(std::string("Unknown format code '") + type + "' for object of type '" +
                           value.TypeName() + "'");
    }
    if (grouping && std::isfinite(magnitude)) {
      size_t end = body.find_first_not_of("0123456789");
      if (end == std::string::npos) {
        end = body.size();
      }
      body = Group(body.substr(0, end), grouping) + body.substr(end);
    }
    std::string prefix = negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
    return Pad(prefix + body, width, align == 0 ? '>' : align, fill, prefix.size());
  }
  return FormatError(std::string("unsupported format string passed to ") + value.TypeName() +
                     ".__format__");
}

Result<Value> StrFormat(const std::string& format, const Arguments& args) {
  std::string out;
  size_t auto_index = 0;
  bool used_auto = false, used_manual = false;
  // Resolves one replacement field's value and renders it.
  std::function<Result<std::string>(std::string_view)> render_field =
      [&](std::string_view field) -> Result<std::string> {
    size_t spec_pos = std::string_view::npos;
    size_t conv_pos = std::string_view::npos;
    int depth = 0;
    for (size_t k = 0; k < field.size(); ++k) {
      if (field[k] == '[') {
        ++depth;
      } else if (field[k] == ']') {
        --depth;
      } else if (depth == 0 && field[k] == '!' && conv_pos == std::string_view::npos) {
        conv_pos = k;
      } else if (depth == 0 && field[k] == ':') {
        spec_pos = k;
        break;
      }
    }
    std::string_view name = field.substr(0, std::min(conv_pos, spec_pos));
    std::string_view spec = spec_pos == std::string_view::npos ? "" : field.substr(spec_pos + 1);
    char conversion = 0;
    if (conv_pos != std::string_view::npos) {
      size_t conv_end = std::min(spec_pos, field.size());
      if (conv_end != conv_pos + 2) {
        return FormatError("expected ':' after conversion specifier");
      }
      conversion = field[conv_pos + 1];
    }
    size_t first_end = name.find_first_of(".[");
    std::string_view head = name.substr(0, first_end);
    Value value;
    if (head.empty()) {
      if (used_manual) {
        return FormatError(
            "cannot switch from manual field specification to automatic field numbering");
      }
      used_auto = true;
      if (auto_index >= args.positional.size()) {
        return FormatError(std::string("Replacement index ") + std::to_string(auto_index) +
                           " out of range for positional args tuple");
      }
      value = args.positional[auto_index++];
    } else if (IsAsciiDigit(head[0])) {
      if (used_auto) {
        return FormatError(
            "cannot switch from automatic field numbering to manual field specification");
      }
      used_manual = true;
      size_t index = 0;
      for (char ch : head) {
        if (!IsAsciiDigit(ch)) {
          return FormatError("invalid field name");
        }
        index = std::min<size_t>(index * 10 + static_cast<size_t>(ch - '0'), 1 << 20);
      }
      if (index >= args.positional.size()) {
        return FormatError(std::string("Replacement index ") + std::to_string(index) +
                           " out of range for positional args tuple");
      }
      value = args.positional[index];
    } else {
      const Value* found = args.Keyword(head);
      if (found == nullptr) {
        return FormatError(StringRepr(head));
      }
      value = *found;
    }
    // .attr and [key] lookups (items and dict keys; attributes of objects)
    for (size_t k = first_end; k != std::string_view::npos && k < name.size();) {
      if (name[k] == '.') {
        size_t e = name.find_first_of(".[", k + 1);
        std::string attr(name.substr(k + 1, e == std::string_view::npos ? e : e - k - 1));
        std::optional<Value> next;
        if (value.is_dict()) {
          next = std::nullopt;
        } else if (value.is_object()) {
          next = value.as_object()->GetAttribute(attr);
        }
        if (!next) {
          return FormatError(std::string("'") + value.TypeName() + "' object has no attribute '" +
                             attr + "'");
        }
        value = *next;
        k = e;
      } else if (name[k] == '[') {
        size_t e = name.find(']', k);
        if (e == std::string_view::npos) {
          return FormatError("Missing ']' in format string");
        }
        std::string key(name.substr(k + 1, e - k - 1));
        bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
        std::optional<Value> next = Subscript(
            value, numeric ? Value::Int(std::stoll(key.substr(0, 18))) : Value::String(key));
        if (!next) {
          return FormatError(numeric ? "index out of range" : StringRepr(key));
        }
        value = *next;
        k = e + 1;
      } else {
        return FormatError("Only '.' or '[' may follow ']' in format field specifier");
      }
    }
    if (conversion == 'r' || conversion == 'a') {
      value = Value::String(Repr(value));
    } else if (conversion == 's') {
      value = Value::String(Str(value));
    } else if (conversion != 0) {
      return FormatError(std::string("Unknown conversion specifier ") + conversion);
    }
    // Nested fields inside the spec ("{:{width}}").
    std::string expanded_spec;
    for (size_t k = 0; k < spec.size(); ++k) {
      if (spec[k] == '{') {
        size_t e = spec.find('}', k);
        if (e == std::string_view::npos) {
          return FormatError("unmatched '{' in format spec");
        }
        STRATA_ASSIGN_OR_RETURN(std::string inner, render_field(spec.substr(k + 1, e - k - 1)));
        expanded_spec += inner;
        k = e;
      } else {
        expanded_spec.push_back(spec[k]);
      }
    }
    return FormatWithSpec(value, expanded_spec);
  };
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '{') {
      if (i + 1 < format.size() && format[i + 1] == '{') {
        out.push_back('{');
        ++i;
        continue;
      }
      int depth = 1;
      size_t start = i + 1;
      size_t k = start;
      for (; k < format.size(); ++k) {
        if (format[k] == '{') {
          ++depth;
        } else if (format[k] == '}' && --depth == 0) {
          break;
        }
      }
      if (k >= format.size()) {
        return FormatError("expected '}' before end of string");
      }
      STRATA_ASSIGN_OR_RETURN(std::string rendered,
                              render_field(std::string_view(format).substr(start, k - start)));
      out += rendered;
      i = k;
    } else if (c == '}') {
      if (i + 1 < format.size() && format[i + 1] == '}') {
        out.push_back('}');
        ++i;
        continue;
      }
      return FormatError("Single '}' encountered in format string");
    } else {
      out.push_back(c);
    }
  }
  return Value::String(std::move(out));
}

}  // namespace strata::jinja
