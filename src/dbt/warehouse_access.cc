#include "dbt/warehouse_access.h"

#include <fmt/format.h>

#include "dbt/existing_relation.h"
#include "jinja/arguments.h"
#include "jinja/value_format.h"

namespace strata::dbt {
namespace {

using Attributes = std::map<std::string, jinja::Value, std::less<>>;

// A warehouse value as agate gives it to templates: numbers as numbers, booleans as booleans,
// NULL as None, everything else (dates, timestamps, text) as its text.
jinja::Value ToJinja(const engine::Value& value) {
  if (value.is_null()) {
    return jinja::Value::None();
  }
  switch (value.type().id) {
    case engine::TypeId::kBoolean:
      return jinja::Value::Bool(value.AsBool());
    case engine::TypeId::kTinyInt:
    case engine::TypeId::kSmallInt:
    case engine::TypeId::kInteger:
    case engine::TypeId::kBigInt:
      return jinja::Value::Int(value.AsInt64());
    case engine::TypeId::kFloat:
    case engine::TypeId::kDouble:
      return jinja::Value::Float(value.AsDouble());
    case engine::TypeId::kDecimal:
      return jinja::Value::Float(std::stod(value.ToString()));
    default:
      return jinja::Value::String(value.ToString());
  }
}

// One column of a table: `.name`, `.values()`.
class AgateColumn : public jinja::Object {
 public:
  AgateColumn(std::string name, std::vector<jinja::Value> values)
      : name_(std::move(name)), values_(std::move(values)) {}
  std::string TypeName() const override { return "Column"; }
  std::optional<jinja::Value> GetAttribute(std::string_view name) const override {
    if (name == "name") {
      return jinja::Value::String(name_);
    }
    if (name == "values" || name == "values_distinct") {
      std::vector<jinja::Value> values = values_;
      return HostFunction::Make(std::string(name),
                                [values](jinja::CallContext&, jinja::Arguments&) {
                                  return Result<jinja::Value>(jinja::Value::Tuple(values));
                                });
    }
    return std::nullopt;
  }
  std::optional<std::vector<jinja::Value>> Iterate() const override { return values_; }

