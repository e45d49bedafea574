// Tokenizer implementation: a single forward pass over the bytes, tracking line and column.
#include "sql/tokenizer.h"

#include <cctype>
#include <cstring>

namespace strata::sql {

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kWord:
      return "identifier";
    case TokenKind::kQuotedIdentifier:
      return "quoted identifier";
    case TokenKind::kString:
    case TokenKind::kEscapeString:
    case TokenKind::kDollarString:
    case TokenKind::kBitString:
      return "string literal";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kParameter:
      return "parameter";
    case TokenKind::kMacroVariable:
    case TokenKind::kMacroBrace:
      return "macro";
    case TokenKind::kOperator:
      return "operator";
    case TokenKind::kLeftParen:
      return "'('";
    case TokenKind::kRightParen:
      return "')'";
    case TokenKind::kLeftBracket:
      return "'['";
    case TokenKind::kRightBracket:
      return "']'";
    case TokenKind::kLeftBrace:
      return "'{'";
    case TokenKind::kRightBrace:
      return "'}'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kDot:
      return "'.'";
    case TokenKind::kSemicolon:
      return "';'";
    case TokenKind::kColon:
      return "':'";
  }
  return "token";
}

std::string_view LineAt(std::string_view source, uint32_t offset) {
  if (offset > source.size()) {
    offset = static_cast<uint32_t>(source.size());
  }
  size_t begin = offset == 0 ? std::string_view::npos : source.rfind('\n', offset - 1);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  size_t end = source.find('\n', offset);
  if (end == std::string_view::npos) {
    end = source.size();
  }
  std::string_view line = source.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

Status ErrorAt(std::string_view source, std::string_view file_name, const Span& span,
               std::string message) {
  SourceLocation location;
  location.file = std::string(file_name);
  location.line = static_cast<int>(span.line);
  location.column = static_cast<int>(span.column);
  location.line_text = std::string(LineAt(source, span.offset));
  return Status::ParseError(std::move(message)).WithLocation(std::move(location));
}

namespace {

bool IsWordStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool IsWordPart(unsigned char c) { return IsWordStart(c) || (c >= '0' && c <= '9') || c == '$'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Operators, longest first within each leading character so the first match is the longest.
constexpr std::string_view kOperators[] = {
    "-|-", "!~~*", "->>", "!~~", "~~*", "<=>", "!~*", "::", ":=", "->", "=>",
    "||",  "@>",   "<@",  "&&",  "**",  "//",  "!=",  "<>", "<=", ">=", "<<",
    ">>",  "~~",   "!~",  "~*",  "^@",  "==",  "+",   "-",  "*",  "/",  "%",
    "=",   "<",    ">",   "~",   "!",   "^",   "&",   "|",  "#",  "@"};

class Lexer {
 public:
  Lexer(std::string_view source, std::string_view file_name)
      : src_(source), file_(file_name), size_(static_cast<uint32_t>(source.size())) {}

  Result<TokenStream> Run() {
    TokenStream out;
    out.source = src_;
    out.tokens.reserve(size_ / 4 + 2);
    while (true) {
      bool space = false;
      uint32_t comment_begin = static_cast<uint32_t>(out.comments.size());
      STRATA_RETURN_IF_ERROR(SkipSpaceAndComments(&out, &space));
      Token token;
      token.space_before = space || pos_ == 0;
      token.comment_begin = comment_begin;
      token.comment_count = static_cast<uint32_t>(out.comments.size()) - comment_begin;
      token.span = SpanAt(pos_);
      if (pos_ >= size_) {
        token.kind = TokenKind::kEof;
        token.span.length = 0;
        out.tokens.push_back(token);
        return out;
      }
      STRATA_RETURN_IF_ERROR(LexOne(&token));
      token.span.length = pos_ - token.span.offset;
      out.tokens.push_back(token);
    }
  }

 private:
  // The span of a token starting at `offset` on the current line; keeps a column cache so
  // long single-line inputs stay linear.
  Span SpanAt(uint32_t offset) {
    if (col_offset_ < line_start_ || col_offset_ > offset) {
      col_offset_ = line_start_;
      col_ = 1;
    }
    for (; col_offset_ < offset; ++col_offset_) {
      if ((static_cast<unsigned char>(src_[col_offset_]) & 0xC0) != 0x80) {
        ++col_;
      }
    }
    return Span{offset, 0, line_, col_};
  }

  // Advances line bookkeeping over src_[from, to).
  void CountLines(uint32_t from, uint32_t to) {
    const char* p = src_.data() + from;
    const char* end = src_.data() + to;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr) {
      ++line_;
      line_start_ = static_cast<uint32_t>(p - src_.data()) + 1;
      ++p;
    }
  }

  Status Error(uint32_t offset, std::string message) {
    Span span = SpanAt(offset);
    return ErrorAt(src_, file_, span, std::move(message));
  }

  char At(uint32_t i) const { return i < size_ ? src_[i] : '\0'; }

  Status SkipSpaceAndComments(TokenStream* out, bool* space) {
    while (pos_ < size_) {
      unsigned char c = src_[pos_];
      if (IsSpace(c)) {
        if (c == '\n') {
          ++line_;
          line_start_ = pos_ + 1;
        }
        ++pos_;
        *space = true;
      } else if (c == '-' && At(pos_ + 1) == '-') {
        uint32_t start = pos_;
        Span span = SpanAt(start);
        while (pos_ < size_ && src_[pos_] != '\n') {
          ++pos_;
        }
        span.length = pos_ - start;
        out->comments.push_back(Comment{span});
        *space = true;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        uint32_t start = pos_;
        Span span = SpanAt(start);
        int depth = 0;
        while (true) {
          if (pos_ + 1 >= size_) {
            return Error(start, "unterminated block comment: expected '*/'");
          }
          if (src_[pos_] == '/' && src_[pos_ + 1] == '*') {
            ++depth;
            pos_ += 2;
          } else if (src_[pos_] == '*' && src_[pos_ + 1] == '/') {
            pos_ += 2;
            if (--depth == 0) {
              break;
            }
          } else {
            ++pos_;
          }
        }
        CountLines(start, pos_);
        span.length = pos_ - start;
        out->comments.push_back(Comment{span});
        *space = true;
      } else {
        break;
      }
    }
    return Status::OK();
  }

  // Consumes a quote-delimited body starting at the opening quote; a doubled quote is an
  // escaped quote; with `backslash`, a backslash escapes the next byte.
  Status LexQuoted(char quote, bool backslash, std::string_view what) {
    return LexQuotedFrom(pos_, quote, backslash, what);
  }
  // As LexQuoted, with errors reported at `start` (the token start, before any prefix).
  Status LexQuotedFrom(uint32_t start, char quote, bool backslash, std::string_view what) {
    ++pos_;
    while (true) {
      if (pos_ >= size_) {
        return Error(start, "unterminated " + std::string(what) + ": expected closing " +
                                std::string(1, quote));
      }
      char c = src_[pos_];
      if (backslash && c == '\\') {
        pos_ += 2;
        continue;
      }
      ++pos_;
      if (c == quote) {
        if (At(pos_) == quote) {
          ++pos_;
          continue;
        }
        break;
      }
    }
    CountLines(start, pos_);
    return Status::OK();
  }

  Status LexOne(Token* token) {
    unsigned char c = src_[pos_];
    uint32_t start = pos_;
    // Prefixed strings: E'..', B'..', X'..'.
    if ((c == 'e' || c == 'E') && At(pos_ + 1) == '\'') {
      token->kind = TokenKind::kEscapeString;
      ++pos_;
      return LexQuotedFrom(start, '\'', true, "string literal");
    }
    if ((c == 'n' || c == 'N') && At(pos_ + 1) == '\'') {
      // National character string: the same as a plain string.
      token->kind = TokenKind::kString;
      ++pos_;
      return LexQuotedFrom(start, '\'', false, "string literal");
    }
    if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && At(pos_ + 1) == '\'') {
      token->kind = TokenKind::kBitString;
      ++pos_;
      return LexQuotedFrom(start, '\'', false, "string literal");
    }
    if (IsWordStart(c)) {
      while (pos_ < size_ && IsWordPart(src_[pos_])) {
        ++pos_;
      }
      token->kind = TokenKind::kWord;
      token->keyword = LookupKeyword(src_.substr(start, pos_ - start));
      if (At(pos_) == '@' && (At(pos_ + 1) == '{' || IsWordStart(At(pos_ + 1)))) {
        // An identifier with macros in it: t_@{suffix}_x, column_@x.
        STRATA_RETURN_IF_ERROR(LexMacroWord());
        token->keyword = Keyword::kNone;
      }
      return Status::OK();
    }
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) {
      return LexNumber(token);
    }
    switch (c) {
      case '\'':
        token->kind = TokenKind::kString;
        return LexQuoted('\'', false, "string literal");
      case '"':
        token->kind = TokenKind::kQuotedIdentifier;
        return LexQuoted('"', false, "quoted identifier");
      case '`':  // Hive, Spark, MySQL
        token->kind = TokenKind::kQuotedIdentifier;
        return LexQuoted('`', false, "quoted identifier");
      case '(':
        token->kind = TokenKind::kLeftParen;
        ++pos_;
        return Status::OK();
      case ')':
        token->kind = TokenKind::kRightParen;
        ++pos_;
        return Status::OK();
      case '[':
        token->kind = TokenKind::kLeftBracket;
        ++pos_;
        return Status::OK();
      case ']':
        token->kind = TokenKind::kRightBracket;
        ++pos_;
        return Status::OK();
      case '{':
        token->kind = TokenKind::kLeftBrace;
        ++pos_;
        return Status::OK();
      case '}':
        token->kind = TokenKind::kRightBrace;
        ++pos_;
        return Status::OK();
      case ',':
        token->kind = TokenKind::kComma;
        ++pos_;
        return Status::OK();
      case '.':
        token->kind = TokenKind::kDot;
        ++pos_;
        return Status::OK();
      case ';':
        token->kind = TokenKind::kSemicolon;
        ++pos_;
        return Status::OK();
      case '?':
        token->kind = TokenKind::kParameter;
        ++pos_;
        while (IsDigit(At(pos_))) {
          ++pos_;
        }
        return Status::OK();
      case '$':
        return LexDollar(token);
      case '@':
        if (At(pos_ + 1) == '{') {
          STRATA_RETURN_IF_ERROR(LexMacroWord());
          // @{name} alone is a macro; glued to word characters it is part of an identifier.
          token->kind = TokenKind::kMacroBrace;
          for (uint32_t i = start + 1; i < pos_; ++i) {
            if (src_[i] == '}' && i + 1 < pos_) {
              token->kind = TokenKind::kWord;
            }
          }
          return Status::OK();
        }
        if (IsWordStart(At(pos_ + 1))) {
          ++pos_;
          while (pos_ < size_ && IsWordPart(src_[pos_])) {
            ++pos_;
          }
          token->kind = TokenKind::kMacroVariable;
          return Status::OK();
        }
        break;
      case ':':
        if (At(pos_ + 1) != ':' && At(pos_ + 1) != '=') {
          token->kind = TokenKind::kColon;
          ++pos_;
          return Status::OK();
        }
        break;
      default:
        break;
    }
    std::string_view rest = src_.substr(pos_);
    for (std::string_view op : kOperators) {
      if (rest.size() >= op.size() && rest.compare(0, op.size(), op) == 0) {
        token->kind = TokenKind::kOperator;
        pos_ += static_cast<uint32_t>(op.size());
        return Status::OK();
      }
    }
    return Error(start, "unexpected character '" + std::string(1, static_cast<char>(c)) +
                            "': expected a token");
  }

  // Consumes a run of word characters, @{...} pieces and @name pieces starting at pos_ (an
  // identifier with embedded macros: t_@{suffix}_x, column_@x).
  Status LexMacroWord() {
    while (pos_ < size_) {
      if (src_[pos_] == '@' && pos_ > 0 && IsWordPart(src_[pos_ - 1]) &&
          IsWordStart(At(pos_ + 1))) {
        ++pos_;
      } else if (src_[pos_] == '@' && At(pos_ + 1) == '{') {
        uint32_t open = pos_;
        size_t close = src_.find('}', pos_ + 2);
        if (close == std::string_view::npos) {
          return Error(open, "unterminated macro: expected '}' to close '@{'");
        }
        pos_ = static_cast<uint32_t>(close) + 1;
        CountLines(open, pos_);
      } else if (IsWordPart(src_[pos_])) {
        ++pos_;
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Status LexNumber(Token* token) {
    token->kind = TokenKind::kNumber;
    if (src_[pos_] == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'X')) {
      pos_ += 2;
      while (std::isxdigit(static_cast<unsigned char>(At(pos_)))) {
        ++pos_;
      }
      return Status::OK();
    }
    auto digits = [&] {
      while (IsDigit(At(pos_)) || (At(pos_) == '_' && IsDigit(At(pos_ + 1)))) {
        ++pos_;
      }
    };
    digits();
    if (At(pos_) == '.' && At(pos_ + 1) != '.') {
      ++pos_;
      digits();
    }
    if ((At(pos_) == 'e' || At(pos_) == 'E') &&
        (IsDigit(At(pos_ + 1)) ||
         ((At(pos_ + 1) == '+' || At(pos_ + 1) == '-') && IsDigit(At(pos_ + 2))))) {
      pos_ += 2;
      digits();
    }
    return Status::OK();
  }

  Status LexDollar(Token* token) {
    uint32_t start = pos_;
    if (IsDigit(At(pos_ + 1))) {
      ++pos_;
      while (IsDigit(At(pos_))) {
        ++pos_;
      }
      token->kind = TokenKind::kParameter;
      return Status::OK();
    }
    // $tag$ ... $tag$ (tag may be empty).
    uint32_t p = pos_ + 1;
    while (p < size_ && IsWordPart(src_[p]) && src_[p] != '$') {
      ++p;
    }
    if (At(p) == '$') {
      std::string_view tag = src_.substr(pos_, p - pos_ + 1);
      size_t close = src_.find(tag, p + 1);
      if (close == std::string_view::npos) {
        return Error(start,
                     "unterminated dollar-quoted string: expected closing " + std::string(tag));
      }
      pos_ = static_cast<uint32_t>(close + tag.size());
      CountLines(start, pos_);
      token->kind = TokenKind::kDollarString;
      return Status::OK();
    }
    if (IsWordStart(At(pos_ + 1))) {
      pos_ = p;
      token->kind = TokenKind::kParameter;
      return Status::OK();
    }
    return Error(start, "unexpected character '$': expected a parameter or dollar-quoted string");
  }

  std::string_view src_;
  std::string_view file_;
  uint32_t size_;
  uint32_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t line_start_ = 0;
  uint32_t col_offset_ = 0;
  uint32_t col_ = 1;
};

}  // namespace

Result<TokenStream> Tokenize(std::string_view source, std::string_view file_name) {
  if (source.size() >= UINT32_MAX) {
    return Status::InvalidArgument("SQL text too large: at most 4 GiB");
  }
  return Lexer(source, file_name).Run();
}

}  // namespace strata::sql
