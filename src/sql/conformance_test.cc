// Conformance against DuckDB, the oracle: for every query of the TPC-H and TPC-DS corpora and
// every line of sqlglot's identity.sql that DuckDB parses, parse → generate(duckdb) → parse
// gives an equal AST, and DuckDB's json_serialize_sql() of the original equals that of the
// generated SQL once location fields are removed. The corpora live in ../shared/corpora; when
// that folder is absent the tests are skipped.
#include <duckdb.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "source_paths.h"
#include "sql/analysis/canonical.h"
#include "sql/analysis/output_columns.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::sql {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpora = fs::path(STRATA_SHARED_DIR) / "corpora";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// DuckDB's parser as an oracle, through json_serialize_sql().
class DuckDbOracle {
 public:
  DuckDbOracle() {
    EXPECT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);
    EXPECT_EQ(duckdb_connect(db_, &connection_), DuckDBSuccess);
    EXPECT_EQ(duckdb_prepare(connection_, "SELECT json_serialize_sql(?::VARCHAR)", &statement_),
              DuckDBSuccess);
  }
  ~DuckDbOracle() {
    duckdb_destroy_prepare(&statement_);
    duckdb_disconnect(&connection_);
    duckdb_close(&db_);
  }
  DuckDbOracle(const DuckDbOracle&) = delete;
  DuckDbOracle& operator=(const DuckDbOracle&) = delete;

  // The serialized parse tree without location fields; `parsed` tells whether DuckDB parsed the
  // text (a non-SELECT statement parses but has no JSON form: "not implemented").
  nlohmann::json Serialize(const std::string& sql, bool* parsed) {
    *parsed = false;
    duckdb_bind_varchar(statement_, 1, sql.c_str());
    duckdb_result result;
    if (duckdb_execute_prepared(statement_, &result) != DuckDBSuccess) {
      duckdb_destroy_result(&result);
      return nullptr;
    }
    char* text = duckdb_value_varchar(&result, 0, 0);
    nlohmann::json json = nlohmann::json::parse(text ? text : "null", nullptr, false);
    duckdb_free(text);
    duckdb_destroy_result(&result);
    if (json.is_object() && json.value("error", false)) {
      *parsed = json.value("error_type", "") == "not implemented";
      return json.value("error_type", "") == "not implemented" ? nlohmann::json("not implemented")
                                                               : nullptr;
    }
    *parsed = true;
    StripLocations(&json);
    return json;
  }

 private:
  static void StripLocations(nlohmann::json* json) {
    if (json->is_object()) {
      json->erase("query_location");
      json->erase("location");
      for (auto& [key, value] : json->items()) {
        StripLocations(&value);
      }
    } else if (json->is_array()) {
      for (auto& value : *json) {
        StripLocations(&value);
      }
    }
  }

  duckdb_database db_ = nullptr;

 public:
  // Runs `sql`; returns the error message, or "" on success.
  std::string Execute(const std::string& sql) {
    duckdb_result result;
    std::string error;
    if (duckdb_query(connection_, sql.c_str(), &result) != DuckDBSuccess) {
      error = duckdb_result_error(&result);
    }
    duckdb_destroy_result(&result);
    return error;
  }

  // The output column names DuckDB gives `query` (DESCRIBE), or an error message in `*error`.
  std::vector<std::string> DescribeColumns(const std::string& query, std::string* error) {
    std::vector<std::string> names;
    duckdb_result result;
    if (duckdb_query(connection_, ("DESCRIBE " + query).c_str(), &result) != DuckDBSuccess) {
      *error = duckdb_result_error(&result);
    } else {
      for (idx_t row = 0; row < duckdb_row_count(&result); ++row) {
        char* name = duckdb_value_varchar(&result, 0, row);
        names.emplace_back(name);
        duckdb_free(name);
      }
    }
    duckdb_destroy_result(&result);
    return names;
  }

 private:
  duckdb_connection connection_ = nullptr;
  duckdb_prepared_statement statement_ = nullptr;
};

