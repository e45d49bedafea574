// RunUnitTest: fixture tables, the rendered query with frozen time, and the comparisons.
#include "testing/unit_test_runner.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/text.h"
#include "base/time.h"
#include "base/time_parse.h"
#include "materialize/materialize_strategy.h"
#include "project/csv.h"
#include "project/render.h"
#include "sql/analysis/output_columns.h"
#include "sql/generator.h"
#include "sql/parser.h"
#include "testing/row_comparison.h"

namespace strata {

namespace {

using sql::Node;
using sql::NodeKind;

// A failed test's reason; the runner stops the test at the first one.
struct TestFailure {
  std::string text;
};

bool IsPlain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

bool IsNullScalar(const YAML::Node& node) {
  if (node.IsNull()) {
    return true;
  }
  if (!node.IsScalar() || !IsPlain(node)) {
    return false;
  }
  const std::string text = ToLower(node.Scalar());
  return text == "~" || text == "null" || text.empty();
}

// The SQL literal of a YAML value whose column type is not known: numbers, booleans, dates and
// timestamps from plain scalars; quoted scalars are always strings; lists and mappings become
// DuckDB lists and structs.
std::string InferredLiteral(const YAML::Node& node) {
  if (IsNullScalar(node)) {
    return "NULL";
  }
  if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const YAML::Node& item : node) {
      items.push_back(InferredLiteral(item));
    }
    return fmt::format("[{}]", Join(items, ", "));
  }
  if (node.IsMap()) {
    std::vector<std::string> fields;
    for (const auto& entry : node) {
      fields.push_back(QuoteSqlString(entry.first.Scalar()) + ": " + InferredLiteral(entry.second));
    }
    return fmt::format("{{{}}}", Join(fields, ", "));
  }
  const std::string& text = node.Scalar();
  if (!IsPlain(node)) {
    return QuoteSqlString(text);
  }
  static const std::regex kInteger("[-+]?[0-9]+");
  static const std::regex kDecimal("[-+]?([0-9]+[.][0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?");
  static const std::regex kDate("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  static const std::regex kTimestamp(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?");
  const std::string lower = ToLower(text);
  if (lower == "true" || lower == "false") {
    return lower == "true" ? "TRUE" : "FALSE";
  }
  if (std::regex_match(text, kInteger) && text.size() < 19) {
    return text;
  }
  if (std::regex_match(text, kDecimal)) {
    return "CAST(" + text + " AS DOUBLE)";
  }
  if (std::regex_match(text, kDate)) {
    return "DATE " + QuoteSqlString(text);
  }
  if (std::regex_match(text, kTimestamp)) {
    return "TIMESTAMP " + QuoteSqlString(text);
  }
  return QuoteSqlString(text);
}

// The SQL of a YAML value for a column of the declared `type`.
std::string TypedLiteral(const YAML::Node& node, const std::string& type) {
  if (IsNullScalar(node)) {
    return fmt::format("CAST(NULL AS {})", type);
  }
  if (!node.IsScalar()) {
    return fmt::format("CAST({} AS {})", InferredLiteral(node), type);
  }
  return fmt::format("CAST({} AS {})", QuoteSqlString(node.Scalar()), type);
}

std::string QuotedName(const std::vector<std::string>& parts) {
  std::vector<std::string> quoted;
  for (const std::string& part : parts) {
    quoted.push_back(QuoteSqlIdentifier(part));
  }
  return Join(quoted, ".");
}

// The name parts of a normalized table name.
Result<std::vector<std::string>> NameParts(const std::string& name) {
  sql::Arena arena;
  STRATA_ASSIGN_OR_RETURN(Node * node, sql::ParseExpression(name, &arena));
  std::vector<std::string> parts;
  if (node->kind == NodeKind::kColumn) {
    for (const Node* part : node->children()) {
      parts.emplace_back(part->text);
    }
  }
  if (parts.empty()) {
    return Status::InvalidArgument(fmt::format("'{}' is not a table name", name));
  }
  return parts;
}

