// Reading model files: header, statements, seed data, and the checks that need the query.
#include "project/model_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"
#include "project/model_jinja.h"
#include "sql/analysis/output_columns.h"
#include "sql/analysis/scope.h"
#include "sql/analysis/table_references.h"
#include "sql/parser.h"
#include "sql/pivot_statement.h"

namespace strata::project {

namespace {

using sql::Node;
using sql::NodeKind;
using sql::TokenKind;

// A ParseError at byte `offset` of `text` (which may not be tokenizable).
Status ErrorAtOffset(std::string_view text, std::string_view file, size_t offset,
                     std::string message, std::string hint) {
  sql::Span span;
  span.offset = static_cast<uint32_t>(offset);
  span.line = 1;
  span.column = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++span.line;
      line_start = i + 1;
    }
  }
  span.column = static_cast<uint32_t>(offset - line_start + 1);
  Status status = ErrorAtSpan(text, file, span, std::move(message), std::move(hint));
  return Status::ParseError(status.message())
      .WithLocation(status.location())
      .WithHint(status.hint());
}

// Checks that text is something the tokenizer should see: UTF-8 without NUL bytes.
Status CheckText(std::string_view text, std::string_view file) {
  const size_t nul = text.find('\0');
  const size_t bad = FindInvalidUtf8(text);
  const size_t first = std::min(nul, bad);
  if (first != std::string_view::npos) {
    // Show the line only when it is printable text.
    std::string_view line_source = text.substr(0, first);
    return ErrorAtOffset(line_source, file, first,
                         nul < bad ? "the file contains a NUL byte (is it a binary file?)"
                                   : "the file is not valid UTF-8 text",
                         "model files are SQL text in UTF-8");
  }
  return Status::OK();
}

// The normalized output column names of `query`; nullopt when they cannot all be known
// (a star over a table strata has no columns for, or a macro in the select list).
std::optional<std::vector<std::string>> KnownOutputColumns(const Node* query) {
  Result<std::vector<std::string>> columns = sql::OutputColumns(query);
  if (!columns.ok()) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const std::string& column : *columns) {
    if (column.find('@') != std::string::npos || column == "*") {
      return std::nullopt;
    }
    out.push_back(sql::FoldCase(column));
  }
  // SQLMesh (sqlglot) names an unaliased `x::INT` after its column, where DuckDB would say
  // "CAST(x AS INTEGER)"; accept both, so SQLMesh projects load unchanged.
  const Node* select = query;
  while (select != nullptr && select->kind != NodeKind::kSelect) {
    select = select->kind == NodeKind::kQueryParen || select->kind == NodeKind::kSetOp
                 ? select->SlotOrNull(1)
                 : nullptr;
  }
  if (select != nullptr && select->slot(sql::kSelectItems) != nullptr) {
    for (const Node* item : select->slot(sql::kSelectItems)->children()) {
      while (item != nullptr && (item->kind == NodeKind::kCast || item->kind == NodeKind::kParen)) {
        item = item->slot(0);
      }
      if (item != nullptr && item->kind == NodeKind::kColumn && item->slot_count > 0 &&
          item->slots[item->slot_count - 1]->kind == NodeKind::kIdentifier) {
        out.push_back(sql::FoldCase(item->slots[item->slot_count - 1]->text));
      }
    }
  }
  return out;
}

// Hive and Spark functions whose DuckDB and PostgreSQL namesakes differ in meaning (or that have
// none), each with what to write instead.
struct HiveFunction {
  std::string_view name;
  std::string_view instead;  // empty: renamed to `rename`
  std::string_view rename;
};
constexpr HiveFunction kHiveFunctions[] = {
    {"NVL", "", "COALESCE"},
    {"DATE_ADD", "date + INTERVAL n DAY", ""},
    {"DATE_SUB", "date - INTERVAL n DAY", ""},
    {"DATEDIFF", "DATE_DIFF('day', start, end)", ""},
    {"TO_DATE", "CAST(x AS DATE)", ""},
    {"FROM_UNIXTIME", "TO_TIMESTAMP(x)", ""},
    {"UNIX_TIMESTAMP", "EPOCH(x)", ""},
    {"DATE_FORMAT", "STRFTIME(x, format) with a strftime format", ""},
    {"SIZE", "LEN(x)", ""},
    {"COLLECT_LIST", "LIST(x)", ""},
    {"COLLECT_SET", "LIST(DISTINCT x)", ""},
    {"EXPLODE", "UNNEST(x)", ""},
    {"NVL2", "CASE WHEN x IS NOT NULL THEN a ELSE b END", ""},
};

