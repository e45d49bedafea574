// The error corpus: every tests/jinja/errors/NAME.jinja must fail to render, and the error as a
// user sees it (file, line, column, the line with a caret, the hint, the macro call chain) must
// equal NAME.expected. STRATA_JINJA_UPDATE_ERRORS=1 rewrites the .expected files.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corpus_support.h"
#include "source_paths.h"

namespace strata::jinja {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

TEST(JinjaErrorCorpus, ErrorsNameTheirPlaceAndCause) {
  fs::path dir = fs::path(STRATA_SOURCE_DIR) / "tests" / "jinja" / "errors";
  bool update = std::getenv("STRATA_JINJA_UPDATE_ERRORS") != nullptr;
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".jinja") {
      continue;
    }
    std::string name = entry.path().stem().string();
    json spec = json::object();
    fs::path spec_path = dir / (name + ".json");
    if (fs::exists(spec_path)) {
      spec = json::parse(ReadFile(spec_path));
    }
    Rendered got = RenderWithStrata(name, ReadFile(entry.path()), spec);
    ++checked;
    if (got.ok) {
      ADD_FAILURE() << name << ": renders without error:\n" << got.text;
      continue;
    }
    fs::path expected_path = dir / (name + ".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << got.text << "\n";
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << name << ": no .expected file; got:\n" << got.text;
    std::string expected = ReadFile(expected_path);
    if (!expected.empty() && expected.back() == '\n') {
      expected.pop_back();
    }
    EXPECT_EQ(got.text, expected) << name;
  }
  EXPECT_GE(checked, 15u);
}

}  // namespace
}  // namespace strata::jinja
