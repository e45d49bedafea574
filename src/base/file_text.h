// Reading a whole file as text.
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"

namespace strata {

// The bytes of `path`; an IoError naming it when it cannot be opened or read.
Result<std::string> ReadFileText(const std::filesystem::path& path);

}  // namespace strata
