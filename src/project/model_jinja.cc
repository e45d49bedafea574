// Jinja in SQLMesh model files: the blocks, the context, and the mapping of time variables back to
// macro variables (see model_jinja.h).
#include "project/model_jinja.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/file_text.h"

#include "base/text.h"
#include "jinja/arguments.h"
#include "project/model.h"

namespace strata::project {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kQueryBegin = "JINJA_QUERY_BEGIN";
constexpr std::string_view kStatementBegin = "JINJA_STATEMENT_BEGIN";
constexpr std::string_view kEnd = "JINJA_END";

// A placeholder is kMark + variable name + kMark. The two renders use marks that sort before and
// after every printable character, so a comparison with a real date takes different branches.
constexpr char kHighMark = '\x7f';
constexpr char kLowMark = '\x01';
constexpr std::string_view kThisModel = "this_model";

// How a time variable's Jinja value prints, and the macro variable with that text.
enum class Shape : uint8_t { kDate, kTimestamp, kTimestampTz, kNumber };

struct TimeName {
  std::string name;
  Shape shape;
};

// SQLMesh's Jinja time variables: prefix × suffix, as its date_dict makes them.
const std::vector<TimeName>& TimeNames() {
  static const std::vector<TimeName> names = [] {
    std::vector<TimeName> out;
    const std::array<std::pair<std::string_view, Shape>, 9> suffixes = {{
        {"dt", Shape::kTimestampTz},
        {"dtntz", Shape::kTimestamp},
        {"date", Shape::kDate},
        {"ds", Shape::kDate},
        {"ts", Shape::kTimestamp},
        {"tstz", Shape::kTimestampTz},
        {"hour", Shape::kNumber},
        {"epoch", Shape::kNumber},
        {"millis", Shape::kNumber},
    }};
    for (std::string_view prefix : {"start", "end", "execution"}) {
      for (const auto& [suffix, shape] : suffixes) {
        out.push_back({fmt::format("{}_{}", prefix, suffix), shape});
      }
    }
    return out;
  }();
  return names;
}

// The macro variable whose value prints as the Jinja variable `name` does.
std::string MacroFor(const TimeName& time) {
  const std::string prefix = time.name.substr(0, time.name.find('_'));
  switch (time.shape) {
    case Shape::kDate:
      return "@" + prefix + "_ds";
    case Shape::kTimestamp:
      return "@" + prefix + "_ts";
    case Shape::kTimestampTz:
      return "@" + prefix + "_tstz";
    case Shape::kNumber:
      break;
  }
  return "@" + time.name;
}

std::string Placeholder(std::string_view name, char mark) {
  std::string out;
  out.reserve(name.size() + 2);
  out += mark;
  out += name;
  out += mark;
  return out;
}

// The variables of one render: every time variable and this_model as placeholders.
jinja::Variables PlaceholderVariables(char mark) {
  jinja::Variables variables;
  for (const TimeName& time : TimeNames()) {
    variables.emplace(time.name, jinja::Value::String(Placeholder(time.name, mark)));
  }
  variables.emplace(std::string(kThisModel), jinja::Value::String(Placeholder(kThisModel, mark)));
  return variables;
}

// The line (1-based) of byte `offset` of `text`.
uint32_t LineOf(std::string_view text, size_t offset) {
  uint32_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    line += text[i] == '\n' ? 1 : 0;
  }
  return line;
}

