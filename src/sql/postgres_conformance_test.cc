// PostgreSQL conformance: every TPC-H and TPC-DS query, generated for the postgres dialect, is
// accepted by a real PostgreSQL (EXPLAIN over the corpus schemas). Runs when the environment
// variable STRATA_TEST_POSTGRES holds a libpq connection string (e.g. "host=/tmp port=5432
// user=postgres dbname=postgres"); skipped otherwise, and when the corpora are absent. Works in a
// schema of its own that it drops afterwards.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "source_paths.h"
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

std::vector<fs::path> SqlFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  if (!fs::exists(folder)) {
    return files;
  }
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".sql") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dsn = std::getenv("STRATA_TEST_POSTGRES");
    if (dsn == nullptr || *dsn == '\0') {
      GTEST_SKIP() << "STRATA_TEST_POSTGRES is not set";
    }
    if (!fs::exists(kCorpora)) {
      GTEST_SKIP() << "corpora not found: " << kCorpora;
    }
    connection_ = PQconnectdb(dsn);
    ASSERT_EQ(PQstatus(connection_), CONNECTION_OK) << PQerrorMessage(connection_);
    schema_ = "strata_sql_test_" + std::to_string(getpid());
    ASSERT_EQ(Execute("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_), "");
  }

  void TearDown() override {
    if (connection_ == nullptr) {
      return;
    }
    (void)Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    PQfinish(connection_);
  }

  // Runs `sql`; returns the error message, or "" on success.
  std::string Execute(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string error = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                            ? ""
                            : std::string(PQresultErrorMessage(result));
    PQclear(result);
    return error;
  }

  void CheckCorpus(const std::vector<fs::path>& schema_files, const fs::path& queries) {
    for (const fs::path& file : schema_files) {
      ASSERT_EQ(Execute(ReadFile(file)), "") << file;
    }
    GenerateOptions postgres;
    postgres.dialect = DialectKind::kPostgres;
    size_t passed = 0;
    std::vector<fs::path> files = SqlFiles(queries);
    for (const fs::path& file : files) {
      auto script = ParseScript(ReadFile(file));
      ASSERT_TRUE(script.ok()) << script.status().ToString();
      auto sql = Generate(script->statements[0], postgres);
      if (!sql.ok()) {
        ADD_FAILURE() << file.filename() << ": " << sql.status().ToString();
        continue;
      }
      std::string error = Execute("EXPLAIN " + *sql);
      if (error.empty()) {
        ++passed;
      } else {
        ADD_FAILURE() << file.filename() << ": PostgreSQL rejects the generated SQL: " << error
                      << "\n  " << *sql;
      }
    }
    std::printf("%s on PostgreSQL: %zu/%zu queries pass\n",
                queries.parent_path().filename().c_str(), passed, files.size());
  }

  PGconn* connection_ = nullptr;
  std::string schema_;
};

TEST_F(PostgresTest, TpchQueries) {
  CheckCorpus({kCorpora / "tpch" / "schema.sql"}, kCorpora / "tpch" / "queries");
}

TEST_F(PostgresTest, TpcdsQueries) {
  CheckCorpus(SqlFiles(kCorpora / "tpcds" / "schema"), kCorpora / "tpcds" / "queries");
}

}  // namespace
}  // namespace strata::sql
