// Formatting model files in the canonical style, keeping comments.
#include "project/model_format.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/text.h"
#include "project/model_file.h"
#include "sql/generator.h"

namespace strata::project {

namespace {

using sql::Node;
using sql::NodeKind;

constexpr size_t kWidth = 100;

struct PropertyComments {
  std::vector<std::string_view> above;
  std::vector<std::string_view> trailing;
};

class HeaderFormatter {
 public:
  HeaderFormatter(const ParsedModelFile& parsed) : parsed_(parsed) {
    Flatten(parsed.header.properties, 0);
    AssignComments();
  }

  Result<std::string> Format() {
    std::string out;
    for (std::string_view comment : top_) {
      out.append(comment).append("\n");
    }
    out += "MODEL (\n";
    STRATA_RETURN_IF_ERROR(Properties(parsed_.header.properties, 1, &out));
    for (std::string_view comment : end_) {
      out.append("  ").append(comment).append("\n");
    }
    out += ");\n";
    return out;
  }

 private:
  struct Item {
    const HeaderProperty* property;
    int depth;
  };

  void Flatten(const std::vector<HeaderProperty>& properties, int depth) {
    for (const HeaderProperty& property : properties) {
      items_.push_back({&property, depth});
      Flatten(property.nested, depth + 1);
    }
  }

  void AssignComments() {
    const auto& tokens = parsed_.tokens.tokens;
    const size_t first = parsed_.header.first_token;
    const size_t last = std::min(parsed_.header.end_token, tokens.size() - 1);
    for (size_t t = first; t < last; ++t) {
      const sql::Token& token = tokens[t];
      for (uint32_t c = 0; c < token.comment_count; ++c) {
        const sql::Comment& comment = parsed_.tokens.comments[token.comment_begin + c];
        const std::string_view text = parsed_.tokens.Text(comment);
        if (t == first) {
          top_.push_back(text);
          continue;
        }
        Place(t, comment.span.line, text);
      }
    }
  }

  void Place(size_t token, uint32_t line, std::string_view text) {
    const auto& tokens = parsed_.tokens.tokens;
    const Item* trailing = nullptr;
    for (const Item& item : items_) {
      const size_t last_token = item.property->end_token - 1;
      if (last_token < token && tokens[last_token].span.line == line &&
          (trailing == nullptr || last_token >= trailing->property->end_token - 1)) {
        trailing = &item;
      }
    }
    if (trailing != nullptr) {
      comments_[trailing->property].trailing.push_back(text);
      return;
    }
    const Item* container = nullptr;
    for (const Item& item : items_) {
      if (item.property->first_token == token) {
        comments_[item.property].above.push_back(text);
        return;
      }
      if (item.property->first_token < token && token < item.property->end_token) {
        container = &item;  // items_ is in pre-order, so the last match is the innermost
      }
    }
    if (container != nullptr) {
      comments_[container->property].trailing.push_back(text);
      return;
    }
    end_.push_back(text);
  }

  static Result<std::string> Gen(const Node* node) { return sql::Generate(node); }

  // `open items close` on one line, or one item per line when too long.
  Result<std::string> ListValue(const Node* list, std::string_view open, std::string_view close,
                                int depth) {
    std::vector<std::string> items;
    size_t total = 0;
    for (const Node* item : list->children()) {
      STRATA_ASSIGN_OR_RETURN(std::string text, Gen(item));
      total += text.size() + 2;
      items.push_back(std::move(text));
    }
    const size_t indent = static_cast<size_t>(depth) * 2;
    if (indent + total + 40 <= kWidth || items.size() < 2) {
      return fmt::format("{}{}{}", open, Join(items, ", "), close);
    }
    std::string out(open);
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back('\n');
      out.append(indent + 2, ' ');
      out.append(items[i]);
      if (i + 1 < items.size()) {
        out.push_back(',');
      }
    }
    out.push_back('\n');
    out.append(indent, ' ');
    out.append(close);
    return out;
  }

  Result<std::string> Value(const HeaderProperty& property, int depth) {
    const Node* v = property.value;
    const std::string key = ToLower(property.name);
    if (v == nullptr) {
      return std::string();
    }
    if (key == "kind" && v->kind == NodeKind::kIdentifier) {
      return ToUpper(v->text);
    }
    if (v->kind == NodeKind::kList && v->slot_count > 0 &&
        v->slot(0)->kind == NodeKind::kMergeWhen) {
      std::vector<std::string> clauses;
      for (const Node* clause : v->children()) {
        STRATA_ASSIGN_OR_RETURN(std::string text, Gen(clause));
        clauses.push_back(std::move(text));
      }
      return Join(clauses, " ");
    }
    if (v->kind == NodeKind::kList) {
      return ListValue(v, "(", ")", depth);
    }
    if (v->kind == NodeKind::kRow && !v->Has(sql::flag::kRowKeyword)) {
      return ListValue(v, "(", ")", depth);
    }
    if (v->kind == NodeKind::kArray && !v->Has(sql::flag::kArrayKeyword)) {
      return ListValue(v, "[", "]", depth);
    }
    return Gen(v);
  }

