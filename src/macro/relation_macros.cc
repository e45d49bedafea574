// The built-in macros that build queries or need a table's columns: @STAR, @UNION, @DEDUPLICATE
// and @DATE_SPINE (see builtin_functions.h). Values enter the generated SQL only as AST nodes.
#include <set>

#include "base/text.h"
#include "macro/builtin_functions.h"
#include "sql/parser.h"

namespace strata::macro {

namespace {

using sql::Node;
using sql::NodeKind;
using Args = std::vector<const Node*>;

// A table argument (foo, raw.orders, 'raw.orders'): its identifiers, and its name as written.
struct TableArg {
  std::vector<Node*> parts;
  std::string name;
};

Result<TableArg> ExpandTable(Evaluator& evaluator, const Node* arg) {
  STRATA_ASSIGN_OR_RETURN(Node * value, evaluator.ExpandOne(arg, "a table"));
  TableArg table;
  if ((value->kind == NodeKind::kColumn || value->kind == NodeKind::kName) &&
      value->slot_count > 0) {
    for (uint32_t i = 0; i < value->slot_count; ++i) {
      if (value->slot(i)->kind != NodeKind::kIdentifier) {
        return evaluator.Error(arg, "expected a table name");
      }
      table.parts.push_back(value->slot(i));
      if (i > 0) {
        table.name += '.';
      }
      table.name += value->slot(i)->text;
    }
    return table;
  }
  if (value->kind == NodeKind::kLiteral && value->literal == sql::LiteralKind::kString) {
    sql::Arena scratch;
    Result<Node*> parsed = sql::ParseExpression(value->text, &scratch);
    if (parsed.ok() && (*parsed)->kind == NodeKind::kColumn) {
      return ExpandTable(evaluator, evaluator.CopyAt(*parsed, arg));
    }
  }
  return evaluator.Error(arg, "expected a table name", "write it as schema.table");
}

Node* Identifier(Evaluator& evaluator, std::string_view text, bool quoted, const Node* at) {
  Node* identifier = evaluator.arena()->New(NodeKind::kIdentifier, 0, at->span);
  identifier->text = evaluator.arena()->Store(text);
  if (quoted) {
    identifier->flags = sql::flag::kQuoted;
  }
  return identifier;
}

Node* List(Evaluator& evaluator, const Nodes& items, const Node* at) {
  return evaluator.arena()->New(NodeKind::kList, std::span<Node* const>(items.data(), items.size()),
                                at->span);
}

Result<std::vector<std::string>> ColumnsOf(Evaluator& evaluator, const Node* call,
                                           const TableArg& table) {
  if (!evaluator.context().columns_of) {
    return evaluator.Error(call,
                           std::string(call->text) + " needs the columns of " + table.name +
                               ", which are not known here",
                           "the table must be a model, or an external model with its columns");
  }
  Result<std::vector<std::string>> columns = evaluator.context().columns_of(table.name);
  if (!columns.ok()) {
    return evaluator.Error(call, std::string(call->text) + ": " + columns.status().message(),
                           columns.status().hint());
  }
  if (columns->empty()) {
    return evaluator.Error(
        call, std::string(call->text) + ": the columns of " + table.name + " are not known");
  }
  return columns;
}

// An optional string argument (prefix, suffix, ...); `fallback` when absent.
Result<std::string> StringArg(Evaluator& evaluator, const Node* call, const Node* arg,
                              std::string_view what, std::string fallback) {
  if (arg == nullptr) {
    return fallback;
  }
  STRATA_ASSIGN_OR_RETURN(Node * value, evaluator.ExpandOne(arg, what));
  if (value->kind != NodeKind::kLiteral || value->literal != sql::LiteralKind::kString) {
    return evaluator.Error(
        arg, std::string(call->text) + ": " + std::string(what) + " must be a string");
  }
  return std::string(value->text);
}

Node* SelectNode(Evaluator& evaluator, Nodes items, Node* from, const Node* at) {
  Node* select = evaluator.arena()->New(NodeKind::kSelect, sql::kSelectSlotCount, at->span);
  select->slots[sql::kSelectItems] = List(evaluator, items, at);
  select->slots[sql::kSelectFrom] = from;
  return select;
}

Node* TableNode(Evaluator& evaluator, const TableArg& table, const Node* at) {
  Node* name = evaluator.arena()->New(
      NodeKind::kName, std::span<Node* const>(table.parts.data(), table.parts.size()), at->span);
  return evaluator.arena()->New(NodeKind::kTable, {name, nullptr, nullptr}, at->span);
}

}  // namespace

Result<Nodes> MacroStar(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(TableArg table, ExpandTable(evaluator, args[0]));
  std::string qualifier = std::string(table.parts.back()->text);
  if (args[1] != nullptr) {
    STRATA_ASSIGN_OR_RETURN(Node * alias, evaluator.ExpandOne(args[1], "the alias"));
    STRATA_ASSIGN_OR_RETURN(qualifier, evaluator.IdentifierText(alias, args[1]));
  }
  std::set<std::string> excluded;
  if (args[2] != nullptr) {
    STRATA_ASSIGN_OR_RETURN(Nodes items, evaluator.ExpandList(args[2]));
    for (const Node* item : items) {
      STRATA_ASSIGN_OR_RETURN(std::string name, evaluator.IdentifierText(item, args[2]));
      excluded.insert(ToLower(name));
    }
  }
  STRATA_ASSIGN_OR_RETURN(std::string prefix,
                          StringArg(evaluator, call, args[3], "the prefix", ""));
  STRATA_ASSIGN_OR_RETURN(std::string suffix,
                          StringArg(evaluator, call, args[4], "the suffix", ""));
  bool quote = true;
  if (args[5] != nullptr) {
    STRATA_ASSIGN_OR_RETURN(Node * flag, evaluator.ExpandOne(args[5], "quote_identifiers"));
    if (flag->kind != NodeKind::kLiteral ||
        (flag->literal != sql::LiteralKind::kTrue && flag->literal != sql::LiteralKind::kFalse)) {
      return evaluator.Error(args[5], "@STAR: quote_identifiers must be TRUE or FALSE");
    }
    quote = flag->literal == sql::LiteralKind::kTrue;
  }
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnsOf(evaluator, call, table));
  Nodes out;
  for (const std::string& column : columns) {
    if (excluded.count(ToLower(column)) > 0) {
      continue;
    }
    Node* reference = evaluator.arena()->New(
        NodeKind::kColumn,
        {Identifier(evaluator, qualifier, quote, call), Identifier(evaluator, column, quote, call)},
        call->span);
    Node* alias = evaluator.arena()->New(NodeKind::kAlias, {reference}, call->span);
    alias->text = evaluator.arena()->Store(prefix + column + suffix);
    alias->flags = quote ? sql::flag::kQuoted : 0;
    out.push_back(alias);
  }
  return out;
}