// Reads the Hive/Spark functions of a `dialect hive` (spark, databricks) model: NVL becomes
// COALESCE; a function whose meaning differs in the engines strata runs is an Unsupported error
// at the call, saying what to write.
void TranslateHiveFunctions(const Node* node, std::string_view source, std::string_view file,
                            std::vector<Status>* errors) {
  if (node == nullptr) {
    return;
  }
  if (node->kind == NodeKind::kFunction) {
    for (const HiveFunction& function : kHiveFunctions) {
      if (!EqualsIgnoreCase(node->text, function.name)) {
        continue;
      }
      if (function.instead.empty()) {
        const_cast<Node*>(node)->text = function.rename;  // nodes are the loader's own
      } else {
        errors->push_back(ErrorAtSpan(
            source, file, node->span,
            fmt::format("unsupported: Hive's {} has no equivalent strata translates to yet",
                        function.name),
            fmt::format("write {} (strata runs the model on DuckDB or PostgreSQL)",
                        function.instead)));
      }
      break;
    }
  }
  for (const Node* child : node->children()) {
    TranslateHiveFunctions(child, source, file, errors);
  }
}

bool IsHiveDialect(std::string_view dialect) {
  for (std::string_view name : {"hive", "spark", "spark2", "databricks"}) {
    if (EqualsIgnoreCase(dialect, name)) {
      return true;
    }
  }
  return false;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), sql::FoldCase(name)) != names.end();
}

std::string OutputHint(std::vector<std::string> outputs, std::string_view name) {
  std::vector<std::string> unique;
  for (std::string& output : outputs) {
    if (std::find(unique.begin(), unique.end(), output) == unique.end()) {
      unique.push_back(std::move(output));
    }
  }
  outputs = std::move(unique);
  std::string nearest = NearestName(name, outputs);
  if (!nearest.empty()) {
    return fmt::format("did you mean {}? The query outputs: {}", nearest, Join(outputs, ", "));
  }
  return "the query outputs: " + Join(outputs, ", ");
}

// Every column reference under `node` (not inside subqueries).
void CollectColumns(const Node* node, std::vector<const Node*>* out) {
  if (node == nullptr) {
    return;
  }
  if (node->kind == NodeKind::kColumn) {
    out->push_back(node);
    return;
  }
  if (node->kind == NodeKind::kSubquery || node->kind == NodeKind::kExists) {
    return;
  }
  for (const Node* child : node->children()) {
    CollectColumns(child, out);
  }
}

void CheckAgainstQuery(const Model& model, const Header& header, std::string_view source,
                       std::string_view file, std::vector<Status>* errors) {
  if (model.query == nullptr) {
    return;
  }
  std::optional<std::vector<std::string>> outputs = KnownOutputColumns(model.query);
  if (!outputs) {
    return;
  }
  const HeaderProperty* kind = FindProperty(header.properties, "kind");
  auto parameter = [&](std::string_view name) -> const HeaderProperty* {
    return kind != nullptr ? FindProperty(kind->nested, name) : nullptr;
  };
  if (model.kind.time_column && !Contains(*outputs, model.kind.time_column->name)) {
    const HeaderProperty* p = parameter("time_column");
    errors->push_back(ErrorAtSpan(source, file, p != nullptr ? p->value->span : header.span,
                                  fmt::format("time_column {} is not an output column of the query",
                                              model.kind.time_column->name),
                                  OutputHint(*outputs, model.kind.time_column->name)));
  }
  for (const Node* key : model.kind.unique_key) {
    std::vector<const Node*> columns;
    CollectColumns(key, &columns);
    for (const Node* column : columns) {
      const std::string_view name = column->slots[column->slot_count - 1]->text;
      if (!Contains(*outputs, name)) {
        errors->push_back(ErrorAtSpan(
            source, file, column->span,
            fmt::format("unique_key column {} is not an output column of the query", name),
            OutputHint(*outputs, name)));
      }
    }
  }
  if (model.kind.name == ModelKindName::kScdType2ByTime &&
      !Contains(*outputs, model.kind.updated_at_name)) {
    const HeaderProperty* p = parameter("updated_at_name");
    errors->push_back(ErrorAtSpan(
        source, file, p != nullptr ? p->value->span : kind->value->span,
        fmt::format("SCD_TYPE_2 needs the column {} in the query's output",
                    model.kind.updated_at_name),
        p != nullptr ? OutputHint(*outputs, model.kind.updated_at_name)
                     : "output an updated_at column, or name yours with updated_at_name"));
  }
  for (const std::string& column : model.kind.scd_columns) {
    if (!Contains(*outputs, column)) {
      const HeaderProperty* p = parameter("columns");
      errors->push_back(ErrorAtSpan(
          source, file, p != nullptr ? p->value->span : header.span,
          fmt::format("SCD_TYPE_2_BY_COLUMN column {} is not an output column of the query",
                      column),
          OutputHint(*outputs, column)));
    }
  }
  const HeaderProperty* declared = FindProperty(header.properties, "columns");
  if (declared != nullptr && declared->value != nullptr) {
    for (const Node* column : declared->value->children()) {
      const std::string name =
          column->Has(sql::flag::kQuoted) ? std::string(column->text) : ToLower(column->text);
      if (!Contains(*outputs, name)) {
        errors->push_back(ErrorAtSpan(
            source, file, column->span,
            fmt::format("declared column {} is not an output column of the query", name),
            OutputHint(*outputs, name)));
      }
    }
  }
}

