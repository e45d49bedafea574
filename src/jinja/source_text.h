// A template's text with its name, and the mapping from byte offsets to the line and column a
// user sees (for error locations with a caret).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace strata::jinja {

class SourceText {
 public:
  SourceText(std::string name, std::string text);
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // The file, 1-based line and column (in code points) and line text at `offset`.
  SourceLocation Locate(uint32_t offset) const;
  // A parse error at `offset`.
  Status Error(uint32_t offset, std::string message) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace strata::jinja
