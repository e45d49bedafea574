// libFuzzer target for the Jinja engine: the input is a template (its first byte picks the
// options), parsed and rendered with a small context, a loader that serves the template itself
// (so include and import recurse), and a step limit. Any error is fine; a crash, a sanitizer
// report or a hang is not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jinja/environment.h"

namespace {

using strata::jinja::Value;

strata::jinja::Variables Context() {
  strata::jinja::Variables vars;
  Value dict = Value::Dict();
  dict.as_dict()->SetString("a", Value::Int(1));
  dict.as_dict()->SetString("b", Value::List({Value::String("x"), Value::Float(2.5)}));
  vars["d"] = dict;
  vars["items"] = Value::List({Value::Int(3), Value::Int(1), Value::Int(2)});
  vars["name"] = Value::String("h\xc3\xa9llo");
  vars["n"] = Value::Int(7);
  vars["none"] = Value::None();
  return vars;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  uint8_t flags = data[0];
  std::string source(reinterpret_cast<const char*>(data + 1), size - 1);
  strata::jinja::Options options;
  options.syntax.trim_blocks = (flags & 1) != 0;
  options.syntax.lstrip_blocks = (flags & 2) != 0;
  options.syntax.keep_trailing_newline = (flags & 4) != 0;
  options.undefined = (flags & 8) != 0    ? strata::jinja::UndefinedBehavior::kLenient
                      : (flags & 16) != 0 ? strata::jinja::UndefinedBehavior::kStrict
                                          : strata::jinja::UndefinedBehavior::kDefault;
  options.max_steps = 2000;
  strata::jinja::Environment env(options);
  env.SetLoader([source](std::string_view) -> strata::Result<std::string> { return source; });
  static const strata::jinja::Variables vars = Context();
  strata::Result<std::string> out = env.RenderString(source, "fuzz.jinja", vars);
  if (!out.ok()) {
    (void)out.status().ToString();  // formatting the error must not crash either
  }
  return 0;
}