void LoadSeed(Model* model, const Header& header, const ModelContext& context,
              const std::filesystem::path& relative_path, std::vector<Status>* errors) {
  if (model->kind.seed_path.empty()) {
    return;
  }
  const HeaderProperty* kind = FindProperty(header.properties, "kind");
  const HeaderProperty* path_property =
      kind != nullptr ? FindProperty(kind->nested, "path") : nullptr;
  const sql::Span span = path_property != nullptr ? path_property->value->span : header.span;
  // `$root/...` is relative to the project folder (SQLMesh), any other path to the model file's.
  std::filesystem::path seed_relative;
  const std::string_view seed_path = model->kind.seed_path;
  if (seed_path.substr(0, 5) == "$root" &&
      (seed_path.size() == 5 || seed_path[5] == '/' || seed_path[5] == '\\')) {
    std::string_view rest = seed_path.substr(5);
    while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) {
      rest.remove_prefix(1);
    }
    seed_relative = (context.repo_prefix / std::filesystem::path(rest)).lexically_normal();
  } else {
    seed_relative = (relative_path.parent_path() / seed_path).lexically_normal();
  }
  const std::filesystem::path full = context.project_dir / seed_relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(full, ec)) {
    errors->push_back(ErrorAtSpan(context.source, context.file, span,
                                  fmt::format("seed file {} not found", seed_relative.string()),
                                  "a seed path is relative to the model file's folder, e.g. "
                                  "'../seeds/holidays.csv', or to the project with "
                                  "'$root/seeds/holidays.csv'"));
    return;
  }
  std::ifstream in(full, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  Result<CsvTable> table = ParseCsv(text.str(), seed_relative, model->kind.csv_settings);
  if (!table.ok()) {
    errors->push_back(table.status());
    return;
  }
  model->seed_file = seed_relative;
  const HeaderProperty* declared = FindProperty(header.properties, "columns");
  if (declared != nullptr && declared->value != nullptr) {
    for (const Node* column : declared->value->children()) {
      bool found = false;
      for (const std::string& header_name : table->columns) {
        found = found || EqualsIgnoreCase(header_name, column->text);
      }
      if (!found) {
        errors->push_back(ErrorAtSpan(context.source, context.file, column->span,
                                      fmt::format("declared column {} is not a column of {}",
                                                  column->text, seed_relative.string()),
                                      "the CSV's header has: " + Join(table->columns, ", ")));
      }
    }
  }
  model->seed = std::make_shared<const CsvTable>(std::move(table).value());
}

}  // namespace

