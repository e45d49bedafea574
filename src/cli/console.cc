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

}  // namespace strata::cli
