#include "dbt/macro_index.h"

#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "base/file_text.h"

#include "dbt/builtin_macros.h"

namespace strata::dbt {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::string TestBlocksAsMacros(std::string_view source) {
  static const std::regex kTest(R"((\{%[-+]?\s*)test(\s+)([A-Za-z_]\w*))");
  static const std::regex kEndTest(R"((\{%[-+]?\s*)endtest\b)");
  std::string out = std::regex_replace(std::string(source), kTest, "$1macro$2test_$3");
  return std::regex_replace(out, kEndTest, "$1endmacro");
}

Status MacroIndex::AddPackage(const std::string& name, const fs::path& root,
                              const std::vector<std::string>& macro_paths) {
  static const std::regex kHeader(R"(\{%[-+]?\s*(macro|test)\s+([A-Za-z_]\w*)\s*\()");
  MacroPackage package{name, root, {}};
  for (const std::string& macro_path : macro_paths) {
    const fs::path dir = root / macro_path;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      STRATA_ASSIGN_OR_RETURN(std::string text, ReadFileText(file));
      const std::string relative = fs::relative(file, root).generic_string();
      for (std::sregex_iterator it(text.begin(), text.end(), kHeader), end; it != end; ++it) {
        const std::string macro = (*it)[1] == "test" ? "test_" + (*it)[2].str() : (*it)[2].str();
        package.macros.emplace(macro, relative);
      }
    }
  }
  packages_.push_back(std::move(package));
  return Status::OK();
}

void MacroIndex::AddBuiltins() {
  static const std::regex kHeader(R"(\{%[-+]?\s*macro\s+([A-Za-z_]\w*)\s*\()");
  MacroPackage package{std::string(kBuiltinPackage), {}, {}};
  for (const BuiltinMacroFile& file : BuiltinMacroFiles()) {
    const std::string text(file.source);
    for (std::sregex_iterator it(text.begin(), text.end(), kHeader), end; it != end; ++it) {
      package.macros.emplace((*it)[1].str(), std::string(file.name));
    }
  }
  packages_.push_back(std::move(package));
}

const MacroPackage* MacroIndex::Package(std::string_view name) const {
  for (const MacroPackage& package : packages_) {
    if (package.name == name) {
      return &package;
    }
  }
  return nullptr;
}

std::optional<std::string> MacroIndex::Find(std::string_view package_name,
                                            std::string_view macro) const {
  const MacroPackage* package = Package(package_name);
  if (package == nullptr) {
    return std::nullopt;
  }
  auto it = package->macros.find(std::string(macro));
  if (it == package->macros.end()) {
    return std::nullopt;
  }
  return package->name + "/" + it->second;
}

Result<std::string> MacroIndex::Load(std::string_view template_name) const {
  const size_t slash = template_name.find('/');
  const MacroPackage* package =
      slash == std::string_view::npos ? nullptr : Package(template_name.substr(0, slash));
  if (package == nullptr) {
    return Status::NotFound(fmt::format("no template {}", template_name));
  }
  if (package->name == kBuiltinPackage) {
    for (const BuiltinMacroFile& file : BuiltinMacroFiles()) {
      if (file.name == template_name.substr(slash + 1)) {
        return std::string(file.source);
      }
    }
    return Status::NotFound(fmt::format("no template {}", template_name));
  }
  STRATA_ASSIGN_OR_RETURN(
      std::string text, ReadFileText(package->root / std::string(template_name.substr(slash + 1))));
  return TestBlocksAsMacros(text);
}

size_t MacroIndex::UserMacroCount() const {
  size_t count = 0;
  for (const MacroPackage& package : packages_) {
    if (package.name != kBuiltinPackage) {
      count += package.macros.size();
    }
  }
  return count;
}

}  // namespace strata::dbt
