#include "dbt/unit_test.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/text.h"
#include "jinja/value_format.h"
#include "materialize/materialize_strategy.h"
#include "project/csv.h"

namespace strata::dbt {
namespace {

using engine::Column;

// One fixture row: lower-cased column name → value (None for null), in the order written.
using FixtureRow = std::vector<std::pair<std::string, jinja::Value>>;

// The rows of a dict or csv fixture. CSV values are strings; an empty unquoted field is null.
Result<std::vector<FixtureRow>> FixtureRows(const UnitTestFixture& fixture,
                                            const std::string& where) {
  std::vector<FixtureRow> rows;
  if (fixture.format == "csv") {
    STRATA_ASSIGN_OR_RETURN(
        project::CsvTable table,
        project::ParseCsv(fixture.rows.is_string() ? fixture.rows.as_string() : std::string(),
                          where));
    for (const std::vector<project::CsvField>& fields : table.rows) {
      FixtureRow row;
      for (size_t i = 0; i < fields.size(); ++i) {
        row.emplace_back(ToLower(table.columns[i]),
                         fields[i] ? jinja::Value::String(*fields[i]) : jinja::Value::None());
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }
  for (const jinja::Value& item : fixture.rows.items()) {
    FixtureRow row;
    for (const auto& [key, value] : item.as_dict()->entries()) {
      row.emplace_back(ToLower(jinja::Str(key)), value);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// A fixture value as SQL, cast to `type`.
std::string CastValue(const jinja::Value& value, const std::string& type) {
  std::string literal;
  if (value.is_none()) {
    literal = "null";
  } else if (value.is_bool()) {
    literal = value.as_bool() ? "true" : "false";
  } else if (value.is_string()) {
    literal = QuoteSqlString(value.as_string());
  } else {
    literal = jinja::Str(value);
  }
  return fmt::format("cast({} as {})", literal, type);
}

// The SQL type of each column (lower-cased name → type), in the relation's order.
Result<std::vector<std::pair<std::string, std::string>>> ColumnTypes(
    const std::vector<Column>& columns, engine::EngineType engine) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Column& column : columns) {
    STRATA_ASSIGN_OR_RETURN(std::string type, TypeSql(column.type.ToString(), DialectOf(engine)));
    out.emplace_back(ToLower(column.name), std::move(type));
  }
  return out;
}

std::string AcceptedColumns(const std::vector<std::pair<std::string, std::string>>& types) {
  std::vector<std::string> names;
  for (const auto& [name, type] : types) {
    names.push_back("'" + name + "'");
  }
  return "[" + Join(names, ", ") + "]";
}

// `rows` as one query: `select <value> as <column>, …` joined by `union all`. With
// `all_columns`, every column of `types` in its order (those a row does not give are null);
// otherwise the columns each row gives. No rows: an empty query of every column.
Result<std::string> FixtureSql(const std::vector<FixtureRow>& rows,
                               const std::vector<std::pair<std::string, std::string>>& types,
                               bool all_columns, const std::string& fixture_name) {
  std::map<std::string, std::string> type_of(types.begin(), types.end());
  std::vector<std::string> selects;
  for (const FixtureRow& row : rows) {
    std::map<std::string, const jinja::Value*> given;
    for (const auto& [name, value] : row) {
      if (!type_of.count(name)) {
        return Status::ProjectError(fmt::format("Invalid column name: '{}' in unit test fixture "
                                                "for {}. Accepted columns for "
                                                "{} are: {}",
                                                name, fixture_name, fixture_name,
                                                AcceptedColumns(types)))
            .WithHint("name the columns of the relation (or of the model's output for expect)");
      }
      given[name] = &value;
    }
    std::vector<std::string> columns;
    if (all_columns) {
      for (const auto& [name, type] : types) {
        auto it = given.find(name);
        columns.push_back(fmt::format(
            "{} as {}", CastValue(it == given.end() ? jinja::Value::None() : *it->second, type),
            QuoteSqlIdentifier(name)));
      }
    } else {
      for (const auto& [name, value] : row) {
        columns.push_back(
            fmt::format("{} as {}", CastValue(value, type_of[name]), QuoteSqlIdentifier(name)));
      }
    }
    selects.push_back("select " + Join(columns, ", "));
  }
  if (selects.empty()) {
    std::vector<std::string> columns;
    for (const auto& [name, type] : types) {
      columns.push_back(fmt::format("cast(null as {}) as {}", type, QuoteSqlIdentifier(name)));
    }
    return "select " + Join(columns, ", ") + " limit 0";
  }
  return Join(selects, "\nunion all\n");
}

// A row as text for comparing and printing: each value, null as NULL.
std::string RowText(const std::vector<engine::Value>& row, size_t columns) {
  std::vector<std::string> cells;
  for (size_t i = 0; i < columns; ++i) {
    cells.push_back(row[i].is_null() ? "NULL" : row[i].ToString());
  }
  return Join(cells, " | ");
}

}  // namespace

Result<UnitTestOutcome> RunUnitTest(const Manifest& manifest, const Node& test,
                                    engine::EngineAdapter& db) {
  const UnitTestDefinition& def = *test.unit_test;
  const Node* model = test.depends_on.empty() ? nullptr : manifest.Find(test.depends_on[0]);
  if (model == nullptr || model->type != ResourceType::kModel) {
    return Status::ProjectError(
        fmt::format("unit test '{}' tests '{}', which is not a model", def.name, def.model));
  }
  CompileOptions options;
  options.override_macros = def.override_macros;
  options.override_vars = def.override_vars;
  options.override_env_vars = def.override_env_vars;
  const std::string where = (test.package_root / test.original_file_path).string();
  for (size_t i = 0; i < def.given.size() && i < test.unit_inputs.size(); ++i) {
    const UnitTestFixture& given = def.given[i];
    const Node* input = manifest.Find(test.unit_inputs[i]);
    const bool is_this = given.input == "this";
    std::string sql;
    if (given.format == "sql") {
      sql = given.rows.is_string() ? given.rows.as_string() : std::string();
    } else {
      const RelationName& relation = is_this ? model->relation : input->relation;
      Result<std::vector<Column>> columns = db.DescribeTable(relation.schema, relation.identifier);
      if (!columns.ok()) {
        if (columns.status().code() != StatusCode::kNotFound) {
          return columns.status();
        }
        return Status::ProjectError(
                   fmt::format("Not able to get columns for unit test '{}' from relation {} "
                               "because the relation doesn't exist",
                               is_this ? model->name : input->name, relation.Render()))
            .WithHint(is_this ? "a `this` input takes the columns of the model's own table: "
                                "run '" +
                                    def.model + "' once first (strata dbt run -s " + def.model + ")"
                              : "unit tests read their inputs' column types from the warehouse: "
                                "build the models upstream of '" +
                                    def.model + "' first (strata dbt run -s +" + def.model +
                                    " --exclude " + def.model + ")");
      }
      STRATA_ASSIGN_OR_RETURN(auto types, ColumnTypes(*columns, db.type()));
      STRATA_ASSIGN_OR_RETURN(std::vector<FixtureRow> rows, FixtureRows(given, where));
      STRATA_ASSIGN_OR_RETURN(
          sql, FixtureSql(rows, types, true, is_this ? "'this'" : "'" + input->name + "'"));
    }
    if (is_this) {
      options.mock_this = sql;
    } else {
      options.mocks[input->unique_id] = sql;
    }
  }
  // As dbt: every ref and source of the model is given (a seed too, whatever dbt's docs say:
  // dbt-core 1.11 fails the test so).
  for (const std::string& id : model->depends_on) {
    if (!options.mocks.count(id)) {
      const Node* input = manifest.Find(id);
      const std::string call =
          input->type == ResourceType::kSource
              ? fmt::format("source('{}', '{}')", input->source_name, input->name)
              : fmt::format("ref('{}')", input->name);
      return Status::ProjectError(fmt::format("unit test '{}' ({}) gives no rows for {}, which "
                                              "model '{}' reads",
                                              def.name, test.original_file_path, call, def.model))
          .WithHint(fmt::format("add `- input: {}` under `given:` (`rows: []` for none)", call));
    }
  }
  STRATA_ASSIGN_OR_RETURN(std::string main_sql, manifest.Compile(*model, options));

  // The expected rows, typed as the model's columns.
  STRATA_ASSIGN_OR_RETURN(std::vector<Column> model_columns, db.DescribeQuery(main_sql));
  STRATA_ASSIGN_OR_RETURN(auto model_types, ColumnTypes(model_columns, db.type()));
  std::vector<std::string> compared;
  std::string expected_sql;
  if (def.expect.format == "sql") {
    expected_sql = def.expect.rows.is_string() ? def.expect.rows.as_string() : std::string();
    STRATA_ASSIGN_OR_RETURN(std::vector<Column> columns, db.DescribeQuery(expected_sql));
    for (const Column& column : columns) {
      compared.push_back(ToLower(column.name));
    }
  } else {
    STRATA_ASSIGN_OR_RETURN(std::vector<FixtureRow> rows, FixtureRows(def.expect, where));
    if (rows.empty()) {
      for (const auto& [name, type] : model_types) {
        compared.push_back(name);
      }
    } else {
      for (const auto& [name, value] : rows[0]) {
        compared.push_back(name);
      }
    }
    STRATA_ASSIGN_OR_RETURN(expected_sql, FixtureSql(rows, model_types, false, "expected output"));
  }
  std::vector<std::string> quoted;
  for (const std::string& name : compared) {
    quoted.push_back(QuoteSqlIdentifier(name));
  }
  const std::string columns = Join(quoted, ", ");
  UnitTestOutcome outcome;
  outcome.sql = fmt::format(
      "with dbt_internal_unit_test_actual as (\n  select {0}, 'actual' as "
      "\"actual_or_expected\"\n  from (\n{1}\n  ) _dbt_internal_unit_test_actual\n),\n"
      "dbt_internal_unit_test_expected as (\n  select {0}, 'expected' as "
      "\"actual_or_expected\"\n  from (\n{2}\n  ) _dbt_internal_unit_test_expected\n)\n"
      "select * from dbt_internal_unit_test_actual\nunion all\n"
      "select * from dbt_internal_unit_test_expected",
      columns, main_sql, expected_sql);
  STRATA_ASSIGN_OR_RETURN(engine::QueryResult result, db.Query(outcome.sql));

  // Order-insensitive: each side's rows sorted, then matched one for one.
  const size_t width = compared.size();
  std::vector<std::string> actual;
  std::vector<std::string> expected;
  for (const std::vector<engine::Value>& row : result.rows) {
    const bool is_actual = row[width].ToString() == "actual";
    (is_actual ? actual : expected).push_back(RowText(row, width));
  }
  std::sort(actual.begin(), actual.end());
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> missing;     // expected, not produced
  std::vector<std::string> unexpected;  // produced, not expected
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(unexpected));
  outcome.passed = missing.empty() && unexpected.empty();
  outcome.differing_rows = static_cast<int64_t>(missing.size() + unexpected.size());
  if (!outcome.passed) {
    std::string diff = "actual differs from expected:\n\n    " + Join(compared, " | ") + "\n";
    for (const std::string& row : missing) {
      diff += "  - " + row + "   (expected, missing)\n";
    }
    for (const std::string& row : unexpected) {
      diff += "  + " + row + "   (actual, not expected)\n";
    }
    outcome.diff = std::move(diff);
  }
  return outcome;
}

}  // namespace strata::dbt