// The CSV settings of an input or expected output (`csv_settings: {sep: ";"}`, pandas' names).
project::CsvSettings CsvSettingsOf(const YAML::Node& data) {
  project::CsvSettings settings;
  const YAML::Node given = data.IsMap() ? data["csv_settings"] : YAML::Node();
  if (!given || !given.IsMap()) {
    return settings;
  }
  auto character = [&](const char* key, char* out) {
    const YAML::Node value = given[key];
    if (value && value.IsScalar() && value.Scalar().size() == 1) {
      *out = value.Scalar()[0];
    }
  };
  character("sep", &settings.delimiter);
  character("delimiter", &settings.delimiter);
  character("quotechar", &settings.quote);
  character("escapechar", &settings.escape);
  return settings;
}

bool IsCsv(const YAML::Node& data) {
  return data.IsMap() && data["format"] && ToLower(data["format"].Scalar()) == "csv";
}

class TestRun {
 public:
  TestRun(const project::Project& project, const project::UnitTest& test,
          engine::EngineAdapter& connection, int64_t now)
      : project_(project), test_(test), connection_(connection), now_(now) {}

  // Creates the inputs, renders the model and runs its query; the rows it returns.
  Result<engine::QueryResult> Produce() {
    const project::Model* model = project_.FindModel(test_.model);
    if (model == nullptr || model->query == nullptr) {
      return Status::InvalidArgument(fmt::format("{} has no query to run", test_.model));
    }
    const YAML::Node& body = test_.definition;
    if (std::optional<TestFailure> failure = CreateInputs(*model, body["inputs"])) {
      return Status::TestFailed(failure->text);
    }
    STRATA_ASSIGN_OR_RETURN(sql::Node * query, RenderQuery(*model, body["vars"]));
    STRATA_RETURN_IF_ERROR(CreateOwnTable(*model, query));
    sql::GenerateOptions generate;
    STRATA_ASSIGN_OR_RETURN(std::string sql, sql::Generate(query, generate));
    return connection_.Query(sql);
  }

  // Runs the test; nullopt when it passed, else why it failed.
  std::optional<TestFailure> Run() {
    const project::Model* model = project_.FindModel(test_.model);
    if (model == nullptr) {
      return Fail(fmt::format("the model {} is not in the project", test_.model));
    }
    if (model->query == nullptr) {
      return Fail(fmt::format("{} is a {} model: it has no query to test", model->name,
                              project::ModelKindNameText(model->kind.name)));
    }
    const YAML::Node& body = test_.definition;
    if (std::optional<TestFailure> failure = CreateInputs(*model, body["inputs"])) {
      return failure;
    }
    Result<sql::Node*> query = RenderQuery(*model, body["vars"]);
    if (!query.ok()) {
      return Fail(query.status().ToString());
    }
    if (Status created = CreateOwnTable(*model, *query); !created.ok()) {
      return Fail(fmt::format("{} reads itself: its empty table could not be made: {}", model->name,
                              created.ToString()));
    }
    const YAML::Node outputs = body["outputs"];
    std::vector<std::string> failures;
    if (const YAML::Node expected = outputs["query"]) {
      if (std::optional<std::string> text = Check("outputs.query", *query, expected)) {
        failures.push_back(*text);
      }
    }
    if (const YAML::Node ctes = outputs["ctes"]) {
      for (const auto& entry : ctes) {
        const std::string name = entry.first.Scalar();
        Result<sql::Node*> cte_query = CteQuery(*query, name);
        if (!cte_query.ok()) {
          failures.push_back(
              fmt::format("outputs.ctes.{}: {}", name, cte_query.status().message()));
          continue;
        }
        if (std::optional<std::string> text =
                Check("outputs.ctes." + name, *cte_query, entry.second)) {
          failures.push_back(*text);
        }
      }
    }
    if (failures.empty()) {
      return std::nullopt;
    }
    return TestFailure{Join(failures, "\n")};
  }

 private:
  static TestFailure Fail(std::string text) { return TestFailure{std::move(text)}; }

