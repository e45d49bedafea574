// Star expansion and column qualification: a scoped walk over queries that resolves names
// against each SELECT's FROM sources, with outer scopes visible to subqueries.
#include "sql/analysis/qualify.h"

#include <set>

#include "sql/analysis/scope.h"
#include "sql/analysis/sources.h"

namespace strata::sql {

namespace {

Node* MakeIdentifier(Arena* arena, std::string_view text, bool quoted, Span span) {
  Node* id = arena->New(NodeKind::kIdentifier, 0, span);
  id->text = arena->Store(text);
  if (quoted) {
    id->flags = flag::kQuoted;
  }
  return id;
}

struct SelectScope {
  std::vector<Source> sources;
  std::set<std::string> aliases;  // folded select-list aliases
  const SelectScope* parent = nullptr;
};

class Qualifier {
 public:
  Qualifier(const Schema& schema, Arena* arena, bool expand, bool qualify)
      : schema_(schema), arena_(arena), expand_(expand), qualify_(qualify) {}

  Status Query(Node* node, const SelectScope* parent) {
    if (node == nullptr) {
      return Status::OK();
    }
    switch (node->kind) {
      case NodeKind::kSelect:
        return Select(node, parent);
      case NodeKind::kSetOp:
      case NodeKind::kQueryParen: {
        size_t mark = ctes_.entries.size();
        STRATA_RETURN_IF_ERROR(With(node->slots[0], parent));
        for (uint32_t i = 1; i < node->slot_count; ++i) {
          if (node->kind == NodeKind::kSetOp && i <= 2) {
            STRATA_RETURN_IF_ERROR(Query(node->slots[i], parent));
          } else if (node->kind == NodeKind::kQueryParen && i == 1) {
            STRATA_RETURN_IF_ERROR(Query(node->slots[i], parent));
          }
        }
        ctes_.entries.resize(mark);
        return Status::OK();
      }
      case NodeKind::kValues:
        return Expr(node, parent);
      case NodeKind::kCreateTable:
        return Query(node->slots[2], parent);
      case NodeKind::kCreateView:
        return Query(node->slots[2], parent);
      case NodeKind::kInsert: {
        size_t mark = ctes_.entries.size();
        STRATA_RETURN_IF_ERROR(With(node->slots[6], parent));
        STRATA_RETURN_IF_ERROR(Query(node->slots[3], parent));
        ctes_.entries.resize(mark);
        return Status::OK();
      }
      default:
        return Status::OK();
    }
  }

 private:
  Status With(Node* with, const SelectScope* parent) {
    if (with == nullptr) {
      return Status::OK();
    }
    for (Node* cte : with->children()) {
      STRATA_RETURN_IF_ERROR(Query(cte->slots[1], parent));
      CteScope single;
      single.entries = ctes_.entries;
      PushCtes(arena_->New(NodeKind::kWith, {cte}), &schema_, &single);
      ctes_.entries.push_back(single.entries.back());
    }
    return Status::OK();
  }

  // Subqueries in FROM are their own scopes (LATERAL ones also see this SELECT's sources).
  Status FromQueries(Node* from, const SelectScope* parent, const SelectScope* self) {
    if (from == nullptr) {
      return Status::OK();
    }
    switch (from->kind) {
      case NodeKind::kJoin:
        STRATA_RETURN_IF_ERROR(FromQueries(from->slots[0], parent, self));
        STRATA_RETURN_IF_ERROR(FromQueries(from->slots[1], parent, self));
        if (from->slots[2] != nullptr && from->slots[2]->kind != NodeKind::kUsing) {
          return Expr(from->slots[2], self);
        }
        return Status::OK();
      case NodeKind::kParen:
        return FromQueries(from->slots[0], parent, self);
      case NodeKind::kDerivedTable:
        return Query(from->slots[0], from->Has(flag::kLateral) ? self : parent);
      case NodeKind::kTableFunction:
        return Expr(from->slots[0], from->Has(flag::kLateral) ? self : parent);
      default:
        return Status::OK();
    }
  }

  Status Select(Node* select, const SelectScope* parent) {
    size_t mark = ctes_.entries.size();
    STRATA_RETURN_IF_ERROR(With(select->slots[kSelectWith], parent));
    SelectScope scope;
    scope.parent = parent;
    scope.sources = FromSources(select->slots[kSelectFrom], &schema_, ctes_);
    STRATA_RETURN_IF_ERROR(FromQueries(select->slots[kSelectFrom], parent, &scope));
    if (expand_) {
      STRATA_RETURN_IF_ERROR(ExpandItems(select, scope));
    }
    for (const Node* item : select->slots[kSelectItems]->children()) {
      if (item->kind == NodeKind::kAlias) {
        scope.aliases.insert(FoldCase(item->text));
      }
    }
    for (uint32_t i = 0; i < select->slot_count; ++i) {
      if (i == kSelectWith || i == kSelectFrom || select->slots[i] == nullptr) {
        continue;
      }
      STRATA_RETURN_IF_ERROR(Expr(select->slots[i], &scope));
    }
    ctes_.entries.resize(mark);
    return Status::OK();
  }

