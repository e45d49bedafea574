// Parser infrastructure: token helpers, errors, the depth guard, string decoding, and the
// script-level entry points that split input into statements.
#include "sql/parser.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_set>

#include <fmt/format.h>

#include "sql/parser_internal.h"

namespace strata::sql {

Parser::Parser(const TokenStream* tokens, Arena* arena, const ParseOptions& options)
    : tokens_(tokens), arena_(arena), options_(options), last_(tokens->tokens.size() - 1) {}

bool Parser::AtEnd() const { return Peek().kind == TokenKind::kEof; }

const Token& Parser::Peek(size_t ahead) const {
  size_t index = pos_ + ahead;
  return tokens_->tokens[index < last_ ? index : last_];
}

bool Parser::IsKeyword(Keyword keyword, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kWord && token.keyword == keyword;
}

bool Parser::IsOperator(std::string_view op, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kOperator && Text(token) == op;
}

bool Parser::AcceptKeyword(Keyword keyword) {
  if (!IsKeyword(keyword)) {
    return false;
  }
  ++pos_;
  return true;
}

bool Parser::AcceptKind(TokenKind kind) {
  if (Peek().kind != kind) {
    return false;
  }
  ++pos_;
  return true;
}

bool Parser::AcceptOperator(std::string_view op) {
  if (!IsOperator(op)) {
    return false;
  }
  ++pos_;
  return true;
}

Status Parser::ExpectKeyword(Keyword keyword) {
  if (AcceptKeyword(keyword)) {
    return Status::OK();
  }
  return Expected(KeywordText(keyword));
}

Status Parser::ExpectKind(TokenKind kind) {
  if (AcceptKind(kind)) {
    return Status::OK();
  }
  return Expected(TokenKindName(kind));
}

Status Parser::Expected(std::string_view what) const {
  const Token& token = Peek();
  std::string found;
  if (token.kind == TokenKind::kEof) {
    found = "end of input";
  } else {
    std::string_view text = Text(token);
    if (text.size() > 40) {
      text = text.substr(0, 40);
    }
    bool punctuation = token.kind >= TokenKind::kLeftParen;
    found = punctuation ? std::string(TokenKindName(token.kind))
                        : std::string(TokenKindName(token.kind)) + " '" + std::string(text) + "'";
    if (token.kind == TokenKind::kWord && token.keyword != Keyword::kNone) {
      found = "keyword " + std::string(KeywordText(token.keyword));
    }
  }
  // A list item on the next line without the comma before it: the comma is missing at the end of
  // the previous line, so point there rather than at the next line's first word.
  // Only when the next line starts like a list item (a word or a literal), not with punctuation
  // (a `;` there means a missing `)`).
  if (what.find("','") != std::string_view::npos && token.kind != TokenKind::kEof &&
      token.kind < TokenKind::kOperator && pos_ > 0) {
    const Token& previous = tokens_->tokens[pos_ - 1];
    if (token.span.line > previous.span.line) {
      Span end = previous.span;
      end.offset += end.length;
      end.column += end.length;
      end.length = 1;
      return Status(ErrorAt(tokens_->source, options_.file_name, end,
                            fmt::format("expected {} at the end of line {}, found {} on line {}",
                                        what, previous.span.line, found, token.span.line)))
          .WithHint(fmt::format("is a ',' missing at the end of line {}?", previous.span.line));
    }
  }
  return ErrorAt(tokens_->source, options_.file_name, token.span,
                 "expected " + std::string(what) + ", found " + found);
}

std::string_view Parser::CommentsOf(const Token& token) {
  if (token.comment_count == 0) {
    return {};
  }
  if (token.comment_count == 1) {
    return tokens_->Text(tokens_->comments[token.comment_begin]);
  }
  std::string joined;
  for (uint32_t i = 0; i < token.comment_count; ++i) {
    if (i > 0) {
      joined.push_back('\n');
    }
    joined.append(tokens_->Text(tokens_->comments[token.comment_begin + i]));
  }
  return Store(joined);
}

void Parser::RememberCommentOwner(const Token& token, const Node* node) {
  const Token* first = tokens_->tokens.data();
  if (&token < first || &token >= first + tokens_->tokens.size()) {
    return;  // a copy of a token: its comments stay with the node but are not tracked
  }
  if (comment_owners_.empty()) {
    comment_owners_.resize(tokens_->tokens.size(), nullptr);
  }
  comment_owners_[static_cast<size_t>(&token - first)] = node;
}

namespace {

// A node that can take a comment, with where its text starts (the smallest offset in its subtree:
// a binary node's own span is its operator).
struct CommentTarget {
  Node* node;
  uint32_t start;
};

// Collects the nodes of `node`'s tree that can take a comment, in pre-order (outermost first),
// into `targets`, and every node into `live`; returns where `node` starts.
uint32_t CollectTargets(Node* node, const Node* parent, uint32_t index,
                        std::vector<CommentTarget>* targets,
                        std::unordered_set<const Node*>* live) {
  live->insert(node);
  // Parts of a dotted name after the first are written without Gen (FormatLabel), and a clause
  // that takes the comments before its keyword (FROM, WHERE, GROUP BY, HAVING, QUALIFY, ORDER BY)
  // writes them above the keyword: neither can take a comment from inside the clause.
  // A list is written through its items (which start where it does), so they take its comments.
  bool eligible = node->span.line != 0 && node->kind != NodeKind::kList;
  if (parent != nullptr && index > 0 &&
      (parent->kind == NodeKind::kName || parent->kind == NodeKind::kColumn)) {
    eligible = false;
  }
  if (parent != nullptr && parent->kind == NodeKind::kSelect &&
      (index == kSelectFrom || index == kSelectWhere || index == kSelectGroupBy ||
       index == kSelectHaving || index == kSelectQualify || index == kSelectOrderBy)) {
    eligible = false;
  }
  if (parent != nullptr && ((parent->kind == NodeKind::kSetOp && index == 3) ||
                            (parent->kind == NodeKind::kQueryParen && index == 2))) {
    eligible = false;  // ORDER BY of a set operation or parenthesized query
  }
  size_t at = targets->size();
  if (eligible) {
    targets->push_back({node, 0});
  }
  uint32_t start = node->span.line != 0 ? node->span.offset : UINT32_MAX;
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    if (node->slots[i] != nullptr) {
      start = std::min(start, CollectTargets(node->slots[i], node, i, targets, live));
    }
  }
  if (eligible) {
    (*targets)[at].start = start;
  }
  return start;
}

}  // namespace

