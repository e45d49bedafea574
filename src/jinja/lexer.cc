// The lexer: a hand-written scanner that follows the token rules of Jinja2 3.1's regex lexer.
#include "jinja/lexer.h"

#include <charconv>

#include "base/text.h"
#include "jinja/utf8.h"

namespace strata::jinja {

namespace {

bool IsNameStart(char c) {
  return IsAsciiAlpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || IsAsciiDigit(c); }
bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view RStrip(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && IsAsciiSpace(text[end - 1])) {
    --end;
  }
  return text.substr(0, end);
}

bool AllSpace(std::string_view text) {
  for (char c : text) {
    if (!IsAsciiSpace(c)) {
      return false;
    }
  }
  return true;
}

struct Operator {
  std::string_view text;
  TokenType type;
};

constexpr Operator kOperators[] = {
    {"//", TokenType::kFloorDiv}, {"**", TokenType::kPow},      {"==", TokenType::kEq},
    {"!=", TokenType::kNe},       {">=", TokenType::kGe},       {"<=", TokenType::kLe},
    {"+", TokenType::kAdd},       {"-", TokenType::kSub},       {"/", TokenType::kDiv},
    {"*", TokenType::kMul},       {"%", TokenType::kMod},       {"~", TokenType::kTilde},
    {"[", TokenType::kLBracket},  {"]", TokenType::kRBracket},  {"(", TokenType::kLParen},
    {")", TokenType::kRParen},    {"{", TokenType::kLBrace},    {"}", TokenType::kRBrace},
    {">", TokenType::kGt},        {"<", TokenType::kLt},        {"=", TokenType::kAssign},
    {".", TokenType::kDot},       {":", TokenType::kColon},     {"|", TokenType::kPipe},
    {",", TokenType::kComma},     {";", TokenType::kSemicolon},
};

enum class TagKind { kBlock, kVariable, kComment };

class Lexer {
 public:
  Lexer(const SourceText& source, const Syntax& syntax)
      : source_(source), src_(source.text()), syntax_(syntax) {}

  Result<std::vector<Token>> Run() {
    while (pos_ < src_.size()) {
      STRATA_RETURN_IF_ERROR(LexRoot());
    }
    Token eof;
    eof.type = TokenType::kEof;
    eof.offset = static_cast<uint32_t>(src_.size());
    tokens_.push_back(std::move(eof));
    return std::move(tokens_);
  }

 private:
  bool StartsWith(size_t at, std::string_view text) const {
    return at <= src_.size() && src_.substr(at, text.size()) == text;
  }

  size_t SkipSpace(size_t at) const {
    while (at < src_.size() && IsAsciiSpace(src_[at])) {
      ++at;
    }
    return at;
  }

  void Emit(TokenType type, size_t offset, std::string text = {}) {
    Token token;
    token.type = type;
    token.offset = static_cast<uint32_t>(offset);
    token.text = std::move(text);
    tokens_.push_back(std::move(token));
  }

  // Text before a tag, with the tag's whitespace control applied: `sign` is '-', '+' or 0.
  void EmitData(size_t start, size_t end, char sign, bool is_variable) {
    std::string_view text = src_.substr(start, end - start);
    if (sign == '-') {
      text = RStrip(text);
    } else if (sign != '+' && syntax_.lstrip_blocks && !is_variable) {
      size_t newline = text.rfind('\n');
      size_t line_pos = newline == std::string_view::npos ? 0 : newline + 1;
      bool line_starting = start == 0 || src_[start - 1] == '\n';
      if ((line_pos > 0 || line_starting) && AllSpace(text.substr(line_pos))) {
        text = text.substr(0, line_pos);
      }
    }
    if (!text.empty()) {
      Emit(TokenType::kData, start, std::string(text));
    }
  }

  // Where a block-end delimiter that starts at `at` ends (with its whitespace control), or npos.
  size_t MatchBlockEnd(size_t at) const {
    const std::string& end = syntax_.block_end;
    if (StartsWith(at, "+") && StartsWith(at + 1, end)) {
      return at + 1 + end.size();
    }
    if (StartsWith(at, "-") && StartsWith(at + 1, end)) {
      return SkipSpace(at + 1 + end.size());
    }
    if (StartsWith(at, end)) {
      size_t after = at + end.size();
      if (syntax_.trim_blocks && after < src_.size() && src_[after] == '\n') {
        ++after;
      }
      return after;
    }
    return std::string_view::npos;
  }