  std::string Where(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
      return test_.file.string();
    }
    return fmt::format("{}:{}:{}", test_.file.string(), mark.line + 1, mark.column + 1);
  }

  // `data` with its `path:` read: a CSV file becomes `rows:` text; a YAML file holds the rows (or
  // a mapping with rows). The file is relative to the project folder.
  Result<YAML::Node> Resolved(const YAML::Node& data) const {
    if (!data.IsMap() || !data["path"]) {
      return data;
    }
    const std::string given = data["path"].Scalar();
    const std::filesystem::path file = project_.root / given;
    std::error_code error;
    std::ifstream in;
    if (std::filesystem::is_regular_file(file, error)) {
      in.open(file, std::ios::binary);
    }
    if (!in.is_open()) {
      return Status::NotFound(
                 fmt::format("{}: cannot read the file {}", Where(data["path"]), given))
          .WithHint("path is relative to the project folder");
    }
    std::ostringstream text;
    text << in.rdbuf();
    YAML::Node out = YAML::Clone(data);
    out.remove("path");
    if (IsCsv(data)) {
      out["rows"] = text.str();
      return out;
    }
    YAML::Node loaded;
    try {
      loaded = YAML::Load(text.str());
    } catch (const YAML::Exception& e) {
      return Status::ParseError(
          fmt::format("{}: {} is not valid YAML: {}", Where(data["path"]), given, e.msg));
    }
    if (loaded.IsMap()) {
      for (const auto& entry : loaded) {
        if (!out[entry.first.Scalar()]) {
          out[entry.first.Scalar()] = entry.second;
        }
      }
    } else {
      out["rows"] = loaded;
    }
    return out;
  }

  std::optional<TestFailure> CreateInputs(const project::Model& model, const YAML::Node& inputs) {
    std::vector<std::string> given;
    if (inputs && inputs.IsMap()) {
      for (const auto& entry : inputs) {
        Result<std::string> name = project::NormalizeNameText(entry.first.Scalar());
        if (!name.ok()) {
          return Fail(fmt::format("{}: {}", Where(entry.first), name.status().message()));
        }
        given.push_back(*name);
        Result<YAML::Node> data = Resolved(entry.second);
        Status created = data.ok() ? CreateInput(*name, *data) : data.status();
        if (!created.ok()) {
          return Fail(
              fmt::format("{}: input {}: {}", Where(entry.first), *name, created.ToString()));
        }
      }
    }
    std::vector<std::string> missing;
    for (const project::Model::TableRead& read : model.reads) {
      const project::Model* upstream = project_.FindModel(read.name);
      if (upstream != nullptr && upstream->kind.name == project::ModelKindName::kEmbedded) {
        continue;
      }
      if (read.name == model.name &&
          std::find(given.begin(), given.end(), read.name) == given.end()) {
        // A self-referencing model's own table: empty unless given, as on its first run.
        own_table_empty_ = true;
        continue;
      }
      if (std::find(given.begin(), given.end(), read.name) == given.end() &&
          std::find(missing.begin(), missing.end(), read.name) == missing.end()) {
        missing.push_back(read.name);
      }
    }
    if (!missing.empty()) {
      // A table that is no model and is near a model's name is most likely a typo in the model.
      std::vector<std::string> names;
      for (const project::Model& other : project_.models) {
        names.push_back(other.name);
      }
      std::string typo;
      for (const std::string& name : missing) {
        if (project_.FindModel(name) != nullptr) {
          continue;
        }
        if (const std::string nearest = NearestName(name, names); !nearest.empty()) {
          typo += fmt::format("\n  hint: {} is no model: did you mean {}?", name, nearest);
        }
      }
      return Fail(fmt::format("{} reads {}, which the test gives no rows for", model.name,
                              Join(missing, ", ")) +
                  typo +
                  fmt::format("\n  hint: add them under `inputs:` (rows: [] for an empty "
                              "table, with `columns:` for its types)"));
    }
    return std::nullopt;
  }

  // The table of a self-referencing model that the test gives no rows for: empty, with the
  // model's declared columns, else typed by its query as on the model's first run (SQLMesh reads
  // it as empty too).
  Status CreateOwnTable(const project::Model& model, const sql::Node* query) {
    if (!own_table_empty_) {
      return Status::OK();
    }
    own_table_empty_ = false;
    STRATA_ASSIGN_OR_RETURN(const std::string table, PrepareTable(model.name));
    if (!model.columns.empty()) {
      std::vector<std::string> definitions;
      for (const project::ColumnDeclaration& column : model.columns) {
        definitions.push_back(ColumnSql(column.name) + " " + column.type);
      }
      return connection_
          .Execute(fmt::format("CREATE TABLE {} ({})", table, Join(definitions, ", ")))
          .status();
    }
    STRATA_ASSIGN_OR_RETURN(std::vector<std::string> names, sql::OutputColumns(query));
    sql::GenerateOptions generate;
    STRATA_ASSIGN_OR_RETURN(std::string sql, sql::Generate(query, generate));
    return CreateTableTypedBySelfRead(connection_, table, names, sql, sql::DialectKind::kDuckDb);
  }

  // The declared types of an input: its `columns:` mapping, else what the project knows.
  std::vector<std::pair<std::string, std::string>> DeclaredColumns(const std::string& name,
                                                                   const YAML::Node& data) {
    std::vector<std::pair<std::string, std::string>> columns;
    if (data.IsMap() && data["columns"] && data["columns"].IsMap()) {
      for (const auto& entry : data["columns"]) {
        columns.emplace_back(entry.first.Scalar(), entry.second.Scalar());
      }
      return columns;
    }
    if (const project::Model* model = project_.FindModel(name)) {
      for (const project::ColumnDeclaration& column : model->KnownColumns()) {
        columns.emplace_back(column.name, column.type);
      }
    }
    return columns;
  }

  // The quoted name of the table `name` of the test database, its catalog attached and its
  // schema created.
  Result<std::string> PrepareTable(const std::string& name) {
    STRATA_ASSIGN_OR_RETURN(std::vector<std::string> parts, NameParts(name));
    if (parts.size() > 3) {
      return Status::InvalidArgument(
          fmt::format("'{}' has more parts than catalog.schema.table", name));
    }
    if (parts.size() == 3) {
      // A table of another catalog: an in-memory database attached under its name.
      const std::string catalog = ToLower(parts[0]);
      if (catalog != "memory" &&
          std::find(catalogs_.begin(), catalogs_.end(), catalog) == catalogs_.end()) {
        STRATA_RETURN_IF_ERROR(
            connection_.Execute("ATTACH ':memory:' AS " + QuoteSqlIdentifier(parts[0])).status());
        catalogs_.push_back(catalog);
      }
    }
    if (parts.size() >= 2) {
      STRATA_RETURN_IF_ERROR(
          connection_
              .Execute("CREATE SCHEMA IF NOT EXISTS " +
                       QuotedName(std::vector<std::string>(parts.begin(), parts.end() - 1)))
              .status());
    }
    return QuotedName(parts);
  }

  Status CreateInput(const std::string& name, const YAML::Node& data) {
    STRATA_ASSIGN_OR_RETURN(const std::string table, PrepareTable(name));
    if (data.IsMap() && data["query"]) {
      return connection_
          .Execute(fmt::format("CREATE TABLE {} AS {}", table, data["query"].Scalar()))
          .status();
    }
    const std::vector<std::pair<std::string, std::string>> declared = DeclaredColumns(name, data);
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // SQL literals
    if (IsCsv(data)) {
      Result<project::CsvTable> parsed =
          project::ParseCsv(data["rows"].Scalar(), test_.file, CsvSettingsOf(data));
      if (!parsed.ok()) {
        return parsed.status();
      }
      columns = parsed->columns;
      for (const auto& row : parsed->rows) {
        std::vector<std::string> literals;
        for (size_t c = 0; c < row.size(); ++c) {
          std::string type = TypeOf(declared, columns[c]);
          if (type.empty()) {
            type = project::InferCsvColumnType(*parsed, c);
          }
          literals.push_back(row[c] ? fmt::format("CAST({} AS {})", QuoteSqlString(*row[c]), type)
                                    : fmt::format("CAST(NULL AS {})", type));
        }
        rows.push_back(std::move(literals));
      }
    } else {
      const YAML::Node list = data.IsMap() ? data["rows"] : data;
      std::vector<YAML::Node> items;
      if (list && list.IsSequence()) {
        for (const YAML::Node& row : list) {
          items.push_back(row);
        }
      }
      for (const auto& [column, type] : declared) {
        columns.push_back(column);
      }
      for (const YAML::Node& row : items) {
        for (const auto& entry : row) {
          const std::string column = entry.first.Scalar();
          const bool known = std::any_of(columns.begin(), columns.end(), [&](const std::string& c) {
            return EqualsIgnoreCase(c, column);
          });
          if (!known) {
            if (!declared.empty()) {
              return Status::ProjectError(fmt::format("{}: column {} is not a column of {}",
                                                      Where(entry.first), column, name))
                  .WithHint(fmt::format("its columns are: {}", Join(columns, ", ")));
            }
            columns.push_back(column);
          }
        }
      }
      if (columns.empty()) {
        return Status::ProjectError("the input has no rows, and its columns are not known")
            .WithHint("give its columns and types: `columns: {id: INT, name: TEXT}`");
      }
      for (const YAML::Node& row : items) {
        std::vector<std::string> literals;
        for (const std::string& column : columns) {
          YAML::Node value;
          for (const auto& entry : row) {
            if (EqualsIgnoreCase(entry.first.Scalar(), column)) {
              value = entry.second;
            }
          }
          const std::string type = TypeOf(declared, column);
          literals.push_back(!value.IsDefined() || value.IsNull()
                                 ? (type.empty() ? "NULL" : fmt::format("CAST(NULL AS {})", type))
                             : type.empty() ? InferredLiteral(value)
                                            : TypedLiteral(value, type));
        }
        rows.push_back(std::move(literals));
      }
    }
    std::vector<std::string> quoted_columns;
    for (const std::string& column : columns) {
      quoted_columns.push_back(QuoteSqlIdentifier(column));
    }
    if (!declared.empty() || rows.empty()) {
      std::vector<std::string> definitions;
      for (const std::string& column : columns) {
        std::string type = TypeOf(declared, column);
        definitions.push_back(QuoteSqlIdentifier(column) + " " + (type.empty() ? "VARCHAR" : type));
      }
      STRATA_RETURN_IF_ERROR(
          connection_.Execute(fmt::format("CREATE TABLE {} ({})", table, Join(definitions, ", ")))
              .status());
      if (rows.empty()) {
        return Status::OK();
      }
      return connection_
          .Execute(fmt::format("INSERT INTO {} ({}) VALUES {}", table, Join(quoted_columns, ", "),
                               ValuesList(rows)))
          .status();
    }
    return connection_
        .Execute(fmt::format("CREATE TABLE {} AS SELECT * FROM (VALUES {}) AS strata_input({})",
                             table, ValuesList(rows), Join(quoted_columns, ", ")))
        .status();
  }

  static std::string TypeOf(const std::vector<std::pair<std::string, std::string>>& declared,
                            const std::string& column) {
    for (const auto& [name, type] : declared) {
      if (EqualsIgnoreCase(name, column)) {
        return type;
      }
    }
    return "";
  }

  static std::string ValuesList(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> tuples;
    for (const auto& row : rows) {
      tuples.push_back(fmt::format("({})", Join(row, ", ")));
    }
    return Join(tuples, ", ");
  }

  Result<int64_t> TimeVar(const YAML::Node& vars, const char* key, TimeRole role, int64_t now) {
    if (!vars || !vars.IsMap() || !vars[key]) {
      return Status::NotFound(key);
    }
    return ParseTimePoint(vars[key].Scalar(), now, role);
  }

  Result<sql::Node*> RenderQuery(const project::Model& model, const YAML::Node& vars) {
    project::RenderOptions options;
    Result<int64_t> execution = TimeVar(vars, "execution_time", TimeRole::kStart, now_);
    options.execution_time = execution.ok() ? *execution : now_;
    const Cron cron = model.cron.value_or(Cron::Parse("@daily").value());
    const IntervalGrid grid = IntervalGrid::ForCron(cron, model.EffectiveIntervalUnit());
    Result<int64_t> end = TimeVar(vars, "end", TimeRole::kEnd, options.execution_time);
    options.end = end.ok() ? *end : grid.Floor(options.execution_time);
    Result<int64_t> start = TimeVar(vars, "start", TimeRole::kStart, options.execution_time);
    options.start = start.ok() ? *start : grid.Prev(options.end);
    if (options.start >= options.end) {
      return Status::InvalidArgument(fmt::format("vars: start {} is not before end {}",
                                                 FormatTimestamp(options.start),
                                                 FormatTimestamp(options.end)));
    }
    if (vars && vars.IsMap()) {
      for (const auto& entry : vars) {
        const std::string key = ToLower(entry.first.Scalar());
        if (key != "start" && key != "end" && key != "execution_time") {
          options.variables[key] = entry.second;
        }
      }
    }
    execution_time_ = options.execution_time;
    STRATA_ASSIGN_OR_RETURN(rendered_, project::RenderModel(project_, model, options));
    FreezeCurrentTime(rendered_.query, execution_time_, rendered_.arena.get());
    return rendered_.query;
  }

  // The query `SELECT * FROM name` with `query`'s WITH clause.
  Result<sql::Node*> CteQuery(sql::Node* query, const std::string& name) {
    const Node* with = nullptr;
    if (query->kind == NodeKind::kSelect) {
      with = query->slot(sql::kSelectWith);
    } else if (query->kind == NodeKind::kSetOp || query->kind == NodeKind::kQueryParen) {
      with = query->slot(0);
    }
    std::vector<std::string> names;
    const Node* found = nullptr;
    if (with != nullptr) {
      for (const Node* cte : with->children()) {
        names.emplace_back(cte->text);
        if (EqualsIgnoreCase(cte->text, name)) {
          found = cte;
        }
      }
    }
    if (found == nullptr) {
      return Status::NotFound(
          fmt::format("the query has no CTE named {}{}", name,
                      names.empty() ? "" : fmt::format(" (its CTEs: {})", Join(names, ", "))));
    }
    sql::Arena* arena = rendered_.arena.get();
    STRATA_ASSIGN_OR_RETURN(
        Node * parsed,
        sql::ParseExpression(fmt::format("(SELECT * FROM {})", QuoteSqlIdentifier(found->text)),
                             arena));
    Node* select = parsed->slot(0);
    select->slots[sql::kSelectWith] = const_cast<Node*>(with);
    cte_ordered_ = OrdersRows(found->SlotOrNull(1));
    return select;
  }

  static bool OrdersRows(const Node* query) {
    if (query == nullptr) {
      return false;
    }
    if (query->kind == NodeKind::kSelect) {
      return query->slot(sql::kSelectOrderBy) != nullptr;
    }
    if (query->kind == NodeKind::kSetOp || query->kind == NodeKind::kQueryParen) {
      return query->SlotOrNull(3) != nullptr;
    }
    return false;
  }

  // Runs `query` and compares its rows with `expected`; nullopt when they match.
  std::optional<std::string> Check(const std::string& what, sql::Node* query,
                                   const YAML::Node& given) {
    Result<YAML::Node> resolved = Resolved(given);
    if (!resolved.ok()) {
      return fmt::format("{}: {}", what, resolved.status().ToString());
    }
    const YAML::Node& expected = *resolved;
    sql::GenerateOptions generate;
    generate.dialect = sql::DialectKind::kDuckDb;
    const bool is_cte = what != "outputs.query";
    Result<std::string> sql = sql::Generate(query, generate);
    if (!sql.ok()) {
      return fmt::format("{}: {}", what, sql.status().ToString());
    }
    Result<engine::QueryResult> actual = connection_.Query(*sql);
    if (!actual.ok()) {
      return fmt::format(
          "{}: the query fails: {}\n  query: {}\n  hint: every table the model reads must be an "
          "input with every column the query uses (input rows name the columns; `columns:` gives "
          "their types)",
          what, Trim(actual.status().message()), *sql);
    }
    CompareOptions options;
    options.ordered = is_cte ? cte_ordered_ : OrdersRows(query);
    // `partial` of the output, else of `outputs` (which applies to all of them).
    const YAML::Node outputs = test_.definition["outputs"];
    if (outputs.IsMap() && outputs["partial"] && outputs["partial"].IsScalar()) {
      options.partial = ToLower(outputs["partial"].Scalar()) == "true";
    }
    if (expected.IsMap() && expected["partial"]) {
      options.partial = ToLower(expected["partial"].Scalar()) == "true";
    }
    Result<ExpectedRows> rows = ExpectedOf(expected);
    if (!rows.ok()) {
      return fmt::format("{} ({}): {}", what, Where(given), rows.status().message());
    }
    std::optional<std::string> difference = CompareRows(*actual, *rows, options);
    if (!difference) {
      return std::nullopt;
    }
    return fmt::format("{} ({}): {}", what, Where(given), *difference);
  }

  Result<ExpectedRows> ExpectedOf(const YAML::Node& expected) {
    if (expected.IsMap() && expected["query"]) {
      STRATA_ASSIGN_OR_RETURN(engine::QueryResult result,
                              connection_.Query(expected["query"].Scalar()));
      return ExpectedFromResult(result);
    }
    ExpectedRows out;
    if (IsCsv(expected)) {
      STRATA_ASSIGN_OR_RETURN(
          project::CsvTable table,
          project::ParseCsv(expected["rows"].Scalar(), test_.file, CsvSettingsOf(expected)));
      out.columns = table.columns;
      out.rows = std::move(table.rows);
      return out;
    }
    const YAML::Node list = expected.IsMap() ? expected["rows"] : expected;
    if (!list || !list.IsSequence()) {
      return out;
    }
    for (const YAML::Node& row : list) {
      for (const auto& entry : row) {
        const std::string column = entry.first.Scalar();
        if (std::none_of(out.columns.begin(), out.columns.end(),
                         [&](const std::string& c) { return EqualsIgnoreCase(c, column); })) {
          out.columns.push_back(column);
        }
      }
    }
    for (const YAML::Node& row : list) {
      std::vector<ExpectedCell> cells(out.columns.size());
      for (const auto& entry : row) {
        for (size_t c = 0; c < out.columns.size(); ++c) {
          if (EqualsIgnoreCase(out.columns[c], entry.first.Scalar())) {
            if (!IsNullScalar(entry.second)) {
              cells[c] =
                  entry.second.IsScalar() ? entry.second.Scalar() : InferredLiteral(entry.second);
            }
          }
        }
      }
      out.rows.push_back(std::move(cells));
    }
    return out;
  }

  const project::Project& project_;
  const project::UnitTest& test_;
  engine::EngineAdapter& connection_;
  int64_t now_;
  int64_t execution_time_ = 0;
  project::RenderedModel rendered_;
  bool own_table_empty_ = false;  // the model reads itself and the test gives it no rows
  bool cte_ordered_ = false;
  std::vector<std::string> catalogs_;  // attached for inputs named catalog.schema.table
};

