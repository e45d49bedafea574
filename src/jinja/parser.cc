// Recursive-descent parser over the token list; one method per grammar rule of Jinja2 3.1.
#include "jinja/parser.h"

#include <functional>
#include <initializer_list>

#include "base/text.h"

namespace strata::jinja {

namespace {

constexpr std::string_view kKnownTags[] = {
    "for",   "if",       "macro",   "call",      "filter", "set",     "with", "do",
    "break", "continue", "include", "import",    "from",   "print",   "raw",  "endfor",
    "endif", "endmacro", "endcall", "endfilter", "endset", "endwith", "else", "elif",
};

// Calls `fn` for every name loaded anywhere in `body` (including nested macros and default
// values), as Jinja2 does to decide whether a macro takes varargs, kwargs or caller.
void VisitExprNames(const Expr* expr, const std::function<void(const std::string&)>& fn);

void VisitArgs(const CallArgs* args, const std::function<void(const std::string&)>& fn) {
  if (args == nullptr) {
    return;
  }
  for (const auto& e : args->positional) {
    VisitExprNames(e.get(), fn);
  }
  for (const auto& [name, e] : args->keyword) {
    VisitExprNames(e.get(), fn);
  }
  VisitExprNames(args->star_args.get(), fn);
  VisitExprNames(args->star_kwargs.get(), fn);
}

void VisitExprNames(const Expr* expr, const std::function<void(const std::string&)>& fn) {
  if (expr == nullptr) {
    return;
  }
  if (expr->kind == ExprKind::kName) {
    fn(expr->name);
  }
  for (const auto& child : expr->children) {
    VisitExprNames(child.get(), fn);
  }
  VisitArgs(expr->args.get(), fn);
}

void VisitBodyNames(const Body& body, const std::function<void(const std::string&)>& fn) {
  for (const auto& stmt : body) {
    VisitExprNames(stmt->expr.get(), fn);
    VisitExprNames(stmt->condition.get(), fn);
    VisitExprNames(stmt->filter.get(), fn);
    for (const auto& c : stmt->conditions) {
      VisitExprNames(c.get(), fn);
    }
    for (const auto& b : stmt->bodies) {
      VisitBodyNames(b, fn);
    }
    VisitBodyNames(stmt->body, fn);
    VisitBodyNames(stmt->else_body, fn);
    for (const auto& [target, e] : stmt->assignments) {
      VisitExprNames(e.get(), fn);
    }
    if (stmt->macro) {
      for (const auto& d : stmt->macro->defaults) {
        VisitExprNames(d.get(), fn);
      }
      VisitBodyNames(stmt->macro->body, fn);
    }
  }
}

ExprPtr MakeExpr(ExprKind kind, uint32_t offset) { return std::make_unique<Expr>(kind, offset); }

class Parser {
 public:
  Parser(const SourceText& source, const std::vector<Token>& tokens)
      : source_(source), tokens_(tokens) {}

  Result<Body> Run() {
    STRATA_ASSIGN_OR_RETURN(Body body, Subparse({}));
    if (Current().type != TokenType::kEof) {
      return Fail(Current(), std::string("unexpected ") + Describe(Current()));
    }
    return body;
  }

 private:
  const Token& Current() const { return tokens_[pos_]; }
  const Token& Look() const { return tokens_[std::min(pos_ + 1, tokens_.size() - 1)]; }
  void Advance() {
    if (pos_ + 1 < tokens_.size()) {
      ++pos_;
    }
  }
  bool IsName(const Token& token, std::string_view name) const {
    return token.type == TokenType::kName && token.text == name;
  }
  bool SkipIf(TokenType type) {
    if (Current().type == type) {
      Advance();
      return true;
    }
    return false;
  }
  bool SkipName(std::string_view name) {
    if (IsName(Current(), name)) {
      Advance();
      return true;
    }
    return false;
  }

  std::string Describe(const Token& token) const {
    if (token.type == TokenType::kName) {
      return std::string("'") + token.text + "'";
    }
    if (token.type == TokenType::kEof) {
      return "end of template";
    }
    std::string_view description = TokenTypeDescription(token.type);
    if (token.type >= TokenType::kAdd && token.type <= TokenType::kSemicolon) {
      return std::string("'") + std::string(description) + "'";
    }
    return std::string(description);
  }

  Status Fail(const Token& token, std::string message, std::string hint = "") const {
    Status status = source_.Error(token.offset, std::move(message));
    if (!hint.empty()) {
      status = std::move(status).WithHint(std::move(hint));
    }
    return status;
  }

  Status FailEof(std::string_view expected) const {
    std::string hint;
    if (!tag_stack_.empty()) {
      hint = std::string("the innermost block that needs to be closed is '") +
             tag_stack_.back().first + "', opened at line " +
             std::to_string(source_.Locate(tag_stack_.back().second).line);
    }
    return Fail(Current(),
                std::string("unexpected end of template, expected ") + std::string(expected), hint);
  }

  Status Expect(TokenType type) {
    if (Current().type == type) {
      Advance();
      return Status::OK();
    }
    if (Current().type == TokenType::kEof) {
      return FailEof(std::string("'") + std::string(TokenTypeDescription(type)) + "'");
    }
    return Fail(Current(), std::string("expected '") + std::string(TokenTypeDescription(type)) +
                               "', got " + Describe(Current()));
  }