  Status ExpandItems(Node* select, const SelectScope& scope) {
    Node* items = select->slots[kSelectItems];
    std::vector<Node*> expanded;
    bool changed = false;
    for (Node* item : items->children()) {
      if (item->kind != NodeKind::kStar) {
        expanded.push_back(item);
        continue;
      }
      changed = true;
      std::string qualifier;
      if (item->slot_count > 0 && item->slots[0] != nullptr) {
        qualifier = FoldCase(item->slots[0]->slots[item->slots[0]->slot_count - 1]->text);
      }
      std::set<std::string> excluded;
      if (item->slot_count > 1 && item->slots[1] != nullptr) {
        for (const Node* column : item->slots[1]->children()) {
          if (column->kind == NodeKind::kColumn) {
            excluded.insert(FoldCase(column->slots[column->slot_count - 1]->text));
          }
        }
      }
      for (const Source& source : scope.sources) {
        if (!qualifier.empty() && FoldCase(source.name) != qualifier) {
          continue;
        }
        if (!source.columns.has_value()) {
          return Status::NotFound("cannot expand *: the columns of '" + source.name +
                                  "' are not known");
        }
        for (const std::string& column : *source.columns) {
          if (excluded.count(FoldCase(column)) > 0) {
            continue;
          }
          std::vector<Node*> parts;
          if (!source.name.empty()) {
            parts.push_back(MakeIdentifier(arena_, source.name, source.quoted, item->span));
          }
          parts.push_back(MakeIdentifier(arena_, column, false, item->span));
          expanded.push_back(
              arena_->New(NodeKind::kColumn, std::span<Node* const>(parts), item->span));
        }
      }
    }
    if (changed) {
      select->slots[kSelectItems] =
          arena_->New(NodeKind::kList, std::span<Node* const>(expanded), items->span);
    }
    return Status::OK();
  }

  // The source that has column `name`: searched innermost scope first.
  Result<const Source*> Resolve(std::string_view name, const SelectScope* scope) {
    std::string folded = FoldCase(name);
    for (; scope != nullptr; scope = scope->parent) {
      const Source* found = nullptr;
      bool unknown = false;
      for (const Source& source : scope->sources) {
        if (!source.columns.has_value()) {
          unknown = true;
          continue;
        }
        for (const std::string& column : *source.columns) {
          if (FoldCase(column) != folded) {
            continue;
          }
          if (found != nullptr && found != &source) {
            return Status::InvalidArgument("column '" + std::string(name) +
                                           "' is ambiguous: both '" + found->name + "' and '" +
                                           source.name + "' have it");
          }
          found = &source;
        }
      }
      if (found != nullptr) {
        return found;
      }
      if (unknown || scope->aliases.count(folded) > 0) {
        return nullptr;
      }
    }
    return nullptr;
  }

  Status Expr(Node* node, const SelectScope* scope) {
    if (node == nullptr) {
      return Status::OK();
    }
    switch (node->kind) {
      case NodeKind::kColumn: {
        if (!qualify_ || node->slot_count != 1 || node->slots[0]->kind != NodeKind::kIdentifier) {
          return Status::OK();
        }
        if (lambda_params_.count(FoldCase(node->slots[0]->text)) > 0) {
          return Status::OK();
        }
        STRATA_ASSIGN_OR_RETURN(const Source* source, Resolve(node->slots[0]->text, scope));
        if (source == nullptr || source->name.empty()) {
          return Status::OK();
        }
        Node* qualifier = MakeIdentifier(arena_, source->name, source->quoted, node->span);
        Node* id = node->slots[0];
        Node** slots = static_cast<Node**>(arena_->Allocate(2 * sizeof(Node*)));
        slots[0] = qualifier;
        slots[1] = id;
        node->slots = slots;
        node->slot_count = 2;
        return Status::OK();
      }
      case NodeKind::kSubquery:
      case NodeKind::kExists:
      case NodeKind::kArraySubquery:
        return Query(node->slots[0], scope);
      case NodeKind::kSelect:
      case NodeKind::kSetOp:
      case NodeKind::kQueryParen:
        return Query(node, scope);
      case NodeKind::kStar:
        return Status::OK();
      case NodeKind::kBinary:
        if (node->text == "->") {
          return Lambda(node->slots[0], node->slots[1], scope);
        }
        break;
      case NodeKind::kLambda:
        return Lambda(node->slots[0], node->slots[1], scope);
      default:
        break;
    }
    for (Node* child : node->children()) {
      STRATA_RETURN_IF_ERROR(Expr(child, scope));
    }
    return Status::OK();
  }

  Status Lambda(Node* params, Node* body, const SelectScope* scope) {
    std::vector<std::string> added;
    auto add = [&](const Node* param) {
      if (param->kind == NodeKind::kColumn && param->slot_count == 1) {
        added.push_back(FoldCase(param->slots[0]->text));
      } else if (param->kind == NodeKind::kIdentifier) {
        added.push_back(FoldCase(param->text));
      }
    };
    if (params->kind == NodeKind::kRow || params->kind == NodeKind::kList ||
        params->kind == NodeKind::kParen) {
      for (const Node* param : params->children()) {
        add(param);
      }
    } else {
      add(params);
    }
    std::multiset<std::string> saved = lambda_params_;
    lambda_params_.insert(added.begin(), added.end());
    Status status = Expr(body, scope);
    lambda_params_ = saved;
    return status;
  }

  const Schema& schema_;
  Arena* arena_;
  bool expand_;
  bool qualify_;
  CteScope ctes_;
  std::multiset<std::string> lambda_params_;
};

}  // namespace

Status ExpandStars(Node* query, const Schema& schema, Arena* arena) {
  Qualifier qualifier(schema, arena, /*expand=*/true, /*qualify=*/false);
  return qualifier.Query(query, nullptr);
}

Status QualifyColumns(Node* query, const Schema& schema, Arena* arena) {
  Qualifier qualifier(schema, arena, /*expand=*/false, /*qualify=*/true);
  return qualifier.Query(query, nullptr);
}

}  // namespace strata::sql