void Parser::AttachRemainingComments(Node* statement, size_t first_token) {
  const size_t end = std::min(pos_, tokens_->tokens.size());
  bool any = false;
  for (size_t t = first_token + 1; t < end && !any; ++t) {
    any = tokens_->tokens[t].comment_count > 0;
  }
  if (!any) {
    return;
  }
  std::vector<CommentTarget> targets;
  std::unordered_set<const Node*> live;
  CollectTargets(statement, nullptr, 0, &targets, &live);
  if (targets.empty()) {
    return;
  }
  // Stable: among nodes starting at the same offset the outermost comes first.
  std::stable_sort(
      targets.begin(), targets.end(),
      [](const CommentTarget& a, const CommentTarget& b) { return a.start < b.start; });
  for (size_t t = first_token + 1; t < end; ++t) {
    const Token& token = tokens_->tokens[t];
    if (token.comment_count == 0) {
      continue;
    }
    if (t < comment_owners_.size() && comment_owners_[t] != nullptr &&
        live.contains(comment_owners_[t])) {
      continue;
    }
    // The outermost node where the text after the comment starts; failing that (the comment is
    // before a closing parenthesis at the end), the outermost one where the last node before it
    // starts. Formatted, the comment then precedes that node's first token, which leads here
    // again: formatting is stable.
    auto it = std::lower_bound(
        targets.begin(), targets.end(), token.span.offset,
        [](const CommentTarget& target, uint32_t offset) { return target.start < offset; });
    if (it == targets.end()) {
      it = targets.end() - 1;
      while (it != targets.begin() && (it - 1)->start == it->start) {
        --it;
      }
    }
    Node* target = it->node;
    std::string_view comments = CommentsOf(token);
    target->comments = target->comments.empty()
                           ? comments
                           : Store(std::string(target->comments) + "\n" + std::string(comments));
    RememberCommentOwner(token, target);
  }
}