// Runs both checks on `sql`; returns "" on success or a description of the failure.
std::string CheckRoundTrip(DuckDbOracle* oracle, const std::string& sql) {
  auto script = ParseScript(sql);
  if (!script.ok()) {
    return "parse failed: " + script.status().ToString();
  }
  auto generated = GenerateScript(script->statements);
  if (!generated.ok()) {
    return "generate failed: " + generated.status().ToString();
  }
  auto reparsed = ParseScript(*generated);
  if (!reparsed.ok()) {
    return "reparse failed: " + reparsed.status().ToString() + "\n  generated: " + *generated;
  }
  if (reparsed->statements.size() != script->statements.size()) {
    return "statement count changed\n  generated: " + *generated;
  }
  for (size_t i = 0; i < script->statements.size(); ++i) {
    if (!Equal(script->statements[i], reparsed->statements[i])) {
      return "AST changed\n  generated: " + *generated +
             "\n  before: " + Dump(script->statements[i]) +
             "\n  after: " + Dump(reparsed->statements[i]);
    }
  }
  // The pretty form must parse back to the same AST too.
  GenerateOptions pretty;
  pretty.pretty = true;
  auto pretty_text = GenerateScript(script->statements, pretty);
  if (!pretty_text.ok()) {
    return "pretty generate failed: " + pretty_text.status().ToString();
  }
  auto pretty_parsed = ParseScript(*pretty_text);
  if (!pretty_parsed.ok()) {
    return "pretty reparse failed: " + pretty_parsed.status().ToString();
  }
  for (size_t i = 0; i < script->statements.size(); ++i) {
    if (!Equal(script->statements[i], pretty_parsed->statements[i])) {
      return "AST changed by pretty form\n  generated: " + *pretty_text;
    }
  }
  bool parsed_original = false;
  bool parsed_generated = false;
  nlohmann::json original = oracle->Serialize(sql, &parsed_original);
  nlohmann::json regenerated = oracle->Serialize(*generated, &parsed_generated);
  if (!parsed_generated) {
    return "DuckDB rejects the generated SQL: " + *generated;
  }
  if (original != regenerated) {
    return "DuckDB parse trees differ\n  generated: " + *generated +
           "\n  original:  " + original.dump().substr(0, 3000) +
           "\n  regenerated: " + regenerated.dump().substr(0, 3000);
  }
  return "";
}

std::vector<fs::path> SqlFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".sql") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void CheckCorpus(const fs::path& folder, size_t expected_count) {
  if (!fs::exists(folder)) {
    GTEST_SKIP() << "corpus not found: " << folder;
  }
  DuckDbOracle oracle;
  size_t passed = 0;
  std::vector<fs::path> files = SqlFiles(folder);
  EXPECT_EQ(files.size(), expected_count);
  for (const fs::path& file : files) {
    std::string failure = CheckRoundTrip(&oracle, ReadFile(file));
    if (failure.empty()) {
      ++passed;
    } else {
      ADD_FAILURE() << file.filename() << ": " << failure;
    }
  }
  std::printf("%s: %zu/%zu queries pass\n", folder.parent_path().filename().c_str(), passed,
              files.size());
}

TEST(ConformanceTest, TpchQueries) { CheckCorpus(kCorpora / "tpch" / "queries", 22); }

TEST(ConformanceTest, TpcdsQueries) { CheckCorpus(kCorpora / "tpcds" / "queries", 99); }

TEST(ConformanceTest, IdentityLinesThatDuckDbParses) {
  fs::path path = kCorpora / "sqlglot" / "identity.sql";
  if (!fs::exists(path)) {
    GTEST_SKIP() << "corpus not found: " << path;
  }
  DuckDbOracle oracle;
  std::istringstream lines(ReadFile(path));
  std::string line;
  size_t total = 0;
  size_t duckdb_parses = 0;
  size_t passed = 0;
  std::vector<std::string> failures;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      continue;
    }
    ++total;
    // A line is a statement or, failing that, an expression (checked as SELECT <expr>).
    bool parsed = false;
    std::string sql = line;
    oracle.Serialize(sql, &parsed);
    if (!parsed) {
      sql = "SELECT " + line;
      oracle.Serialize(sql, &parsed);
    }
    if (!parsed) {
      continue;
    }
    ++duckdb_parses;
    std::string failure = CheckRoundTrip(&oracle, sql);
    if (failure.empty()) {
      ++passed;
    } else {
      failures.push_back(sql + "\n    " + failure);
    }
  }
  std::printf("identity.sql: %zu lines, %zu parsed by DuckDB, %zu/%zu pass\n", total, duckdb_parses,
              passed, duckdb_parses);
  for (const std::string& failure : failures) {
    std::printf("  FAIL: %s\n", failure.c_str());
  }
  EXPECT_EQ(passed, duckdb_parses);
}

// Loads a corpus's schema into DuckDB and into a Schema (through strata's own parser).
void LoadSchema(const std::vector<fs::path>& files, DuckDbOracle* oracle, Schema* schema) {
  for (const fs::path& file : files) {
    std::string sql = ReadFile(file);
    EXPECT_EQ(oracle->Execute(sql), "") << file;
    auto script = ParseScript(sql);
    ASSERT_TRUE(script.ok()) << script.status().ToString();
    for (const Node* statement : script->statements) {
      if (statement->kind != NodeKind::kCreateTable) {
        continue;
      }
      auto columns = OutputColumns(statement);
      ASSERT_TRUE(columns.ok());
      const Node* name = statement->slots[0];
      schema->AddTable(std::string(name->slots[name->slot_count - 1]->text), *columns);
    }
  }
}

// `json` with the strings under name-valued keys lower-cased.
nlohmann::json FoldNames(nlohmann::json json) {
  static const char* kNameKeys[] = {"alias",        "column_names",  "table_name", "schema_name",
                                    "catalog_name", "function_name", "ctename"};
  if (json.is_object()) {
    for (auto& [key, value] : json.items()) {
      bool name_key = false;
      for (const char* name : kNameKeys) {
        name_key = name_key || key == name;
      }
      if (name_key && value.is_string()) {
        std::string text = value;
        for (char& c : text) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        value = text;
      } else if (name_key && value.is_array()) {
        for (auto& item : value) {
          if (!item.is_string()) {
            continue;
          }
          std::string text = item;
          for (char& c : text) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          }
          item = text;
        }
      } else {
        value = FoldNames(value);
      }
    }
  } else if (json.is_array()) {
    for (auto& value : json) {
      value = FoldNames(value);
    }
  }
  return json;
}

