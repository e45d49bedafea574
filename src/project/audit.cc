// Reading audit files: AUDIT headers (the MODEL header parser) and their queries.
#include "project/audit.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "project/builtin_audits.h"
#include "project/model.h"
#include "project/model_file.h"
#include "project/model_header.h"
#include "sql/parser.h"

namespace strata::project {

namespace {

using sql::LiteralKind;
using sql::Node;
using sql::NodeKind;

const std::vector<std::string_view> kAuditProperties = {
    "name",  "dialect",     "blocking", "standalone", "defaults",   "skip",
    "owner", "description", "cron",     "tags",       "depends_on", "start"};

std::optional<bool> BoolValue(const Node* v) {
  if (v != nullptr && v->kind == NodeKind::kLiteral) {
    if (v->literal == LiteralKind::kTrue) {
      return true;
    }
    if (v->literal == LiteralKind::kFalse) {
      return false;
    }
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string_view>& BuiltInAuditNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const BuiltInAudit& audit : BuiltInAudits()) {
      out.push_back(audit.name);
    }
    return out;
  }();
  return names;
}

bool IsBuiltInAudit(std::string_view name) { return FindBuiltInAudit(ToLower(name)) != nullptr; }

std::vector<Audit> LoadAuditFile(std::string_view text, const std::filesystem::path& relative_path,
                                 const std::shared_ptr<sql::Arena>& arena,
                                 std::vector<Status>* errors) {
  std::vector<Audit> audits;
  const size_t errors_before = errors->size();
  const std::string file = relative_path.string();
  if (text.find('\0') != std::string_view::npos ||
      FindInvalidUtf8(text) != std::string_view::npos) {
    errors->push_back(Status::ParseError("the audit file is not UTF-8 text")
                          .WithLocation(SourceLocation{file, 1, 1, ""}));
    return audits;
  }
  const std::string_view source = arena->Store(text);
  Result<sql::TokenStream> tokens = sql::Tokenize(source, file);
  if (!tokens.ok()) {
    errors->push_back(tokens.status());
    return audits;
  }
  sql::ParseOptions options;
  options.file_name = file;
  sql::Parser parser(&*tokens, arena.get(), options);
  audits = ParseAudits(parser, *tokens, source, relative_path, arena, errors);
  if (audits.empty() && errors->size() == errors_before) {
    errors->push_back(Status::ProjectError("the audit file defines no audit")
                          .WithLocation(SourceLocation{file, 1, 1, ""})
                          .WithHint("an audit file holds AUDIT (name x); SELECT ... pairs"));
  }
  return audits;
}

std::vector<Audit> ParseAudits(sql::Parser& parser, const sql::TokenStream& tokens,
                               std::string_view source, const std::filesystem::path& relative_path,
                               const std::shared_ptr<sql::Arena>& arena,
                               std::vector<Status>* errors) {
  std::vector<Audit> audits;
  const std::string file = relative_path.string();
  while (true) {
    while (parser.AcceptKind(sql::TokenKind::kSemicolon)) {
    }
    if (parser.AtEnd()) {
      break;
    }
    if (!AtHeader(parser, "AUDIT")) {
      errors->push_back(parser.Expected("AUDIT (name ...)")
                            .WithHint("an audit file holds AUDIT (name x); SELECT ... pairs"));
      return audits;
    }
    Result<Header> header = ParseHeader(parser, tokens, file, arena.get());
    if (!header.ok()) {
      errors->push_back(header.status());
      return audits;
    }
    Audit audit;
    audit.file = relative_path;
    audit.line = static_cast<int>(header->span.line);
    audit.source = source;
    audit.arena = arena;
    for (const HeaderProperty& property : header->properties) {
      const std::string key = ToLower(property.name);
      auto error = [&](const sql::Span& span, std::string message, std::string hint = "") {
        errors->push_back(ErrorAtSpan(source, file, span, std::move(message), std::move(hint)));
      };
      const Node* v = property.value;
      if (key == "name") {
        if (v != nullptr && (v->kind == NodeKind::kColumn && v->slot_count == 1)) {
          audit.name = ToLower(v->slot(0)->text);
        } else if (v != nullptr && v->kind == NodeKind::kLiteral &&
                   v->literal == LiteralKind::kString) {
          audit.name = ToLower(v->text);
        } else {
          error(property.name_span, "an audit name must be a single name");
        }
      } else if (key == "blocking" || key == "standalone" || key == "skip") {
        std::optional<bool> value = BoolValue(v);
        if (!value) {
          error(v != nullptr ? v->span : property.name_span,
                fmt::format("{} must be true or false", property.name));
          continue;
        }
        (key == "blocking"     ? audit.blocking
         : key == "standalone" ? audit.standalone
                               : audit.skip) = *value;
      } else if (key == "dialect") {
        if (v != nullptr &&
            (v->kind == NodeKind::kColumn ||
             (v->kind == NodeKind::kLiteral && v->literal == LiteralKind::kString))) {
          audit.dialect = ToLower(v->kind == NodeKind::kColumn ? v->slot(0)->text : v->text);
        }
      } else if (key == "description") {
        if (v != nullptr && v->kind == NodeKind::kLiteral && v->literal == LiteralKind::kString) {
          audit.description = std::string(v->text);
        }
      } else if (key == "defaults") {
        std::vector<const Node*> items;
        if (v != nullptr && (v->kind == NodeKind::kRow || v->kind == NodeKind::kArray)) {
          items.assign(v->children().begin(), v->children().end());
        } else if (v != nullptr && v->kind == NodeKind::kParen) {
          items.push_back(v->slot(0));
        }
        for (const Node* item : items) {
          if (item->kind == NodeKind::kBinary && item->text == "=" &&
              item->slot(0)->kind == NodeKind::kColumn) {
            audit.defaults.emplace_back(ToLower(item->slot(0)->slots[0]->text), item->slot(1));
          } else {
            error(item->span, "defaults must list `name = value` pairs");
          }
        }
      } else if (std::find(kAuditProperties.begin(), kAuditProperties.end(), key) ==
                 kAuditProperties.end()) {
        std::string nearest = NearestName(property.name, kAuditProperties);
        error(property.name_span, fmt::format("unknown audit property '{}'", property.name),
              nearest.empty() ? "audit properties: name, blocking, dialect, defaults, ..."
                              : fmt::format("did you mean {}?", nearest));
      }
    }
    if (audit.name.empty() && FindProperty(header->properties, "name") == nullptr) {
      errors->push_back(ErrorAtSpan(source, file, header->span, "AUDIT has no name",
                                    "add `name my_audit` to the AUDIT header"));
    }
    if (!parser.AtEnd() && !parser.AcceptKind(sql::TokenKind::kSemicolon)) {
      errors->push_back(parser.Expected("';' after the AUDIT header"));
      return audits;
    }
    while (parser.AcceptKind(sql::TokenKind::kSemicolon)) {
    }
    if (parser.AtEnd() || AtHeader(parser, "AUDIT")) {
      errors->push_back(ErrorAtSpan(source, file, header->span,
                                    fmt::format("audit {} has no query", audit.name),
                                    "follow the header with a SELECT returning the bad rows"));
      continue;
    }
    Result<Node*> query = parser.ParseStatement();
    if (!query.ok()) {
      errors->push_back(query.status());
      return audits;
    }
    if (!parser.AtEnd() && !parser.IsKind(sql::TokenKind::kSemicolon)) {
      errors->push_back(parser.Expected("';' or the end of the query"));
      return audits;
    }
    audit.query = *query;
    const size_t begin = header->span.offset;
    const sql::Span& last = tokens.tokens[parser.position() - 1].span;
    const size_t end = last.offset + last.length;
    if (begin < end && end <= source.size()) {
      audit.definition = source.substr(begin, end - begin);
    }
    if (audit.standalone && ToLower(audit.definition).find("@this_model") != std::string::npos) {
      const HeaderProperty* standalone = FindProperty(header->properties, "standalone");
      errors->push_back(ErrorAtSpan(
          source, file, standalone != nullptr ? standalone->name_span : header->span,
          fmt::format("audit {} is standalone, so it checks no model: its query cannot read "
                      "@this_model",
                      audit.name),
          "name the tables it checks in its query, or remove `standalone true` and call it from "
          "a model: MODEL (..., audits (" +
              audit.name + "))"));
    }
    if (!audit.name.empty()) {
      audits.push_back(std::move(audit));
    }
  }
  return audits;
}

}  // namespace strata::project
