#include "base/fail_point.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace strata {
namespace {

// Runs `body` in a child process with STRATA_FAIL_POINT=`spec`; returns how the child ended:
// the signal number when killed, else 1000 + its exit code.
template <typename Body>
int RunChild(const char* spec, Body body) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("STRATA_FAIL_POINT", spec, 1);
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 1000 + WEXITSTATUS(status);
}

TEST(FailPointTest, StopsDeadAtTheNamedPoint) {
  EXPECT_EQ(RunChild("a", [] { FailPoint("a"); }), SIGKILL);
  EXPECT_EQ(RunChild("a", [] { FailPoint("b"); }), 1000);
}

TEST(FailPointTest, CountsHits) {
  EXPECT_EQ(RunChild("a@3",
                     [] {
                       FailPoint("a");
                       FailPoint("a");
                       _exit(7);
                     }),
            1007);
  EXPECT_EQ(RunChild("x,a@2",
                     [] {
                       FailPoint("a");
                       FailPoint("a");
                       _exit(7);
                     }),
            SIGKILL);
}

TEST(FailPointTest, UnsetCostsNothing) {
  FailPoint("batch_before_commit");  // this test process has no STRATA_FAIL_POINT
  SUCCEED();
}

}  // namespace
}  // namespace strata
