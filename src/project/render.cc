// RenderModel: macro expansion with the interval's variables, then embedded inlining and table
// rewriting on the expanded tree.
#include "project/render.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/parallel.h"
#include "base/text.h"
#include "base/time.h"
#include "macro/expand_macros.h"
#include "macro/time_variables.h"
#include "project/embedded.h"
#include "project/variables.h"
#include "sql/generator.h"

namespace strata::project {

namespace {

// Column names the project itself knows for `table` (declared columns, external models, seeds).
Result<std::vector<std::string>> DeclaredColumns(const Project& project, const std::string& table) {
  Result<std::string> name = NormalizeNameText(table);
  const Model* model = name.ok() ? project.FindModel(*name) : nullptr;
  if (model == nullptr) {
    return Status::NotFound(fmt::format("the columns of '{}' are not known", table))
        .WithHint("declare the model's `columns`, or list the table in external_models.yaml");
  }
  std::vector<std::string> names;
  for (const ColumnDeclaration& column : model->KnownColumns()) {
    names.push_back(column.name);
  }
  if (names.empty()) {
    return Status::NotFound(fmt::format("the columns of '{}' are not known", table))
        .WithHint(fmt::format("declare `columns (...)` in the MODEL header of {}", model->name));
  }
  return names;
}

// Gives each unaliased projection of the query's output that is a cast of a column (`x::DATE`,
// `CAST(t.x AS INT)`) the column's name, as SQLMesh names it; DuckDB would name it after the
// expression ("CAST(x AS DATE)"). A plain column (`t.col`) is already named `col` by every
// engine. Only the output's names change, so the same model gives the same columns everywhere.
void NameCastProjections(sql::Node* query, sql::Arena* arena) {
  sql::Node* select = query;
  while (select != nullptr && select->kind != sql::NodeKind::kSelect) {
    select = select->kind == sql::NodeKind::kQueryParen || select->kind == sql::NodeKind::kSetOp
                 ? select->SlotOrNull(1)
                 : nullptr;
  }
  if (select == nullptr || select->SlotOrNull(sql::kSelectItems) == nullptr) {
    return;
  }
  sql::Node* items = select->slot(sql::kSelectItems);
  for (size_t i = 0; i < items->slot_count; ++i) {
    sql::Node* item = items->slots[i];
    if (item == nullptr || item->kind != sql::NodeKind::kCast) {
      continue;
    }
    const sql::Node* inner = item;
    while (inner != nullptr &&
           (inner->kind == sql::NodeKind::kCast || inner->kind == sql::NodeKind::kParen)) {
      inner = inner->SlotOrNull(0);
    }
    if (inner == nullptr || inner->kind != sql::NodeKind::kColumn || inner->slot_count == 0) {
      continue;
    }
    const sql::Node* name = inner->slots[inner->slot_count - 1];
    if (name->kind != sql::NodeKind::kIdentifier || name->text.empty() || name->text[0] == '@') {
      continue;
    }
    sql::Node* alias = arena->New(sql::NodeKind::kAlias, {item}, item->span);
    alias->text = name->text;
    alias->flags = name->flags & sql::flag::kQuoted;
    items->slots[i] = alias;
  }
}

class Renderer {
 public:
  // REQUIRES: `time` and `variables` (made for `options` and `project`) outlive the renderer;
  // they are shared by every model a renderer renders.
  Renderer(const Project& project, const RenderOptions& options, const TimeVariables& time,
           const std::map<std::string, sql::Node*>& variables, sql::Arena* arena)
      : project_(project), options_(options), arena_(arena), time_(time), variables_(variables) {}

