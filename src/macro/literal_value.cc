// LiteralValue rendering.
#include "macro/literal_value.h"

namespace strata {

namespace {

// 'text' with each ' doubled.
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += '\'';
    }
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace

std::string_view LiteralKindName(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::kString:
      return "string";
    case LiteralKind::kDate:
      return "date";
    case LiteralKind::kTimestamp:
      return "timestamp";
    case LiteralKind::kTimestampTz:
      return "timestamptz";
    case LiteralKind::kInteger:
      return "integer";
    case LiteralKind::kFloat:
      return "float";
  }
  return "unknown";
}

std::string LiteralValue::SqlLiteral() const {
  switch (kind) {
    case LiteralKind::kString:
      return Quoted(text);
    case LiteralKind::kDate:
      return "DATE " + Quoted(text);
    case LiteralKind::kTimestamp:
      return "TIMESTAMP " + Quoted(text);
    case LiteralKind::kTimestampTz:
      return "TIMESTAMP WITH TIME ZONE " + Quoted(text);
    case LiteralKind::kInteger:
    case LiteralKind::kFloat:
      return text;
  }
  return text;
}

}  // namespace strata