Status ErrorAt(std::string_view text, std::string_view file, size_t offset, std::string message,
               std::string hint) {
  sql::Span span;
  span.offset = static_cast<uint32_t>(offset);
  span.line = LineOf(text, offset);
  const size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  span.column = static_cast<uint32_t>(
      offset - (line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1) + 1);
  span.length = 1;
  return ErrorAtSpan(text, file, span, std::move(message), std::move(hint));
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether `keyword` (a JINJA_… marker) followed by optional blanks and ';' starts at `i`, at a
// word boundary; sets `*end` past the ';'.
bool MarkerAt(std::string_view text, size_t i, std::string_view keyword, size_t* end) {
  if (i > 0 && IsWordChar(text[i - 1])) {
    return false;
  }
  if (!EqualsIgnoreCase(text.substr(i, keyword.size()), keyword)) {
    return false;
  }
  size_t j = i + keyword.size();
  if (j < text.size() && IsWordChar(text[j])) {
    return false;
  }
  while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])) != 0) {
    ++j;
  }
  if (j >= text.size() || text[j] != ';') {
    return false;
  }
  *end = j + 1;
  return true;
}

// Skips a comment or quoted text starting at `i` of SQL `text`; returns the offset after it, or
// `i` when none starts there.
size_t SkipSqlQuoteOrComment(std::string_view text, size_t i) {
  const char c = text[i];
  const char next = i + 1 < text.size() ? text[i + 1] : '\0';
  if (c == '-' && next == '-') {
    const size_t end = text.find('\n', i);
    return end == std::string_view::npos ? text.size() : end;
  }
  if (c == '/' && next == '*') {
    const size_t end = text.find("*/", i + 2);
    return end == std::string_view::npos ? text.size() : end + 2;
  }
  if (c == '\'' || c == '"') {
    size_t j = i + 1;
    while (j < text.size()) {
      if (text[j] == c) {
        if (j + 1 < text.size() && text[j + 1] == c) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      ++j;
    }
    return text.size();
  }
  return i;
}

// Text with every character but newlines replaced by a blank (keeps later positions).
std::string Blanked(std::string_view text) {
  std::string out(text.size(), ' ');
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      out[i] = '\n';
    }
  }
  return out;
}

enum class RegionKind : uint8_t { kSql, kQuery, kStatement };

struct Region {
  RegionKind kind;
  size_t begin;  // the content
  size_t end;
  size_t marker_begin;  // the whole block with its markers (== begin/end for SQL)
  size_t marker_end;
};

// Splits `text` into SQL text and JINJA_… blocks.
Result<std::vector<Region>> SplitRegions(std::string_view text, std::string_view file) {
  std::vector<Region> regions;
  size_t sql_begin = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t skipped = SkipSqlQuoteOrComment(text, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    size_t content = 0;
    RegionKind kind = RegionKind::kSql;
    if (MarkerAt(text, i, kQueryBegin, &content)) {
      kind = RegionKind::kQuery;
    } else if (MarkerAt(text, i, kStatementBegin, &content)) {
      kind = RegionKind::kStatement;
    } else {
      if (size_t end = 0; MarkerAt(text, i, kEnd, &end)) {
        return ErrorAt(text, file, i, "JINJA_END; without a JINJA_QUERY_BEGIN; before it",
                       "a Jinja block is JINJA_QUERY_BEGIN; … JINJA_END; (or "
                       "JINJA_STATEMENT_BEGIN; … JINJA_END;)");
      }
      ++i;
      continue;
    }
    regions.push_back({RegionKind::kSql, sql_begin, i, sql_begin, i});
    // The block ends at the first JINJA_END; after it (its text is Jinja, not SQL).
    size_t end_marker = content;
    size_t after = 0;
    while (end_marker < text.size() && !MarkerAt(text, end_marker, kEnd, &after)) {
      ++end_marker;
    }
    if (end_marker >= text.size()) {
      return ErrorAt(text, file, i,
                     fmt::format("{}; has no JINJA_END; after it",
                                 kind == RegionKind::kQuery ? kQueryBegin : kStatementBegin),
                     "end the Jinja block with JINJA_END;");
    }
    regions.push_back({kind, content, end_marker, i, after});
    i = after;
    sql_begin = after;
  }
  regions.push_back({RegionKind::kSql, sql_begin, text.size(), sql_begin, text.size()});
  return regions;
}

