// libFuzzer target for the SQL tokenizer, parser and generator. Any input must come back as a
// value or an error, never a crash; and whatever parses and generates must parse back to an
// equal AST (a generator/parser disagreement aborts, so the fuzzer reports it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "sql/generator.h"
#include "sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto script = strata::sql::ParseScript(sql);
  if (!script.ok()) {
    (void)script.status().ToString();
    return 0;
  }
  // Compact, pretty, and pretty with the comments written back (the `strata format` style).
  for (int style = 0; style < 3; ++style) {
    for (auto dialect : {strata::sql::DialectKind::kDuckDb, strata::sql::DialectKind::kPostgres}) {
      strata::sql::GenerateOptions options;
      options.pretty = style > 0;
      options.comments = style == 2;
      options.dialect = dialect;
      auto text = strata::sql::GenerateScript(script->statements, options);
      if (!text.ok() || dialect != strata::sql::DialectKind::kDuckDb) {
        continue;
      }
      auto again = strata::sql::ParseScript(*text);
      if (!again.ok() || again->statements.size() != script->statements.size()) {
        std::fprintf(stderr, "generated SQL does not parse back:\n%s\n%s\n", text->c_str(),
                     again.ok() ? "statement count differs" : again.status().ToString().c_str());
        std::abort();
      }
      for (size_t i = 0; i < script->statements.size(); ++i) {
        if (!strata::sql::Equal(script->statements[i], again->statements[i])) {
          std::fprintf(stderr, "generated SQL parses to a different AST:\n%s\n", text->c_str());
          std::abort();
        }
      }
    }
  }
  return 0;
}
