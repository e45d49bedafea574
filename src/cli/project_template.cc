// The templates of `strata init` and writing them without overwriting anything.
#include "cli/project_template.h"

#include <fmt/format.h>

#include <fstream>
#include <string>
#include <system_error>

#include "base/text.h"

namespace strata::cli {

// Defined by the generated orders_template.cc.
extern const EmbeddedFile kOrdersTemplate[];
extern const size_t kOrdersTemplateCount;

namespace {

constexpr EmbeddedFile kEmptyTemplate[] = {
    {"config.yaml",
     "# A strata project: models go in models/, CSV files for SEED models in seeds/.\n"
     "gateways:\n"
     "  local:\n"
     "    connection:\n"
     "      type: duckdb\n"
     "      database: db.duckdb\n"
     "default_gateway: local\n"
     "model_defaults:\n"
     "  dialect: duckdb\n"},
};

constexpr std::string_view kFolders[] = {"models", "seeds", "audits", "tests"};

}  // namespace

Result<std::span<const EmbeddedFile>> TemplateFiles(std::string_view name) {
  if (name == "empty") {
    return std::span<const EmbeddedFile>(kEmptyTemplate);
  }
  if (name == "orders") {
    return std::span<const EmbeddedFile>(kOrdersTemplate, kOrdersTemplateCount);
  }
  return Status::InvalidArgument(fmt::format("there is no project template '{}'", name))
      .WithHint("--template empty or --template orders");
}

std::span<const std::string_view> ProjectFolders() { return kFolders; }

Status WriteTemplate(const std::filesystem::path& dir, std::span<const EmbeddedFile> files) {
  std::vector<std::string> existing;
  for (const EmbeddedFile& file : files) {
    std::error_code error;
    if (std::filesystem::exists(dir / file.path, error) || error) {
      existing.push_back((dir / file.path).string());
    }
  }
  if (!existing.empty()) {
    return Status::AlreadyExists(
               fmt::format("{}: {}",
                           existing.size() == 1 ? "a file already exists" : "files already exist",
                           Join(existing, ", ")))
        .WithHint("init writes only new files: choose an empty folder, or move these away");
  }
  std::error_code error;
  for (std::string_view folder : kFolders) {
    std::filesystem::create_directories(dir / folder, error);
    if (error) {
      return Status::IoError(
          fmt::format("cannot create {}: {}", (dir / folder).string(), error.message()));
    }
  }
  for (const EmbeddedFile& file : files) {
    const std::filesystem::path path = dir / file.path;
    std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream out(path, std::ios::binary);
    out.write(file.contents.data(), static_cast<std::streamsize>(file.contents.size()));
    out.close();
    if (error || !out) {
      return Status::IoError(fmt::format("cannot write {}", path.string()));
    }
  }
  return Status::OK();
}

}  // namespace strata::cli
