// The Environment: registration, parsing (with Jinja2's compile-time check of filter and test
// names), the template cache, and rendering.
#include "jinja/environment.h"

#include "base/text.h"
#include "jinja/interpreter.h"
#include "jinja/lexer.h"
#include "jinja/objects.h"
#include "jinja/parser.h"

namespace strata::jinja {

namespace {

// Jinja2 reports an unknown filter or test when it compiles the template, unless the use sits
// directly inside an if statement (a "soft" frame, where `is filter` may guard it).
class NameChecker {
 public:
  NameChecker(const Environment& env, const SourceText& source) : env_(env), source_(source) {}

  Status CheckBody(const Body& body, bool soft) {
    for (const auto& stmt : body) {
      STRATA_RETURN_IF_ERROR(CheckStmt(*stmt, soft));
    }
    return Status::OK();
  }

 private:
  Status CheckExpr(const Expr* e, bool soft) {
    if (e == nullptr) {
      return Status::OK();
    }
    if (!soft && (e->kind == ExprKind::kFilter || e->kind == ExprKind::kTest)) {
      bool filter = e->kind == ExprKind::kFilter;
      bool known = filter ? env_.FindFilter(e->name) != nullptr : env_.FindTest(e->name) != nullptr;
      if (!known) {
        std::string nearest = NearestName(e->name, filter ? env_.FilterNames() : env_.TestNames());
        Status status = source_.Error(e->offset, std::string("no ") + (filter ? "filter" : "test") +
                                                     " named '" + e->name + "'");
        if (!nearest.empty()) {
          status = std::move(status).WithHint(std::string("did you mean '") + nearest + "'?");
        }
        return status;
      }
    }
    for (const auto& child : e->children) {
      STRATA_RETURN_IF_ERROR(CheckExpr(child.get(), soft));
    }
    if (e->args) {
      for (const auto& a : e->args->positional) {
        STRATA_RETURN_IF_ERROR(CheckExpr(a.get(), soft));
      }
      for (const auto& [name, a] : e->args->keyword) {
        STRATA_RETURN_IF_ERROR(CheckExpr(a.get(), soft));
      }
      STRATA_RETURN_IF_ERROR(CheckExpr(e->args->star_args.get(), soft));
      STRATA_RETURN_IF_ERROR(CheckExpr(e->args->star_kwargs.get(), soft));
    }
    return Status::OK();
  }

  Status CheckStmt(const Stmt& s, bool soft) {
    switch (s.kind) {
      case StmtKind::kIf:
        for (const auto& c : s.conditions) {
          STRATA_RETURN_IF_ERROR(CheckExpr(c.get(), true));
        }
        for (const auto& b : s.bodies) {
          STRATA_RETURN_IF_ERROR(CheckBody(b, true));
        }
        return CheckBody(s.else_body, true);
      case StmtKind::kFor:
        STRATA_RETURN_IF_ERROR(CheckExpr(s.expr.get(), soft));
        STRATA_RETURN_IF_ERROR(CheckExpr(s.condition.get(), false));
        STRATA_RETURN_IF_ERROR(CheckBody(s.body, false));
        return CheckBody(s.else_body, soft);
      case StmtKind::kMacro:
      case StmtKind::kCallBlock:
        for (const auto& d : s.macro->defaults) {
          STRATA_RETURN_IF_ERROR(CheckExpr(d.get(), false));
        }
        STRATA_RETURN_IF_ERROR(CheckExpr(s.expr.get(), soft));
        return CheckBody(s.macro->body, false);
      case StmtKind::kFilterBlock:
      case StmtKind::kSetBlock:
        STRATA_RETURN_IF_ERROR(CheckExpr(s.filter.get(), soft));
        return CheckBody(s.body, false);
      case StmtKind::kWith:
        for (const auto& [target, e] : s.assignments) {
          STRATA_RETURN_IF_ERROR(CheckExpr(e.get(), soft));
        }
        return CheckBody(s.body, false);
      default:
        return CheckExpr(s.expr.get(), soft);
    }
  }

  const Environment& env_;
  const SourceText& source_;
};

template <typename Map>
std::vector<std::string> Keys(const Map& map) {
  std::vector<std::string> names;
  names.reserve(map.size());
  for (const auto& [name, value] : map) {
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

Environment::Environment(Options options) : options_(std::move(options)) {
  RegisterBuiltinFilters(this);
  RegisterBuiltinTests(this);
  RegisterBuiltinGlobals(this);
}

void Environment::SetGlobal(std::string name, Value value) {
  globals_.insert_or_assign(std::move(name), std::move(value));
}

void Environment::AddFunction(std::string name, Function function) {
  Value value = Value::FromObject(std::make_shared<FunctionObject>(name, std::move(function)));
  globals_.insert_or_assign(std::move(name), std::move(value));
}

void Environment::AddFilter(std::string name, FilterFunction filter) {
  filters_.insert_or_assign(std::move(name), std::move(filter));
}

void Environment::AddTest(std::string name, TestFunction test) {
  tests_.insert_or_assign(std::move(name), std::move(test));
}

void Environment::AddLazyGlobal(std::string name, LazyValue producer) {
  lazy_.insert_or_assign(std::move(name), std::move(producer));
}

const Value* Environment::FindGlobal(std::string_view name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

const FilterFunction* Environment::FindFilter(std::string_view name) const {
  auto it = filters_.find(name);
  return it == filters_.end() ? nullptr : &it->second;
}

const TestFunction* Environment::FindTest(std::string_view name) const {
  auto it = tests_.find(name);
  return it == tests_.end() ? nullptr : &it->second;
}

const LazyValue* Environment::FindLazy(std::string_view name) const {
  auto it = lazy_.find(name);
  return it == lazy_.end() ? nullptr : &it->second;
}

std::vector<std::string> Environment::FilterNames() const { return Keys(filters_); }
std::vector<std::string> Environment::TestNames() const { return Keys(tests_); }

Result<std::shared_ptr<const Template>> Environment::Parse(std::string_view source,
                                                           std::string name) const {
  SourceText text(std::move(name), NormalizeSource(source, options_.syntax));
  STRATA_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text, options_.syntax));
  STRATA_ASSIGN_OR_RETURN(Body body, ParseTemplate(text, tokens));
  STRATA_RETURN_IF_ERROR(NameChecker(*this, text).CheckBody(body, false));
  return std::make_shared<const Template>(std::move(text), std::move(body));
}

Result<std::shared_ptr<const Template>> Environment::Load(std::string_view name) const {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(name);
    if (it != cache_.end()) {
      return it->second;
    }
  }
  if (!loader_) {
    return Status::NotFound(std::string("template '") + std::string(name) +
                            "' not found: no loader is set");
  }
  STRATA_ASSIGN_OR_RETURN(std::string source, loader_(name));
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Template> tmpl, Parse(source, std::string(name)));
  std::lock_guard<std::mutex> lock(cache_mutex_);
  cache_.emplace(std::string(name), tmpl);
  return tmpl;
}

Result<std::string> Environment::Render(const std::shared_ptr<const Template>& tmpl,
                                        const Variables& variables) const {
  std::string out;
  out.reserve(tmpl->source().text().size() + 64);
  STRATA_RETURN_IF_ERROR(RenderTemplate(*this, tmpl, variables, &out));
  return out;
}

Result<std::string> Environment::RenderString(std::string_view source, std::string name,
                                              const Variables& variables) const {
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Template> tmpl, Parse(source, std::move(name)));
  return Render(tmpl, variables);
}

}  // namespace strata::jinja
