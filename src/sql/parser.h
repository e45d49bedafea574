// The SQL parser: tokens → AST (see ast.h). Recursive descent for statements and clauses, a
// precedence table for binary operators. The same Parser can start at any token of an existing
// TokenStream, which is how the MODEL (...) header parser reuses the expression grammar.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/ast.h"
#include "sql/tokenizer.h"

namespace strata::sql {

struct ParseOptions {
  std::string_view file_name = "<sql>";  // for error locations
  int max_depth = 500;  // nesting (about 2 per parenthesis level) beyond this is a ParseError
};

// Statements parsed from one text. Owns the arena holding the nodes and a copy of the source.
struct ParsedScript {
  std::unique_ptr<Arena> arena;
  std::string_view source;                    // the arena's copy of the parsed text
  std::vector<Node*> statements;              // in source order; never nullptr
  std::vector<std::string> leading_comments;  // per statement: comments before it, joined by \n
  std::string trailing_comments;              // comments after the last statement
};

// Parses `sql`: zero or more statements separated by ';'. Statements strata does not model are
// kept as kOpaque nodes holding their text verbatim. Fails with a ParseError whose location has
// line, column and line text ("expected X, found Y"). Thread-safe.
Result<ParsedScript> ParseScript(std::string_view sql, const ParseOptions& options = {});

// Parses exactly one statement (a trailing ';' is allowed).
Result<ParsedScript> ParseOneStatement(std::string_view sql, const ParseOptions& options = {});

// Parses `sql` as a single expression into `arena`; the text is copied into the arena.
Result<Node*> ParseExpression(std::string_view sql, Arena* arena, const ParseOptions& options = {});

// A parser over an existing token stream, positioned anywhere in it. REQUIRES: `tokens` and the
// source text it views outlive the parser and every node it returns unless the caller copies the
// source into `arena` first (ParseScript does). Not thread-safe.
class Parser {
 public:
  Parser(const TokenStream* tokens, Arena* arena, const ParseOptions& options = {});

  // Index of the next token to be consumed.
  size_t position() const { return pos_; }
  // Moves to token `position`. REQUIRES: position < tokens->tokens.size().
  void set_position(size_t position) { pos_ = position; }
  bool AtEnd() const;

  // Parses one expression at the current position and leaves the position after it. Fails with
  // a ParseError at the offending token.
  Result<Node*> ParseExpression();
  // Parses one statement (without the ';').
  Result<Node*> ParseStatement();
  // Parses a query: SELECT, VALUES, FROM-first, set operations, WITH.
  Result<Node*> ParseQuery();
  // Parses a type name: INT, DECIMAL(10, 2), VARCHAR[], STRUCT(a INT), MAP(K, V), ...
  Result<Node*> ParseType();
  // Parses a possibly qualified name (a.b.c) into a kName node.
  Result<Node*> ParseName();
  // Parses one MERGE clause, `WHEN [NOT] MATCHED [BY SOURCE|TARGET] [AND cond] THEN action`,
  // into a kMergeWhen node (how a model's `when_matched` property is read).
  Result<Node*> ParseMergeWhen();

  // Gives every comment inside `statement` (tokens after `first_token` up to the position) that
  // no select item, clause or CTE took to the node it precedes: the first node starting at or
  // after the comment (the last one before it when none follows), so a generator writing
  // comments (GenerateOptions::comments) loses none. Comments before `first_token` itself are
  // the caller's (ParsedScript::leading_comments). ParseScript calls this for each statement.
  void AttachRemainingComments(Node* statement, size_t first_token);

  // Whether the next tokens are the conditional clause macro `name` ("@WHERE", any case) and
  // its '(' (SQLMesh's `@WHERE(cond) expr`, `LEFT @JOIN(cond) t ON ...`).
  bool IsClauseMacro(std::string_view name) const;

  // A ParseError at the current token: "expected `what`, found <token>".
  Status Expected(std::string_view what) const;

  // Token access, for callers that parse their own syntax around SQL expressions.
  const Token& Peek(size_t ahead = 0) const;
  std::string_view Text(const Token& token) const { return tokens_->Text(token); }
  bool IsKeyword(Keyword keyword, size_t ahead = 0) const;
  bool IsKind(TokenKind kind, size_t ahead = 0) const { return Peek(ahead).kind == kind; }
  bool IsOperator(std::string_view op, size_t ahead = 0) const;
  // Consumes the next token when it matches; returns whether it did.
  bool AcceptKeyword(Keyword keyword);
  bool AcceptKind(TokenKind kind);
  bool AcceptOperator(std::string_view op);
  Status ExpectKeyword(Keyword keyword);
  Status ExpectKind(TokenKind kind);
  const Token& Next() { return tokens_->tokens[pos_ < last_ ? pos_++ : pos_]; }

 private:
  friend class DepthGuard;