  Result<std::string> ExpectName() {
    if (Current().type != TokenType::kName) {
      if (Current().type == TokenType::kEof) {
        return FailEof("a name");
      }
      return Fail(Current(), std::string("expected a name, got ") + Describe(Current()));
    }
    std::string name = Current().text;
    Advance();
    return name;
  }

  Status ExpectKeyword(std::string_view name) {
    if (SkipName(name)) {
      return Status::OK();
    }
    if (Current().type == TokenType::kEof) {
      return FailEof(std::string("'") + std::string(name) + "'");
    }
    return Fail(Current(),
                std::string("expected '") + std::string(name) + "', got " + Describe(Current()));
  }

  // --- template structure ---

  Result<Body> Subparse(std::initializer_list<std::string_view> end_tokens) {
    Body body;
    for (;;) {
      const Token& token = Current();
      switch (token.type) {
        case TokenType::kData: {
          auto stmt = std::make_unique<Stmt>(StmtKind::kData, token.offset);
          stmt->text = token.text;
          body.push_back(std::move(stmt));
          Advance();
          break;
        }
        case TokenType::kVariableBegin: {
          Advance();
          auto stmt = std::make_unique<Stmt>(StmtKind::kOutput, token.offset);
          STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseTuple(false, true, {}, false));
          STRATA_RETURN_IF_ERROR(Expect(TokenType::kVariableEnd));
          body.push_back(std::move(stmt));
          break;
        }
        case TokenType::kBlockBegin: {
          Advance();
          for (std::string_view end : end_tokens) {
            if (IsName(Current(), end)) {
              return body;
            }
          }
          STRATA_RETURN_IF_ERROR(ParseStatement(&body, end_tokens));
          STRATA_RETURN_IF_ERROR(Expect(TokenType::kBlockEnd));
          break;
        }
        case TokenType::kEof:
          return body;
        default:
          return Fail(token, std::string("unexpected ") + Describe(token));
      }
    }
  }

  // After the tag name: an optional colon, the block end, then the body up to one of
  // `end_tokens` (left current, or consumed with drop_needle).
  Result<Body> ParseStatements(std::initializer_list<std::string_view> end_tokens,
                               bool drop_needle) {
    SkipIf(TokenType::kColon);
    STRATA_RETURN_IF_ERROR(Expect(TokenType::kBlockEnd));
    STRATA_ASSIGN_OR_RETURN(Body body, Subparse(end_tokens));
    if (Current().type == TokenType::kEof) {
      std::string expected;
      for (std::string_view end : end_tokens) {
        expected += expected.empty() ? "" : " or ";
        expected += std::string("'") + std::string(end) + "'";
      }
      return FailEof(expected);
    }
    if (drop_needle) {
      Advance();
    }
    return body;
  }

  Status UnknownTag(const Token& token, std::initializer_list<std::string_view> end_tokens) {
    std::string message = std::string("unknown tag '") + token.text + "'";
    std::string hint;
    if (end_tokens.size() > 0) {
      std::string expected;
      for (std::string_view end : end_tokens) {
        expected += expected.empty() ? "" : " or ";
        expected += std::string("'") + std::string(end) + "'";
      }
      message = std::string("unexpected tag '") + token.text + "', expected " + expected;
      std::string nearest = NearestName(token.text, end_tokens);
      if (!nearest.empty()) {
        hint = "did you mean '" + nearest + "'? ";
      }
      if (!tag_stack_.empty()) {
        hint += std::string("the innermost block that needs to be closed is '") +
                tag_stack_.back().first + "', opened at line " +
                std::to_string(source_.Locate(tag_stack_.back().second).line);
      }
    } else if (token.text.rfind("end", 0) == 0 || token.text == "else" || token.text == "elif") {
      message = std::string("unexpected tag '") + token.text + "': no block is open here";
    } else {
      std::string nearest = NearestName(token.text, kKnownTags);
      if (!nearest.empty()) {
        hint = std::string("did you mean '") + nearest + "'?";
      }
    }
    if (token.text == "block" || token.text == "extends" || token.text == "autoescape" ||
        token.text == "trans") {
      message = std::string("the '") + token.text + "' tag is not supported by strata's Jinja";
      hint =
          "template inheritance, autoescape and i18n are not supported; use macros and "
          "include instead";
    }
    return Fail(token, message, hint);
  }

