// Console output: colour decisions, ANSI styles, trees and the progress bar.
#include "cli/console.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

namespace strata::cli {

namespace {

std::string_view StyleCode(Style style) {
  switch (style) {
    case Style::kPlain:
      return "";
    case Style::kBold:
      return "\033[1m";
    case Style::kDim:
      return "\033[2m";
    case Style::kRed:
      return "\033[31m";
    case Style::kGreen:
      return "\033[32m";
    case Style::kYellow:
      return "\033[33m";
    case Style::kBlue:
      return "\033[34m";
    case Style::kCyan:
      return "\033[36m";
  }
  return "";
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

void RenderChildren(const TreeNode& node, const std::string& prefix, std::string& out) {
  for (size_t i = 0; i < node.children.size(); ++i) {
    const bool last = i + 1 == node.children.size();
    out += prefix;
    out += last ? "└── " : "├── ";
    out += node.children[i].label;
    out += '\n';
    RenderChildren(node.children[i], prefix + (last ? "    " : "│   "), out);
  }
}

}  // namespace

Console::Console(std::FILE* out, std::string_view color)
    : out_(out), terminal_(isatty(fileno(out)) != 0) {
  if (color == "always") {
    color_ = true;
  } else if (color == "never") {
    color_ = false;
  } else {
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    color_ = terminal_ && (no_color == nullptr || *no_color == '\0') &&
             !(term != nullptr && std::string_view(term) == "dumb");
  }
}

std::string Console::Styled(std::string_view text, Style style) const {
  if (!color_ || style == Style::kPlain) {
    return std::string(text);
  }
  return fmt::format("{}{}\033[0m", StyleCode(style), text);
}

void Console::Print(std::string_view text) {
  ClearProgress();
  std::fwrite(text.data(), 1, text.size(), out_);
}

void Console::Line(std::string_view text) {
  Print(text);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void Console::Progress(std::string_view label, size_t done, size_t total, double elapsed_seconds) {
  if (!terminal_ || total == 0) {
    return;
  }
  constexpr size_t kWidth = 40;
  const size_t filled = done >= total ? kWidth : done * kWidth / total;
  std::string bar;
  for (size_t i = 0; i < kWidth; ++i) {
    bar += i < filled ? "━" : " ";
  }
  const int seconds = static_cast<int>(elapsed_seconds);
  std::string line =
      fmt::format("{} {} {:5.1f}% • {}/{} • {}:{:02}:{:02}", label, Styled(bar, Style::kGreen),
                  100.0 * static_cast<double>(done) / static_cast<double>(total), done, total,
                  seconds / 3600, seconds / 60 % 60, seconds % 60);
  std::fprintf(out_, "\r\033[2K%s", line.c_str());
  std::fflush(out_);
  progress_shown_ = true;
}

void Console::ClearProgress() {
  if (progress_shown_) {
    std::fputs("\r\033[2K", out_);
    progress_shown_ = false;
  }
}

std::string RenderTree(const TreeNode& root) {
  std::string out = root.label + "\n";
  RenderChildren(root, "", out);
  return out;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1B) {  // skip an ANSI escape sequence: ESC [ ... letter
      ++i;
      if (i < text.size() && text[i] == '[') {
        ++i;
        while (i < text.size() &&
               !((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z'))) {
          ++i;
        }
        ++i;
      }
      continue;
    }
    char32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      len = 2;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += len;
    width += IsWide(cp) ? 2 : 1;
  }
  return width;
}

}  // namespace strata::cli
