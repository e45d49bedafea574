// The Jinja lexer: splits a template into text and tag tokens with Jinja2's whitespace rules
// (`{%-`/`-%}` strip all whitespace on that side, `+` keeps it, `trim_blocks` drops the newline
// after a block or comment tag, `lstrip_blocks` drops spaces and tabs before one on its line),
// `{% raw %}` blocks and comments, with configurable delimiters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jinja/source_text.h"
#include "jinja/token.h"

namespace strata::jinja {

struct Syntax {
  std::string block_start = "{%";
  std::string block_end = "%}";
  std::string variable_start = "{{";
  std::string variable_end = "}}";
  std::string comment_start = "{#";
  std::string comment_end = "#}";
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
};

// `source` with every \r\n and \r turned into \n and, unless keep_trailing_newline, one trailing
// newline removed: the text that token offsets refer to.
std::string NormalizeSource(std::string_view source, const Syntax& syntax);

// The tokens of `source` (whose text NormalizeSource made), ending with kEof. Fails with a parse
// error at the offending place for an unterminated comment or raw block, an unbalanced bracket,
// an unknown character or a bad string escape.
Result<std::vector<Token>> Tokenize(const SourceText& source, const Syntax& syntax);

}  // namespace strata::jinja
