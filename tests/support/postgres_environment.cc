// The GoogleTest environment that stops the shared PostgreSQL test server after the last test of
// a binary. Linked into every test binary that uses STRATA_REQUIRE_POSTGRES, which calls
// SharedPostgresServerForTests() below; the registration runs before main.
#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace strata::testing {
namespace {

class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PostgresServer::StopShared(); }
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment());

}  // namespace

Result<PostgresServer*> SharedPostgresServerForTests() { return PostgresServer::Shared(); }

}  // namespace strata::testing
