// Status and Result<T>: how strata reports errors a user can cause (bad project files, bad flags,
// engine errors, failed audits). An error carries a code, a message, an optional source location
// (file, line, column, and the text of that line for a caret) and an optional hint that says what
// to do about it. Programmer errors are assertions, not Status values.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad flag or value given on the command line or in an API call
  kParseError,       // malformed input text: SQL, YAML, CSV, a MODEL header
  kProjectError,     // a well-formed project that does not make sense (cycle, unknown kind, ...)
  kNotFound,
  kAlreadyExists,
  kUnsupported,  // a construct the target cannot express
  kEngineError,  // the database engine refused a statement
  kIoError,
  kAuditFailed,
  kTestFailed,
  kLockTimeout,
  kInternal,
};

// Returns the stable lower-case name of `code`, e.g. "parse error".
std::string_view StatusCodeName(StatusCode code);

// Where in a user's file a problem is. Line and column are 1-based (column in code points);
// 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string line_text;  // the whole source line, to draw a caret under `column`; may be empty
};

// The result of an operation that returns no value. An OK status allocates nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status ParseError(std::string message) {
    return Status(StatusCode::kParseError, std::move(message));
  }
  static Status ProjectError(std::string message) {
    return Status(StatusCode::kProjectError, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status AlreadyExists(std::string message) {
    return Status(StatusCode::kAlreadyExists, std::move(message));
  }
  static Status Unsupported(std::string message) {
    return Status(StatusCode::kUnsupported, std::move(message));
  }
  static Status EngineError(std::string message) {
    return Status(StatusCode::kEngineError, std::move(message));
  }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status AuditFailed(std::string message) {
    return Status(StatusCode::kAuditFailed, std::move(message));
  }
  static Status TestFailed(std::string message) {
    return Status(StatusCode::kTestFailed, std::move(message));
  }
  static Status LockTimeout(std::string message) {
    return Status(StatusCode::kLockTimeout, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  // Several independent errors reported together (loaders collect every problem of a project
  // before failing). Returns OK when `errors` holds no error, the error itself when it holds
  // one, else a status with the first error's code, the message "N errors", and the errors.
  static Status Combine(std::vector<Status> errors);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : state_->code; }
  // The message without location or hint; empty when OK.
  const std::string& message() const;
  // The hint; empty when there is none.
  const std::string& hint() const;
  // The location; all fields empty/zero when there is none.
  const SourceLocation& location() const;
  bool has_location() const { return !ok() && !state_->location.file.empty(); }
  // The errors a Combine()d status holds, in order; empty for a single error.
  const std::vector<Status>& errors() const;

  // Builders returning a copy with the field set. REQUIRES: !ok().
  Status WithLocation(SourceLocation location) const&;
  Status WithLocation(SourceLocation location) &&;
  Status WithHint(std::string hint) const&;
  Status WithHint(std::string hint) &&;
  // Returns a copy whose message is "`context`: message". REQUIRES: !ok().
  Status WithContext(std::string_view context) const;

  // Renders the status for a terminal (a combined status renders each error, a blank line
  // between them, then "N errors"):
  //   file:line:column: error: message
  //     12 | SELECT * FORM t
  //        |          ^
  //   hint: what to do
  // "OK" when ok(). `severity` replaces "error"; empty, the message follows the location (for a
  // located warning that its printer prefixes with "warning: ").
  std::string ToString(std::string_view severity = "error") const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::string hint;
    SourceLocation location;
    std::vector<Status> errors;
  };
  std::unique_ptr<State> state_;
};

}  // namespace strata

// Evaluates `expr` (a Status); returns it from the enclosing function when it is not OK.
#define STRATA_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::strata::Status strata_status_ = (expr);        \
    if (!strata_status_.ok()) return strata_status_; \
  } while (false)
