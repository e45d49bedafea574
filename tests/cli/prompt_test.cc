// `strata plan` on a terminal (a pseudo-terminal made by util-linux's `script`): a change strata
// cannot categorize is asked about with its diff, and the plan then does not print that diff a
// second time; an answer to `[y/n]` that is neither yes nor no asks again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/run_command.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

// `args` to strata on a pseudo-terminal fed `input`; the terminal's output.
CommandResult OnTerminal(const std::vector<std::string>& args, const std::string& input) {
  std::string command = StrataBinary();
  for (const std::string& arg : args) {
    command += " '" + arg + "'";
  }
  return RunCommand({"script", "-qec", command, "/dev/null"}, "", input);
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(PromptTest, AskedChangeShowsItsDiffOnceAndYesNoAsksAgain) {
  if (!fs::exists("/usr/bin/script")) {
    GTEST_SKIP() << "util-linux's script is not installed";
  }
  TempDir dir;
  const std::string project = dir.path();
  ASSERT_EQ(RunStrata({"init", project, "--template", "orders"}).exit_code, 0);
  ASSERT_EQ(RunStrata({"-p", project, "plan", "--auto-apply", "--execution-time", "2025-01-15"})
                .exit_code,
            0);
  const fs::path model = fs::path(project) / "models/sales/daily_sales.sql";
  std::ifstream in(model);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text = std::regex_replace(text, std::regex("SUM\\(total_amount\\)"), "SUM(total_amount) * 2");
  std::ofstream(model, std::ios::trunc) << text;

  // b: breaking; then `maybe` (asked again), then n.
  CommandResult r =
      OnTerminal({"-p", project, "plan", "dev", "--execution-time", "2025-01-15", "--skip-tests"},
                 "b\nmaybe\nn\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("changed in a way strata cannot categorize by itself"), std::string::npos)
      << r.out;
  EXPECT_EQ(Count(r.out, "+  SUM(total_amount) * 2"), 1u) << r.out;
  EXPECT_NE(r.out.find("(its diff is above, where its category was asked)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Please answer y (apply the plan) or n (leave everything as it is)."),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Count(r.out, "Apply - Backfill Tables [y/n]"), 2u) << r.out;
  EXPECT_NE(r.out.find("Plan not applied"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace strata::testing