// How each current-time function is frozen: its name (lower-case) and the type of its constant.
struct FrozenFunction {
  std::string_view name;
  std::string_view type;  // TIMESTAMPTZ, TIMESTAMP, DATE, TIME
};
constexpr FrozenFunction kFrozen[] = {
    {"current_timestamp", "TIMESTAMPTZ"},
    {"now", "TIMESTAMPTZ"},
    {"get_current_timestamp", "TIMESTAMPTZ"},
    {"transaction_timestamp", "TIMESTAMPTZ"},
    {"statement_timestamp", "TIMESTAMPTZ"},
    {"localtimestamp", "TIMESTAMP"},
    {"current_date", "DATE"},
    {"today", "DATE"},
    {"current_time", "TIME"},
    {"localtime", "TIME"},
};

const FrozenFunction* FrozenOf(const Node* node) {
  std::string_view name;
  if (node->kind == NodeKind::kColumn && node->slot_count == 1 &&
      !node->slot(0)->Has(sql::flag::kQuoted)) {
    name = node->slot(0)->text;
  } else if (node->kind == NodeKind::kFunction &&
             (node->slot(0) == nullptr || node->slot(0)->slot_count == 0)) {
    name = node->text;
  } else {
    return nullptr;
  }
  for (const FrozenFunction& frozen : kFrozen) {
    if (EqualsIgnoreCase(frozen.name, name)) {
      // Bare names are keywords only for the SQL-standard ones (now, today need parentheses).
      if (node->kind == NodeKind::kColumn &&
          (frozen.name == "now" || frozen.name == "today" ||
           frozen.name == "get_current_timestamp" || frozen.name == "transaction_timestamp" ||
           frozen.name == "statement_timestamp")) {
        return nullptr;
      }
      return &frozen;
    }
  }
  return nullptr;
}

}  // namespace

