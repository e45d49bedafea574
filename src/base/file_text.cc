#include "base/file_text.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace strata {

Result<std::string> ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(fmt::format("cannot read {}", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Status::IoError(fmt::format("cannot read {}", path.string()));
  }
  return text.str();
}

}  // namespace strata
