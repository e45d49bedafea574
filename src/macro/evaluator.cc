// The macro evaluator (see evaluator.h): the tree walk, variables, identifier interpolation,
// lambdas, conditional clauses, and statements kept as opaque text.
#include "macro/evaluator.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>
#include <optional>

#include "base/text.h"
#include "macro/builtin_functions.h"
#include "macro/constant_folding.h"
#include "sql/generator.h"
#include "sql/parser.h"
#include "sql/tokenizer.h"

namespace strata::macro {

using sql::Node;
using sql::NodeKind;

// Counts one macro call or lambda application for its duration, and remembers located calls so
// that errors in generated SQL point at the macro call that generated it.
class CallGuard {
 public:
  CallGuard(Evaluator* evaluator, const Node* call) : evaluator_(evaluator) {
    ++evaluator_->depth_;
    ++evaluator_->steps_;
    pushed_ = call != nullptr && call->span.line != 0;
    if (pushed_) {
      evaluator_->located_calls_.push_back(call);
    }
  }
  ~CallGuard() {
    --evaluator_->depth_;
    if (pushed_) {
      evaluator_->located_calls_.pop_back();
    }
  }
  CallGuard(const CallGuard&) = delete;
  CallGuard& operator=(const CallGuard&) = delete;

  Status Check(const Node* call) const {
    if (evaluator_->depth_ > kMaxMacroDepth) {
      return evaluator_->Error(
          call, std::string("macros nest deeper than ") + std::to_string(kMaxMacroDepth) + " calls",
          "a function defined with @DEF probably calls itself");
    }
    if (evaluator_->steps_ > kMaxMacroSteps) {
      return evaluator_->Error(call, std::string("macro expansion is too large (over ") +
                                         std::to_string(kMaxMacroSteps) + " macro calls)");
    }
    return Status::OK();
  }

