// The console: where commands print for people. Knows whether standard output is a terminal
// (colour and progress bars only there, unless --color says otherwise; NO_COLOR is honoured), and
// draws the shapes strata's output uses: styled text, trees and progress bars.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace strata::cli {

enum class Style { kPlain, kBold, kDim, kRed, kGreen, kYellow, kBlue, kCyan };

class Console {
 public:
  // `color` is the --color option: "auto" (colour when `out` is a terminal and NO_COLOR is
  // unset), "always" or "never".
  Console(std::FILE* out, std::string_view color);

  bool color() const { return color_; }
  bool is_terminal() const { return terminal_; }

  // `text` wrapped in the escape codes of `style` when colour is on; else `text` unchanged.
  std::string Styled(std::string_view text, Style style) const;

  // Writes `text` as is.
  void Print(std::string_view text);
  // Writes `text` and a newline.
  void Line(std::string_view text = "");

  // Draws a progress bar on the current terminal line (replaced by the next call); does nothing
  // when the output is not a terminal. `label` comes first, then the bar and "done/total".
  void Progress(std::string_view label, size_t done, size_t total, double elapsed_seconds);
  // Clears the progress line, if one is shown.
  void ClearProgress();

 private:
  std::FILE* out_;
  bool terminal_;
  bool color_;
  bool progress_shown_ = false;
};

// A node of a printed tree: `label`, and children drawn below it with box-drawing branches:
//   Models:
//   ├── Added:
//   │   └── sales.weekly_sales
//   └── Removed:
//       └── sales.old
struct TreeNode {
  std::string label;
  std::vector<TreeNode> children;
};

// Renders `root` and its descendants, one line each (every line ends with '\n').
std::string RenderTree(const TreeNode& root);

}  // namespace strata::cli