  Status Properties(const std::vector<HeaderProperty>& properties, int depth, std::string* out) {
    const std::string indent(static_cast<size_t>(depth) * 2, ' ');
    for (size_t i = 0; i < properties.size(); ++i) {
      const HeaderProperty& property = properties[i];
      const PropertyComments& comments = comments_[&property];
      for (std::string_view comment : comments.above) {
        out->append(indent).append(comment).append("\n");
      }
      out->append(indent).append(ToLower(property.name));
      STRATA_ASSIGN_OR_RETURN(std::string value, Value(property, depth));
      if (!value.empty()) {
        out->append(" ").append(value);
      }
      if (property.has_nested && !property.nested.empty()) {
        out->append(value.empty() ? " (\n" : " (\n");
        STRATA_RETURN_IF_ERROR(Properties(property.nested, depth + 1, out));
        out->append(indent).append(")");
      }
      if (i + 1 < properties.size()) {
        out->append(",");
      }
      for (std::string_view comment : comments.trailing) {
        out->append(" ").append(comment);
      }
      out->append("\n");
    }
    return Status::OK();
  }

  const ParsedModelFile& parsed_;
  std::vector<Item> items_;
  std::map<const HeaderProperty*, PropertyComments> comments_;
  std::vector<std::string_view> top_;
  std::vector<std::string_view> end_;
};

bool SameProperties(const std::vector<HeaderProperty>& a, const std::vector<HeaderProperty>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    const bool same_value =
        (a[i].value == nullptr && b[i].value == nullptr) ||
        (a[i].value != nullptr && b[i].value != nullptr &&
         (sql::Equal(a[i].value, b[i].value) ||
          (a[i].value->kind == NodeKind::kIdentifier && b[i].value->kind == NodeKind::kIdentifier &&
           EqualsIgnoreCase(a[i].value->text, b[i].value->text))));
    if (!EqualsIgnoreCase(a[i].name, b[i].name) || !same_value ||
        !SameProperties(a[i].nested, b[i].nested)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::string> FormatModelFile(std::string_view text, std::string_view file) {
  sql::Arena arena;
  STRATA_ASSIGN_OR_RETURN(ParsedModelFile parsed, ParseModelFile(text, file, &arena));
  HeaderFormatter header(parsed);
  STRATA_ASSIGN_OR_RETURN(std::string out, header.Format());

  // Comments between statements (before a statement's first token, before a ';', at the end)
  // go on their own lines above the next statement or at the end; comments inside a statement
  // were attached to its nodes by the parser and are written back by the generator.
  const auto& tokens = parsed.tokens.tokens;
  const auto& statements = parsed.body.statements;
  sql::GenerateOptions options;
  options.pretty = true;
  options.comments = true;
  size_t next_statement = 0;
  std::vector<std::string_view> above;
  // Audits defined after the model's statements are kept as written.
  const size_t end_token = parsed.body.audits_token > 0 ? parsed.body.audits_token : tokens.size();
  for (size_t t = parsed.header.end_token; t < end_token; ++t) {
    if (next_statement < statements.size() && t > parsed.body.first_tokens[next_statement]) {
      // Inside the statement: write it out.
      out += "\n";
      for (std::string_view comment : above) {
        out.append(comment).append("\n");
      }
      above.clear();
      STRATA_ASSIGN_OR_RETURN(std::string sql_text,
                              sql::Generate(statements[next_statement], options));
      out += sql_text;
      out += ";\n";
      t = parsed.body.end_tokens[next_statement];
      ++next_statement;
    }
    for (uint32_t c = 0; c < tokens[t].comment_count; ++c) {
      above.push_back(parsed.tokens.Text(parsed.tokens.comments[tokens[t].comment_begin + c]));
    }
  }
  if (end_token < tokens.size()) {
    for (uint32_t c = 0; c < tokens[end_token].comment_count; ++c) {
      above.push_back(
          parsed.tokens.Text(parsed.tokens.comments[tokens[end_token].comment_begin + c]));
    }
  }
  if (end_token < tokens.size()) {
    out += "\n";
  }
  for (std::string_view comment : above) {
    out.append(comment).append("\n");
  }
  if (end_token < tokens.size()) {
    std::string_view audits = parsed.source.substr(tokens[end_token].span.offset);
    while (!audits.empty() && (audits.back() == '\n' || audits.back() == ' ')) {
      audits.remove_suffix(1);
    }
    out.append(audits).append("\n");
  }

  // The result must mean the same: same header, same statements, same number of comments.
  sql::Arena check_arena;
  Result<ParsedModelFile> again = ParseModelFile(out, file, &check_arena);
  bool same = again.ok() && SameProperties(parsed.header.properties, again->header.properties) &&
              again->body.statements.size() == statements.size() &&
              again->tokens.comments.size() == parsed.tokens.comments.size();
  for (size_t i = 0; same && i < statements.size(); ++i) {
    same = sql::Equal(statements[i], again->body.statements[i]);
  }
  if (!same) {
    return Status::Internal(fmt::format("formatting {} would change its meaning or lose a "
                                        "comment; left unchanged",
                                        file))
        .WithHint("please report this file to the strata developers");
  }
  return out;
}

}  // namespace strata::project