std::vector<Model::TableRead> TableReads(const Node* query) {
  std::vector<Model::TableRead> reads;
  if (query == nullptr) {
    return reads;
  }
  for (const sql::TableReference& reference : sql::ReferencedTables(query)) {
    const Node* name = reference.node != nullptr ? reference.node->SlotOrNull(0) : nullptr;
    if (name == nullptr || name->kind != NodeKind::kName || name->slot_count == 0) {
      continue;
    }
    bool plain = true;
    for (const Node* part : name->children()) {
      plain = plain && part->kind == NodeKind::kIdentifier && !part->text.empty() &&
              part->text[0] != '@';
    }
    if (!plain) {
      continue;  // a macro-built name (@{schema}.t): known only after rendering
    }
    Model::TableRead read;
    read.name = NormalizeNameNode(name, &read.parts);
    read.table = reference.node;
    bool seen = false;
    for (const Model::TableRead& other : reads) {
      seen = seen || other.name == read.name;
    }
    if (!seen) {
      reads.push_back(std::move(read));
    }
  }
  return reads;
}

bool IsQuery(const Node* node) {
  switch (node->kind) {
    case NodeKind::kSelect:
    case NodeKind::kSetOp:
    case NodeKind::kValues:
    case NodeKind::kQueryParen:
      return true;
    case NodeKind::kPivot:  // DuckDB's PIVOT / UNPIVOT statement
      return node->Has(sql::kPivotStatement);
    default:
      return false;
  }
}

Result<ParsedBody> ParseBody(sql::Parser& parser, std::string_view source, std::string_view file) {
  ParsedBody body;
  while (true) {
    while (parser.AcceptKind(TokenKind::kSemicolon)) {
    }
    if (parser.AtEnd()) {
      break;
    }
    if (AtHeader(parser, "AUDIT")) {
      body.audits_token = parser.position();
      break;
    }
    const size_t start = parser.position();
    const sql::Token first = parser.Peek();
    Node* statement = nullptr;
    if (parser.IsKind(TokenKind::kMacroVariable)) {
      Result<Node*> expr = parser.ParseExpression();
      if (expr.ok() && (parser.AtEnd() || parser.IsKind(TokenKind::kSemicolon))) {
        statement = *expr;
      } else {
        parser.set_position(start);
      }
    }
    if (statement == nullptr) {
      STRATA_ASSIGN_OR_RETURN(statement, parser.ParseStatement());
    }
    if (!parser.AtEnd() && !parser.IsKind(TokenKind::kSemicolon)) {
      return parser.Expected("';' or the end of the statement");
    }
    // Comments inside the statement go onto its nodes, so `strata format` can keep them.
    parser.AttachRemainingComments(statement, start);
    body.first_tokens.push_back(start);
    body.end_tokens.push_back(parser.position());
    if (IsQuery(statement)) {
      if (body.query_index >= 0) {
        return ErrorAtSpan(source, file, first.span,
                           "a model has exactly one query; this is a second one",
                           "end the model with one SELECT; put other statements before or "
                           "after it");
      }
      body.query_index = static_cast<int>(body.statements.size());
    }
    body.statements.push_back(statement);
  }
  return body;
}

Result<ParsedModelFile> ParseModelFile(std::string_view text, std::string_view file,
                                       sql::Arena* arena) {
  STRATA_RETURN_IF_ERROR(CheckText(text, file));
  ParsedModelFile parsed;
  parsed.source = arena->Store(text);
  STRATA_ASSIGN_OR_RETURN(parsed.tokens, sql::Tokenize(parsed.source, file));
  sql::ParseOptions options;
  options.file_name = file;
  sql::Parser parser(&parsed.tokens, arena, options);
  while (parser.AcceptKind(TokenKind::kSemicolon)) {
  }
  if (parser.AtEnd()) {
    return ErrorAtOffset(text, file, 0, "the model file is empty",
                         "a model file starts with MODEL (name schema.table, ...); then a query");
  }
  if (!AtHeader(parser, "MODEL")) {
    return parser.Expected("MODEL (...) at the start of the model file")
        .WithHint("a model file starts with MODEL (name schema.table, ...); then a query");
  }
  STRATA_ASSIGN_OR_RETURN(parsed.header, ParseHeader(parser, parsed.tokens, file, arena));
  if (!parser.AtEnd() && !parser.IsKind(TokenKind::kSemicolon)) {
    return parser.Expected("';' after the MODEL header");
  }
  STRATA_ASSIGN_OR_RETURN(parsed.body, ParseBody(parser, parsed.source, file));
  return parsed;
}