  // A `{% raw %}` opening at `at` (the block start): where it ends, or npos.
  size_t MatchRawBegin(size_t at) const {
    size_t p = at + syntax_.block_start.size();
    if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) {
      ++p;
    }
    p = SkipSpace(p);
    if (!StartsWith(p, "raw")) {
      return std::string_view::npos;
    }
    p = SkipSpace(p + 3);
    const std::string& end = syntax_.block_end;
    if (StartsWith(p, "-") && StartsWith(p + 1, end)) {
      return SkipSpace(p + 1 + end.size());
    }
    if (StartsWith(p, end)) {
      return p + end.size();
    }
    return std::string_view::npos;
  }

  Status LexRoot() {
    struct Begin {
      const std::string* delimiter;
      TagKind kind;
    };
    Begin begins[3] = {{&syntax_.block_start, TagKind::kBlock},
                       {&syntax_.variable_start, TagKind::kVariable},
                       {&syntax_.comment_start, TagKind::kComment}};
    // Longer delimiters win a tie, as in Jinja2 (its rules are sorted by length).
    std::stable_sort(std::begin(begins), std::end(begins), [](const Begin& a, const Begin& b) {
      return a.delimiter->size() > b.delimiter->size();
    });
    size_t best = std::string_view::npos;
    TagKind kind = TagKind::kBlock;
    size_t delimiter_size = 0;
    for (const Begin& begin : begins) {
      // The next occurrence of each delimiter is remembered, so a delimiter that never occurs
      // is searched for once, not once per tag.
      size_t& cached = next_begin_[static_cast<int>(begin.kind)];
      if (cached == kUnknown || (cached != std::string_view::npos && cached < pos_)) {
        cached = src_.find(*begin.delimiter, pos_);
      }
      size_t found = cached;
      if (found < best) {
        best = found;
        kind = begin.kind;
        delimiter_size = begin.delimiter->size();
      }
    }
    if (best == std::string_view::npos) {
      Emit(TokenType::kData, pos_, std::string(src_.substr(pos_)));
      pos_ = src_.size();
      return Status::OK();
    }
    size_t after = best + delimiter_size;
    char sign = after < src_.size() && (src_[after] == '-' || src_[after] == '+') ? src_[after] : 0;
    if (kind == TagKind::kBlock) {
      size_t raw_end = MatchRawBegin(best);
      if (raw_end != std::string_view::npos) {
        EmitData(pos_, best, sign, false);
        return LexRaw(best, raw_end);
      }
    }
    EmitData(pos_, best, sign, kind == TagKind::kVariable);
    size_t inner = after + (sign != 0 ? 1 : 0);
    if (kind == TagKind::kComment) {
      return LexComment(best, inner);
    }
    Emit(kind == TagKind::kBlock ? TokenType::kBlockBegin : TokenType::kVariableBegin, best);
    pos_ = inner;
    return LexTag(kind);
  }

  Status LexComment(size_t begin, size_t inner) {
    const std::string& end = syntax_.comment_end;
    size_t found = src_.find(end, inner);
    if (found == std::string_view::npos) {
      return source_.Error(static_cast<uint32_t>(begin), "missing end of comment tag")
          .WithHint(std::string("close the comment with ") + end);
    }
    size_t after = found + end.size();
    if (found > inner && src_[found - 1] == '-') {
      after = SkipSpace(after);
    } else if (found > inner && src_[found - 1] == '+') {
      // keeps the newline after the comment
    } else if (syntax_.trim_blocks && after < src_.size() && src_[after] == '\n') {
      ++after;
    }
    pos_ = after;
    return Status::OK();
  }

  Status LexRaw(size_t begin, size_t body) {
    for (size_t search = body;;) {
      size_t found = src_.find(syntax_.block_start, search);
      if (found == std::string_view::npos) {
        return source_.Error(static_cast<uint32_t>(begin), "missing end of raw directive")
            .WithHint(std::string("close the raw block with ") + syntax_.block_start + " endraw " +
                      syntax_.block_end);
      }
      size_t p = found + syntax_.block_start.size();
      char sign = p < src_.size() && (src_[p] == '-' || src_[p] == '+') ? src_[p] : 0;
      if (sign != 0) {
        ++p;
      }
      p = SkipSpace(p);
      if (StartsWith(p, "endraw")) {
        size_t end = MatchBlockEnd(SkipSpace(p + 6));
        if (end != std::string_view::npos) {
          EmitData(body, found, sign, false);
          pos_ = end;
          return Status::OK();
        }
      }
      search = found + 1;
    }
  }