 private:
  Evaluator* evaluator_;
  bool pushed_ = false;
};

namespace {

constexpr int kMaxTreeDepth = 1000;

constexpr std::array<std::string_view, 3> kTimePrefixes = {"start", "end", "execution"};
constexpr std::array<std::string_view, 9> kTimeSuffixes = {"dt",   "dtntz", "date",  "ds",    "ts",
                                                           "tstz", "hour",  "epoch", "millis"};

// Slots of `kind` from `index` on that hold a list of items, where a macro producing several
// nodes (or none) splices them in.
bool IsListSlot(NodeKind kind, size_t index) {
  switch (kind) {
    case NodeKind::kList:
    case NodeKind::kArray:
    case NodeKind::kRow:
    case NodeKind::kGroupBy:
    case NodeKind::kGroupingSets:
    case NodeKind::kRollup:
    case NodeKind::kCube:
    case NodeKind::kValues:
    case NodeKind::kUsing:
    case NodeKind::kStruct:
    case NodeKind::kTableAlias:
    case NodeKind::kUpdateSet:
    case NodeKind::kMacroCall:
      return true;
    case NodeKind::kIn:
    case NodeKind::kMethodCall:
      return index >= 1;
    case NodeKind::kCase:
      return index >= 2;
    default:
      return false;
  }
}

// Optional slots that a macro producing nothing may leave empty (WHERE @IF(FALSE, x)).
bool AllowsEmptySlot(NodeKind kind, size_t index) {
  switch (kind) {
    case NodeKind::kSelect:
      return index != sql::kSelectItems;
    case NodeKind::kSetOp:
      return index == 0 || index >= 3;
    case NodeKind::kQueryParen:
      return index != 1;
    case NodeKind::kJoin:
      return index == 2;
    case NodeKind::kDelete:
      return index >= 1;
    case NodeKind::kUpdate:
      return index >= 2;
    default:
      return false;
  }
}

// Kinds whose `text` is a name that may carry macros (t_@{suffix}, AS col_@x).
bool HasNameText(NodeKind kind) {
  switch (kind) {
    case NodeKind::kIdentifier:
    case NodeKind::kAlias:
    case NodeKind::kTableAlias:
    case NodeKind::kCte:
    case NodeKind::kColumnDef:
    case NodeKind::kNamedWindow:
    case NodeKind::kFieldAccess:
    case NodeKind::kStructField:
    case NodeKind::kTypeField:
      return true;
    default:
      return false;
  }
}

bool IsQuery(const Node* node) {
  return node != nullptr &&
         (node->kind == NodeKind::kSelect || node->kind == NodeKind::kSetOp ||
          node->kind == NodeKind::kQueryParen || node->kind == NodeKind::kValues);
}

bool IsWordChar(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// The name in "@name" or "@{name}" when `text` is exactly one macro reference, else empty.
std::string_view WholeMacroName(std::string_view text) {
  if (text.size() > 3 && text.substr(0, 2) == "@{" && text.back() == '}' &&
      text.find('}') == text.size() - 1) {
    return Trim(text.substr(2, text.size() - 3));
  }
  if (text.size() > 1 && text[0] == '@') {
    for (size_t i = 1; i < text.size(); ++i) {
      if (!IsWordChar(text[i])) {
        return {};
      }
    }
    return text.substr(1);
  }
  return {};
}

using Lookup = std::function<Result<std::optional<std::string>>(std::string_view name)>;

// `text` with each @{name} and @name replaced by lookup(name) (kept as written on nullopt).
Result<std::string> Interpolate(std::string_view text, const Lookup& lookup) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '@') {
      out += text[i++];
      continue;
    }
    size_t start = i;
    std::string_view name;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += text.substr(i);
        break;
      }
      name = Trim(text.substr(i + 2, close - i - 2));
      i = close + 1;
    } else {
      size_t end = i + 1;
      while (end < text.size() && IsWordChar(text[end])) {
        ++end;
      }
      name = text.substr(i + 1, end - i - 1);
      i = end;
    }
    if (name.empty()) {
      out += text.substr(start, i - start);
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(std::optional<std::string> value, lookup(name));
    out += value.has_value() ? *value : std::string(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

Evaluator::Evaluator(const MacroContext& context, sql::Arena* arena)
    : context_(context), arena_(arena) {}

Status Evaluator::Error(const Node* node, std::string message, std::string hint) const {
  const Node* at = node;
  if (at == nullptr || at->span.line == 0) {
    at = located_calls_.empty() ? nullptr : located_calls_.back();
  }
  Status status = Status::ProjectError(std::move(message));
  if (at != nullptr && at->span.line != 0 && at->span.offset <= context_.source.size()) {
    SourceLocation location;
    location.file = std::string(context_.file_name);
    location.line = static_cast<int>(at->span.line);
    location.column = static_cast<int>(at->span.column);
    location.line_text = std::string(sql::LineAt(context_.source, at->span.offset));
    status = std::move(status).WithLocation(std::move(location));
  }
  if (!hint.empty()) {
    status = std::move(status).WithHint(std::move(hint));
  }
  return status;
}

Node* Evaluator::CopyNode(const Node* node) const {
  Node* copy = arena_->New(node->kind, node->slot_count, node->span);
  copy->literal = node->literal;
  copy->flags = node->flags;
  copy->text = arena_->Store(node->text);
  return copy;
}

Node* Evaluator::CopyAt(const Node* node, const Node* at) const {
  if (node == nullptr) {
    return nullptr;
  }
  Node* copy = CopyNode(node);
  copy->span = at != nullptr ? at->span : sql::Span{};
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    copy->slots[i] = CopyAt(node->slot(i), at);
  }
  return copy;
}

void Evaluator::Define(std::string name, Node* value) {
  definitions_.emplace_back(ToLower(name), value);
}

Node* Evaluator::Definition(std::string_view name) const {
  for (auto it = definitions_.rbegin(); it != definitions_.rend(); ++it) {
    if (it->first == name) {
      return it->second;
    }
  }
  return nullptr;
}

std::vector<std::string> Evaluator::DefinitionNames() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : definitions_) {
    names.push_back(name);
  }
  return names;
}

Result<std::string> Evaluator::IdentifierText(const Node* value, const Node* at) const {
  switch (value->kind) {
    case NodeKind::kLiteral:
      if (value->literal == sql::LiteralKind::kString ||
          value->literal == sql::LiteralKind::kInteger ||
          value->literal == sql::LiteralKind::kDecimal) {
        return std::string(value->text);
      }
      break;
    case NodeKind::kIdentifier:
      return std::string(value->text);
    case NodeKind::kColumn:
    case NodeKind::kName:
      if (value->slot_count == 1 && value->slot(0)->kind == NodeKind::kIdentifier) {
        return std::string(value->slot(0)->text);
      }
      break;
    case NodeKind::kParen:
      return IdentifierText(value->slot(0), at);
    default:
      break;
  }
  Result<std::string> sql = sql::Generate(value);
  return Error(at,
               std::string("cannot use `") +
                   (sql.ok() ? *sql : std::string(NodeKindName(value->kind))) +
                   "` as part of an identifier",
               "interpolate a string, a number or a single name");
}