Node* Parser::NewText(NodeKind kind, std::string_view text, Span span) {
  Node* node = arena_->New(kind, 0, span);
  node->text = text;
  return node;
}

Node* Parser::MakeList(const std::vector<Node*>& items, Span span) {
  return arena_->New(NodeKind::kList, std::span<Node* const>(items.data(), items.size()), span);
}

std::string_view Parser::DecodeString(const Token& token) {
  std::string_view text = Text(token);
  switch (token.kind) {
    case TokenKind::kString: {
      size_t prefix = text[0] == '\'' ? 1 : 2;  // N'...'
      std::string_view body = text.substr(prefix, text.size() - prefix - 1);
      if (body.find('\'') == std::string_view::npos) {
        return body;
      }
      std::string out;
      out.reserve(body.size());
      for (size_t i = 0; i < body.size(); ++i) {
        out.push_back(body[i]);
        if (body[i] == '\'') {
          ++i;
        }
      }
      return Store(out);
    }
    case TokenKind::kEscapeString: {
      std::string_view body = text.substr(2, text.size() - 3);
      std::string out;
      out.reserve(body.size());
      for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
          out.push_back('\'');
          ++i;
        } else if (c == '\\' && i + 1 < body.size()) {
          char e = body[++i];
          switch (e) {
            case 'n':
              out.push_back('\n');
              break;
            case 't':
              out.push_back('\t');
              break;
            case 'r':
              out.push_back('\r');
              break;
            case 'b':
              out.push_back('\b');
              break;
            case 'f':
              out.push_back('\f');
              break;
            default:
              out.push_back(e);
          }
        } else {
          out.push_back(c);
        }
      }
      return Store(out);
    }
    case TokenKind::kDollarString: {
      size_t tag_end = text.find('$', 1);
      size_t tag_size = tag_end + 1;
      return text.substr(tag_size, text.size() - 2 * tag_size);
    }
    default:
      return text;
  }
}

Result<Node*> Parser::ParseIdentifier() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kQuotedIdentifier) {
    ++pos_;
    return MakeQuotedIdentifier(arena_, Text(token), token.span);
  }
  if (token.kind == TokenKind::kWord && !CannotBeBareName(token.keyword)) {
    ++pos_;
    return NewText(NodeKind::kIdentifier, Text(token), token.span);
  }
  if (token.kind == TokenKind::kMacroBrace || token.kind == TokenKind::kMacroVariable) {
    ++pos_;
    return NewText(NodeKind::kIdentifier, Text(token), token.span);
  }
  return Expected("an identifier");
}

Result<Node*> Parser::ParseName() {
  const Token& first = Peek();
  std::vector<Node*> parts;
  STRATA_ASSIGN_OR_RETURN(Node * part, ParseIdentifier());
  parts.push_back(part);
  while (IsKind(TokenKind::kDot) &&
         (IsKind(TokenKind::kWord, 1) || IsKind(TokenKind::kQuotedIdentifier, 1))) {
    ++pos_;
    const Token& token = Next();
    parts.push_back(token.kind == TokenKind::kQuotedIdentifier
                        ? MakeQuotedIdentifier(arena_, Text(token), token.span)
                        : NewText(NodeKind::kIdentifier, Text(token), token.span));
  }
  return arena_->New(NodeKind::kName, std::span<Node* const>(parts.data(), parts.size()),
                     first.span);
}

