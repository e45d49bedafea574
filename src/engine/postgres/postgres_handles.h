// RAII owners for libpq's objects: a connection (closed with PQfinish) and a result (freed with
// PQclear). Move-only, as unique_ptr. Not thread-safe (as the objects themselves).
#pragma once

#include <libpq-fe.h>

#include <memory>

namespace strata::engine::postgres {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultFreer {
  void operator()(PGresult* result) const { PQclear(result); }
};

using ConnectionHandle = std::unique_ptr<PGconn, ConnectionCloser>;
using ResultHandle = std::unique_ptr<PGresult, ResultFreer>;

}  // namespace strata::engine::postgres