Result<Node*> Evaluator::ThisModel(const Node* at) {
  if (context_.this_model.empty()) {
    return Error(at, "@this_model is not known here",
                 "it names the physical table and is set when a model is rendered or run");
  }
  sql::Arena scratch;
  Result<Node*> parsed = sql::ParseExpression(context_.this_model, &scratch);
  if (!parsed.ok() || (*parsed)->kind != NodeKind::kColumn) {
    return Error(at, std::string("@this_model is not a table name: ") + context_.this_model);
  }
  return CopyAt(*parsed, at);
}

Result<Node*> Evaluator::ResolveVariable(std::string_view name, const Node* at) {
  std::string lower = ToLower(name);
  if (Node* value = Definition(lower)) {
    Lambda lambda;
    if (AsLambda(value, &lambda)) {
      return Error(at, std::string("@") + std::string(name) + " is a function defined with @DEF",
                   std::string("call it with arguments: @") + std::string(name) + "(...)");
    }
    return sql::Clone(value, arena_);
  }
  if (TimeVariables::IsTimeVariableName(lower)) {
    if (context_.time == nullptr) {
      return Error(
          at, std::string("@") + std::string(name) + " needs a time interval, and none is set here",
          "time variables are known when a model is rendered or run for an interval");
    }
    const LiteralValue* value = context_.time->Find(lower);
    if (value == nullptr) {
      return Error(at, std::string("@") + std::string(name) + " has no value");
    }
    sql::Arena scratch;
    Result<Node*> literal = sql::ParseExpression(value->SqlLiteral(), &scratch);
    if (!literal.ok()) {
      return Error(at, std::string("@") + std::string(name) + ": " + literal.status().message());
    }
    return CopyAt(*literal, at);
  }
  if (lower == "this_model") {
    return ThisModel(at);
  }
  if (lower == "gateway") {
    Node* literal = arena_->New(NodeKind::kLiteral, 0, at->span);
    literal->literal = sql::LiteralKind::kString;
    literal->text = arena_->Store(context_.gateway);
    return literal;
  }
  auto found = context_.variables.find(lower);
  if (found != context_.variables.end() && found->second != nullptr) {
    return CopyAt(found->second, at);
  }
  NearestNameFinder finder(lower);
  for (const auto& [defined, value] : definitions_) {
    finder.Consider(defined);
  }
  for (const auto& [variable, value] : context_.variables) {
    finder.Consider(variable);
  }
  finder.Consider("this_model");
  finder.Consider("gateway");
  std::vector<std::string> time_names;
  for (std::string_view prefix : kTimePrefixes) {
    for (std::string_view suffix : kTimeSuffixes) {
      time_names.push_back(std::string(prefix) + "_" + std::string(suffix));
    }
  }
  for (const std::string& time_name : time_names) {
    finder.Consider(time_name);
  }
  std::string hint = finder.best().empty()
                         ? std::string("define it with @DEF(") + std::string(name) +
                               ", value) or under `variables` in config.yaml"
                         : std::string("did you mean @") + finder.best() + "?";
  return Error(at, std::string("unknown macro variable @") + std::string(name), hint);
}

Result<std::string> Evaluator::InterpolateText(std::string_view text, const Node* at) {
  return Interpolate(text, [&](std::string_view name) -> Result<std::optional<std::string>> {
    STRATA_ASSIGN_OR_RETURN(Node * value, ResolveVariable(name, at));
    STRATA_ASSIGN_OR_RETURN(std::string identifier, IdentifierText(value, at));
    return std::optional<std::string>(std::move(identifier));
  });
}

Result<Nodes> Evaluator::Expand(const Node* node) {
  if (depth_ > kMaxTreeDepth || located_calls_.size() > static_cast<size_t>(kMaxTreeDepth)) {
    return Error(node, "macro expansion nests too deeply");
  }
  switch (node->kind) {
    case NodeKind::kMacroVar: {
      STRATA_ASSIGN_OR_RETURN(Node * value, ResolveVariable(node->text.substr(1), node));
      return Nodes{value};
    }
    case NodeKind::kMacroBrace: {
      std::string_view name = WholeMacroName(node->text);
      STRATA_ASSIGN_OR_RETURN(Node * value, ResolveVariable(name, node));
      STRATA_ASSIGN_OR_RETURN(std::string text, IdentifierText(value, node));
      Node* identifier = arena_->New(NodeKind::kIdentifier, 0, node->span);
      identifier->text = arena_->Store(text);
      return Nodes{arena_->New(NodeKind::kColumn, {identifier}, node->span)};
    }
    case NodeKind::kMacroCall:
      if (node->Has(sql::flag::kClause)) {
        return ExpandClause(node);
      }
      return ExpandMacroCall(node);
    case NodeKind::kOpaque:
      return ExpandOpaque(node);
    case NodeKind::kName:
      return ExpandName(node);
    default:
      return ExpandChildren(node);
  }
}