Node* MakeQuotedIdentifier(Arena* arena, std::string_view quoted, Span span) {
  // "name", or Hive/Spark's `name` (case-insensitive there, so it folds like a bare name).
  const char quote = quoted.front();
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  Node* node = arena->New(NodeKind::kIdentifier, 0, span);
  if (body.find(quote) == std::string_view::npos) {
    node->text = body;
  } else {
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
      out.push_back(body[i]);
      if (body[i] == quote) {
        ++i;
      }
    }
    node->text = arena->Store(out);
  }
  // Quoting matters only for case: "foo" and foo name the same thing in both dialects. A quoted
  // name with '@' keeps its quotes too, or it would read back as a macro ("a@b" vs a_@x).
  if (node->text.find('@') != std::string_view::npos) {
    node->flags |= flag::kQuoted;
  }
  if (quote == '`') {
    return node;  // case-insensitive, as in Hive and Spark
  }
  for (char c : node->text) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      node->flags |= flag::kQuoted;
      break;
    }
  }
  return node;
}

namespace {

// Copies comments preceding token `index` into one string.
std::string CommentsBefore(const TokenStream& tokens, size_t index) {
  const Token& token = tokens.tokens[index];
  std::string out;
  for (uint32_t i = 0; i < token.comment_count; ++i) {
    if (!out.empty()) {
      out.push_back('\n');
    }
    out.append(tokens.Text(tokens.comments[token.comment_begin + i]));
  }
  return out;
}

}  // namespace

Result<ParsedScript> ParseScript(std::string_view sql, const ParseOptions& options) {
  ParsedScript script;
  script.arena = std::make_unique<Arena>();
  script.source = script.arena->Store(sql);
  STRATA_ASSIGN_OR_RETURN(TokenStream tokens, Tokenize(script.source, options.file_name));
  Parser parser(&tokens, script.arena.get(), options);
  // Comments before a ';' go with the statement after it (or to the end).
  std::string comments;
  auto take_comments = [&] {
    std::string more = CommentsBefore(tokens, parser.position());
    if (!more.empty()) {
      comments.append(comments.empty() ? "" : "\n").append(more);
    }
  };
  while (true) {
    take_comments();
    while (parser.AcceptKind(TokenKind::kSemicolon)) {
      take_comments();
    }
    if (parser.AtEnd()) {
      script.trailing_comments = std::move(comments);
      break;
    }
    const size_t first_token = parser.position();
    STRATA_ASSIGN_OR_RETURN(Node * statement, parser.ParseStatement());
    parser.AttachRemainingComments(statement, first_token);
    if (!parser.AtEnd() && !parser.IsKind(TokenKind::kSemicolon)) {
      return parser.Expected("';' or end of statement");
    }
    script.statements.push_back(statement);
    script.leading_comments.push_back(std::move(comments));
    comments.clear();
  }
  return script;
}

Result<ParsedScript> ParseOneStatement(std::string_view sql, const ParseOptions& options) {
  STRATA_ASSIGN_OR_RETURN(ParsedScript script, ParseScript(sql, options));
  if (script.statements.size() != 1) {
    return Status::ParseError("expected exactly one SQL statement, found " +
                              std::to_string(script.statements.size()));
  }
  return script;
}

Result<Node*> ParseExpression(std::string_view sql, Arena* arena, const ParseOptions& options) {
  std::string_view source = arena->Store(sql);
  STRATA_ASSIGN_OR_RETURN(TokenStream tokens, Tokenize(source, options.file_name));
  Parser parser(&tokens, arena, options);
  STRATA_ASSIGN_OR_RETURN(Node * expr, parser.ParseExpression());
  if (!parser.AtEnd()) {
    return parser.Expected("end of expression");
  }
  return expr;
}

}  // namespace strata::sql
