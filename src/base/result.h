// Result<T>: a value of type T or the Status that explains why there is none. Built on
// tl::expected (Debian's libexpected-dev), with implicit construction from a value or an error.
#pragma once

#include <cassert>
#include <utility>

#include <tl/expected.hpp>

#include "base/status.h"

namespace strata {

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  // REQUIRES: !status.ok().
  Result(Status status) : impl_(tl::unexpect, std::move(status)) {  // NOLINT(runtime/explicit)
    assert(!impl_.error().ok());
  }
  Result(const T& value) : impl_(value) {}        // NOLINT(runtime/explicit)
  Result(T&& value) : impl_(std::move(value)) {}  // NOLINT(runtime/explicit)
  template <typename U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status> &&
             !std::is_same_v<std::decay_t<U>, Result<T>>)
  Result(U&& value) : impl_(T(std::forward<U>(value))) {}  // NOLINT(runtime/explicit)

  bool ok() const { return impl_.has_value(); }
  explicit operator bool() const { return ok(); }

  // The error; an OK status when this holds a value.
  Status status() const { return ok() ? Status::OK() : impl_.error(); }

  // REQUIRES: ok().
  const T& value() const& {
    assert(ok());
    return *impl_;
  }
  T& value() & {
    assert(ok());
    return *impl_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*impl_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The value when ok(), else `fallback`.
  T value_or(T fallback) const& { return ok() ? *impl_ : std::move(fallback); }

 private:
  tl::expected<T, Status> impl_;
};

}  // namespace strata

#define STRATA_CONCAT_INNER_(a, b) a##b
#define STRATA_CONCAT_(a, b) STRATA_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<T>); on error returns its Status from the enclosing function, else
// moves the value into `lhs` (which may be a declaration: `auto x`).
#define STRATA_ASSIGN_OR_RETURN(lhs, expr) \
  STRATA_ASSIGN_OR_RETURN_IMPL_(STRATA_CONCAT_(strata_result_, __LINE__), lhs, expr)
#define STRATA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
