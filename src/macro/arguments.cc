// Macro argument binding (see arguments.h).
#include "macro/arguments.h"

#include <algorithm>

#include "base/text.h"

namespace strata::macro {

namespace {

struct Parameter {
  std::vector<std::string_view> names;  // first is the documented one
};

std::vector<Parameter> ParseParameters(std::string_view parameters, bool* variadic) {
  std::vector<Parameter> out;
  *variadic = false;
  for (std::string_view piece : Split(parameters, ',')) {
    piece = Trim(piece);
    if (piece.empty()) {
      continue;
    }
    if (piece.size() > 3 && piece.substr(piece.size() - 3) == "...") {
      *variadic = true;
      piece = piece.substr(0, piece.size() - 3);
    }
    Parameter parameter;
    for (std::string_view name : Split(piece, '|')) {
      parameter.names.push_back(Trim(name));
    }
    out.push_back(std::move(parameter));
  }
  return out;
}

}  // namespace

std::string SignatureText(const Signature& signature) {
  bool variadic = false;
  std::vector<Parameter> parameters = ParseParameters(signature.parameters, &variadic);
  std::string out = std::string("@") + std::string(signature.name) + "(";
  for (size_t i = 0; i < parameters.size(); ++i) {
    bool optional = static_cast<int>(i) >= signature.required;
    if (optional) {
      out += "[";
    }
    if (i > 0) {
      out += ", ";
    }
    out += parameters[i].names[0];
    if (variadic && i + 1 == parameters.size()) {
      out += "...";
    }
  }
  for (size_t i = parameters.size(); i > 0; --i) {
    if (static_cast<int>(i - 1) >= signature.required) {
      out += "]";
    }
  }
  out += ")";
  return out;
}

Result<std::vector<const sql::Node*>> BindArguments(const Evaluator& evaluator,
                                                    const sql::Node* call,
                                                    const Signature& signature) {
  bool variadic = false;
  std::vector<Parameter> parameters = ParseParameters(signature.parameters, &variadic);
  const size_t fixed = variadic ? parameters.size() - 1 : parameters.size();
  std::vector<const sql::Node*> bound(fixed, nullptr);
  std::vector<const sql::Node*> rest;
  std::vector<bool> given(parameters.size(), false);
  bool seen_named = false;
  size_t positional = 0;
  auto arity_error = [&](std::string what) {
    return evaluator.Error(call, std::string("@") + std::string(signature.name) + " " + what,
                           std::string("the signature is ") + SignatureText(signature));
  };
  for (uint32_t i = 0; i < call->slot_count; ++i) {
    const sql::Node* arg = call->slot(i);
    if (arg->kind == sql::NodeKind::kNamedArg) {
      seen_named = true;
      size_t index = parameters.size();
      for (size_t p = 0; p < parameters.size() && index == parameters.size(); ++p) {
        for (std::string_view name : parameters[p].names) {
          if (EqualsIgnoreCase(name, arg->text)) {
            index = p;
            break;
          }
        }
      }
      if (index == parameters.size()) {
        std::vector<std::string_view> names;
        for (const Parameter& p : parameters) {
          names.insert(names.end(), p.names.begin(), p.names.end());
        }
        std::string nearest = NearestName(arg->text, names);
        return evaluator.Error(arg,
                               std::string("@") + std::string(signature.name) +
                                   " has no parameter named " + std::string(arg->text),
                               nearest.empty()
                                   ? std::string("the signature is ") + SignatureText(signature)
                                   : std::string("did you mean ") + nearest + "?");
      }
      if (given[index]) {
        return evaluator.Error(arg, std::string("@") + std::string(signature.name) +
                                        ": parameter " + std::string(parameters[index].names[0]) +
                                        " is given twice");
      }
      given[index] = true;
      if (index < fixed) {
        bound[index] = arg->slot(0);
      } else {
        rest.push_back(arg->slot(0));
      }
      continue;
    }
    if (seen_named) {
      return evaluator.Error(arg, "a positional argument cannot follow a named argument",
                             "name it, or move it before the named arguments");
    }
    if (positional < fixed) {
      bound[positional] = arg;
      given[positional] = true;
    } else if (variadic) {
      rest.push_back(arg);
      given[fixed] = true;
    } else {
      return arity_error(std::string("takes at most ") + std::to_string(fixed) + " argument" +
                         (fixed == 1 ? "" : "s") + ", got " + std::to_string(call->slot_count));
    }
    ++positional;
  }
  const int required = std::min<int>(signature.required, static_cast<int>(parameters.size()));
  for (int p = 0; p < required; ++p) {
    if (!given[static_cast<size_t>(p)]) {
      return arity_error(std::string("is missing its ") +
                         std::string(parameters[static_cast<size_t>(p)].names[0]) + " argument");
    }
  }
  bound.insert(bound.end(), rest.begin(), rest.end());
  return bound;
}

}  // namespace strata::macro
