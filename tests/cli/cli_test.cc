// End-to-end tests of the command line itself: version, usage errors and exit codes.
#include <gtest/gtest.h>

#include "support/run_command.h"

namespace strata::testing {
namespace {

TEST(CliTest, VersionPrintsTheVersion) {
  CommandResult r = RunStrata({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("strata ", 0), 0u) << r.out;
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
}

TEST(CliTest, BadColorValueExitsTwo) {
  CommandResult r = RunStrata({"--color", "purple", "version"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace strata::testing
