// RenderAudit: the audit's query (built-in template or custom query) expanded with the call's
// arguments as macro variables.
#include "project/audit_render.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "base/text.h"
#include "base/time.h"
#include "macro/expand_macros.h"
#include "macro/time_variables.h"
#include "project/builtin_audits.h"
#include "project/variables.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace strata::project {

namespace {

// Arguments every audit takes besides its own.
bool IsCommonArgument(std::string_view name) { return name == "blocking" || name == "condition"; }

// The call as the model wrote it, normalized: `not_null(columns := (a, b))`.
std::string CallText(const AuditCall& call) {
  if (call.arguments.empty()) {
    return call.name;
  }
  std::vector<std::string> arguments;
  for (const auto& [name, value] : call.arguments) {
    Result<std::string> text = value != nullptr ? sql::Generate(value) : Result<std::string>("");
    arguments.push_back(fmt::format("{} := {}", name, text.ok() ? *text : "?"));
  }
  return fmt::format("{}({})", call.name, Join(arguments, ", "));
}

Status CallError(const Model& model, const AuditCall& call, std::string message,
                 std::string hint = "") {
  return ErrorAtSpan(model.source, model.origin.file.string(), call.span, std::move(message),
                     std::move(hint));
}

// An error at the `index`-th argument of `call` (at the call when its place is not known).
Status ArgumentError(const Model& model, const AuditCall& call, size_t index, std::string message,
                     std::string hint = "") {
  const sql::Span span = index < call.argument_spans.size() && call.argument_spans[index].length > 0
                             ? call.argument_spans[index]
                             : call.span;
  return ErrorAtSpan(model.source, model.origin.file.string(), span, std::move(message),
                     std::move(hint));
}

std::string ArgumentList(const BuiltInAudit& audit) {
  std::vector<std::string> names;
  for (std::string_view name : audit.required) {
    names.emplace_back(name);
  }
  for (const auto& [name, value] : audit.optional) {
    names.push_back(fmt::format("{} (default {})", name, value));
  }
  names.emplace_back("blocking");
  names.emplace_back("condition");
  return Join(names, ", ");
}

// The problems of `call`'s arguments against the built-in `audit`.
std::vector<Status> ArgumentErrors(const Model& model, const AuditCall& call,
                                   const BuiltInAudit& audit) {
  std::vector<Status> errors;
  for (std::string_view required : audit.required) {
    const bool given =
        std::any_of(call.arguments.begin(), call.arguments.end(),
                    [&](const auto& argument) { return argument.first == required; });
    if (!given) {
      errors.push_back(CallError(model, call,
                                 fmt::format("audit {} needs the argument {}", call.name, required),
                                 fmt::format("write {}({} := ...); it takes: {}", call.name,
                                             required, ArgumentList(audit))));
    }
  }
  for (size_t index = 0; index < call.arguments.size(); ++index) {
    const auto& [name, value] = call.arguments[index];
    const bool known =
        IsCommonArgument(name) ||
        std::find(audit.required.begin(), audit.required.end(), name) != audit.required.end() ||
        std::any_of(audit.optional.begin(), audit.optional.end(),
                    [&](const auto& optional) { return optional.first == name; });
    if (!known) {
      errors.push_back(ArgumentError(model, call, index,
                                     fmt::format("audit {} takes no argument {}", call.name, name),
                                     fmt::format("it takes: {}", ArgumentList(audit))));
    }
    if (value != nullptr &&
        (value->kind == sql::NodeKind::kRow || value->kind == sql::NodeKind::kArray) &&
        value->slot_count == 0) {
      errors.push_back(ArgumentError(model, call, index,
                                     fmt::format("audit {}: {} is an empty list", call.name, name),
                                     fmt::format("list at least one item: {} := (a, b)", name)));
    }
    if (name == "blocking" && (value == nullptr || value->kind != sql::NodeKind::kLiteral ||
                               (value->literal != sql::LiteralKind::kTrue &&
                                value->literal != sql::LiteralKind::kFalse))) {
      errors.push_back(ArgumentError(model, call, index, "blocking must be true or false"));
    }
  }
  return errors;
}

// Replaces the location of a macro error inside a built-in template (which the user never wrote)
// with the call's.
Status AtCall(const Model& model, const AuditCall& call, const Status& error) {
  return CallError(
      model, call,
      fmt::format("audit {} of {} does not render: {}", call.name, model.name, error.message()),
      error.hint());
}

}  // namespace