int FreezeCurrentTime(sql::Node* node, int64_t execution_time, sql::Arena* arena) {
  if (node == nullptr) {
    return 0;
  }
  int replaced = 0;
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    Node* child = node->slot(i);
    if (child == nullptr) {
      continue;
    }
    if (const FrozenFunction* frozen = FrozenOf(child)) {
      std::string value;
      if (frozen->type == "DATE") {
        value = FormatDate(DayOf(execution_time));
      } else if (frozen->type == "TIME") {
        value = FormatTimestamp(execution_time).substr(11);
      } else {
        value = FormatTimestamp(execution_time);
        if (frozen->type == "TIMESTAMPTZ") {
          value += "+00";
        }
      }
      Result<Node*> constant = sql::ParseExpression(
          fmt::format("CAST({} AS {})", QuoteSqlString(value), frozen->type), arena);
      if (constant.ok()) {
        (*constant)->span = child->span;
        node->slots[i] = *constant;
        ++replaced;
      }
      continue;
    }
    replaced += FreezeCurrentTime(child, execution_time, arena);
  }
  return replaced;
}

Result<engine::QueryResult> RunModelOnInputs(const project::Project& project,
                                             const project::UnitTest& test, int64_t now) {
  engine::ConnectionConfig config;
  config.type = engine::EngineType::kDuckDb;
  config.database = ":memory:";
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> engine, engine::OpenEngine(config));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> connection, engine->Connect());
  (void)connection->Execute("SET TimeZone = 'UTC'");
  TestRun run(project, test, *connection, now);
  return run.Produce();
}

Result<UnitTestOutcome> RunUnitTest(const project::Project& project, const project::UnitTest& test,
                                    int64_t now) {
  const auto started = std::chrono::steady_clock::now();
  UnitTestOutcome outcome;
  outcome.name = test.name;
  outcome.location = fmt::format("{}:{}", test.file.string(), test.line);
  engine::ConnectionConfig config;
  config.type = engine::EngineType::kDuckDb;
  config.database = ":memory:";
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> engine, engine::OpenEngine(config));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<engine::EngineAdapter> connection, engine->Connect());
  // Dates of TIMESTAMPTZ values (and the frozen now()) are taken in UTC, as everywhere in strata.
  (void)connection->Execute("SET TimeZone = 'UTC'");
  TestRun run(project, test, *connection, now);
  std::optional<TestFailure> failure = run.Run();
  outcome.passed = !failure.has_value();
  if (failure) {
    outcome.failure = std::move(failure->text);
  }
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace strata
