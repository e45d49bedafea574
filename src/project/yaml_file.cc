// Reading project YAML files with located errors.
#include "project/yaml_file.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::project {

Result<YamlFile> YamlFile::Load(const std::filesystem::path& root,
                                const std::filesystem::path& relative) {
  std::ifstream in(root / relative, std::ios::binary);
  if (!in) {
    return Status::ProjectError(fmt::format("cannot read {}", relative.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), relative);
}

Result<YamlFile> YamlFile::Parse(const std::string& text, const std::filesystem::path& relative) {
  YamlFile file;
  file.path_ = relative;
  for (std::string_view line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    file.lines_.emplace_back(line);
  }
  const size_t bad = std::min(text.find('\0'), FindInvalidUtf8(text));
  if (bad != std::string::npos) {
    int line = 1;
    for (size_t i = 0; i < bad; ++i) {
      line += text[i] == '\n' ? 1 : 0;
    }
    SourceLocation location{relative.string(), line, 1, ""};
    return Status::ParseError(text.find('\0') == bad
                                  ? "the file contains a NUL byte (is it a binary file?)"
                                  : "the file is not valid UTF-8 text")
        .WithLocation(std::move(location))
        .WithHint("YAML files are UTF-8 text");
  }
  try {
    file.root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation location{relative.string(), 0, 0, ""};
    if (!e.mark.is_null()) {
      location = file.At(0, 0);
      location.line = e.mark.line + 1;
      location.column = e.mark.column + 1;
      if (location.line >= 1 && location.line <= static_cast<int>(file.lines_.size())) {
        location.line_text = file.lines_[location.line - 1];
      }
    }
    return Status::ParseError(fmt::format("invalid YAML: {}", e.msg))
        .WithLocation(std::move(location))
        .WithHint("check the indentation and quoting around this line");
  }
  return file;
}

SourceLocation YamlFile::At(int line, int column) const {
  SourceLocation location{path_.string(), line, column, ""};
  if (line >= 1 && line <= static_cast<int>(lines_.size())) {
    location.line_text = lines_[line - 1];
  }
  return location;
}

SourceLocation YamlFile::At(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return At(0, 0);
  }
  return At(mark.line + 1, mark.column + 1);
}

Status YamlFile::Error(const YAML::Node& node, std::string message, std::string hint) const {
  Status status = Status::ProjectError(std::move(message)).WithLocation(At(node));
  return hint.empty() ? status : std::move(status).WithHint(std::move(hint));
}

std::optional<std::string> YamlFile::Scalar(const YAML::Node& node, std::string_view what,
                                            std::vector<Status>* errors) const {
  if (!node.IsScalar()) {
    errors->push_back(Error(node, fmt::format("{} must be a single value", what)));
    return std::nullopt;
  }
  return node.Scalar();
}

}  // namespace strata::project