Result<Nodes> MacroUnion(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(std::string type,
                          StringArg(evaluator, call, args[0], "the union type", ""));
  bool all = EqualsIgnoreCase(type, "all");
  if (!all && !EqualsIgnoreCase(type, "distinct")) {
    return evaluator.Error(
        args[0], std::string("@UNION: the type must be 'all' or 'distinct', not '") + type + "'");
  }
  std::vector<TableArg> tables;
  std::vector<std::vector<std::string>> columns;
  for (size_t i = 1; i < args.size(); ++i) {
    STRATA_ASSIGN_OR_RETURN(TableArg table, ExpandTable(evaluator, args[i]));
    STRATA_ASSIGN_OR_RETURN(std::vector<std::string> names, ColumnsOf(evaluator, call, table));
    tables.push_back(std::move(table));
    columns.push_back(std::move(names));
  }
  if (tables.size() < 2) {
    return evaluator.Error(call, "@UNION needs at least two tables");
  }
  // The columns every table has, in the first table's order.
  std::vector<std::string> common;
  for (const std::string& column : columns[0]) {
    bool everywhere = true;
    for (size_t t = 1; t < columns.size() && everywhere; ++t) {
      bool found = false;
      for (const std::string& other : columns[t]) {
        found = found || EqualsIgnoreCase(other, column);
      }
      everywhere = found;
    }
    if (everywhere) {
      common.push_back(column);
    }
  }
  if (common.empty()) {
    return evaluator.Error(call, "@UNION: the tables have no column in common");
  }
  Node* result = nullptr;
  for (const TableArg& table : tables) {
    Nodes items;
    for (const std::string& column : common) {
      items.push_back(evaluator.arena()->New(
          NodeKind::kColumn, {Identifier(evaluator, column, true, call)}, call->span));
    }
    Node* select = SelectNode(evaluator, items, TableNode(evaluator, table, call), call);
    if (result == nullptr) {
      result = select;
      continue;
    }
    Node* set = evaluator.arena()->New(
        NodeKind::kSetOp, {nullptr, result, select, nullptr, nullptr, nullptr}, call->span);
    set->text = "UNION";
    set->flags = all ? sql::flag::kAll : 0;
    result = set;
  }
  return Nodes{result};
}