// Whether SQL text holds `{{` or `{%` outside comments (inside string literals too).
size_t FindTemplateSyntax(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if ((c == '-' && text[i + 1] == '-') || (c == '/' && text[i + 1] == '*')) {
      i = SkipSqlQuoteOrComment(text, i) - 1;
    } else if (c == '{' && (text[i + 1] == '{' || text[i + 1] == '%' || text[i + 1] == '#')) {
      return i;
    }
  }
  return std::string_view::npos;
}

const TimeName* FindTime(std::string_view name) {
  for (const TimeName& time : TimeNames()) {
    if (time.name == name) {
      return &time;
    }
  }
  return nullptr;
}

// The placeholder starting at `i` of `text` (marked with `mark`): its name (a time variable or
// this_model), or empty.
std::string_view PlaceholderAt(std::string_view text, size_t i, char mark) {
  if (text[i] != mark) {
    return {};
  }
  const size_t close = text.find(mark, i + 1);
  if (close == std::string_view::npos) {
    return {};
  }
  const std::string_view name = text.substr(i + 1, close - i - 1);
  return name == kThisModel || FindTime(name) != nullptr ? name : std::string_view();
}

// The type keyword (DATE, TIMESTAMP, …) that `out` ends with, before blanks; empty when none.
std::string_view TrailingTypeKeyword(std::string_view out) {
  size_t end = out.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(out[end - 1])) != 0) {
    --end;
  }
  size_t begin = end;
  while (begin > 0 && IsWordChar(out[begin - 1])) {
    --begin;
  }
  if (begin == end || (begin > 0 && (out[begin - 1] == '.' || out[begin - 1] == '"'))) {
    return {};
  }
  const std::string_view word = out.substr(begin, end - begin);
  for (std::string_view type :
       {"DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "DATETIME", "INTERVAL"}) {
    if (EqualsIgnoreCase(word, type)) {
      return out.substr(begin);
    }
  }
  return {};
}

// Replaces the placeholders in rendered SQL with macro variables. `rendered` is the output of
// the high-mark render; errors point at `origin` (the block's first character in `text`).
Result<std::string> PlaceholdersToMacros(std::string_view rendered, std::string_view text,
                                         std::string_view file, size_t origin) {
  auto fail = [&](std::string_view name, std::string message, std::string hint) {
    return ErrorAt(text, file, origin, fmt::format("{{{{ {} }}}} {}", name, std::move(message)),
                   std::move(hint));
  };
  std::string out;
  out.reserve(rendered.size());
  size_t i = 0;
  while (i < rendered.size()) {
    const char c = rendered[i];
    const size_t skipped = SkipSqlQuoteOrComment(rendered, i);
    if (skipped == i) {
      if (std::string_view name = PlaceholderAt(rendered, i, kHighMark); !name.empty()) {
        if (name == kThisModel) {
          out += "@this_model";
        } else if (const TimeName* time = FindTime(name); time->shape == Shape::kNumber) {
          out += MacroFor(*time);
        } else {
          return fail(name,
                      "is used outside a string literal, where SQL would read the date as "
                      "arithmetic",
                      fmt::format("quote it ('{{{{ {} }}}}') or use the macro variable {}", name,
                                  MacroFor(*time)));
        }
        i += name.size() + 2;
        continue;
      }
      out += c;
      ++i;
      continue;
    }
    const std::string_view token = rendered.substr(i, skipped - i);
    i = skipped;
    if (token.find(kHighMark) == std::string_view::npos) {
      out += token;
      continue;
    }
    if (c == '-' || c == '/') {  // a comment: show the variable as it was written
      for (size_t j = 0; j < token.size(); ++j) {
        if (std::string_view name = PlaceholderAt(token, j, kHighMark); !name.empty()) {
          out += fmt::format("{{{{ {} }}}}", name);
          j += name.size() + 1;
        } else {
          out += token[j];
        }
      }
      continue;
    }
    if (c == '"') {
      const size_t at = token.find(kHighMark);
      return fail(PlaceholderAt(token, at, kHighMark), "is used inside a quoted identifier",
                  "a time variable can be part of a string literal or a number, not of a name");
    }
    // A string literal: '…' with placeholders becomes the macro variable, or @EVAL of a
    // concatenation folded to one literal per batch.
    const std::string_view body = token.substr(1, token.size() - 2);
    std::vector<std::string> parts;
    std::string literal;
    for (size_t j = 0; j < body.size(); ++j) {
      std::string_view name = PlaceholderAt(body, j, kHighMark);
      if (name.empty()) {
        literal += body[j];
        continue;
      }
      if (name == kThisModel) {
        return fail(name, "is used inside a string literal",
                    "write {{ this_model }} where a table name goes, without quotes");
      }
      const TimeName* time = FindTime(name);
      if (time->shape == Shape::kNumber) {
        return fail(name, "is used inside a string literal",
                    fmt::format("write {{{{ {} }}}} without quotes: it is a number", name));
      }
      if (!literal.empty()) {
        parts.push_back("'" + literal + "'");
        literal.clear();
      }
      parts.push_back(MacroFor(*time));
      j += name.size() + 1;
    }
    if (!literal.empty()) {
      parts.push_back("'" + literal + "'");
    }
    std::string value =
        parts.size() == 1 ? parts[0] : fmt::format("@EVAL({})", fmt::join(parts, " || "));
    if (std::string_view type = TrailingTypeKeyword(out); !type.empty()) {
      const std::string word(type.substr(0, type.find_first_of(" \t\r\n")));
      out.resize(out.size() - type.size());
      value = fmt::format("CAST({} AS {})", value, word);
    }
    out += value;
  }
  return out;
}

