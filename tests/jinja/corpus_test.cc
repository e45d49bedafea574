// The differential corpus: every tests/jinja/corpus/NAME.jinja is rendered by strata's Jinja and
// by Python's Jinja2 (render_jinja2.py, configured as dbt configures it), and the outputs must be
// equal byte for byte; where Jinja2 fails, strata must fail too.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corpus_support.h"
#include "source_paths.h"
#include "support/run_command.h"

namespace strata::jinja {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string Python() {
  if (const char* configured = std::getenv("STRATA_JINJA_PYTHON")) {
    return configured;
  }
  // Debian's python3 has python3-jinja2 (scripts/install-deps installs it).
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == ' ') {
      out += "·";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

TEST(JinjaCorpus, MatchesPythonJinja2ByteForByte) {
  fs::path corpus = fs::path(STRATA_SOURCE_DIR) / "tests" / "jinja" / "corpus";
  fs::path script = fs::path(STRATA_SOURCE_DIR) / "tests" / "jinja" / "render_jinja2.py";
  testing::CommandResult python = testing::RunCommand({Python(), script.string(), corpus.string()});
  ASSERT_EQ(python.exit_code, 0)
      << "Python's Jinja2 did not run (install python3-jinja2: scripts/install-deps)\n"
      << python.err;
  json reference = json::parse(python.out);
  size_t compared = 0;
  size_t failed = 0;
  for (const auto& [name, expected] : reference.items()) {
    std::string source = ReadFile(corpus / (name + ".jinja"));
    json spec = json::object();
    if (fs::exists(corpus / (name + ".json"))) {
      spec = json::parse(ReadFile(corpus / (name + ".json")));
    }
    Rendered got = RenderWithStrata(name, source, spec);
    ++compared;
    if (expected.contains("error")) {
      if (got.ok) {
        ++failed;
        ADD_FAILURE() << name << ": Jinja2 fails (" << expected["error"].get<std::string>()
                      << ") but strata renders:\n"
                      << Escaped(got.text);
      }
      continue;
    }
    std::string want = expected["output"].get<std::string>();
    if (!got.ok) {
      ++failed;
      ADD_FAILURE() << name << ": strata fails but Jinja2 renders:\n"
                    << Escaped(want) << "\nstrata: " << got.text;
    } else if (got.text != want) {
      ++failed;
      ADD_FAILURE() << name << ": outputs differ\n--- Jinja2\n"
                    << Escaped(want) << "\n--- strata\n"
                    << Escaped(got.text);
    }
  }
  EXPECT_GE(compared, 100u) << "the corpus is smaller than expected";
  std::cout << compared << " templates compared, " << failed << " differ\n";
}

}  // namespace
}  // namespace strata::jinja