Result<Node*> Evaluator::ExpandOne(const Node* node, std::string_view what) {
  STRATA_ASSIGN_OR_RETURN(Nodes nodes, Expand(node));
  if (nodes.size() != 1) {
    return Error(node, std::string(what) + " must be one value, but the macro produced " +
                           std::to_string(nodes.size()));
  }
  return nodes[0];
}

Result<Nodes> Evaluator::ExpandList(const Node* node) {
  STRATA_ASSIGN_OR_RETURN(Nodes nodes, Expand(node));
  if (nodes.size() == 1 && nodes[0] != nullptr) {
    const Node* single = nodes[0];
    if (single->kind == NodeKind::kArray || single->kind == NodeKind::kRow) {
      return Nodes(single->slots, single->slots + single->slot_count);
    }
    if (single->kind == NodeKind::kParen) {
      return Nodes{single->slot(0)};
    }
  }
  return nodes;
}

Result<Nodes> Evaluator::ExpandChildren(const Node* node) {
  std::vector<Node*> slots;
  slots.reserve(node->slot_count);
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    const Node* child = node->slot(i);
    if (child == nullptr) {
      slots.push_back(nullptr);
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(Nodes expanded, Expand(child));
    if (IsListSlot(node->kind, i)) {
      slots.insert(slots.end(), expanded.begin(), expanded.end());
    } else if (expanded.size() == 1) {
      slots.push_back(expanded[0]);
    } else if (expanded.empty() && AllowsEmptySlot(node->kind, i)) {
      slots.push_back(nullptr);
    } else if (expanded.empty() &&
               (node->kind == NodeKind::kOrdered || node->kind == NodeKind::kAlias)) {
      return Nodes{};  // ORDER BY @IF(FALSE, x): the item goes away with its value
    } else if (node->kind == NodeKind::kOrdered && node->slot_count == 1) {
      // ORDER BY @EACH(cols, c -> c) DESC: one ordered item per value.
      Nodes out;
      for (Node* value : expanded) {
        Node* ordered = CopyNode(node);
        ordered->slots[0] = value;
        out.push_back(ordered);
      }
      return out;
    } else if (expanded.empty()) {
      return Error(child, "the macro produced no value where SQL needs one");
    } else {
      return Error(child, std::string("the macro produced ") + std::to_string(expanded.size()) +
                              " values where SQL needs one");
    }
  }
  Node* copy =
      arena_->New(node->kind, std::span<Node* const>(slots.data(), slots.size()), node->span);
  copy->literal = node->literal;
  copy->flags = node->flags;
  if (HasNameText(node->kind) && !node->Has(sql::flag::kQuoted) &&
      node->text.find('@') != std::string_view::npos) {
    STRATA_ASSIGN_OR_RETURN(std::string text, InterpolateText(node->text, node));
    copy->text = arena_->Store(text);
  } else {
    copy->text = arena_->Store(node->text);
  }
  // FROM @UNION(...) / FROM @DEDUPLICATE(...): a macro that built a query is a derived table.
  if (copy->kind == NodeKind::kTableFunction && IsQuery(copy->slot(0))) {
    Node* derived =
        arena_->New(NodeKind::kDerivedTable, {copy->slot(0), copy->slot(1)}, node->span);
    return Nodes{derived};
  }
  return Nodes{copy};
}

