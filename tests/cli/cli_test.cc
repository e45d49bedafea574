// End-to-end tests of the command line itself: version, usage errors and exit codes.
#include <gtest/gtest.h>

#include <string>

#include "support/run_command.h"

namespace strata::testing {
namespace {

TEST(CliTest, VersionPrintsTheVersion) {
  CommandResult r = RunStrata({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("strata ", 0), 0u) << r.out;
  // Then the engine libraries it was linked with (or pointed at).
  EXPECT_NE(r.out.find("\nDuckDB v"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nlibpq "), std::string::npos) << r.out;
}

TEST(CliTest, UnknownFlagExitsTwoWithUsage) {
  CommandResult r = RunStrata({"version", "--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Usage"), std::string::npos) << r.err;
}

TEST(CliTest, MissingCommandExitsTwo) {
  CommandResult r = RunStrata({});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTest, UnknownCommandExitsTwo) {
  CommandResult r = RunStrata({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Usage"), std::string::npos) << r.err;
}

TEST(CliTest, MistypedCommandSuggestsTheNearestOne) {
  CommandResult r = RunStrata({"-p", ".", "plna", "--auto-apply"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'plna' (did you mean plan?)"), std::string::npos) << r.err;
}

TEST(CliTest, BadColorValueExitsTwo) {
  CommandResult r = RunStrata({"--color", "purple", "version"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTest, TestAuditAndCreateTestAreCommands) {
  CommandResult help = RunStrata({"--help"});
  for (const char* command : {"test", "create-test", "audit"}) {
    EXPECT_NE(help.out.find(std::string("  ") + command), std::string::npos) << help.out;
  }
}

TEST(CliTest, CreateTestNeedsAQuery) {
  CommandResult r = RunStrata({"create-test", "s.m"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--query"), std::string::npos) << r.err;
}

TEST(CliTest, AuditRangeMustNotBeEmpty) {
  CommandResult r = RunStrata({"audit", "--start", "2025-01-05", "--end", "2025-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--start must be before --end"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace strata::testing