  Status LexTag(TagKind kind) {
    for (;;) {
      if (balance_.empty()) {
        size_t end = std::string_view::npos;
        if (kind == TagKind::kBlock) {
          end = MatchBlockEnd(pos_);
        } else if (StartsWith(pos_, "-") && StartsWith(pos_ + 1, syntax_.variable_end)) {
          end = SkipSpace(pos_ + 1 + syntax_.variable_end.size());
        } else if (StartsWith(pos_, syntax_.variable_end)) {
          end = pos_ + syntax_.variable_end.size();
        }
        if (end != std::string_view::npos) {
          Emit(kind == TagKind::kBlock ? TokenType::kBlockEnd : TokenType::kVariableEnd, pos_);
          pos_ = end;
          return Status::OK();
        }
      }
      if (pos_ >= src_.size()) {
        return Status::OK();  // the parser reports the unexpected end
      }
      char c = src_[pos_];
      if (IsAsciiSpace(c)) {
        ++pos_;
        continue;
      }
      if (IsAsciiDigit(c)) {
        STRATA_RETURN_IF_ERROR(LexNumber());
        continue;
      }
      if (IsNameStart(c)) {
        size_t start = pos_;
        while (pos_ < src_.size() && IsNameChar(src_[pos_])) {
          ++pos_;
        }
        Emit(TokenType::kName, start, std::string(src_.substr(start, pos_ - start)));
        continue;
      }
      if (c == '\'' || c == '"') {
        STRATA_RETURN_IF_ERROR(LexString());
        continue;
      }
      STRATA_RETURN_IF_ERROR(LexOperator());
    }
  }

  // Digits with single underscores between them, from `at`; returns the end (== at: none).
  size_t ScanDigits(size_t at) const {
    size_t p = at;
    if (p >= src_.size() || !IsAsciiDigit(src_[p])) {
      return at;
    }
    while (p < src_.size()) {
      if (IsAsciiDigit(src_[p])) {
        ++p;
      } else if (src_[p] == '_' && p + 1 < src_.size() && IsAsciiDigit(src_[p + 1])) {
        ++p;
      } else {
        break;
      }
    }
    return p;
  }

