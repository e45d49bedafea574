// A throwaway strata project for command-line tests: a temporary folder with a DuckDB
// config.yaml and a models/ folder, files written into it, and `strata -p FOLDER …` run on it.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/run_command.h"

namespace strata::testing {

class TempProject {
 public:
  // Creates the folder with `config.yaml` (one DuckDB gateway on db.duckdb) and `models/`.
  TempProject() {
    std::filesystem::create_directories(std::filesystem::path(dir_.path()) / "models");
    Write("config.yaml",
          "gateways:\n  local:\n    connection: {type: duckdb, database: db.duckdb}\n");
  }

  const std::string& path() const { return dir_.path(); }

  // Writes `text` to `file`, relative to the project folder.
  void Write(const std::string& file, const std::string& text) const {
    std::ofstream(std::filesystem::path(dir_.path()) / file) << text;
  }

  // Runs `strata -p FOLDER args…`.
  CommandResult Strata(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-p", dir_.path()});
    return RunStrata(args);
  }

  // `strata query --format csv SQL`'s output; a failure fails the test.
  std::string Query(const std::string& sql) const {
    CommandResult r = Strata({"query", "--format", "csv", sql});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

 private:
  TempDir dir_;
};

}  // namespace strata::testing
