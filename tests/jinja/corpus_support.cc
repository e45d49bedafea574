// Rendering corpus entries with strata's Jinja.
#include "corpus_support.h"

#include <fstream>
#include <map>
#include <sstream>

#include "jinja/environment.h"
#include "jinja/value_format.h"

namespace strata::jinja {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

Value FromJson(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return Value::None();
    case json::value_t::boolean:
      return Value::Bool(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return Value::Int(j.get<int64_t>());
    case json::value_t::number_float:
      return Value::Float(j.get<double>());
    case json::value_t::string:
      return Value::String(j.get<std::string>());
    case json::value_t::array: {
      std::vector<Value> items;
      for (const json& item : j) {
        items.push_back(FromJson(item));
      }
      return Value::List(std::move(items));
    }
    case json::value_t::object: {
      Value dict = Value::Dict();
      for (const auto& [key, value] : j.items()) {
        dict.as_dict()->SetString(key, FromJson(value));
      }
      return dict;
    }
    default:
      return Value::None();
  }
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Rendered RenderWithStrata(const std::string& name, const std::string& source, const json& spec) {
  Options options;
  const json opts = spec.contains("options") ? spec.at("options") : json::object();
  auto text = [&](const char* key, std::string* field) {
    if (opts.contains(key)) {
      *field = opts[key].get<std::string>();
    }
  };
  text("block_start_string", &options.syntax.block_start);
  text("block_end_string", &options.syntax.block_end);
  text("variable_start_string", &options.syntax.variable_start);
  text("variable_end_string", &options.syntax.variable_end);
  text("comment_start_string", &options.syntax.comment_start);
  text("comment_end_string", &options.syntax.comment_end);
  options.syntax.trim_blocks = opts.value("trim_blocks", false);
  options.syntax.lstrip_blocks = opts.value("lstrip_blocks", false);
  options.syntax.keep_trailing_newline = opts.value("keep_trailing_newline", false);
  std::string undefined = opts.value("undefined", "default");
  options.undefined = undefined == "strict"    ? UndefinedBehavior::kStrict
                      : undefined == "lenient" ? UndefinedBehavior::kLenient
                                               : UndefinedBehavior::kDefault;
  Environment env(options);
  env.AddFunction("ref", [](CallContext&, Arguments& args) -> Result<Value> {
    std::string out = "ref:";
    for (size_t i = 0; i < args.positional.size(); ++i) {
      if (i > 0) {
        out += '.';
      }
      out += Str(args.positional[i]);
    }
    return Value::String(out);
  });
  env.AddFunction("config",
                  [](CallContext&, Arguments&) -> Result<Value> { return Value::String(""); });
  env.AddFunction("is_incremental",
                  [](CallContext&, Arguments&) -> Result<Value> { return Value::Bool(true); });
  std::map<std::string, std::string> templates;
  if (spec.contains("templates")) {
    for (const auto& [key, value] : spec.at("templates").items()) {
      templates[key] = value.get<std::string>();
    }
  }
  env.SetLoader([templates](std::string_view template_name) -> Result<std::string> {
    auto it = templates.find(std::string(template_name));
    if (it == templates.end()) {
      return Status::NotFound("template '" + std::string(template_name) + "' not found");
    }
    return it->second;
  });
  Variables variables;
  if (spec.contains("context")) {
    for (const auto& [key, value] : spec.at("context").items()) {
      variables[key] = FromJson(value);
    }
  }
  Result<std::string> out = env.RenderString(source, name + ".jinja", variables);
  if (!out.ok()) {
    return {false, out.status().ToString()};
  }
  return {true, *out};
}

}  // namespace strata::jinja
