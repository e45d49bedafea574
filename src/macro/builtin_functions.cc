// Built-in macro functions over values, lists, conditions and arithmetic, and the table of every
// built-in (see builtin_functions.h). Semantics follow SQLMesh's documentation; differences are
// listed in docs/macros.md.
#include "macro/builtin_functions.h"

#include "base/text.h"
#include "macro/constant_folding.h"
#include "sql/parser.h"

namespace strata::macro {

namespace {

using sql::Node;
using sql::NodeKind;
using Args = std::vector<const Node*>;

bool IsNullLiteral(const Node* node) {
  return node->kind == NodeKind::kLiteral && node->literal == sql::LiteralKind::kNull;
}

Node* BooleanLiteral(bool value, sql::Arena* arena, const Node* at) {
  Node* node = arena->New(NodeKind::kLiteral, 0, at->span);
  node->literal = value ? sql::LiteralKind::kTrue : sql::LiteralKind::kFalse;
  return node;
}

// The lambda in argument `index` of `call`, or an error showing what a lambda looks like.
Result<Lambda> LambdaArg(Evaluator& evaluator, const Node* call, const Node* arg,
                         size_t parameters) {
  Lambda lambda;
  if (!Evaluator::AsLambda(arg, &lambda)) {
    return evaluator.Error(
        arg, std::string(call->text) + " needs a function here",
        parameters == 1 ? "write it as x -> expression" : "write it as (a, b) -> expression");
  }
  if (lambda.parameters.size() != parameters) {
    return evaluator.Error(arg, std::string(call->text) + " needs a function of " +
                                    std::to_string(parameters) + " parameter" +
                                    (parameters == 1 ? "" : "s"));
  }
  return lambda;
}

Result<Node*> ApplyOne(Evaluator& evaluator, const Lambda& lambda, std::vector<Node*> arguments,
                       const Node* call) {
  STRATA_ASSIGN_OR_RETURN(Nodes nodes, evaluator.Apply(lambda, arguments, call));
  if (nodes.size() != 1) {
    return evaluator.Error(call, std::string(call->text) + ": the function must produce one value");
  }
  return nodes[0];
}

Result<Nodes> MacroDef(Evaluator& evaluator, const Node* call, const Args&) {
  return evaluator.Error(call, "@DEF must be a statement of its own",
                         "write `@DEF(name, value);` before the query");
}

Result<Nodes> MacroVar(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Node * name_node, evaluator.ExpandOne(args[0], "the variable name"));
  if (name_node->kind != NodeKind::kLiteral || name_node->literal != sql::LiteralKind::kString) {
    return evaluator.Error(args[0], "@VAR needs the variable name as a string",
                           "write @VAR('name') or @VAR('name', default)");
  }
  std::string name = ToLower(name_node->text);
  const auto& variables = evaluator.context().variables;
  auto found = variables.find(name);
  if (found != variables.end() && found->second != nullptr) {
    return Nodes{evaluator.CopyAt(found->second, call)};
  }
  if (args[1] != nullptr) {
    return evaluator.Expand(args[1]);
  }
  std::string nearest = NearestName(name, [&] {
    std::vector<std::string> names;
    for (const auto& [key, value] : variables) {
      names.push_back(key);
    }
    return names;
  }());
  return evaluator.Error(
      call, std::string("unknown variable '") + std::string(name_node->text) + "'",
      nearest.empty() ? std::string("define it under `variables` in config.yaml, or give "
                                    "a default: @VAR('") +
                            std::string(name_node->text) + "', default)"
                      : std::string("did you mean '") + nearest + "'?");
}

Result<Nodes> MacroEach(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Nodes items, evaluator.ExpandList(args[0]));
  STRATA_ASSIGN_OR_RETURN(Lambda lambda, LambdaArg(evaluator, call, args[1], 1));
  Nodes out;
  for (Node* item : items) {
    STRATA_ASSIGN_OR_RETURN(Nodes produced, evaluator.Apply(lambda, {&item, 1}, call));
    out.insert(out.end(), produced.begin(), produced.end());
  }
  return out;
}

Result<Nodes> MacroFilter(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Nodes items, evaluator.ExpandList(args[0]));
  STRATA_ASSIGN_OR_RETURN(Lambda lambda, LambdaArg(evaluator, call, args[1], 1));
  Nodes out;
  for (Node* item : items) {
    STRATA_ASSIGN_OR_RETURN(Node * condition, ApplyOne(evaluator, lambda, {item}, call));
    Result<ConstantValue> value = FoldConstant(condition);
    Result<bool> truth = value.ok() ? IsTrue(*value) : Result<bool>(value.status());
    if (!truth.ok()) {
      return evaluator.Error(args[1], std::string("@FILTER: ") + truth.status().message(),
                             "the condition is evaluated while expanding macros: compare the "
                             "item with literals");
    }
    if (*truth) {
      out.push_back(item);
    }
  }
  return out;
}