  Status LexNumber() {
    size_t start = pos_;
    // A float needs a fraction or an exponent, and does not follow a dot (`x.0.1`).
    if (start == 0 || src_[start - 1] != '.') {
      size_t p = ScanDigits(start);
      size_t fraction_end = p;
      if (p < src_.size() && src_[p] == '.') {
        size_t f = ScanDigits(p + 1);
        if (f > p + 1) {
          fraction_end = f;
        }
      }
      size_t end = fraction_end > p ? fraction_end : std::string_view::npos;
      if (fraction_end < src_.size() && (src_[fraction_end] == 'e' || src_[fraction_end] == 'E')) {
        size_t q = fraction_end + 1;
        if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) {
          ++q;
        }
        size_t e = ScanDigits(q);
        if (e > q) {
          end = e;
        }
      }
      if (end != std::string_view::npos) {
        std::string text;
        for (char ch : src_.substr(start, end - start)) {
          if (ch != '_') {
            text.push_back(ch);
          }
        }
        Token token;
        token.type = TokenType::kFloat;
        token.offset = static_cast<uint32_t>(start);
        std::from_chars(text.data(), text.data() + text.size(), token.float_value);
        token.text = text;
        tokens_.push_back(std::move(token));
        pos_ = end;
        return Status::OK();
      }
    }
    int base = 10;
    size_t p = start;
    if (src_[p] == '0' && p + 1 < src_.size()) {
      char prefix = ToLowerAscii(src_[p + 1]);
      int candidate = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 0;
      if (candidate != 0) {
        auto valid = [&](char ch) {
          return candidate == 16 ? IsHexDigit(ch) : (ch >= '0' && ch < '0' + candidate);
        };
        size_t q = p + 2;
        size_t last = q;
        while (q < src_.size()) {
          if (valid(src_[q])) {
            last = ++q;
          } else if (src_[q] == '_' && q + 1 < src_.size() && valid(src_[q + 1])) {
            ++q;
          } else {
            break;
          }
        }
        if (last > p + 2) {
          base = candidate;
          p = last;
        }
      }
    }
    size_t digits_start = start;
    if (base != 10) {
      digits_start = start + 2;
    } else if (src_[start] == '0') {
      p = start + 1;
      while (p < src_.size() &&
             (src_[p] == '0' || (src_[p] == '_' && p + 1 < src_.size() && src_[p + 1] == '0'))) {
        ++p;
      }
    } else {
      p = ScanDigits(start);
    }
    Token token;
    token.type = TokenType::kInteger;
    token.offset = static_cast<uint32_t>(start);
    uint64_t value = 0;
    for (char ch : src_.substr(digits_start, p - digits_start)) {
      if (ch == '_') {
        continue;
      }
      int digit = IsAsciiDigit(ch) ? ch - '0' : ToLowerAscii(ch) - 'a' + 10;
      if (value > (static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(digit)) /
                      static_cast<uint64_t>(base)) {
        token.integer_overflow = true;
      }
      value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
    }
    token.int_value = static_cast<int64_t>(value);
    token.text = std::string(src_.substr(start, p - start));
    tokens_.push_back(std::move(token));
    pos_ = p;
    return Status::OK();
  }

  Status LexString() {
    size_t start = pos_;
    char quote = src_[pos_];
    size_t p = pos_ + 1;
    while (p < src_.size() && src_[p] != quote) {
      p += src_[p] == '\\' ? 2 : 1;
    }
    if (p >= src_.size()) {
      return source_.Error(static_cast<uint32_t>(start), "unterminated string literal")
          .WithHint(std::string("close the string with ") + quote);
    }
    std::string value;
    STRATA_RETURN_IF_ERROR(Unescape(start, src_.substr(start + 1, p - start - 1), &value));
    Emit(TokenType::kString, start, std::move(value));
    pos_ = p + 1;
    return Status::OK();
  }

  // Python's "unicode-escape" decoding of a string literal's body.
  Status Unescape(size_t start, std::string_view body, std::string* out) {
    for (size_t i = 0; i < body.size();) {
      char c = body[i];
      if (c != '\\') {
        out->push_back(c);
        ++i;
        continue;
      }
      if (i + 1 >= body.size()) {
        return source_.Error(static_cast<uint32_t>(start), "\\ at end of string");
      }
      char e = body[i + 1];
      i += 2;
      auto hex = [&](int count, const char* what) -> Status {
        uint32_t cp = 0;
        for (int k = 0; k < count; ++k) {
          if (i >= body.size() || !IsHexDigit(body[i])) {
            return source_.Error(static_cast<uint32_t>(start),
                                 std::string("truncated ") + what + " escape");
          }
          char h = body[i++];
          cp = cp * 16 +
               static_cast<uint32_t>(IsAsciiDigit(h) ? h - '0' : ToLowerAscii(h) - 'a' + 10);
        }
        if (cp > 0x10FFFF) {
          return source_.Error(static_cast<uint32_t>(start), "illegal Unicode character");
        }
        AppendUtf8(cp, out);
        return Status::OK();
      };
      switch (e) {
        case '\n':
          break;
        case '\\':
        case '\'':
        case '"':
          out->push_back(e);
          break;
        case 'a':
          out->push_back('\a');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'v':
          out->push_back('\v');
          break;
        case 'x':
          STRATA_RETURN_IF_ERROR(hex(2, "\\xXX"));
          break;
        case 'u':
          STRATA_RETURN_IF_ERROR(hex(4, "\\uXXXX"));
          break;
        case 'U':
          STRATA_RETURN_IF_ERROR(hex(8, "\\UXXXXXXXX"));
          break;
        case 'N':
          return source_.Error(static_cast<uint32_t>(start), "\\N{…} escapes are not supported")
              .WithHint("write the character itself or use \\u");
        default:
          if (e >= '0' && e <= '7') {
            uint32_t cp = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k) {
              cp = cp * 8 + static_cast<uint32_t>(body[i++] - '0');
            }
            AppendUtf8(cp, out);
          } else if (static_cast<unsigned char>(e) >= 0x80) {
            // Jinja2 escapes non-ASCII characters before decoding, so a backslash before one
            // stays a backslash followed by the escape's text.
            size_t cp_pos = i - 1;
            uint32_t cp = DecodeUtf8(body, &cp_pos);
            i = cp_pos;
            static const char kHex[] = "0123456789abcdef";
            std::string escaped = cp < 0x100 ? "\\x" : cp < 0x10000 ? "\\u" : "\\U";
            int digits = cp < 0x100 ? 2 : cp < 0x10000 ? 4 : 8;
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
              escaped.push_back(kHex[(cp >> shift) & 0xF]);
            }
            out->append(escaped);
          } else {
            out->push_back('\\');
            out->push_back(e);
          }
      }
    }
    return Status::OK();
  }

  Status LexOperator() {
    char c = src_[pos_];
    char next = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
    TokenType type = TokenType::kEof;
    size_t length = 1;
    switch (c) {
      case '/':
        type = next == '/' ? TokenType::kFloorDiv : TokenType::kDiv;
        length = next == '/' ? 2 : 1;
        break;
      case '*':
        type = next == '*' ? TokenType::kPow : TokenType::kMul;
        length = next == '*' ? 2 : 1;
        break;
      case '=':
        type = next == '=' ? TokenType::kEq : TokenType::kAssign;
        length = next == '=' ? 2 : 1;
        break;
      case '!':
        if (next == '=') {
          type = TokenType::kNe;
          length = 2;
        }
        break;
      case '>':
        type = next == '=' ? TokenType::kGe : TokenType::kGt;
        length = next == '=' ? 2 : 1;
        break;
      case '<':
        type = next == '=' ? TokenType::kLe : TokenType::kLt;
        length = next == '=' ? 2 : 1;
        break;
      case '+':
        type = TokenType::kAdd;
        break;
      case '-':
        type = TokenType::kSub;
        break;
      case '%':
        type = TokenType::kMod;
        break;
      case '~':
        type = TokenType::kTilde;
        break;
      case '.':
        type = TokenType::kDot;
        break;
      case ':':
        type = TokenType::kColon;
        break;
      case '|':
        type = TokenType::kPipe;
        break;
      case ',':
        type = TokenType::kComma;
        break;
      case ';':
        type = TokenType::kSemicolon;
        break;
      case '(':
      case '[':
      case '{':
        type = c == '(' ? TokenType::kLParen : c == '[' ? TokenType::kLBracket : TokenType::kLBrace;
        balance_.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
        break;
      case ')':
      case ']':
      case '}':
        if (balance_.empty()) {
          return source_.Error(static_cast<uint32_t>(pos_), std::string("unexpected '") + c + "'");
        }
        if (balance_.back() != c) {
          return source_.Error(
              static_cast<uint32_t>(pos_),
              std::string("unexpected '") + c + "', expected '" + balance_.back() + "'");
        }
        balance_.pop_back();
        type = c == ')' ? TokenType::kRParen : c == ']' ? TokenType::kRBracket : TokenType::kRBrace;
        break;
      default:
        break;
    }
    if (type != TokenType::kEof) {
      Emit(type, pos_);
      pos_ += length;
      return Status::OK();
    }
    size_t p = pos_;
    uint32_t cp = DecodeUtf8(src_, &p);
    std::string shown;
    AppendUtf8(cp, &shown);
    return source_.Error(static_cast<uint32_t>(pos_),
                         std::string("unexpected character '") + shown + "'");
  }

  const SourceText& source_;
  std::string_view src_;
  const Syntax& syntax_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
  std::vector<char> balance_;
  static constexpr size_t kUnknown = std::string_view::npos - 1;
  size_t next_begin_[3] = {kUnknown, kUnknown, kUnknown};
};

}  // namespace

