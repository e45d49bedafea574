// The malformed-project corpus (tests/projects/malformed/<case>/): `strata -p . info` in each case
// must exit 2 and print, in order, every line of the case's expected.txt (the error with its
// location). Under AddressSanitizer (make test-asan) this also shows no input crashes the loader.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "source_paths.h"
#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(STRATA_SOURCE_DIR) / "tests/projects/malformed";

std::vector<std::string> Cases() {
  std::vector<std::string> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCorpus, ec)) {
    if (entry.is_directory()) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::vector<std::string> ExpectedLines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

class MalformedProjectTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedProjectTest, ReportsTheExpectedErrorAndExitsTwo) {
  const fs::path dir = kCorpus / GetParam();
  const std::vector<std::string> expected = ExpectedLines(dir / "expected.txt");
  ASSERT_FALSE(expected.empty()) << "missing or empty " << (dir / "expected.txt");
  CommandResult r = RunStrata({"-p", ".", "info"}, dir.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  size_t from = 0;
  for (const std::string& line : expected) {
    const size_t at = r.err.find(line, from);
    EXPECT_NE(at, std::string::npos) << "expected in stderr (in order):\n"
                                     << line << "\nstderr:\n"
                                     << r.err;
    if (at != std::string::npos) {
      from = at + line.size();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedProjectTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

TEST(MalformedCorpusTest, HasAtLeastSixtyCases) { EXPECT_GE(Cases().size(), 60u); }

}  // namespace
}  // namespace strata::testing