// `rendered` of the low-mark render with its placeholders written as the high-mark render's.
std::string NormalizeLowMarks(std::string_view rendered) {
  std::string out(rendered);
  for (char& c : out) {
    if (c == kLowMark) {
      c = kHighMark;
    }
  }
  return out;
}

// The names of the macros `{% macro name(...) %}` defines in `source`.
std::vector<std::string> MacroNames(std::string_view source) {
  std::vector<std::string> names;
  size_t at = 0;
  while ((at = source.find("{%", at)) != std::string_view::npos) {
    size_t i = at + 2;
    if (i < source.size() && (source[i] == '-' || source[i] == '+')) {
      ++i;
    }
    while (i < source.size() && std::isspace(static_cast<unsigned char>(source[i])) != 0) {
      ++i;
    }
    at = i;
    if (source.substr(i, 5) != "macro" || i + 5 >= source.size() ||
        std::isspace(static_cast<unsigned char>(source[i + 5])) == 0) {
      continue;
    }
    i += 5;
    while (i < source.size() && std::isspace(static_cast<unsigned char>(source[i])) != 0) {
      ++i;
    }
    size_t end = i;
    while (end < source.size() && IsWordChar(source[end])) {
      ++end;
    }
    if (end > i) {
      names.emplace_back(source.substr(i, end - i));
    }
  }
  return names;
}

}  // namespace

jinja::Value YamlToJinja(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      std::vector<jinja::Value> items;
      for (const YAML::Node& item : node) {
        items.push_back(YamlToJinja(item));
      }
      return jinja::Value::List(std::move(items));
    }
    case YAML::NodeType::Map: {
      jinja::Value dict = jinja::Value::Dict();
      for (const auto& entry : node) {
        dict.as_dict()->SetString(entry.first.as<std::string>(), YamlToJinja(entry.second));
      }
      return dict;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") {  // quoted: always a string
        return jinja::Value::String(text);
      }
      if (text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return jinja::Value::None();
      }
      if (text == "true" || text == "True" || text == "TRUE") {
        return jinja::Value::Bool(true);
      }
      if (text == "false" || text == "False" || text == "FALSE") {
        return jinja::Value::Bool(false);
      }
      int64_t integer = 0;
      if (YAML::convert<int64_t>::decode(node, integer)) {
        return jinja::Value::Int(integer);
      }
      double number = 0;
      if (YAML::convert<double>::decode(node, number)) {
        return jinja::Value::Float(number);
      }
      return jinja::Value::String(text);
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return jinja::Value::None();
}