  Result<RenderedModel> Render(const Model& model) {
    RenderedModel out;
    macro::MacroContext context = ContextFor(model, options_.this_model);
    macro::MacroExpander expander(context, arena_);
    STRATA_ASSIGN_OR_RETURN(out.pre_statements,
                            expander.ExpandStatements(Mutable(model.pre_statements)));
    if (model.query != nullptr) {
      STRATA_ASSIGN_OR_RETURN(out.query, expander.ExpandIn(model.query));
      STRATA_RETURN_IF_ERROR(Inline(out.query, 0));
      NameCastProjections(out.query, arena_);
      if (options_.table_mapping) {
        sql::RewriteTables(out.query, options_.table_mapping, arena_);
      }
    }
    STRATA_ASSIGN_OR_RETURN(out.post_statements,
                            expander.ExpandStatements(Mutable(model.post_statements)));
    for (const sql::Node* key : model.kind.unique_key) {
      STRATA_ASSIGN_OR_RETURN(sql::Node * expanded, expander.ExpandIn(key));
      out.unique_key.push_back(expanded);
    }
    for (const sql::Node* clause : model.kind.when_matched) {
      STRATA_ASSIGN_OR_RETURN(sql::Node * expanded, expander.ExpandIn(clause));
      out.when_matched.push_back(expanded);
    }
    if (model.kind.merge_filter != nullptr) {
      STRATA_ASSIGN_OR_RETURN(out.merge_filter, expander.ExpandIn(model.kind.merge_filter));
    }
    return out;
  }

 private:
  static std::vector<sql::Node*> Mutable(const std::vector<const sql::Node*>& nodes) {
    // The expander reads its input and never modifies it.
    std::vector<sql::Node*> out;
    out.reserve(nodes.size());
    for (const sql::Node* node : nodes) {
      out.push_back(const_cast<sql::Node*>(node));
    }
    return out;
  }

  macro::MacroContext ContextFor(const Model& model, const std::string& this_model) const {
    macro::MacroContext context;
    context.time = &time_;
    context.variables = variables_;
    context.this_model = this_model.empty() ? model.name : this_model;
    context.gateway = model.gateway.empty() ? project_.config.default_gateway : model.gateway;
    context.dialect = model.dialect_kind;
    context.source = model.source;
    context.file_name = file_names_.emplace(model.name, model.origin.file.string()).first->second;
    if (options_.columns_of) {
      context.columns_of = options_.columns_of;
    } else {
      context.columns_of = [this](const std::string& table) {
        return DeclaredColumns(project_, table);
      };
    }
    return context;
  }

  // Inlines the EMBEDDED models `statement` reads, each rendered (macros expanded) on its own.
  Status Inline(sql::Node* statement, int depth) {
    if (depth > 64) {
      return Status::ProjectError("EMBEDDED models nest more than 64 deep");
    }
    Status failure;
    InlineEmbedded(
        statement,
        [&](const std::string& name) -> const sql::Node* {
          const Model* embedded = project_.FindModel(name);
          if (embedded == nullptr || embedded->kind.name != ModelKindName::kEmbedded ||
              !failure.ok()) {
            return nullptr;
          }
          auto cached = embedded_.find(name);
          if (cached != embedded_.end()) {
            return cached->second;
          }
          macro::MacroContext context = ContextFor(*embedded, "");
          Result<sql::Node*> query =
              macro::ExpandMacrosIn(const_cast<sql::Node*>(embedded->query), context, arena_);
          if (!query.ok()) {
            failure = query.status();
            return nullptr;
          }
          if (Status nested = Inline(*query, depth + 1); !nested.ok()) {
            failure = nested;
            return nullptr;
          }
          embedded_[name] = *query;
          return *query;
        },
        arena_);
    return failure;
  }

