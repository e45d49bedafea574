// The projects `strata init` writes (DESIGN.md §8): `empty` (a config.yaml and the usual folders)
// and `orders` (examples/orders, embedded in the binary at build time by cmake/embed_files.cmake).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace strata::cli {

// One file of a template: its path relative to the project folder and its bytes.
struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

// The files of template `name` ("empty" or "orders"); fails with InvalidArgument naming the
// templates for another name.
Result<std::span<const EmbeddedFile>> TemplateFiles(std::string_view name);

// The folders every project has (models, seeds, audits, tests), created even when empty.
std::span<const std::string_view> ProjectFolders();

// Writes `files` under `dir` (created when missing), and the ProjectFolders(). Refuses, before
// writing anything, when any of the files exists: AlreadyExists naming them. Fails with IoError
// when a file cannot be written.
Status WriteTemplate(const std::filesystem::path& dir, std::span<const EmbeddedFile> files);

}  // namespace strata::cli