std::string NormalizeSource(std::string_view source, const Syntax& syntax) {
  std::string out;
  if (source.find('\r') == std::string_view::npos) {
    out.assign(source);
    if (!syntax.keep_trailing_newline && !out.empty() && out.back() == '\n') {
      out.pop_back();
    }
    return out;
  }
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < source.size() && source[i + 1] == '\n') {
        ++i;
      }
    } else {
      out.push_back(source[i]);
    }
  }
  if (!syntax.keep_trailing_newline && !out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

Result<std::vector<Token>> Tokenize(const SourceText& source, const Syntax& syntax) {
  return Lexer(source, syntax).Run();
}

std::string_view TokenTypeDescription(TokenType type) {
  switch (type) {
    case TokenType::kData:
      return "template data";
    case TokenType::kVariableBegin:
      return "begin of print statement";
    case TokenType::kVariableEnd:
      return "end of print statement";
    case TokenType::kBlockBegin:
      return "begin of statement block";
    case TokenType::kBlockEnd:
      return "end of statement block";
    case TokenType::kName:
      return "name";
    case TokenType::kString:
      return "string";
    case TokenType::kInteger:
      return "integer";
    case TokenType::kFloat:
      return "float";
    case TokenType::kEof:
      return "end of template";
    default:
      break;
  }
  for (const Operator& op : kOperators) {
    if (op.type == type) {
      return op.text;
    }
  }
  return "token";
}

}  // namespace strata::jinja