void CheckAuditArguments(const Project& project, const Model& model, std::vector<Status>* errors) {
  // Every call is rendered once, for the first day of 1970, whose time variables are formatted
  // once per process.
  static const TimeVariables kFirstDay(0, kMicrosPerDay, kMicrosPerDay);
  AuditRenderOptions options;
  options.start = 0;
  options.end = kMicrosPerDay;
  options.execution_time = kMicrosPerDay;
  options.this_model = model.name;
  options.time_variables = &kFirstDay;
  for (const AuditCall& call : model.audits) {
    if (const Audit* custom = project.FindAudit(model, call.name)) {
      // A custom audit's parameters are the macro variables of its query: render it once for a
      // day, so that an argument the call leaves out (and the audit has no default for) is an
      // error when the project loads, not when the audit first runs.
      if (!custom->skip) {
        Result<RenderedAudit> rendered = RenderAudit(project, model, call, options);
        if (!rendered.ok()) {
          const std::string message = rendered.status().message();
          const size_t at = message.find("unknown macro variable @");
          if (at == std::string::npos) {
            errors->push_back(rendered.status());
            continue;
          }
          std::string name = message.substr(at + 24);
          name = name.substr(0, name.find_first_of(" \n,;"));
          errors->push_back(rendered.status().WithHint(
              fmt::format("pass it in the call, {}({} := ...), or give the audit a default: "
                          "defaults ({} = ...)",
                          call.name, name, name)));
        }
      }
      continue;
    }
    if (const BuiltInAudit* audit = FindBuiltInAudit(call.name)) {
      std::vector<Status> problems = ArgumentErrors(model, call, *audit);
      if (problems.empty()) {
        // Render it once, so that an argument the template cannot use fails now.
        Result<RenderedAudit> rendered = RenderAudit(project, model, call, options);
        if (!rendered.ok()) {
          problems.push_back(rendered.status());
        }
      }
      for (Status& error : problems) {
        errors->push_back(std::move(error));
      }
    }
  }
}

Result<RenderedAudit> RenderAudit(const Project& project, const Model& model, const AuditCall& call,
                                  const AuditRenderOptions& options) {
  RenderedAudit out;
  out.name = call.name;
  out.shown = CallText(call);
  out.arena = std::make_shared<sql::Arena>();
  sql::Arena* arena = out.arena.get();

  const Audit* custom = project.FindAudit(model, call.name);
  const BuiltInAudit* builtin = custom == nullptr ? FindBuiltInAudit(call.name) : nullptr;
  if (custom == nullptr && builtin == nullptr) {
    return CallError(model, call, fmt::format("unknown audit {}", call.name),
                     "use a built-in audit (docs/audits.md) or define it in audits/");
  }

  macro::MacroContext context;
  context.variables = VariableNodes(project.config, arena);
  std::unique_ptr<sql::ParsedScript> template_script;
  const sql::Node* query = nullptr;
  if (builtin != nullptr) {
    std::vector<Status> errors = ArgumentErrors(model, call, *builtin);
    if (!errors.empty()) {
      return Status::Combine(std::move(errors));
    }
    bool non_blocking = false;
    StripNonBlocking(call.name, &non_blocking);
    out.blocking = !non_blocking;
    for (const auto& [name, value] : builtin->optional) {
      Result<sql::Node*> node = sql::ParseExpression(value, arena);
      if (!node.ok()) {
        return node.status().WithContext(fmt::format("default of {}", name));
      }
      context.variables[std::string(name)] = *node;
    }
    Result<sql::ParsedScript> parsed = sql::ParseOneStatement(builtin->QueryFor(options.dialect));
    if (!parsed.ok()) {
      return AtCall(model, call, parsed.status());
    }
    template_script = std::make_unique<sql::ParsedScript>(std::move(*parsed));
    query = template_script->statements[0];
    context.source = template_script->source;
    context.file_name = "<built-in audit>";
  } else {
    out.blocking = custom->blocking;
    for (const auto& [name, value] : custom->defaults) {
      context.variables[name] = const_cast<sql::Node*>(value);
    }
    query = custom->query;
    context.source = custom->source;
    context.file_name = "";
  }
  for (const auto& [name, value] : call.arguments) {
    if (name == "blocking") {
      if (value != nullptr && value->kind == sql::NodeKind::kLiteral &&
          (value->literal == sql::LiteralKind::kTrue ||
           value->literal == sql::LiteralKind::kFalse)) {
        out.blocking = value->literal == sql::LiteralKind::kTrue;
      } else {
        return CallError(model, call, "blocking must be true or false");
      }
      continue;
    }
    if (name == "condition") {
      continue;
    }
    context.variables[name] = const_cast<sql::Node*>(value);
  }

  std::optional<TimeVariables> time;
  if (options.time_variables == nullptr) {
    time.emplace(options.start, options.end, options.execution_time);
  }
  context.time = options.time_variables != nullptr ? options.time_variables : &*time;
  context.this_model = options.this_model;
  context.gateway = model.gateway.empty() ? project.config.default_gateway : model.gateway;
  context.dialect = options.dialect;
  const std::string file_name = custom != nullptr ? custom->file.string() : "<built-in audit>";
  context.file_name = file_name;

  Result<sql::Node*> expanded =
      macro::ExpandMacrosIn(const_cast<sql::Node*>(query), context, arena);
  if (!expanded.ok()) {
    if (custom != nullptr) {
      return expanded.status().WithContext(fmt::format("audit {} called by {} ({}:{})", call.name,
                                                       model.name, model.origin.file.string(),
                                                       call.span.line));
    }
    return AtCall(model, call, expanded.status());
  }
  out.query = *expanded;
  if (options.table_mapping) {
    sql::RewriteTables(out.query, options.table_mapping, arena);
  }
  for (const auto& [name, value] : call.arguments) {
    if (name != "condition") {
      continue;
    }
    macro::MacroContext condition_context = context;
    condition_context.source = model.source;
    const std::string model_file = model.origin.file.string();
    condition_context.file_name = model_file;
    Result<sql::Node*> condition =
        macro::ExpandMacrosIn(const_cast<sql::Node*>(value), condition_context, arena);
    if (!condition.ok()) {
      return condition.status();
    }
    out.condition = *condition;
  }
  return out;
}

}  // namespace strata::project