  Status ParseStatement(Body* body, std::initializer_list<std::string_view> end_tokens) {
    const Token& token = Current();
    if (token.type != TokenType::kName) {
      return Fail(token, std::string("tag name expected, got ") + Describe(token));
    }
    const std::string& tag = token.text;
    uint32_t offset = token.offset;
    if (tag_stack_.size() >= kMaxDepth) {
      return Fail(token, "blocks nested too deeply");
    }
    bool pushed = true;
    tag_stack_.emplace_back(tag, offset);
    Result<StmtPtr> stmt = Status::Internal("unset");
    if (tag == "for") {
      stmt = ParseFor();
    } else if (tag == "if") {
      stmt = ParseIf();
    } else if (tag == "set") {
      stmt = ParseSet();
    } else if (tag == "macro") {
      stmt = ParseMacro();
    } else if (tag == "call") {
      stmt = ParseCallBlock();
    } else if (tag == "filter") {
      stmt = ParseFilterBlock();
    } else if (tag == "with") {
      stmt = ParseWith();
    } else if (tag == "do") {
      Advance();
      auto s = std::make_unique<Stmt>(StmtKind::kDo, offset);
      STRATA_ASSIGN_OR_RETURN(s->expr, ParseTuple(false, true, {}, false));
      stmt = std::move(s);
    } else if (tag == "print") {
      Advance();
      auto s = std::make_unique<Stmt>(StmtKind::kOutput, offset);
      auto concat = MakeExpr(ExprKind::kConcat, offset);
      while (Current().type != TokenType::kBlockEnd) {
        if (!concat->children.empty()) {
          STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
        }
        STRATA_ASSIGN_OR_RETURN(ExprPtr e, ParseExpression(true));
        concat->children.push_back(std::move(e));
      }
      s->expr = std::move(concat);
      stmt = std::move(s);
    } else if (tag == "break" || tag == "continue") {
      if (loop_depth_ == 0) {
        tag_stack_.pop_back();
        return Fail(token, std::string("'") + tag + "' outside of a loop");
      }
      Advance();
      stmt =
          std::make_unique<Stmt>(tag == "break" ? StmtKind::kBreak : StmtKind::kContinue, offset);
    } else if (tag == "include") {
      stmt = ParseInclude();
    } else if (tag == "import") {
      stmt = ParseImport();
    } else if (tag == "from") {
      stmt = ParseFrom();
    } else {
      tag_stack_.pop_back();
      pushed = false;
      return UnknownTag(token, end_tokens);
    }
    if (pushed) {
      tag_stack_.pop_back();
    }
    if (!stmt.ok()) {
      return stmt.status();
    }
    body->push_back(std::move(stmt).value());
    return Status::OK();
  }

