// Status: construction, builders and terminal rendering with a caret under the column.
#include "base/status.h"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

namespace strata {

namespace {

const std::string& EmptyString() {
  static const std::string* empty = new std::string();
  return *empty;
}

const std::vector<Status>& EmptyErrors() {
  static const std::vector<Status>* empty = new std::vector<Status>();
  return *empty;
}

const SourceLocation& EmptyLocation() {
  static const SourceLocation* empty = new SourceLocation();
  return *empty;
}

}  // namespace

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kParseError:
      return "parse error";
    case StatusCode::kProjectError:
      return "project error";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kAlreadyExists:
      return "already exists";
    case StatusCode::kUnsupported:
      return "unsupported";
    case StatusCode::kEngineError:
      return "engine error";
    case StatusCode::kIoError:
      return "i/o error";
    case StatusCode::kAuditFailed:
      return "audit failed";
    case StatusCode::kTestFailed:
      return "test failed";
    case StatusCode::kLockTimeout:
      return "lock timeout";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

Status::Status(StatusCode code, std::string message) {
  assert(code != StatusCode::kOk);
  state_ = std::make_unique<State>(State{code, std::move(message), {}, {}, {}});
}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  }
  return *this;
}

Status Status::Combine(std::vector<Status> errors) {
  std::erase_if(errors, [](const Status& s) { return s.ok(); });
  if (errors.empty()) {
    return Status::OK();
  }
  if (errors.size() == 1) {
    return std::move(errors.front());
  }
  Status combined(errors.front().code(), fmt::format("{} errors", errors.size()));
  combined.state_->errors = std::move(errors);
  return combined;
}

const std::vector<Status>& Status::errors() const { return ok() ? EmptyErrors() : state_->errors; }

const std::string& Status::message() const { return ok() ? EmptyString() : state_->message; }

const std::string& Status::hint() const { return ok() ? EmptyString() : state_->hint; }

const SourceLocation& Status::location() const { return ok() ? EmptyLocation() : state_->location; }

Status Status::WithLocation(SourceLocation location) const& {
  return Status(*this).WithLocation(std::move(location));
}

Status Status::WithLocation(SourceLocation location) && {
  assert(!ok());
  state_->location = std::move(location);
  return std::move(*this);
}

Status Status::WithHint(std::string hint) const& { return Status(*this).WithHint(std::move(hint)); }

Status Status::WithHint(std::string hint) && {
  assert(!ok());
  state_->hint = std::move(hint);
  return std::move(*this);
}

Status Status::WithContext(std::string_view context) const {
  assert(!ok());
  Status copy(*this);
  copy.state_->message = fmt::format("{}: {}", context, state_->message);
  return copy;
}

std::string Status::ToString(std::string_view severity) const {
  if (ok()) {
    return "OK";
  }
  if (!state_->errors.empty()) {
    std::string out;
    for (const Status& error : state_->errors) {
      out += error.ToString(severity);
      out += "\n\n";
    }
    return out + state_->message;
  }
  const SourceLocation& loc = state_->location;
  std::string out;
  if (!loc.file.empty()) {
    out += loc.file;
    if (loc.line > 0) {
      out += fmt::format(":{}", loc.line);
      if (loc.column > 0) {
        out += fmt::format(":{}", loc.column);
      }
    }
    out += ": ";
  }
  out += severity.empty() ? state_->message : fmt::format("{}: {}", severity, state_->message);
  if (!loc.line_text.empty() && loc.line > 0) {
    std::string number = std::to_string(loc.line);
    std::string gutter(number.size(), ' ');
    out += fmt::format("\n {} | {}", number, loc.line_text);
    if (loc.column > 0) {
      // Columns count code points; keep tabs so the caret lines up on a terminal.
      std::string pad;
      int seen = 0;
      for (char c : loc.line_text) {
        if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) {
          continue;  // a UTF-8 continuation byte
        }
        if (++seen >= loc.column) {
          break;
        }
        pad += c == '\t' ? '\t' : ' ';
      }
      out += fmt::format("\n {} | {}^", gutter, pad);
    }
  }
  if (!state_->hint.empty()) {
    out += fmt::format("\nhint: {}", state_->hint);
  }
  return out;
}

}  // namespace strata
