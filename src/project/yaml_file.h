// A YAML file of a project (external_models.yaml, tests/*.yaml) read for validation: yaml-cpp's
// exceptions are caught here and become errors with line and column, and problems found while
// walking the tree are reported at the node they concern.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/result.h"

namespace strata::project {

class YamlFile {
 public:
  // Reads and parses `root / relative`. Fails with a ParseError at the YAML syntax error, or a
  // ProjectError when the file cannot be read or is not text.
  static Result<YamlFile> Load(const std::filesystem::path& root,
                               const std::filesystem::path& relative);
  // Parses `text` as the file `relative` (for tests).
  static Result<YamlFile> Parse(const std::string& text, const std::filesystem::path& relative);

  const YAML::Node& root() const { return root_; }
  const std::filesystem::path& path() const { return path_; }

  // Where `node` is, with the line's text for a caret.
  SourceLocation At(const YAML::Node& node) const;
  // The location of 1-based `line` and `column`, with the line's text.
  SourceLocation At(int line, int column) const;
  // A ProjectError at `node`.
  Status Error(const YAML::Node& node, std::string message, std::string hint = "") const;
  // The node's scalar text; an empty optional (and an error appended) when it is not a scalar.
  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view what,
                                    std::vector<Status>* errors) const;

 private:
  std::filesystem::path path_;
  std::vector<std::string> lines_;
  YAML::Node root_;
};

}  // namespace strata::project