ModelJinja::ModelJinja(const fs::path& project_dir, const std::vector<fs::path>& macro_files,
                       const std::map<std::string, YAML::Node>& variables, std::string gateway)
    : project_dir_(project_dir), env_(std::make_shared<jinja::Environment>()) {
  for (const fs::path& file : macro_files) {
    for (std::string& name : MacroNames(ReadFileText(project_dir / file).value_or(std::string()))) {
      macro_files_.emplace(std::move(name), file.generic_string());
    }
  }
  const fs::path root = project_dir;
  env_->SetLoader([root](std::string_view name) -> Result<std::string> {
    std::error_code ec;
    const fs::path path = root / fs::path(std::string(name));
    if (!fs::is_regular_file(path, ec)) {
      return Status::NotFound(fmt::format("no macro file {}", name));
    }
    return ReadFileText(path).value_or(std::string());
  });
  auto files =
      std::make_shared<const std::map<std::string, std::string, std::less<>>>(macro_files_);
  env_->SetNameResolver([files](jinja::CallContext& ctx,
                                std::string_view name) -> Result<std::optional<jinja::Value>> {
    const auto it = files->find(name);
    if (it == files->end()) {
      return std::optional<jinja::Value>();
    }
    STRATA_ASSIGN_OR_RETURN(jinja::Value module, ctx.Import(it->second));
    STRATA_ASSIGN_OR_RETURN(jinja::Value macro, ctx.GetAttribute(module, name));
    return std::optional<jinja::Value>(std::move(macro));
  });
  auto values = std::make_shared<std::map<std::string, jinja::Value>>();
  for (const auto& [name, node] : variables) {
    values->emplace(ToLower(name), YamlToJinja(node));
  }
  env_->AddFunction(
      "var", [values](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto bound,
                                jinja::BindArguments("var", args, {"name", "default"}, 1));
        STRATA_ASSIGN_OR_RETURN(std::string name, jinja::StringArgument(*bound[0], "name"));
        const auto it = values->find(ToLower(name));
        if (it != values->end()) {
          return it->second;
        }
        return bound[1] ? *bound[1] : jinja::Value::None();
      });
  env_->AddFunction("gateway",
                    [gateway = std::move(gateway)](jinja::CallContext&,
                                                   jinja::Arguments& args) -> Result<jinja::Value> {
                      STRATA_RETURN_IF_ERROR(jinja::BindArguments("gateway", args, {}).status());
                      return jinja::Value::String(gateway);
                    });
}