Result<Nodes> Evaluator::ExpandName(const Node* name) {
  std::vector<Node*> parts;
  for (uint32_t i = 0; i < name->slot_count; ++i) {
    const Node* part = name->slot(i);
    std::string_view whole = part->kind == NodeKind::kIdentifier && !part->Has(sql::flag::kQuoted)
                                 ? WholeMacroName(part->text)
                                 : std::string_view();
    if (whole.empty()) {
      STRATA_ASSIGN_OR_RETURN(Node * expanded, ExpandOne(part, "a name part"));
      parts.push_back(expanded);
      continue;
    }
    // FROM @this_model, FROM @{schema}.t: the value supplies one or several name parts.
    STRATA_ASSIGN_OR_RETURN(Node * value, ResolveVariable(whole, part));
    if ((value->kind == NodeKind::kColumn || value->kind == NodeKind::kName) &&
        value->slot_count > 0) {
      for (uint32_t j = 0; j < value->slot_count; ++j) {
        parts.push_back(value->slot(j));
      }
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(std::string text, IdentifierText(value, part));
    Node* identifier = arena_->New(NodeKind::kIdentifier, 0, part->span);
    identifier->text = arena_->Store(text);
    parts.push_back(identifier);
  }
  Node* copy =
      arena_->New(NodeKind::kName, std::span<Node* const>(parts.data(), parts.size()), name->span);
  copy->flags = name->flags;
  return Nodes{copy};
}

Result<Nodes> Evaluator::ExpandClause(const Node* clause) {
  CallGuard guard(this, clause);
  STRATA_RETURN_IF_ERROR(guard.Check(clause));
  STRATA_ASSIGN_OR_RETURN(bool condition, EvaluateCondition(clause->slot(0), clause));
  const Node* body = clause->slot(1);
  if (condition) {
    return Expand(body);
  }
  if (body->kind == NodeKind::kJoin) {
    return Expand(body->slot(0));  // the join goes away; its left side stays
  }
  return Nodes{};
}

Result<bool> Evaluator::EvaluateCondition(const Node* condition, const Node* macro) {
  STRATA_ASSIGN_OR_RETURN(Node * expanded, ExpandOne(condition, "a condition"));
  Result<ConstantValue> value = FoldConstant(expanded);
  if (!value.ok()) {
    return Error(condition, std::string(macro->text) + ": " + value.status().message(),
                 "the condition is evaluated while expanding macros, before the query runs: "
                 "use literals and macro variables");
  }
  Result<bool> truth = IsTrue(*value);
  if (!truth.ok()) {
    return Error(condition, std::string(macro->text) + ": " + truth.status().message());
  }
  return *truth;
}

Result<Nodes> Evaluator::ExpandMacroCall(const Node* call) {
  CallGuard guard(this, call);
  STRATA_RETURN_IF_ERROR(guard.Check(call));
  std::string_view name = call->text.substr(1);
  std::string lower = ToLower(name);
  if (Node* definition = Definition(lower)) {
    Lambda lambda;
    if (!AsLambda(definition, &lambda)) {
      return Error(
          call,
          std::string("@") + std::string(name) + " is a value defined with @DEF, not a function",
          std::string("use it without arguments: @") + std::string(name));
    }
    Nodes arguments;
    for (uint32_t i = 0; i < call->slot_count; ++i) {
      const Node* arg = call->slot(i);
      if (arg->kind == NodeKind::kNamedArg) {
        return Error(arg,
                     std::string("@") + std::string(name) + " takes positional arguments only");
      }
      STRATA_ASSIGN_OR_RETURN(Node * value, ExpandOne(arg, "an argument"));
      arguments.push_back(value);
    }
    return Apply(lambda, arguments, call);
  }
  const BuiltinMacro* builtin = FindBuiltin(name);
  if (builtin == nullptr) {
    NearestNameFinder finder(name);
    for (std::string_view builtin_name : BuiltinNames()) {
      finder.Consider(builtin_name);
    }
    for (const auto& [defined, value] : definitions_) {
      finder.Consider(defined);
    }
    std::string hint = finder.best().empty() ? std::string("define it with @DEF(") +
                                                   std::string(name) + ", (args) -> body)"
                                             : std::string("did you mean @") + finder.best() + "?";
    return Error(call, std::string("unknown macro @") + std::string(name), hint);
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<const Node*> args,
                          BindArguments(*this, call, builtin->signature));
  return builtin->handler(*this, call, args);
}

bool Evaluator::AsLambda(const Node* node, Lambda* lambda) {
  if (node == nullptr || node->kind != NodeKind::kBinary || node->text != "->") {
    return false;
  }
  const Node* left = node->slot(0);
  std::vector<std::string> parameters;
  auto parameter = [&](const Node* item) {
    if (item->kind == NodeKind::kColumn && item->slot_count == 1 &&
        item->slot(0)->kind == NodeKind::kIdentifier) {
      parameters.push_back(ToLower(item->slot(0)->text));
      return true;
    }
    return false;
  };
  if (left->kind == NodeKind::kRow || left->kind == NodeKind::kParen) {
    for (uint32_t i = 0; i < left->slot_count; ++i) {
      if (!parameter(left->slot(i))) {
        return false;
      }
    }
  } else if (!parameter(left)) {
    return false;
  }
  lambda->parameters = std::move(parameters);
  lambda->body = node->slot(1);
  return true;
}

namespace {

using Bindings = std::vector<std::pair<std::string, Node*>>;

Node* Bound(const Bindings& bindings, std::string_view name) {
  std::string lower = ToLower(name);
  for (const auto& [parameter, value] : bindings) {
    if (parameter == lower) {
      return value;
    }
  }
  return nullptr;
}

}  // namespace

Result<Nodes> Evaluator::Apply(const Lambda& lambda, std::span<Node* const> arguments,
                               const Node* call) {
  CallGuard guard(this, call);
  STRATA_RETURN_IF_ERROR(guard.Check(call));
  if (arguments.size() != lambda.parameters.size()) {
    return Error(call,
                 std::string("the function takes ") + std::to_string(lambda.parameters.size()) +
                     std::string(" argument") + (lambda.parameters.size() == 1 ? "" : "s") + " (" +
                     Join(lambda.parameters, ", ") + "), got " + std::to_string(arguments.size()));
  }
  Bindings bindings;
  for (size_t i = 0; i < arguments.size(); ++i) {
    bindings.emplace_back(lambda.parameters[i], arguments[i]);
  }
  // Substitutes parameters in a copy of the body; a nested lambda's own parameters shadow.
  std::function<Result<Node*>(const Node*, const Bindings&)> substitute =
      [&](const Node* node, const Bindings& scope) -> Result<Node*> {
    if (node == nullptr) {
      return static_cast<Node*>(nullptr);
    }
    if (node->kind == NodeKind::kColumn && node->slot_count == 1 &&
        node->slot(0)->kind == NodeKind::kIdentifier && !node->slot(0)->Has(sql::flag::kQuoted)) {
      if (Node* value = Bound(scope, node->slot(0)->text)) {
        return sql::Clone(value, arena_);
      }
    }
    if (node->kind == NodeKind::kMacroVar) {
      if (Node* value = Bound(scope, node->text.substr(1))) {
        return sql::Clone(value, arena_);
      }
    }
    if (node->kind == NodeKind::kMacroBrace) {
      if (Node* value = Bound(scope, WholeMacroName(node->text))) {
        STRATA_ASSIGN_OR_RETURN(std::string text, IdentifierText(value, node));
        Node* identifier = arena_->New(NodeKind::kIdentifier, 0, node->span);
        identifier->text = arena_->Store(text);
        return arena_->New(NodeKind::kColumn, {identifier}, node->span);
      }
    }
    const Bindings* inner = &scope;
    Bindings shadowed;
    Lambda nested;
    if (AsLambda(node, &nested)) {
      for (const auto& binding : scope) {
        bool hidden = false;
        for (const std::string& parameter : nested.parameters) {
          hidden = hidden || parameter == binding.first;
        }
        if (!hidden) {
          shadowed.push_back(binding);
        }
      }
      inner = &shadowed;
    }
    Node* copy = CopyNode(node);
    if (HasNameText(node->kind) && !node->Has(sql::flag::kQuoted) &&
        node->text.find('@') != std::string_view::npos) {
      STRATA_ASSIGN_OR_RETURN(
          std::string text,
          Interpolate(node->text, [&](std::string_view name) -> Result<std::optional<std::string>> {
            Node* value = Bound(scope, name);
            if (value == nullptr) {
              return std::optional<std::string>();
            }
            STRATA_ASSIGN_OR_RETURN(std::string identifier, IdentifierText(value, node));
            return std::optional<std::string>(std::move(identifier));
          }));
      copy->text = arena_->Store(text);
    }
    for (uint32_t i = 0; i < node->slot_count; ++i) {
      // The parameter list of a nested lambda is not substituted, only its body.
      if (inner != &scope && i == 0) {
        copy->slots[i] = sql::Clone(node->slot(i), arena_);
        continue;
      }
      STRATA_ASSIGN_OR_RETURN(copy->slots[i], substitute(node->slot(i), *inner));
    }
    return copy;
  };
  STRATA_ASSIGN_OR_RETURN(Node * body, substitute(lambda.body, bindings));
  return Expand(body);
}

Result<Node*> Evaluator::FromTemplate(std::string_view sql_template,
                                      std::span<Node* const> arguments, const Node* call,
                                      bool statement) {
  sql::Arena scratch;
  const Node* parsed = nullptr;
  sql::ParsedScript script;
  if (statement) {
    Result<sql::ParsedScript> result = sql::ParseOneStatement(sql_template);
    if (!result.ok()) {
      return Error(call, std::string("internal: bad macro template: ") + result.status().message());
    }
    script = std::move(*result);
    parsed = script.statements[0];
  } else {
    Result<Node*> result = sql::ParseExpression(sql_template, &scratch);
    if (!result.ok()) {
      return Error(call, std::string("internal: bad macro template: ") + result.status().message());
    }
    parsed = *result;
  }
  std::function<Node*(const Node*)> instantiate = [&](const Node* node) -> Node* {
    if (node == nullptr) {
      return nullptr;
    }
    if (node->kind == NodeKind::kMacroVar && node->text.substr(0, 3) == "@__") {
      size_t index = static_cast<size_t>(std::atoi(std::string(node->text.substr(3)).c_str()));
      if (index < arguments.size()) {
        return sql::Clone(arguments[index], arena_);
      }
    }
    Node* copy = CopyNode(node);
    copy->span = call->span;
    for (uint32_t i = 0; i < node->slot_count; ++i) {
      copy->slots[i] = instantiate(node->slot(i));
    }
    return copy;
  };
  return instantiate(parsed);
}

Result<Nodes> Evaluator::ExpandStatement(const Node* statement) {
  if (statement->kind == NodeKind::kMacroCall && !statement->Has(sql::flag::kClause) &&
      EqualsIgnoreCase(statement->text, "@DEF")) {
    const Signature signature{"DEF", "name, value", 2};
    STRATA_ASSIGN_OR_RETURN(std::vector<const Node*> args,
                            BindArguments(*this, statement, signature));
    const Node* name_node = args[0];
    std::string name;
    if (name_node->kind == NodeKind::kColumn && name_node->slot_count == 1) {
      name = std::string(name_node->slot(0)->text);
    } else if (name_node->kind == NodeKind::kLiteral &&
               name_node->literal == sql::LiteralKind::kString) {
      name = std::string(name_node->text);
    } else {
      return Error(name_node, "@DEF needs a name as its first argument", "write @DEF(name, value)");
    }
    Lambda lambda;
    if (AsLambda(args[1], &lambda)) {
      // A function: kept as written; its body expands at each call.
      Define(name, sql::Clone(args[1], arena_));
      return Nodes{};
    }
    STRATA_ASSIGN_OR_RETURN(Nodes value, Expand(args[1]));
    if (value.size() == 1) {
      Define(name, value[0]);
    } else {
      Define(name, arena_->New(NodeKind::kArray, std::span<Node* const>(value.data(), value.size()),
                               args[1]->span));
    }
    return Nodes{};
  }
  return Expand(statement);
}

Result<Nodes> Evaluator::ExpandOpaque(const Node* opaque) {
  std::string_view text = TrimLeft(opaque->text);
  if (text.size() > 4 && EqualsIgnoreCase(text.substr(0, 4), "@IF(")) {
    return ExpandOpaqueIf(opaque);
  }
  if (opaque->text.find('@') == std::string_view::npos) {
    return Nodes{CopyNode(opaque)};
  }
  STRATA_ASSIGN_OR_RETURN(std::string expanded, ExpandOpaqueText(opaque));
  Node* copy = CopyNode(opaque);
  copy->text = arena_->Store(expanded);
  return Nodes{copy};
}

Result<Nodes> Evaluator::ExpandOpaqueIf(const Node* opaque) {
  // @IF(condition, statement): the statement is not an expression, so the parser kept the
  // whole text; split it at the first top-level comma.
  Result<sql::TokenStream> tokens = sql::Tokenize(opaque->text, context_.file_name);
  if (!tokens.ok()) {
    return Error(opaque, tokens.status().message());
  }
  const std::vector<sql::Token>& list = tokens->tokens;
  int depth = 0;
  size_t comma = 0;
  size_t close = 0;
  for (size_t i = 1; i < list.size(); ++i) {
    sql::TokenKind kind = list[i].kind;
    if (kind == sql::TokenKind::kLeftParen || kind == sql::TokenKind::kLeftBracket ||
        kind == sql::TokenKind::kLeftBrace) {
      ++depth;
    } else if (kind == sql::TokenKind::kRightParen || kind == sql::TokenKind::kRightBracket ||
               kind == sql::TokenKind::kRightBrace) {
      if (--depth == 0) {
        close = i;
        break;
      }
    } else if (kind == sql::TokenKind::kComma && depth == 1 && comma == 0) {
      comma = i;
    }
  }
  if (comma == 0 || close == 0 || list[close + 1].kind != sql::TokenKind::kEof) {
    return Error(opaque, "@IF as a statement must be @IF(condition, statement)");
  }
  uint32_t condition_begin = list[2].span.offset;
  std::string_view condition_text =
      opaque->text.substr(condition_begin, list[comma].span.offset - condition_begin);
  uint32_t statement_begin = list[comma + 1].span.offset;
  std::string_view statement_text =
      opaque->text.substr(statement_begin, list[close].span.offset - statement_begin);
  sql::Arena scratch;
  Result<Node*> condition = sql::ParseExpression(condition_text, &scratch);
  if (!condition.ok()) {
    return Error(opaque, std::string("@IF: bad condition: ") + condition.status().message());
  }
  const Node* macro = opaque;
  STRATA_ASSIGN_OR_RETURN(bool truth, EvaluateCondition(CopyAt(*condition, opaque), macro));
  if (!truth) {
    return Nodes{};
  }
  Result<sql::ParsedScript> parsed = sql::ParseOneStatement(statement_text);
  if (!parsed.ok()) {
    return Error(opaque, std::string("@IF: bad statement: ") + parsed.status().message());
  }
  return ExpandStatement(CopyAt(parsed->statements[0], opaque));
}

Result<std::string> Evaluator::ExpandOpaqueText(const Node* opaque) {
  std::string_view text = opaque->text;
  Result<sql::TokenStream> tokens = sql::Tokenize(text, context_.file_name);
  if (!tokens.ok()) {
    return Error(opaque, tokens.status().message());
  }
  const std::vector<sql::Token>& list = tokens->tokens;
  sql::GenerateOptions options;
  options.dialect = context_.dialect;
  std::string out;
  size_t copied = 0;  // bytes of `text` already in `out`
  for (size_t i = 0; i < list.size(); ++i) {
    const sql::Token& token = list[i];
    std::string_view spelling = text.substr(token.span.offset, token.span.length);
    std::string replacement;
    size_t end = token.span.offset + token.span.length;
    if (token.kind == sql::TokenKind::kMacroVariable &&
        list[i + 1].kind == sql::TokenKind::kLeftParen && !list[i + 1].space_before) {
      int depth = 0;
      size_t j = i + 1;
      for (; j < list.size() && list[j].kind != sql::TokenKind::kEof; ++j) {
        if (list[j].kind == sql::TokenKind::kLeftParen) {
          ++depth;
        }
        if (list[j].kind == sql::TokenKind::kRightParen && --depth == 0) {
          break;
        }
      }
      if (j >= list.size() || list[j].kind == sql::TokenKind::kEof) {
        return Error(opaque, std::string("unclosed macro call ") + std::string(spelling));
      }
      end = list[j].span.offset + list[j].span.length;
      sql::Arena scratch;
      Result<Node*> call =
          sql::ParseExpression(text.substr(token.span.offset, end - token.span.offset), &scratch);
      if (!call.ok()) {
        return Error(opaque, call.status().message());
      }
      STRATA_ASSIGN_OR_RETURN(Nodes values, Expand(CopyAt(*call, opaque)));
      for (size_t k = 0; k < values.size(); ++k) {
        Result<std::string> sql = sql::Generate(values[k], options);
        if (!sql.ok()) {
          return Error(opaque, sql.status().message());
        }
        if (k > 0) {
          replacement += ", ";
        }
        replacement += *sql;
      }
      i = j;
    } else if (token.kind == sql::TokenKind::kMacroVariable) {
      STRATA_ASSIGN_OR_RETURN(Node * value, ResolveVariable(spelling.substr(1), opaque));
      Result<std::string> sql = sql::Generate(value, options);
      if (!sql.ok()) {
        return Error(opaque, sql.status().message());
      }
      replacement = *sql;
    } else if ((token.kind == sql::TokenKind::kMacroBrace || token.kind == sql::TokenKind::kWord) &&
               spelling.find('@') != std::string_view::npos) {
      STRATA_ASSIGN_OR_RETURN(std::string name, InterpolateText(spelling, opaque));
      replacement = sql::FormatIdentifier(name, false);
    } else {
      continue;
    }
    out.append(text.substr(copied, token.span.offset - copied));
    out.append(replacement);
    copied = end;
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

}  // namespace strata::macro