Result<Nodes> MacroReduce(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Nodes items, evaluator.ExpandList(args[0]));
  STRATA_ASSIGN_OR_RETURN(Lambda lambda, LambdaArg(evaluator, call, args[1], 2));
  if (items.empty()) {
    return evaluator.Error(call, "@REDUCE needs at least one item");
  }
  Node* accumulator = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    STRATA_ASSIGN_OR_RETURN(accumulator,
                            ApplyOne(evaluator, lambda, {accumulator, items[i]}, call));
  }
  return Nodes{accumulator};
}

Result<Nodes> MacroIf(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(bool condition, evaluator.EvaluateCondition(args[0], call));
  const Node* branch = condition ? args[1] : args[2];
  if (branch == nullptr) {
    return Nodes{};
  }
  return evaluator.Expand(branch);
}

Result<Nodes> MacroEval(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Node * expression, evaluator.ExpandOne(args[0], "@EVAL's argument"));
  Result<ConstantValue> value = FoldConstant(expression);
  if (!value.ok()) {
    return evaluator.Error(args[0], std::string("@EVAL: ") + value.status().message());
  }
  Node* literal = ConstantToNode(*value, evaluator.arena());
  literal->span = call->span;
  return Nodes{literal};
}

Result<Nodes> MacroSql(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Node * text, evaluator.ExpandOne(args[0], "@SQL's argument"));
  if (text->kind != NodeKind::kLiteral) {
    // A string built with || from variables: fold it to its value.
    Result<ConstantValue> folded = FoldConstant(text);
    if (folded.ok()) {
      text = ConstantToNode(*folded, evaluator.arena());
    }
  }
  if (text->kind != NodeKind::kLiteral || text->literal != sql::LiteralKind::kString) {
    return evaluator.Error(args[0], "@SQL needs a string of SQL", "write @SQL('a + b')");
  }
  sql::Arena scratch;
  Result<Node*> expression = sql::ParseExpression(text->text, &scratch);
  if (expression.ok()) {
    return evaluator.Expand(evaluator.CopyAt(*expression, call));
  }
  Result<sql::ParsedScript> statement = sql::ParseOneStatement(text->text);
  if (statement.ok() && statement->statements[0]->kind != NodeKind::kOpaque) {
    return evaluator.Expand(evaluator.CopyAt(statement->statements[0], call));
  }
  return evaluator.Error(
      args[0], std::string("@SQL: the string is not SQL: ") + expression.status().message());
}

// @AND / @OR: operands that are NULL (or produce nothing) are skipped.
Result<Nodes> Combine(Evaluator& evaluator, const Node* call, const Args& args,
                      std::string_view op) {
  Nodes operands;
  for (const Node* arg : args) {
    STRATA_ASSIGN_OR_RETURN(Nodes nodes, evaluator.Expand(arg));
    for (Node* node : nodes) {
      if (node != nullptr && !IsNullLiteral(node)) {
        operands.push_back(node);
      }
    }
  }
  if (operands.empty()) {
    return Nodes{BooleanLiteral(op == "AND", evaluator.arena(), call)};
  }
  Node* result = operands[0];
  for (size_t i = 1; i < operands.size(); ++i) {
    result = evaluator.arena()->New(NodeKind::kBinary, {result, operands[i]}, call->span);
    result->text = op;
  }
  return Nodes{result};
}

Result<Nodes> MacroAnd(Evaluator& evaluator, const Node* call, const Args& args) {
  return Combine(evaluator, call, args, "AND");
}

Result<Nodes> MacroOr(Evaluator& evaluator, const Node* call, const Args& args) {
  return Combine(evaluator, call, args, "OR");
}

Result<Nodes> ExpandAll(Evaluator& evaluator, const Args& args) {
  Nodes out;
  for (const Node* arg : args) {
    STRATA_ASSIGN_OR_RETURN(Nodes nodes, evaluator.Expand(arg));
    out.insert(out.end(), nodes.begin(), nodes.end());
  }
  return out;
}