  const Project& project_;
  const RenderOptions& options_;
  sql::Arena* arena_;
  const TimeVariables& time_;
  const std::map<std::string, sql::Node*>& variables_;
  std::map<std::string, sql::Node*> embedded_;
  mutable std::map<std::string, std::string> file_names_;
};

}  // namespace

Result<RenderedModel> RenderModel(const Project& project, const Model& model,
                                  const RenderOptions& options) {
  if (options.start >= options.end) {
    return Status::InvalidArgument(
        fmt::format("cannot render {} for an empty interval", model.name));
  }
  auto arena = std::make_shared<sql::Arena>();
  const TimeVariables time(options.start, options.end, options.execution_time);
  std::map<std::string, sql::Node*> variables;
  if (options.variables.empty()) {
    variables = VariableNodes(project.config, arena.get());
  } else {
    Config config = project.config;
    for (const auto& [name, value] : options.variables) {
      config.variables.erase(name);  // (assigning a YAML::Node writes through to what it shares)
      config.variables.emplace(name, value);
    }
    variables = VariableNodes(config, arena.get());
  }
  Renderer renderer(project, options, time, variables, arena.get());
  STRATA_ASSIGN_OR_RETURN(RenderedModel rendered, renderer.Render(model));
  rendered.arena = std::move(arena);
  return rendered;
}

namespace {

// Whether `node` holds a macro that can fail to expand: anything but the built-in variables
// (time variables, @this_model, @gateway), which always expand.
bool HasFallibleMacro(const sql::Node* node) {
  if (node == nullptr) {
    return false;
  }
  switch (node->kind) {
    case sql::NodeKind::kMacroCall:
    case sql::NodeKind::kMacroBrace:
      return true;
    case sql::NodeKind::kMacroVar: {
      std::string_view name = node->text;
      if (!name.empty() && name.front() == '@') {
        name.remove_prefix(1);
      }
      return !TimeVariables::IsTimeVariableName(name) && !EqualsIgnoreCase(name, "this_model") &&
             !EqualsIgnoreCase(name, "gateway");
    }
    case sql::NodeKind::kOpaque:
      return node->text.find('@') != std::string_view::npos;
    default:
      break;
  }
  for (const sql::Node* child : node->children()) {
    if (HasFallibleMacro(child)) {
      return true;
    }
  }
  return false;
}

bool NeedsMacroCheck(const Model& model) {
  if (model.query == nullptr || model.source.find('@') == std::string_view::npos) {
    return false;
  }
  if (HasFallibleMacro(model.query)) {
    return true;
  }
  for (const auto* statements : {&model.pre_statements, &model.post_statements}) {
    for (const sql::Node* statement : *statements) {
      if (HasFallibleMacro(statement)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void CheckModelMacros(const Project& project, int64_t execution_time, int threads,
                      std::vector<Status>* errors) {
  std::vector<const Model*> candidates;
  for (const Model& model : project.models) {
    if (NeedsMacroCheck(model)) {
      candidates.push_back(&model);
    }
  }
  if (candidates.empty()) {
    return;
  }
  RenderOptions options;
  options.start = DayOf(execution_time) * kMicrosPerDay;
  options.end = options.start + kMicrosPerDay;
  options.execution_time = execution_time;
  const TimeVariables time(options.start, options.end, options.execution_time);
  std::vector<Status> found(candidates.size());
  auto check = [&](size_t first, size_t step) {
    sql::Arena variables_arena;
    const std::map<std::string, sql::Node*> variables =
        VariableNodes(project.config, &variables_arena);
    for (size_t i = first; i < candidates.size(); i += step) {
      sql::Arena arena;
      Renderer renderer(project, options, time, variables, &arena);
      Result<RenderedModel> rendered = renderer.Render(*candidates[i]);
      if (!rendered.ok()) {
        found[i] = rendered.status();
      }
    }
  };
  const size_t workers = PartsFor(candidates.size(), static_cast<size_t>(std::max(threads, 1)),
                                  /*min_items_per_part=*/64);
  RunInParallel(workers, [&](size_t part) { check(part, workers); });
  for (Status& status : found) {
    if (!status.ok()) {
      errors->push_back(std::move(status));
    }
  }
}

Result<std::string> RenderedSql(const RenderedModel& rendered, sql::DialectKind dialect,
                                bool pretty) {
  std::vector<sql::Node*> statements = rendered.pre_statements;
  if (rendered.query != nullptr) {
    statements.push_back(rendered.query);
  }
  statements.insert(statements.end(), rendered.post_statements.begin(),
                    rendered.post_statements.end());
  sql::GenerateOptions options;
  options.dialect = dialect;
  options.pretty = pretty;
  return sql::GenerateScript(statements, options);
}

}  // namespace strata::project