 private:
  std::string name_;
  std::vector<jinja::Value> values_;
};

// The columns of a table, by position or by name.
class AgateColumns : public jinja::Object {
 public:
  explicit AgateColumns(std::vector<std::pair<std::string, jinja::Value>> columns)
      : columns_(std::move(columns)) {}
  std::string TypeName() const override { return "MappedSequence"; }
  std::optional<jinja::Value> GetItem(const jinja::Value& key) const override {
    if (key.is_int()) {
      int64_t i = key.as_int();
      if (i < 0) {
        i += static_cast<int64_t>(columns_.size());
      }
      if (i >= 0 && i < static_cast<int64_t>(columns_.size())) {
        return columns_[i].second;
      }
      return std::nullopt;
    }
    if (key.is_string()) {
      for (const auto& [name, column] : columns_) {
        if (name == key.as_string()) {
          return column;
        }
      }
    }
    return std::nullopt;
  }
  std::optional<std::vector<jinja::Value>> Iterate() const override {
    std::vector<jinja::Value> out;
    for (const auto& entry : columns_) {
      out.push_back(entry.second);
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, jinja::Value>> columns_;
};

// A table: `.rows`, `.columns`, `.column_names`, `table[i]` (a row), iteration over rows.
class AgateTableObject : public jinja::Object {
 public:
  AgateTableObject(jinja::Value rows, jinja::Value columns, jinja::Value names)
      : rows_(std::move(rows)), columns_(std::move(columns)), names_(std::move(names)) {}
  std::string TypeName() const override { return "Table"; }
  std::optional<jinja::Value> GetAttribute(std::string_view name) const override {
    if (name == "rows") {
      return rows_;
    }
    if (name == "columns") {
      return columns_;
    }
    if (name == "column_names") {
      return names_;
    }
    if (name == "print_table") {
      return HostFunction::Make("print_table", [](jinja::CallContext&, jinja::Arguments&) {
        return Result<jinja::Value>(jinja::Value::None());
      });
    }
    return std::nullopt;
  }
  std::optional<jinja::Value> GetItem(const jinja::Value& key) const override {
    if (!key.is_int()) {
      return std::nullopt;
    }
    const auto& rows = rows_.items();
    int64_t i = key.as_int();
    if (i < 0) {
      i += static_cast<int64_t>(rows.size());
    }
    if (i < 0 || i >= static_cast<int64_t>(rows.size())) {
      return std::nullopt;
    }
    return rows[i];
  }
  std::optional<std::vector<jinja::Value>> Iterate() const override { return rows_.items(); }

 private:
  jinja::Value rows_;
  jinja::Value columns_;
  jinja::Value names_;
};

// A column of a relation, as adapter.get_columns_in_relation gives it.
jinja::Value ColumnObject(const engine::Column& column) {
  const std::string type = column.type.ToString();
  return HostObject::Make(
      "Column", Attributes{
                    {"name", jinja::Value::String(column.name)},
                    {"column", jinja::Value::String(column.name)},
                    {"data_type", jinja::Value::String(type)},
                    {"dtype", jinja::Value::String(type)},
                    {"quoted", jinja::Value::String(RelationName{"", "", column.name}.Render())},
                });
}

Result<RelationName> RelationArgument(const jinja::Value& value, std::string_view function) {
  if (value.is_object()) {
    if (const auto* relation = dynamic_cast<const Relation*>(value.as_object().get())) {
      return relation->name();
    }
  }
  return Status::InvalidArgument(
      fmt::format("{} takes a relation (ref(), source(), this)", function));
}

Status NotConnected(jinja::CallContext& context, std::string_view what) {
  return Status(context.Error(fmt::format("{} needs the warehouse, which this command does not "
                                          "open",
                                          what)))
      .WithHint("run it with strata dbt run, build or compile");
}

}  // namespace

void ConnectWarehouse(WarehouseAccess& access, engine::EngineAdapter* db) {
  if (db == nullptr) {
    access.query = nullptr;
    access.describe = nullptr;
    return;
  }
  access.query = [db](const std::string& sql) { return db->Query(sql); };
  access.describe = [db](const RelationName& relation) {
    return db->DescribeTable(relation.schema, relation.identifier);
  };
}

jinja::Value AgateTable(const engine::QueryResult& result) {
  std::vector<jinja::Value> rows;
  std::vector<std::vector<jinja::Value>> columns(result.columns.size());
  for (const auto& row : result.rows) {
    std::vector<jinja::Value> cells;
    for (size_t c = 0; c < row.size(); ++c) {
      cells.push_back(ToJinja(row[c]));
      columns[c].push_back(cells.back());
    }
    rows.push_back(jinja::Value::Tuple(std::move(cells)));
  }
  std::vector<std::pair<std::string, jinja::Value>> named;
  std::vector<jinja::Value> names;
  for (size_t c = 0; c < result.columns.size(); ++c) {
    names.push_back(jinja::Value::String(result.columns[c].name));
    named.emplace_back(result.columns[c].name,
                       jinja::Value::FromObject(std::make_shared<AgateColumn>(
                           result.columns[c].name, std::move(columns[c]))));
  }
  return jinja::Value::FromObject(std::make_shared<AgateTableObject>(
      jinja::Value::List(std::move(rows)),
      jinja::Value::FromObject(std::make_shared<AgateColumns>(std::move(named))),
      jinja::Value::Tuple(std::move(names))));
}

std::map<std::string, jinja::Value, std::less<>> RegisterWarehouseFunctions(
    jinja::Environment* env, std::shared_ptr<WarehouseAccess> access, bool execute) {
  auto run = [access](jinja::CallContext& context, const std::string& sql,
                      std::string_view what) -> Result<engine::QueryResult> {
    if (!access->query) {
      return NotConnected(context, what);
    }
    Result<engine::QueryResult> result = access->query(sql);
    if (!result.ok()) {
      return Status(context.Error(fmt::format("{} failed: {}", what, result.status().message())));
    }
    return result;
  };
  env->AddFunction(
      "run_query",
      [run, execute](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("run_query", args, {"sql"}, 1));
        if (!execute) {
          return jinja::Value::None();
        }
        STRATA_ASSIGN_OR_RETURN(engine::QueryResult result,
                                run(context, jinja::Str(*a[0]), "run_query"));
        return AgateTable(result);
      });
  // statement(name, fetch_result): the builtin `statement` macro calls this with its caller()'s
  // SQL.
  env->AddFunction(
      "strata_statement",
      [run, access, execute](jinja::CallContext& context,
                             jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, jinja::BindArguments("statement", args, {"name", "sql", "fetch_result"}, 2));
        if (!execute) {
          return jinja::Value::None();
        }
        STRATA_ASSIGN_OR_RETURN(engine::QueryResult result,
                                run(context, jinja::Str(*a[1]), "statement"));
        if (!a[0]->is_none()) {
          const bool fetch = a[2] && a[2]->Truthy();
          jinja::Value stored = jinja::Value::Dict();
          stored.as_dict()->SetString("response", jinja::Value::String("OK"));
          std::vector<jinja::Value> data;
          for (const auto& row : result.rows) {
            std::vector<jinja::Value> cells;
            for (const auto& value : row) {
              cells.push_back(ToJinja(value));
            }
            data.push_back(jinja::Value::Tuple(std::move(cells)));
          }
          stored.as_dict()->SetString(
              "data", fetch ? jinja::Value::List(std::move(data)) : jinja::Value::List());
          stored.as_dict()->SetString(
              "table", fetch ? AgateTable(result) : AgateTable(engine::QueryResult{}));
          access->results[jinja::Str(*a[0])] = stored;
        }
        return jinja::Value::String("");
      });
  env->AddFunction(
      "load_result", [access](jinja::CallContext&, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a, jinja::BindArguments("load_result", args, {"name"}, 1));
        auto it = access->results.find(jinja::Str(*a[0]));
        return it == access->results.end() ? jinja::Value::None() : it->second;
      });
  auto get_relation = [access, execute](jinja::CallContext& context,
                                        const RelationName& name) -> Result<jinja::Value> {
    if (!execute) {
      return jinja::Value::None();
    }
    if (!access->describe) {
      return NotConnected(context, "adapter.get_relation");
    }
    Result<std::vector<engine::Column>> columns = access->describe(name);
    if (!columns.ok()) {
      if (columns.status().code() == StatusCode::kNotFound) {
        return jinja::Value::None();
      }
      return Status(context.Error(columns.status().message()));
    }
    return Relation::Make(name);
  };
  env->AddFunction(
      "load_relation",
      [get_relation](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(auto a,
                                jinja::BindArguments("load_relation", args, {"relation"}, 1));
        STRATA_ASSIGN_OR_RETURN(RelationName name, RelationArgument(*a[0], "load_relation"));
        return get_relation(context, name);
      });
  Attributes methods;
  methods["get_relation"] = HostFunction::Make(
      "get_relation",
      [get_relation](jinja::CallContext& context, jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a,
            jinja::BindArguments("get_relation", args, {"database", "schema", "identifier"}, 3));
        return get_relation(context,
                            RelationName{jinja::Str(*a[0]), jinja::Str(*a[1]), jinja::Str(*a[2])});
      });
  methods["get_columns_in_relation"] = HostFunction::Make(
      "get_columns_in_relation",
      [access, execute](jinja::CallContext& context,
                        jinja::Arguments& args) -> Result<jinja::Value> {
        STRATA_ASSIGN_OR_RETURN(
            auto a, jinja::BindArguments("get_columns_in_relation", args, {"relation"}, 1));
        if (!execute) {
          return jinja::Value::List();
        }
        if (!access->describe) {
          return NotConnected(context, "adapter.get_columns_in_relation");
        }
        STRATA_ASSIGN_OR_RETURN(RelationName name,
                                RelationArgument(*a[0], "adapter.get_columns_in_relation"));
        Result<std::vector<engine::Column>> columns = access->describe(name);
        std::vector<jinja::Value> out;
        if (columns.ok()) {
          for (const engine::Column& column : *columns) {
            out.push_back(ColumnObject(column));
          }
        } else if (columns.status().code() != StatusCode::kNotFound) {
          return Status(context.Error(columns.status().message()));
        }
        return jinja::Value::List(std::move(out));
      });
  return methods;
}

}  // namespace strata::dbt