// CASE WHEN a IS NULL AND b IS NULL THEN NULL ELSE COALESCE(a, 0) op COALESCE(b, 0) END
Result<Nodes> SafeArithmetic(Evaluator& evaluator, const Node* call, const Args& args,
                             std::string_view op) {
  STRATA_ASSIGN_OR_RETURN(Nodes operands, ExpandAll(evaluator, args));
  if (operands.size() < 2) {
    return evaluator.Error(call, std::string(call->text) + " needs at least two operands");
  }
  std::string all_null;
  std::string sum;
  for (size_t i = 0; i < operands.size(); ++i) {
    std::string placeholder = std::string("@__") + std::to_string(i);
    if (i > 0) {
      all_null += " AND ";
      sum += " ";
      sum += op;
      sum += " ";
    }
    all_null += placeholder + " IS NULL";
    sum += "COALESCE(" + placeholder + ", 0)";
  }
  STRATA_ASSIGN_OR_RETURN(
      Node * result, evaluator.FromTemplate(
                         std::string("CASE WHEN ") + all_null + " THEN NULL ELSE " + sum + " END",
                         operands, call));
  return Nodes{result};
}

Result<Nodes> MacroSafeAdd(Evaluator& evaluator, const Node* call, const Args& args) {
  return SafeArithmetic(evaluator, call, args, "+");
}

Result<Nodes> MacroSafeSub(Evaluator& evaluator, const Node* call, const Args& args) {
  return SafeArithmetic(evaluator, call, args, "-");
}

Result<Nodes> MacroSafeDiv(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Nodes operands, ExpandAll(evaluator, args));
  if (operands.size() != 2) {
    return evaluator.Error(call, "@SAFE_DIV needs exactly a numerator and a denominator");
  }
  STRATA_ASSIGN_OR_RETURN(Node * result,
                          evaluator.FromTemplate("@__0 / NULLIF(@__1, 0)", operands, call));
  return Nodes{result};
}

Result<Nodes> MacroSurrogateKey(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(Nodes fields, ExpandAll(evaluator, args));
  if (fields.empty()) {
    return evaluator.Error(call, "@GENERATE_SURROGATE_KEY needs at least one field");
  }
  std::string parts;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      parts += ", '|', ";
    }
    parts += std::string("COALESCE(CAST(@__") + std::to_string(i) +
             " AS TEXT), '_sqlmesh_surrogate_key_null_')";
  }
  STRATA_ASSIGN_OR_RETURN(
      Node * result,
      evaluator.FromTemplate(std::string("MD5(CONCAT(") + parts + "))", fields, call));
  return Nodes{result};
}

constexpr BuiltinMacro kBuiltins[] = {
    {{"AND", "conditions...", 0}, MacroAnd},
    {{"DATE_SPINE", "datepart, start_date, end_date", 3}, MacroDateSpine},
    {{"DEDUPLICATE", "relation, partition_by, order_by", 3}, MacroDeduplicate},
    {{"DEF", "name, value", 2}, MacroDef},
    {{"EACH", "items, function", 2}, MacroEach},
    {{"EVAL", "expression", 1}, MacroEval},
    {{"FILTER", "items, function", 2}, MacroFilter},
    {{"GENERATE_SURROGATE_KEY", "fields...", 1}, MacroSurrogateKey},
    {{"IF", "condition, true_value, false_value", 2}, MacroIf},
    {{"OR", "conditions...", 0}, MacroOr},
    {{"REDUCE", "items, function", 2}, MacroReduce},
    {{"SAFE_ADD", "operands...", 1}, MacroSafeAdd},
    {{"SAFE_DIV", "numerator, denominator", 2}, MacroSafeDiv},
    {{"SAFE_SUB", "operands...", 1}, MacroSafeSub},
    {{"SQL", "sql", 1}, MacroSql},
    {{"STAR", "relation, alias, exclude|except_, prefix, suffix, quote_identifiers", 1}, MacroStar},
    {{"UNION", "type, tables...", 2}, MacroUnion},
    {{"VAR", "name, default", 1}, MacroVar},
};

}  // namespace

const BuiltinMacro* FindBuiltin(std::string_view name) {
  for (const BuiltinMacro& builtin : kBuiltins) {
    if (EqualsIgnoreCase(builtin.signature.name, name)) {
      return &builtin;
    }
  }
  return nullptr;
}

std::vector<std::string_view> BuiltinNames() {
  std::vector<std::string_view> names;
  for (const BuiltinMacro& builtin : kBuiltins) {
    names.push_back(builtin.signature.name);
  }
  return names;
}

}  // namespace strata::macro