Result<Nodes> MacroDeduplicate(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(TableArg table, ExpandTable(evaluator, args[0]));
  STRATA_ASSIGN_OR_RETURN(Nodes partitions, evaluator.ExpandList(args[1]));
  if (partitions.empty()) {
    return evaluator.Error(args[1], "@DEDUPLICATE needs at least one partition_by column");
  }
  STRATA_ASSIGN_OR_RETURN(Nodes order_items, evaluator.ExpandList(args[2]));
  Nodes ordered;
  for (Node* item : order_items) {
    if (item->kind == NodeKind::kLiteral && item->literal == sql::LiteralKind::kString) {
      // 'event_date DESC NULLS LAST': parsed on its own as an ORDER BY item, so the string can
      // hold nothing but ordering terms.
      Result<sql::ParsedScript> parsed =
          sql::ParseOneStatement(std::string("SELECT 1 ORDER BY ") + std::string(item->text));
      const Node* select = parsed.ok() ? parsed->statements[0] : nullptr;
      bool only_order = select != nullptr && select->kind == NodeKind::kSelect;
      for (int slot = 0; only_order && slot < sql::kSelectSlotCount; ++slot) {
        if (slot != sql::kSelectItems && slot != sql::kSelectOrderBy &&
            select->slot(static_cast<size_t>(slot)) != nullptr) {
          only_order = false;
        }
      }
      const Node* list = only_order ? select->slot(sql::kSelectOrderBy) : nullptr;
      if (list == nullptr || list->kind != NodeKind::kList) {
        return evaluator.Error(
            args[2],
            std::string("@DEDUPLICATE: '") + std::string(item->text) + "' is not an ORDER BY item",
            "write items like 'event_date DESC NULLS LAST'");
      }
      for (uint32_t i = 0; i < list->slot_count; ++i) {
        ordered.push_back(evaluator.CopyAt(list->slot(i), call));
      }
    } else {
      ordered.push_back(evaluator.arena()->New(NodeKind::kOrdered, {item}, call->span));
    }
  }
  if (ordered.empty()) {
    return evaluator.Error(args[2], "@DEDUPLICATE needs at least one order_by item");
  }
  Nodes star{evaluator.arena()->New(NodeKind::kStar, 0, call->span)};
  Node* select = SelectNode(evaluator, star, TableNode(evaluator, table, call), call);
  if (evaluator.context().dialect == sql::DialectKind::kPostgres) {
    // PostgreSQL has no QUALIFY: DISTINCT ON keeps the first row of each partition in order.
    select->flags |= sql::flag::kDistinct;
    select->slots[sql::kSelectDistinctOn] = List(evaluator, partitions, call);
    Nodes order;
    for (Node* partition : partitions) {
      order.push_back(evaluator.arena()->New(
          NodeKind::kOrdered, {sql::Clone(partition, evaluator.arena())}, call->span));
    }
    order.insert(order.end(), ordered.begin(), ordered.end());
    select->slots[sql::kSelectOrderBy] = List(evaluator, order, call);
    return Nodes{select};
  }
  STRATA_ASSIGN_OR_RETURN(
      Node * qualify,
      evaluator.FromTemplate("ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) = 1", {}, call));
  Node* spec = qualify->slot(0)->slot(3);
  spec->slots[0] = List(evaluator, partitions, call);
  spec->slots[1] = List(evaluator, ordered, call);
  select->slots[sql::kSelectQualify] = qualify;
  return Nodes{select};
}

Result<Nodes> MacroDateSpine(Evaluator& evaluator, const Node* call, const Args& args) {
  STRATA_ASSIGN_OR_RETURN(std::string part,
                          StringArg(evaluator, call, args[0], "the datepart", ""));
  part = ToLower(part);
  std::string interval;
  if (part == "day") {
    interval = "INTERVAL '1' DAY";
  } else if (part == "week") {
    interval = "INTERVAL '7' DAY";
  } else if (part == "month") {
    interval = "INTERVAL '1' MONTH";
  } else if (part == "quarter") {
    interval = "INTERVAL '3' MONTH";
  } else if (part == "year") {
    interval = "INTERVAL '1' YEAR";
  } else {
    return evaluator.Error(args[0], std::string("@DATE_SPINE: unknown datepart '") + part + "'",
                           "use 'day', 'week', 'month', 'quarter' or 'year'");
  }
  STRATA_ASSIGN_OR_RETURN(Node * start, evaluator.ExpandOne(args[1], "the start date"));
  STRATA_ASSIGN_OR_RETURN(Node * end, evaluator.ExpandOne(args[2], "the end date"));
  const std::string column = std::string("date_") + part;
  // `part` is one of the five words above, so the template is fixed text.
  std::string sql =
      std::string("SELECT CAST(_exploded.") + column + " AS DATE) AS " + column +
      std::string(" FROM GENERATE_SERIES(CAST(@__0 AS TIMESTAMP), CAST(@__1 AS TIMESTAMP), ") +
      interval + ") AS _exploded(" + column + ")";
  Node* bounds[] = {start, end};
  STRATA_ASSIGN_OR_RETURN(Node * query, evaluator.FromTemplate(sql, bounds, call, true));
  return Nodes{query};
}

}  // namespace strata::macro