  Result<StmtPtr> ParseFor() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kFor, Current().offset);
    Advance();
    STRATA_ASSIGN_OR_RETURN(stmt->target, ParseAssignTarget(true, false, {"in"}, false));
    STRATA_RETURN_IF_ERROR(ExpectKeyword("in"));
    STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseTuple(false, false, {"recursive"}, false));
    if (SkipName("if")) {
      STRATA_ASSIGN_OR_RETURN(stmt->condition, ParseExpression(true));
    }
    if (SkipName("recursive")) {
      return Fail(tokens_[pos_ - 1], "recursive loops are not supported by strata's Jinja",
                  "write the recursion as a macro that calls itself");
    }
    ++loop_depth_;
    Result<Body> body = ParseStatements({"endfor", "else"}, false);
    --loop_depth_;
    if (!body.ok()) {
      return body.status();
    }
    stmt->body = std::move(body).value();
    bool is_else = IsName(Current(), "else");
    Advance();
    if (is_else) {
      stmt->has_else = true;
      STRATA_ASSIGN_OR_RETURN(stmt->else_body, ParseStatements({"endfor"}, true));
    }
    return stmt;
  }

  Result<StmtPtr> ParseIf() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kIf, Current().offset);
    Advance();
    for (;;) {
      STRATA_ASSIGN_OR_RETURN(ExprPtr test, ParseTuple(false, false, {}, false));
      STRATA_ASSIGN_OR_RETURN(Body body, ParseStatements({"elif", "else", "endif"}, false));
      stmt->conditions.push_back(std::move(test));
      stmt->bodies.push_back(std::move(body));
      std::string tag = Current().text;
      Advance();
      if (tag == "elif") {
        continue;
      }
      if (tag == "else") {
        stmt->has_else = true;
        STRATA_ASSIGN_OR_RETURN(stmt->else_body, ParseStatements({"endif"}, true));
      }
      return stmt;
    }
  }

  Result<StmtPtr> ParseSet() {
    uint32_t offset = Current().offset;
    Advance();
    STRATA_ASSIGN_OR_RETURN(Target target, ParseAssignTarget(true, false, {}, true));
    if (SkipIf(TokenType::kAssign)) {
      auto stmt = std::make_unique<Stmt>(StmtKind::kSet, offset);
      stmt->target = std::move(target);
      STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseTuple(false, true, {}, false));
      return stmt;
    }
    auto stmt = std::make_unique<Stmt>(StmtKind::kSetBlock, offset);
    stmt->target = std::move(target);
    if (Current().type == TokenType::kPipe) {
      STRATA_ASSIGN_OR_RETURN(stmt->filter, ParseFilter(nullptr, false));
    }
    STRATA_ASSIGN_OR_RETURN(stmt->body, ParseStatements({"endset"}, true));
    return stmt;
  }

  Status ParseSignature(MacroDecl* decl) {
    STRATA_RETURN_IF_ERROR(Expect(TokenType::kLParen));
    while (Current().type != TokenType::kRParen) {
      if (!decl->params.empty()) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
      }
      const Token& token = Current();
      STRATA_ASSIGN_OR_RETURN(std::string name, ExpectName());
      if (SkipIf(TokenType::kAssign)) {
        STRATA_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression(true));
        decl->defaults.push_back(std::move(value));
      } else if (!decl->defaults.empty()) {
        return Fail(token, "non-default argument follows default argument");
      }
      if (name == "caller" && decl->defaults.empty()) {
        return Fail(token,
                    "the special 'caller' argument of a macro must be omitted or given a default");
      }
      decl->params.push_back(std::move(name));
    }
    return Expect(TokenType::kRParen);
  }

  void ScanMacroNames(MacroDecl* decl) {
    VisitBodyNames(decl->body, [&](const std::string& name) {
      if (name == "varargs") {
        decl->uses_varargs = true;
      } else if (name == "kwargs") {
        decl->uses_kwargs = true;
      } else if (name == "caller") {
        decl->uses_caller = true;
      }
    });
  }

  Result<Body> ParseFunctionBody(std::string_view end) {
    int saved = loop_depth_;
    loop_depth_ = 0;
    Result<Body> body = ParseStatements({end}, true);
    loop_depth_ = saved;
    return body;
  }

  Result<StmtPtr> ParseMacro() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kMacro, Current().offset);
    Advance();
    auto decl = std::make_shared<MacroDecl>();
    STRATA_ASSIGN_OR_RETURN(decl->name, ExpectName());
    STRATA_RETURN_IF_ERROR(ParseSignature(decl.get()));
    STRATA_ASSIGN_OR_RETURN(decl->body, ParseFunctionBody("endmacro"));
    ScanMacroNames(decl.get());
    stmt->macro = std::move(decl);
    return stmt;
  }

  Result<StmtPtr> ParseCallBlock() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kCallBlock, Current().offset);
    Advance();
    auto decl = std::make_shared<MacroDecl>();
    decl->name = "caller";
    if (Current().type == TokenType::kLParen) {
      STRATA_RETURN_IF_ERROR(ParseSignature(decl.get()));
    }
    const Token& call_token = Current();
    STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseExpression(true));
    if (stmt->expr->kind != ExprKind::kCall) {
      return Fail(call_token, "expected a call after 'call'",
                  "write {% call macro_name(arguments) %}");
    }
    STRATA_ASSIGN_OR_RETURN(decl->body, ParseFunctionBody("endcall"));
    ScanMacroNames(decl.get());
    stmt->macro = std::move(decl);
    return stmt;
  }

  Result<StmtPtr> ParseFilterBlock() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kFilterBlock, Current().offset);
    Advance();
    STRATA_ASSIGN_OR_RETURN(stmt->filter, ParseFilter(nullptr, true));
    STRATA_ASSIGN_OR_RETURN(stmt->body, ParseStatements({"endfilter"}, true));
    return stmt;
  }

  Result<StmtPtr> ParseWith() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kWith, Current().offset);
    Advance();
    while (Current().type != TokenType::kBlockEnd) {
      if (!stmt->assignments.empty()) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
      }
      STRATA_ASSIGN_OR_RETURN(Target target, ParseAssignTarget(true, false, {}, false));
      STRATA_RETURN_IF_ERROR(Expect(TokenType::kAssign));
      STRATA_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression(true));
      stmt->assignments.emplace_back(std::move(target), std::move(value));
      if (Current().type == TokenType::kEof) {
        return FailEof("'end of statement block'");
      }
    }
    STRATA_ASSIGN_OR_RETURN(stmt->body, ParseStatements({"endwith"}, true));
    return stmt;
  }

  bool ParseImportContext(Stmt* stmt) {
    if ((IsName(Current(), "with") || IsName(Current(), "without")) && IsName(Look(), "context")) {
      stmt->with_context = Current().text == "with";
      Advance();
      Advance();
      return true;
    }
    return false;
  }

  Result<StmtPtr> ParseInclude() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kInclude, Current().offset);
    Advance();
    STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseExpression(true));
    if (IsName(Current(), "ignore") && IsName(Look(), "missing")) {
      stmt->ignore_missing = true;
      Advance();
      Advance();
    }
    stmt->with_context = true;
    ParseImportContext(stmt.get());
    return stmt;
  }

  Result<StmtPtr> ParseImport() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kImport, Current().offset);
    Advance();
    STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseExpression(true));
    STRATA_RETURN_IF_ERROR(ExpectKeyword("as"));
    STRATA_ASSIGN_OR_RETURN(stmt->alias, ExpectName());
    stmt->with_context = false;
    ParseImportContext(stmt.get());
    return stmt;
  }

  Result<StmtPtr> ParseFrom() {
    auto stmt = std::make_unique<Stmt>(StmtKind::kFromImport, Current().offset);
    Advance();
    STRATA_ASSIGN_OR_RETURN(stmt->expr, ParseExpression(true));
    STRATA_RETURN_IF_ERROR(ExpectKeyword("import"));
    stmt->with_context = false;
    for (;;) {
      if (!stmt->imports.empty()) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
      }
      if (Current().type != TokenType::kName) {
        return Fail(Current(),
                    std::string("expected a name to import, got ") + Describe(Current()));
      }
      if (ParseImportContext(stmt.get())) {
        break;
      }
      const Token& token = Current();
      STRATA_ASSIGN_OR_RETURN(std::string name, ExpectName());
      if (name[0] == '_') {
        return Fail(token, "names starting with an underline can not be imported");
      }
      std::string alias = name;
      if (SkipName("as")) {
        STRATA_ASSIGN_OR_RETURN(alias, ExpectName());
      }
      stmt->imports.emplace_back(std::move(name), std::move(alias));
      if (ParseImportContext(stmt.get()) || Current().type != TokenType::kComma) {
        break;
      }
    }
    return stmt;
  }

  // --- assignment targets ---

  Result<Target> ToTarget(const Expr& expr) {
    Target target;
    target.offset = expr.offset;
    if (expr.kind == ExprKind::kName) {
      target.kind = Target::Kind::kName;
      target.name = expr.name;
      return target;
    }
    if (expr.kind == ExprKind::kTuple) {
      target.kind = Target::Kind::kTuple;
      for (const auto& child : expr.children) {
        STRATA_ASSIGN_OR_RETURN(Target item, ToTarget(*child));
        target.items.push_back(std::move(item));
      }
      return target;
    }
    std::string what = expr.kind == ExprKind::kConst ? "a constant"
                       : expr.kind == ExprKind::kGetAttr
                           ? "an attribute (only namespace attributes can be set)"
                           : "an expression";
    return source_.Error(expr.offset, std::string("can't assign to ") + what);
  }

  Result<Target> ParseAssignTarget(bool with_tuple, bool name_only,
                                   std::initializer_list<std::string_view> extra_end,
                                   bool with_namespace) {
    if (with_namespace && Current().type == TokenType::kName && Look().type == TokenType::kDot) {
      Target target;
      target.kind = Target::Kind::kAttribute;
      target.offset = Current().offset;
      target.object = Current().text;
      Advance();
      Advance();
      STRATA_ASSIGN_OR_RETURN(target.name, ExpectName());
      return target;
    }
    if (name_only) {
      Target target;
      target.offset = Current().offset;
      STRATA_ASSIGN_OR_RETURN(target.name, ExpectName());
      return target;
    }
    ExprPtr expr;
    if (with_tuple) {
      STRATA_ASSIGN_OR_RETURN(expr, ParseTuple(true, true, extra_end, false));
    } else {
      STRATA_ASSIGN_OR_RETURN(expr, ParsePrimary());
    }
    return ToTarget(*expr);
  }

  // --- expressions ---

  bool IsTupleEnd(std::initializer_list<std::string_view> extra_end) const {
    TokenType type = Current().type;
    if (type == TokenType::kVariableEnd || type == TokenType::kBlockEnd ||
        type == TokenType::kRParen) {
      return true;
    }
    for (std::string_view end : extra_end) {
      if (IsName(Current(), end)) {
        return true;
      }
    }
    return false;
  }

  Result<ExprPtr> ParseTuple(bool simplified, bool with_condexpr,
                             std::initializer_list<std::string_view> extra_end,
                             bool explicit_parentheses) {
    uint32_t offset = Current().offset;
    std::vector<ExprPtr> items;
    bool is_tuple = false;
    for (;;) {
      if (!items.empty()) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
      }
      if (IsTupleEnd(extra_end)) {
        break;
      }
      ExprPtr item;
      if (simplified) {
        STRATA_ASSIGN_OR_RETURN(item, ParsePrimary());
      } else {
        STRATA_ASSIGN_OR_RETURN(item, ParseExpression(with_condexpr));
      }
      items.push_back(std::move(item));
      if (Current().type == TokenType::kComma) {
        is_tuple = true;
      } else {
        break;
      }
    }
    if (!is_tuple) {
      if (!items.empty()) {
        return std::move(items[0]);
      }
      if (!explicit_parentheses) {
        if (Current().type == TokenType::kEof) {
          return FailEof("an expression");
        }
        return Fail(Current(), std::string("expected an expression, got ") + Describe(Current()));
      }
    }
    auto tuple = MakeExpr(ExprKind::kTuple, offset);
    tuple->children = std::move(items);
    return tuple;
  }

  Result<ExprPtr> ParseExpression(bool with_condexpr) {
    if (++depth_ > kMaxDepth) {
      --depth_;
      return Fail(Current(), "expression nested too deeply");
    }
    Result<ExprPtr> result = with_condexpr ? ParseCondExpr() : ParseOr();
    --depth_;
    return result;
  }

  Result<ExprPtr> ParseCondExpr() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr expr, ParseOr());
    while (IsName(Current(), "if")) {
      uint32_t offset = Current().offset;
      Advance();
      auto cond = MakeExpr(ExprKind::kCondition, offset);
      STRATA_ASSIGN_OR_RETURN(ExprPtr test, ParseOr());
      ExprPtr otherwise;
      if (SkipName("else")) {
        STRATA_ASSIGN_OR_RETURN(otherwise, ParseCondExpr());
      }
      cond->children.push_back(std::move(test));
      cond->children.push_back(std::move(expr));
      cond->children.push_back(std::move(otherwise));
      expr = std::move(cond);
    }
    return expr;
  }

  Result<ExprPtr> ParseOr() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
    while (IsName(Current(), "or")) {
      auto node = MakeExpr(ExprKind::kOr, Current().offset);
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<ExprPtr> ParseAnd() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
    while (IsName(Current(), "and")) {
      auto node = MakeExpr(ExprKind::kAnd, Current().offset);
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<ExprPtr> ParseNot() {
    if (IsName(Current(), "not")) {
      auto node = MakeExpr(ExprKind::kNot, Current().offset);
      Advance();
      if (++depth_ > kMaxDepth) {
        return Fail(Current(), "expression nested too deeply");
      }
      Result<ExprPtr> operand = ParseNot();
      --depth_;
      if (!operand.ok()) {
        return operand.status();
      }
      node->children.push_back(std::move(operand).value());
      return node;
    }
    return ParseCompare();
  }

  Result<ExprPtr> ParseCompare() {
    uint32_t offset = Current().offset;
    STRATA_ASSIGN_OR_RETURN(ExprPtr expr, ParseMath1());
    ExprPtr compare;
    for (;;) {
      CompareOp op;
      TokenType type = Current().type;
      if (type == TokenType::kEq) {
        op = CompareOp::kEq;
      } else if (type == TokenType::kNe) {
        op = CompareOp::kNe;
      } else if (type == TokenType::kLt) {
        op = CompareOp::kLt;
      } else if (type == TokenType::kLe) {
        op = CompareOp::kLe;
      } else if (type == TokenType::kGt) {
        op = CompareOp::kGt;
      } else if (type == TokenType::kGe) {
        op = CompareOp::kGe;
      } else if (IsName(Current(), "in")) {
        op = CompareOp::kIn;
      } else if (IsName(Current(), "not") && IsName(Look(), "in")) {
        op = CompareOp::kNotIn;
        Advance();
      } else {
        break;
      }
      Advance();
      if (!compare) {
        compare = MakeExpr(ExprKind::kCompare, offset);
        compare->children.push_back(std::move(expr));
      }
      STRATA_ASSIGN_OR_RETURN(ExprPtr operand, ParseMath1());
      compare->compare_ops.push_back(op);
      compare->children.push_back(std::move(operand));
    }
    return compare ? std::move(compare) : std::move(expr);
  }

  Result<ExprPtr> Binary(ExprPtr left, BinaryOp op, ExprPtr right, uint32_t offset) {
    auto node = MakeExpr(ExprKind::kBinary, offset);
    node->binary_op = op;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  Result<ExprPtr> ParseMath1() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr left, ParseConcat());
    while (Current().type == TokenType::kAdd || Current().type == TokenType::kSub) {
      BinaryOp op = Current().type == TokenType::kAdd ? BinaryOp::kAdd : BinaryOp::kSub;
      uint32_t offset = Current().offset;
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr right, ParseConcat());
      STRATA_ASSIGN_OR_RETURN(left, Binary(std::move(left), op, std::move(right), offset));
    }
    return left;
  }

  Result<ExprPtr> ParseConcat() {
    uint32_t offset = Current().offset;
    STRATA_ASSIGN_OR_RETURN(ExprPtr first, ParseMath2());
    if (Current().type != TokenType::kTilde) {
      return first;
    }
    auto concat = MakeExpr(ExprKind::kConcat, offset);
    concat->children.push_back(std::move(first));
    while (SkipIf(TokenType::kTilde)) {
      STRATA_ASSIGN_OR_RETURN(ExprPtr next, ParseMath2());
      concat->children.push_back(std::move(next));
    }
    return concat;
  }

  Result<ExprPtr> ParseMath2() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr left, ParsePow());
    for (;;) {
      TokenType type = Current().type;
      BinaryOp op;
      if (type == TokenType::kMul) {
        op = BinaryOp::kMul;
      } else if (type == TokenType::kDiv) {
        op = BinaryOp::kDiv;
      } else if (type == TokenType::kFloorDiv) {
        op = BinaryOp::kFloorDiv;
      } else if (type == TokenType::kMod) {
        op = BinaryOp::kMod;
      } else {
        return left;
      }
      uint32_t offset = Current().offset;
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr right, ParsePow());
      STRATA_ASSIGN_OR_RETURN(left, Binary(std::move(left), op, std::move(right), offset));
    }
  }

  Result<ExprPtr> ParsePow() {
    STRATA_ASSIGN_OR_RETURN(ExprPtr left, ParseUnary(true));
    while (Current().type == TokenType::kPow) {
      uint32_t offset = Current().offset;
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr right, ParseUnary(true));
      STRATA_ASSIGN_OR_RETURN(left,
                              Binary(std::move(left), BinaryOp::kPow, std::move(right), offset));
    }
    return left;
  }

  Result<ExprPtr> ParseUnary(bool with_filter) {
    if (++depth_ > kMaxDepth) {
      --depth_;
      return Fail(Current(), "expression nested too deeply");
    }
    Result<ExprPtr> result = ParseUnaryInner(with_filter);
    --depth_;
    return result;
  }

  Result<ExprPtr> ParseUnaryInner(bool with_filter) {
    ExprPtr node;
    TokenType type = Current().type;
    if (type == TokenType::kSub || type == TokenType::kAdd) {
      node = MakeExpr(type == TokenType::kSub ? ExprKind::kNeg : ExprKind::kPos, Current().offset);
      Advance();
      STRATA_ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary(false));
      node->children.push_back(std::move(operand));
    } else {
      STRATA_ASSIGN_OR_RETURN(node, ParsePrimary());
    }
    STRATA_ASSIGN_OR_RETURN(node, ParsePostfix(std::move(node)));
    if (with_filter) {
      STRATA_ASSIGN_OR_RETURN(node, ParseFilterExpr(std::move(node)));
    }
    return node;
  }

  Result<ExprPtr> ParsePrimary() {
    const Token& token = Current();
    switch (token.type) {
      case TokenType::kName: {
        const std::string& name = token.text;
        ExprPtr node;
        if (name == "true" || name == "True" || name == "false" || name == "False") {
          node = MakeExpr(ExprKind::kConst, token.offset);
          node->constant = Value::Bool(name == "true" || name == "True");
        } else if (name == "none" || name == "None") {
          node = MakeExpr(ExprKind::kConst, token.offset);
          node->constant = Value::None();
        } else {
          node = MakeExpr(ExprKind::kName, token.offset);
          node->name = name;
        }
        Advance();
        return node;
      }
      case TokenType::kString: {
        auto node = MakeExpr(ExprKind::kConst, token.offset);
        std::string text = token.text;
        Advance();
        while (Current().type == TokenType::kString) {
          text += Current().text;
          Advance();
        }
        node->constant = Value::String(std::move(text));
        return node;
      }
      case TokenType::kInteger: {
        if (token.integer_overflow) {
          return Fail(token, "integer literal too large",
                      "strata's Jinja computes with 64-bit integers");
        }
        auto node = MakeExpr(ExprKind::kConst, token.offset);
        node->constant = Value::Int(token.int_value);
        Advance();
        return node;
      }
      case TokenType::kFloat: {
        auto node = MakeExpr(ExprKind::kConst, token.offset);
        node->constant = Value::Float(token.float_value);
        Advance();
        return node;
      }
      case TokenType::kLParen: {
        Advance();
        STRATA_ASSIGN_OR_RETURN(ExprPtr node, ParseTuple(false, true, {}, true));
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kRParen));
        return node;
      }
      case TokenType::kLBracket: {
        auto node = MakeExpr(ExprKind::kList, token.offset);
        Advance();
        while (Current().type != TokenType::kRBracket) {
          if (!node->children.empty()) {
            STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
          }
          if (Current().type == TokenType::kRBracket) {
            break;
          }
          STRATA_ASSIGN_OR_RETURN(ExprPtr item, ParseExpression(true));
          node->children.push_back(std::move(item));
        }
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kRBracket));
        return node;
      }
      case TokenType::kLBrace: {
        auto node = MakeExpr(ExprKind::kDict, token.offset);
        Advance();
        while (Current().type != TokenType::kRBrace) {
          if (!node->children.empty()) {
            STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
          }
          if (Current().type == TokenType::kRBrace) {
            break;
          }
          STRATA_ASSIGN_OR_RETURN(ExprPtr key, ParseExpression(true));
          STRATA_RETURN_IF_ERROR(Expect(TokenType::kColon));
          STRATA_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression(true));
          node->children.push_back(std::move(key));
          node->children.push_back(std::move(value));
        }
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kRBrace));
        return node;
      }
      case TokenType::kEof:
        return FailEof("an expression");
      default:
        return Fail(token, std::string("unexpected ") + Describe(token));
    }
  }

  Result<ExprPtr> ParsePostfix(ExprPtr node) {
    for (;;) {
      TokenType type = Current().type;
      if (type == TokenType::kDot || type == TokenType::kLBracket) {
        STRATA_ASSIGN_OR_RETURN(node, ParseSubscript(std::move(node)));
      } else if (type == TokenType::kLParen) {
        STRATA_ASSIGN_OR_RETURN(node, ParseCall(std::move(node)));
      } else {
        return node;
      }
    }
  }

  Result<ExprPtr> ParseFilterExpr(ExprPtr node) {
    for (;;) {
      TokenType type = Current().type;
      if (type == TokenType::kPipe) {
        STRATA_ASSIGN_OR_RETURN(node, ParseFilter(std::move(node), false));
      } else if (IsName(Current(), "is")) {
        STRATA_ASSIGN_OR_RETURN(node, ParseTest(std::move(node)));
      } else if (type == TokenType::kLParen) {
        STRATA_ASSIGN_OR_RETURN(node, ParseCall(std::move(node)));
      } else {
        return node;
      }
    }
  }

  Result<ExprPtr> ParseSubscript(ExprPtr node) {
    const Token& token = Current();
    Advance();
    if (token.type == TokenType::kDot) {
      const Token& attr = Current();
      if (attr.type == TokenType::kName) {
        auto get = MakeExpr(ExprKind::kGetAttr, token.offset);
        get->name = attr.text;
        get->children.push_back(std::move(node));
        Advance();
        return get;
      }
      if (attr.type != TokenType::kInteger) {
        return Fail(attr,
                    std::string("expected a name or number after '.', got ") + Describe(attr));
      }
      auto get = MakeExpr(ExprKind::kGetItem, token.offset);
      auto index = MakeExpr(ExprKind::kConst, attr.offset);
      index->constant = Value::Int(attr.int_value);
      get->children.push_back(std::move(node));
      get->children.push_back(std::move(index));
      Advance();
      return get;
    }
    std::vector<ExprPtr> args;
    while (Current().type != TokenType::kRBracket) {
      if (!args.empty()) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
      }
      STRATA_ASSIGN_OR_RETURN(ExprPtr arg, ParseSubscribed());
      args.push_back(std::move(arg));
    }
    STRATA_RETURN_IF_ERROR(Expect(TokenType::kRBracket));
    auto get = MakeExpr(ExprKind::kGetItem, token.offset);
    get->children.push_back(std::move(node));
    if (args.size() == 1) {
      get->children.push_back(std::move(args[0]));
    } else {
      auto tuple = MakeExpr(ExprKind::kTuple, token.offset);
      tuple->children = std::move(args);
      get->children.push_back(std::move(tuple));
    }
    return get;
  }

  bool AtSliceEnd() const {
    return Current().type == TokenType::kRBracket || Current().type == TokenType::kComma;
  }

  Result<ExprPtr> ParseSubscribed() {
    uint32_t offset = Current().offset;
    std::vector<ExprPtr> parts;
    if (Current().type == TokenType::kColon) {
      Advance();
      parts.push_back(nullptr);
    } else {
      STRATA_ASSIGN_OR_RETURN(ExprPtr node, ParseExpression(true));
      if (Current().type != TokenType::kColon) {
        return node;
      }
      Advance();
      parts.push_back(std::move(node));
    }
    if (Current().type == TokenType::kColon || AtSliceEnd()) {
      parts.push_back(nullptr);
    } else {
      STRATA_ASSIGN_OR_RETURN(ExprPtr stop, ParseExpression(true));
      parts.push_back(std::move(stop));
    }
    if (SkipIf(TokenType::kColon)) {
      if (AtSliceEnd()) {
        parts.push_back(nullptr);
      } else {
        STRATA_ASSIGN_OR_RETURN(ExprPtr step, ParseExpression(true));
        parts.push_back(std::move(step));
      }
    } else {
      parts.push_back(nullptr);
    }
    auto slice = MakeExpr(ExprKind::kSlice, offset);
    slice->children = std::move(parts);
    return slice;
  }

  Result<std::unique_ptr<CallArgs>> ParseCallArgs() {
    const Token& open = Current();
    STRATA_RETURN_IF_ERROR(Expect(TokenType::kLParen));
    auto args = std::make_unique<CallArgs>();
    bool require_comma = false;
    auto invalid = [&]() {
      return Fail(open, "invalid syntax for function call expression",
                  "positional arguments come first, then keyword arguments, then *args and "
                  "**kwargs");
    };
    while (Current().type != TokenType::kRParen) {
      if (require_comma) {
        STRATA_RETURN_IF_ERROR(Expect(TokenType::kComma));
        if (Current().type == TokenType::kRParen) {
          break;
        }
      }
      if (Current().type == TokenType::kMul) {
        if (args->star_args || args->star_kwargs) {
          return invalid();
        }
        Advance();
        STRATA_ASSIGN_OR_RETURN(args->star_args, ParseExpression(true));
      } else if (Current().type == TokenType::kPow) {
        if (args->star_kwargs) {
          return invalid();
        }
        Advance();
        STRATA_ASSIGN_OR_RETURN(args->star_kwargs, ParseExpression(true));
      } else if (Current().type == TokenType::kName && Look().type == TokenType::kAssign) {
        if (args->star_kwargs) {
          return invalid();
        }
        std::string key = Current().text;
        Advance();
        Advance();
        STRATA_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression(true));
        args->keyword.emplace_back(std::move(key), std::move(value));
      } else {
        if (args->star_args || args->star_kwargs || !args->keyword.empty()) {
          return invalid();
        }
        STRATA_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression(true));
        args->positional.push_back(std::move(value));
      }
      require_comma = true;
      if (Current().type == TokenType::kEof) {
        return FailEof("')'");
      }
    }
    STRATA_RETURN_IF_ERROR(Expect(TokenType::kRParen));
    return args;
  }

  Result<ExprPtr> ParseCall(ExprPtr node) {
    // Errors of a call point at what is called, not at its parenthesis.
    auto call = MakeExpr(ExprKind::kCall, node->offset);
    STRATA_ASSIGN_OR_RETURN(call->args, ParseCallArgs());
    call->children.push_back(std::move(node));
    return call;
  }

  Result<std::string> ParseDottedName() {
    STRATA_ASSIGN_OR_RETURN(std::string name, ExpectName());
    while (Current().type == TokenType::kDot) {
      Advance();
      STRATA_ASSIGN_OR_RETURN(std::string part, ExpectName());
      name += std::string(".") + part;
    }
    return name;
  }

  Result<ExprPtr> ParseFilter(ExprPtr node, bool start_inline) {
    while (Current().type == TokenType::kPipe || start_inline) {
      if (!start_inline) {
        Advance();
      }
      start_inline = false;
      auto filter = MakeExpr(ExprKind::kFilter, Current().offset);
      STRATA_ASSIGN_OR_RETURN(filter->name, ParseDottedName());
      if (Current().type == TokenType::kLParen) {
        STRATA_ASSIGN_OR_RETURN(filter->args, ParseCallArgs());
      } else {
        filter->args = std::make_unique<CallArgs>();
      }
      filter->children.push_back(std::move(node));
      node = std::move(filter);
    }
    return node;
  }

  Result<ExprPtr> ParseTest(ExprPtr node) {
    uint32_t is_offset = Current().offset;
    Advance();
    bool negated = SkipName("not");
    auto test = MakeExpr(ExprKind::kTest, Current().offset);
    STRATA_ASSIGN_OR_RETURN(test->name, ParseDottedName());
    TokenType type = Current().type;
    if (type == TokenType::kLParen) {
      STRATA_ASSIGN_OR_RETURN(test->args, ParseCallArgs());
    } else if ((type == TokenType::kName || type == TokenType::kString ||
                type == TokenType::kInteger || type == TokenType::kFloat ||
                type == TokenType::kLBracket || type == TokenType::kLBrace) &&
               !IsName(Current(), "else") && !IsName(Current(), "or") &&
               !IsName(Current(), "and")) {
      if (IsName(Current(), "is")) {
        return Fail(Current(), "you cannot chain multiple tests with is");
      }
      test->args = std::make_unique<CallArgs>();
      STRATA_ASSIGN_OR_RETURN(ExprPtr arg, ParsePrimary());
      STRATA_ASSIGN_OR_RETURN(arg, ParsePostfix(std::move(arg)));
      test->args->positional.push_back(std::move(arg));
    } else {
      test->args = std::make_unique<CallArgs>();
    }
    test->children.push_back(std::move(node));
    if (negated) {
      auto not_node = MakeExpr(ExprKind::kNot, is_offset);
      not_node->children.push_back(std::move(test));
      return not_node;
    }
    return test;
  }

  static constexpr int kMaxDepth = 200;
  const SourceText& source_;
  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int loop_depth_ = 0;
  std::vector<std::pair<std::string, uint32_t>> tag_stack_;
};

}  // namespace

Result<Body> ParseTemplate(const SourceText& source, const std::vector<Token>& tokens) {
  return Parser(source, tokens).Run();
}

}  // namespace strata::jinja
