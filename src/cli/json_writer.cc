// A small JSON writer over Values: numbers keep their exact digits, which a generic JSON library
// would round through double.
#include "cli/json_writer.h"

#include <cmath>

#include <fmt/format.h>

namespace strata::cli {

void AppendJsonString(std::string_view text, std::string& out) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void AppendJsonValue(const engine::Value& value, std::string& out) {
  using engine::TypeId;
  if (value.is_null()) {
    out += "null";
    return;
  }
  switch (value.type().id) {
    case TypeId::kNull:
      out += "null";
      return;
    case TypeId::kBoolean:
      out += value.AsBool() ? "true" : "false";
      return;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
    case TypeId::kUInteger:
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
    case TypeId::kDecimal:
      out += value.ToString();
      return;
    case TypeId::kFloat:
    case TypeId::kDouble:
      out += std::isfinite(value.AsDouble()) ? value.ToString() : "null";
      return;
    case TypeId::kVarchar:
    case TypeId::kEnum:
      AppendJsonString(value.AsString(), out);
      return;
    case TypeId::kList: {
      out.push_back('[');
      bool first = true;
      for (const engine::Value& item : value.AsList()) {
        if (!first) {
          out.push_back(',');
        }
        first = false;
        AppendJsonValue(item, out);
      }
      out.push_back(']');
      return;
    }
    case TypeId::kStruct: {
      out.push_back('{');
      bool first = true;
      for (const auto& [name, field] : value.AsStruct()) {
        if (!first) {
          out.push_back(',');
        }
        first = false;
        AppendJsonString(name, out);
        out.push_back(':');
        AppendJsonValue(field, out);
      }
      out.push_back('}');
      return;
    }
    case TypeId::kMap: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.AsMap()) {
        if (!first) {
          out.push_back(',');
        }
        first = false;
        const TypeId key_type = key.type().id;
        const bool text_key =
            !key.is_null() && (key_type == TypeId::kVarchar || key_type == TypeId::kEnum);
        AppendJsonString(text_key ? key.AsString() : key.ToString(), out);
        out.push_back(':');
        AppendJsonValue(item, out);
      }
      out.push_back('}');
      return;
    }
    case TypeId::kBlob:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
    case TypeId::kUuid:
    case TypeId::kOther:
      AppendJsonString(value.ToString(), out);
      return;
  }
}

void WriteJson(const engine::QueryResult& result, std::ostream& out) {
  if (result.rows.empty()) {
    out << "[]\n";
    return;
  }
  out << "[\n";
  std::string line;
  for (size_t r = 0; r < result.rows.size(); ++r) {
    line = "  {";
    const auto& row = result.rows[r];
    for (size_t c = 0; c < row.size() && c < result.columns.size(); ++c) {
      if (c > 0) {
        line += ", ";
      }
      AppendJsonString(result.columns[c].name, line);
      line += ": ";
      AppendJsonValue(row[c], line);
    }
    line += r + 1 < result.rows.size() ? "},\n" : "}\n";
    out << line;
  }
  out << "]\n";
}

}  // namespace strata::cli