// Output names and canonical forms of every TPC query, checked against DuckDB: OutputColumns
// equals DESCRIBE's names; the canonical form is idempotent and reads the same in DuckDB.
void CheckAnalysis(const fs::path& queries, const std::vector<fs::path>& schema_files) {
  if (!fs::exists(queries)) {
    GTEST_SKIP() << "corpus not found: " << queries;
  }
  DuckDbOracle oracle;
  Schema schema;
  LoadSchema(schema_files, &oracle, &schema);
  size_t names_ok = 0;
  size_t canonical_ok = 0;
  std::vector<fs::path> files = SqlFiles(queries);
  for (const fs::path& file : files) {
    std::string sql = ReadFile(file);
    auto script = ParseScript(sql);
    ASSERT_TRUE(script.ok()) << file;
    const Node* query = script->statements[0];
    std::string error;
    std::vector<std::string> expected = oracle.DescribeColumns(sql, &error);
    auto actual = OutputColumns(query, &schema);
    if (!error.empty()) {
      ADD_FAILURE() << file.filename() << ": DuckDB cannot describe: " << error;
    } else if (!actual.ok()) {
      ADD_FAILURE() << file.filename() << ": " << actual.status().ToString();
    } else if (*actual != expected) {
      std::string a, e;
      for (const auto& n : *actual) {
        a += "[" + n + "]";
      }
      for (const auto& n : expected) {
        e += "[" + n + "]";
      }
      ADD_FAILURE() << file.filename() << ": output names differ\n  strata: " << a
                    << "\n  duckdb: " << e;
    } else {
      ++names_ok;
    }
    auto canonical = CanonicalForm(query);
    ASSERT_TRUE(canonical.ok()) << canonical.status().ToString();
    auto reparsed = ParseScript(*canonical);
    ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString() << "\n" << *canonical;
    auto again = CanonicalForm(reparsed->statements[0]);
    bool parsed_original = false;
    bool parsed_canonical = false;
    // Unquoted names are case-insensitive: compare the trees with names folded.
    nlohmann::json original = FoldNames(oracle.Serialize(sql, &parsed_original));
    nlohmann::json normalized = FoldNames(oracle.Serialize(*canonical, &parsed_canonical));
    if (!again.ok() || *again != *canonical) {
      ADD_FAILURE() << file.filename() << ": canonical form is not idempotent\n  " << *canonical;
    } else if (original != normalized) {
      ADD_FAILURE() << file.filename() << ": DuckDB reads the canonical form differently\n  "
                    << *canonical;
    } else {
      ++canonical_ok;
    }
  }
  std::printf("%s: output names %zu/%zu, canonical forms %zu/%zu\n",
              queries.parent_path().filename().c_str(), names_ok, files.size(), canonical_ok,
              files.size());
}

TEST(ConformanceTest, TpchAnalysis) {
  CheckAnalysis(kCorpora / "tpch" / "queries", {kCorpora / "tpch" / "schema.sql"});
}

TEST(ConformanceTest, TpcdsAnalysis) {
  fs::path schema_folder = kCorpora / "tpcds" / "schema";
  CheckAnalysis(kCorpora / "tpcds" / "queries",
                fs::exists(schema_folder) ? SqlFiles(schema_folder) : std::vector<fs::path>{});
}

// The golden fixtures' inputs that DuckDB parses must pass the same checks, so the fixture
// files never show DuckDB SQL that DuckDB would reject or read differently.
TEST(ConformanceTest, FixtureInputsThatDuckDbParses) {
  fs::path folder = fs::path(STRATA_SOURCE_DIR) / "tests" / "sql" / "fixtures";
  DuckDbOracle oracle;
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".test") {
      continue;
    }
    std::istringstream lines(ReadFile(entry.path()));
    std::string line;
    std::string input;
    bool in_input = false;
    auto check = [&] {
      if (input.empty()) {
        return;
      }
      bool parsed = false;
      oracle.Serialize(input, &parsed);
      if (parsed) {
        ++checked;
        std::string failure = CheckRoundTrip(&oracle, input);
        EXPECT_TRUE(failure.empty()) << entry.path().filename() << ": " << input << "\n" << failure;
      }
      input.clear();
    };
    while (std::getline(lines, line)) {
      if (line.rfind("==== ", 0) == 0) {
        check();
        in_input = true;
      } else if (line.rfind("---- ", 0) == 0) {
        check();
        in_input = false;
      } else if (in_input) {
        input += line + "\n";
      }
    }
    check();
  }
  std::printf("fixtures: %zu inputs parsed by DuckDB checked\n", checked);
}

}  // namespace
}  // namespace strata::sql
