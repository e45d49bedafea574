// The canonical style of model files (`strata format`): the MODEL header with one property per
// line (long lists one item per line), keywords upper-case, then each statement pretty-printed by
// the SQL generator, `;`-terminated. Comments survive: comments in the header stay on the line of
// the property they follow or precede; comments in SQL go before the node they preceded.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace strata::project {

// Returns `text` (a model file called `file`) in the canonical style. Formatting is
// idempotent. Fails with the parse error when the file does not parse, and with an Internal
// error when the formatted text would not parse back to the same header, statements and
// comments (then the file is left as it is).
Result<std::string> FormatModelFile(std::string_view text, std::string_view file);

}  // namespace strata::project
