// Offsets to lines and columns.
#include "jinja/source_text.h"

#include <algorithm>

#include "jinja/utf8.h"

namespace strata::jinja {

SourceText::SourceText(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

SourceLocation SourceText::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  uint32_t start = line_starts_[line_index];
  size_t end = text_.find('\n', start);
  if (end == std::string::npos) {
    end = text_.size();
  }
  SourceLocation location;
  location.file = name_;
  location.line = static_cast<int>(line_index) + 1;
  location.column =
      static_cast<int>(CodePointCount(std::string_view(text_).substr(start, offset - start))) + 1;
  location.line_text = text_.substr(start, end - start);
  return location;
}

Status SourceText::Error(uint32_t offset, std::string message) const {
  return Status::ParseError(std::move(message)).WithLocation(Locate(offset));
}

}  // namespace strata::jinja