Result<RenderedModelJinja> ModelJinja::Render(std::string_view text, size_t first_jinja,
                                              std::string_view file) const {
  RenderedModelJinja result;
  STRATA_ASSIGN_OR_RETURN(std::vector<Region> regions, SplitRegions(text, file));
  const jinja::Variables high = PlaceholderVariables(kHighMark);
  const jinja::Variables low = PlaceholderVariables(kLowMark);
  const std::string hint =
      "strata renders a model's Jinja once, with time variables such as {{ start_ds }} as "
      "placeholders for the batch's values (docs/jinja.md, \"Jinja in SQLMesh models\")";
  result.text.reserve(text.size());
  for (const Region& region : regions) {
    std::string_view content = text.substr(region.begin, region.end - region.begin);
    // Errors about the block as a whole point at its first character that is not blank (in SQL
    // text: at its first Jinja construct).
    size_t origin = region.begin;
    while (origin + 1 < region.end && std::isspace(static_cast<unsigned char>(text[origin])) != 0) {
      ++origin;
    }
    if (region.kind == RegionKind::kSql) {
      const size_t syntax =
          region.end < first_jinja ? std::string_view::npos : FindTemplateSyntax(content);
      if (syntax == std::string_view::npos) {
        result.text += content;
        continue;
      }
      origin = region.begin + syntax;
      if (result.outside_blocks == std::string_view::npos) {
        result.outside_blocks = origin;
      }
    } else {
      result.text += Blanked(text.substr(region.marker_begin, region.begin - region.marker_begin));
    }
    // The template starts on the line the block starts on, so Jinja's errors name file lines.
    const uint32_t line = LineOf(text, region.begin);
    std::string source(line - 1, '\n');
    source += content;
    STRATA_ASSIGN_OR_RETURN(auto tmpl, env_->Parse(source, std::string(file)));
    Result<std::string> rendered = env_->Render(tmpl, high);
    if (!rendered.ok()) {
      return Status(rendered.status()).WithHint(hint);
    }
    STRATA_ASSIGN_OR_RETURN(std::string other, env_->Render(tmpl, low));
    // A placeholder cut or changed by a filter leaves a mark that no whole placeholder explains.
    size_t whole_marks = 0;
    for (size_t i = 0; i < rendered->size(); ++i) {
      if (std::string_view name = PlaceholderAt(*rendered, i, kHighMark); !name.empty()) {
        whole_marks += 2;
        i += name.size() + 1;
      }
    }
    if (NormalizeLowMarks(other) != *rendered ||
        whole_marks !=
            static_cast<size_t>(std::count(rendered->begin(), rendered->end(), kHighMark))) {
      return ErrorAt(text, file, origin,
                     "the Jinja here computes with the value of a time variable (an {% if %} or "
                     "a filter on {{ start_ds }} or the like)",
                     "compare dates in SQL instead (WHERE d >= '{{ start_ds }}'), or use SQLMesh "
                     "macros (@IF, @start_ds), which are evaluated for each batch");
    }
    STRATA_ASSIGN_OR_RETURN(std::string sql, PlaceholdersToMacros(*rendered, text, file, origin));
    if (!content.empty() && content.back() == '\n' && (sql.empty() || sql.back() != '\n')) {
      sql += '\n';  // Jinja drops the template's last newline; the file keeps its lines
    }
    // Drop the lines added above (fewer when `{%-` trimmed them).
    size_t drop = 0;
    while (drop < line - 1 && drop < sql.size() && sql[drop] == '\n') {
      ++drop;
    }
    result.text.append(sql, drop);
    if (region.kind != RegionKind::kSql) {
      std::string end = Blanked(text.substr(region.end, region.marker_end - region.end));
      end.back() = ';';
      result.text += end;
    }
  }
  return result;
}

size_t FindJinja(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"' || c == '-' || c == '/') {
      const size_t skipped = SkipSqlQuoteOrComment(text, i);
      if (skipped != i) {
        if (c == '\'' || c == '"') {
          // Jinja renders inside string literals too ('{{ start_ds }}').
          const std::string_view quoted = text.substr(i, skipped - i);
          for (size_t j = 0; j + 1 < quoted.size(); ++j) {
            if (quoted[j] == '{' && (quoted[j + 1] == '{' || quoted[j + 1] == '%')) {
              return i + j;
            }
          }
        }
        i = skipped - 1;
        continue;
      }
    }
    if (c == '{' && i + 1 < text.size() &&
        (text[i + 1] == '{' || text[i + 1] == '%' || text[i + 1] == '#')) {
      return i;
    }
    size_t end = 0;
    if ((c == 'J' || c == 'j') &&
        (MarkerAt(text, i, kQueryBegin, &end) || MarkerAt(text, i, kStatementBegin, &end))) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace strata::project