std::optional<Model> LoadModelFile(std::string_view text,
                                   const std::filesystem::path& relative_path,
                                   const ModelContext& base_context,
                                   const std::shared_ptr<sql::Arena>& arena,
                                   std::vector<Status>* errors) {
  const std::string file = relative_path.string();
  std::string rendered;
  bool from_jinja = false;
  std::vector<std::string> warnings;
  if (const size_t jinja = FindJinja(text); jinja != std::string_view::npos) {
    if (base_context.jinja == nullptr) {
      errors->push_back(ErrorAtOffset(text, file, jinja,
                                      "this model uses Jinja, which is not rendered here",
                                      "load the model from its project"));
      return std::nullopt;
    }
    Result<RenderedModelJinja> result = base_context.jinja->Render(text, jinja, file);
    if (!result.ok()) {
      errors->push_back(result.status());
      return std::nullopt;
    }
    if (result->outside_blocks != std::string_view::npos) {
      const Status note = ErrorAtOffset(
          text, file, result->outside_blocks,
          "Jinja outside a JINJA_QUERY_BEGIN; ... JINJA_END; block is rendered by strata; "
          "SQLMesh leaves it as text",
          "wrap the query in JINJA_QUERY_BEGIN; ... JINJA_END; to make the model mean the same "
          "in both tools (docs/coming-from-sqlmesh.md)");
      warnings.push_back(note.ToString(""));
    }
    rendered = std::move(result->text);
    text = rendered;
    from_jinja = true;
  }
  Result<ParsedModelFile> parsed = ParseModelFile(text, file, arena.get());
  if (!parsed.ok()) {
    errors->push_back(parsed.status());
    return std::nullopt;
  }
  ModelContext context = base_context;
  context.file = file;
  context.source = parsed->source;
  if (context.infer_names) {
    context.inferred_name = InferredModelName(relative_path);
  }
  Model model = BuildModel(parsed->header, context, errors);
  model.origin.file = relative_path;
  model.source = parsed->source;
  model.arena = arena;
  model.from_jinja = from_jinja;
  model.load_warnings = std::move(warnings);
  const ParsedBody& body = parsed->body;
  for (int i = 0; i < static_cast<int>(body.statements.size()); ++i) {
    if (body.query_index < 0 || i < body.query_index) {
      model.pre_statements.push_back(body.statements[i]);
    } else if (i == body.query_index) {
      model.query = body.statements[i];
    } else {
      model.post_statements.push_back(body.statements[i]);
    }
  }
  if (IsHiveDialect(model.dialect)) {
    for (const auto* statements : {&model.pre_statements, &model.post_statements}) {
      for (const Node* statement : *statements) {
        TranslateHiveFunctions(statement, parsed->source, file, errors);
      }
    }
    TranslateHiveFunctions(model.query, parsed->source, file, errors);
  }
  if (model.kind.name == ModelKindName::kSeed) {
    if (model.query != nullptr) {
      errors->push_back(ErrorAtSpan(parsed->source, file, model.query->span,
                                    "a SEED model has no query; its rows come from the CSV file",
                                    "remove the query"));
    }
    LoadSeed(&model, parsed->header, context, relative_path, errors);
  } else if (model.query == nullptr) {
    errors->push_back(ErrorAtSpan(parsed->source, file, parsed->header.span,
                                  "the model has no query",
                                  "add a SELECT after the MODEL header, ended by ';'"));
  }
  if (body.audits_token > 0) {
    sql::ParseOptions options;
    options.file_name = file;
    sql::Parser parser(&parsed->tokens, arena.get(), options);
    parser.set_position(body.audits_token);
    model.inline_audits =
        ParseAudits(parser, parsed->tokens, parsed->source, relative_path, arena, errors);
    for (size_t i = 0; i < model.inline_audits.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (model.inline_audits[j].name == model.inline_audits[i].name) {
          errors->push_back(
              Status::ProjectError(
                  fmt::format("audit {} is defined twice in {}", model.inline_audits[i].name, file))
                  .WithLocation(SourceLocation{file, model.inline_audits[i].line, 0, ""})
                  .WithHint("audit names must be unique; rename one of them"));
        }
      }
    }
  }
  CheckAgainstQuery(model, parsed->header, parsed->source, file, errors);
  model.reads = TableReads(model.query);
  return model;
}

}  // namespace strata::project