  // parse_expression.cc
  Result<Node*> ParseExpr(int min_precedence);
  Result<Node*> ParsePrefix();
  Result<Node*> ParsePrimary();
  Result<Node*> ParsePostfix(Node* expr);
  Node* Closed(Node* left, int precedence);
  Result<Node*> ParseParenthesized();
  Result<Node*> ParseCaseExpr();
  Result<Node*> ParseCastExpr(bool try_cast);
  Result<Node*> ParseIntervalExpr();
  Result<Node*> ParseFunctionCall(Node* name_node, Span span);
  Result<Node*> ParseFunctionTail(Node* function);
  // An argument of a function or macro call: an expression or `name := value` / `name => value`.
  Result<Node*> ParseCallArgument();
  // The parenthesized arguments of a macro call whose `@name` (a kMacroVar) was just consumed.
  Result<Node*> ParseMacroCallArguments(Node* name, Span span);
  Result<Node*> ParseWindowSpec(bool inside_parens_only);
  Result<Node*> ParseFrameBound();
  Result<Node*> ParseSpecialFunction(Keyword keyword, Span span);
  Result<Node*> ParseArrayLiteral(bool keyword, Span span);
  Result<Node*> ParseStructLiteral(Span span);
  Result<Node*> ParseMapLiteral(Span span);
  Result<Node*> ParseStar(Node* qualifier, Span span);
  Result<Node*> ParseLiteralToken();
  Result<Node*> ParseIdentifier();
  Result<Node*> ParseExpressionList(TokenKind close, std::vector<Node*>* out);
  Result<Node*> ParseMaybeAliased(bool implicit_alias);
  Result<Node*> ParseOrderedList();
  Node* MakeList(const std::vector<Node*>& items, Span span);

  // parse_query.cc
  Result<Node*> ParseQueryWithModifiers(Node* with);
  Result<Node*> ParseSetOperand();
  Result<Node*> ParseSelectBody(Node* with, Node* from_first);
  Result<Node*> ParseWith();
  Result<Node*> ParseValues();
  // GROUP BY items; `keywords`: the GROUP BY keywords come first (else @GROUP_BY(...) did).
  Result<Node*> ParseGroupBy(bool keywords);
  // Consumes `@NAME(condition)` and returns a kMacroCall with flag kClause, slots (condition,
  // nullptr); the caller parses the clause body into slot 1.
  Result<Node*> ParseClauseMacroCondition();
  Result<Node*> ParseGroupingElement();
  Status ParseQueryModifiers(Node* query, size_t order_slot, size_t limit_slot, size_t offset_slot);
  bool StartsQuery(size_t ahead = 0) const;

  // parse_from.cc
  Result<Node*> ParseFrom();
  Result<Node*> ParseTableFactor();
  Result<Node*> ParseTableAlias(bool allow_columns);
  Result<Node*> ParseJoinTail(Node* left);
  Result<Node*> ParsePivot(Node* source, bool unpivot);
  Result<Node*> ParseSample();

  // parse_statement.cc
  Result<Node*> ParseCreate();
  Result<Node*> ParseInsert();
  Result<Node*> ParseDelete();
  Result<Node*> ParseUpdate();
  Result<Node*> ParseUpdateSet();
  Result<Node*> ParseMerge();
  Result<Node*> ParseAlter();
  Result<Node*> ParseDrop();
  Result<Node*> ParseColumnDef();
  Result<Node*> ParseReturning();
  Node* MakeOpaque(size_t start_token);

  Span SpanOf(const Token& token) const { return token.span; }
  // The comments before `token`, one per line (a view into the source or the arena).
  std::string_view CommentsOf(const Token& token);
  // Sets `node`'s comments to those before `token` unless it has some already, and remembers
  // that `node` took them (see AttachRemainingComments).
  void AttachComments(Node* node, const Token& token) {
    if (node != nullptr && node->comments.empty() && token.comment_count > 0) {
      node->comments = CommentsOf(token);
      RememberCommentOwner(token, node);
    }
  }
  void RememberCommentOwner(const Token& token, const Node* node);
  Node* NewText(NodeKind kind, std::string_view text, Span span);
  std::string_view DecodeString(const Token& token);
  std::string_view Store(std::string_view text) { return arena_->Store(text); }

  // Positions where a query was tried and did not parse (backtracking memo).
  bool QueryFailedAt(size_t position) const {
    return position < failed_queries_.size() && failed_queries_[position];
  }
  void RememberQueryFailure(size_t position) {
    if (failed_queries_.size() <= position) {
      failed_queries_.resize(tokens_->tokens.size(), false);
    }
    failed_queries_[position] = true;
  }

  const TokenStream* tokens_;
  Arena* arena_;
  ParseOptions options_;
  size_t pos_ = 0;
  size_t last_ = 0;  // index of the kEof token
  int depth_ = 0;
  std::vector<bool> failed_queries_;
  // Per token, the node that took its comments (backtracking may leave nodes not in the tree).
  std::vector<const Node*> comment_owners_;
};

}  // namespace strata::sql
